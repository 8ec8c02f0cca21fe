"""Drafting an agenda from plain inputs (pure): one builder per feed, and ``build_agenda``.

Every drafted item keeps its ``source`` ("metric:3", "action:12") so nothing has to be
retyped and the report can say where it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from relwork.services.agenda_facts import (
    ActionFact,
    AgendaInputs,
    DraftItem,
    DraftSection,
    RiskFact,
    ScorecardLike,
)
from relwork.services.agenda_templates import SectionTemplate
from relwork.text import first_line

# Feeds whose section is left out of a draft when they have nothing to show.
_OPTIONAL_FEEDS = {"watermelon", "plans"}
# Feeds that are filled by hand: an empty section shows its hint instead of an item.
_HAND_FEEDS = {"none", "recommendations"}

_EMPTY_TEXT = {
    "scorecard": "No agreed measures have results yet.",
    "changes": "Nothing changed on our records since {since}.",
    "incidents": "No complaints or feedback logged since {since}.",
    "responsibilities": "Nobody has been named for each area yet.",
    "actions": "No actions came out of the last review, and none are overdue.",
    "open_recommendations": "No earlier recommendation is still open.",
    "trust": "No trust assessment or stakeholder map since {since}.",
    "risks": "No open risks on the register.",
}

HEADLINE = 100  # characters of a complaint or feedback shown as the item's text
DETAIL_MAX = 600

METRIC_COLUMNS = ("Measure", "Latest", "Target", "Status", "Change")
_SEPARATOR = " · "
STATUS_LABELS = {"met": "met", "at_risk": "at risk", "missed": "missed", "no_data": "no data"}


def number(value: float, unit: str = "") -> str:
    """A measured value for people: at most two decimals, with its unit."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def metric_detail(row: ScorecardLike) -> str:
    """Latest · target · status · change of a scorecard row (see :func:`metric_cells`)."""
    if row.latest_value is None:
        latest = "no data"
    else:
        latest = number(row.latest_value, row.unit)
        if row.latest_period is not None:
            latest += f" ({row.latest_period.strftime('%b %Y')})"
    sign = "≤ " if row.direction == "lower" else "≥ "
    change = "–"
    if row.change is not None:
        change = (
            "no change"
            if row.change == 0
            else ("+" if row.change > 0 else "") + number(row.change, row.unit)
        )
    status = STATUS_LABELS.get(row.status, row.status.replace("_", " "))
    return _SEPARATOR.join([latest, sign + number(row.target, row.unit), status, change])


def metric_cells(text: str, detail: str) -> tuple[str, ...] | None:
    """A scorecard item as table cells (:data:`METRIC_COLUMNS`); None if not one."""
    parts = detail.split(_SEPARATOR)
    if len(parts) != len(METRIC_COLUMNS) - 1:
        return None
    return (text, *parts)


def _scorecard(inputs: AgendaInputs) -> list[DraftItem]:
    # the agreement's title is needed only to tell measures of several agreements apart
    several = len({row.agreement_title for row in inputs.scorecard}) > 1
    return [
        DraftItem(
            text=f"{row.name} ({row.agreement_title})" if several else row.name,
            detail=metric_detail(row),
            source=f"metric:{row.metric_id}",
        )
        for row in inputs.scorecard
    ]


def _changes(inputs: AgendaInputs) -> list[DraftItem]:
    items = [
        DraftItem(
            f"Moved to {c.to_step} on {c.on.isoformat()}"
            + (f" (from {c.from_step})" if c.from_step else ""),
            source=f"step:{c.id}",
        )
        for c in sorted(inputs.step_changes, key=lambda c: (c.on, c.id))
    ]
    for agreement in inputs.agreements:
        if agreement.started:
            since = f", from {agreement.starts_on.isoformat()}" if agreement.starts_on else ""
            items.append(
                DraftItem(
                    f"New agreement: {agreement.title} ({agreement.status.lower()}{since})",
                    source=f"agreement:{agreement.id}",
                )
            )
        if agreement.ended:
            on = f" on {agreement.ends_on.isoformat()}" if agreement.ends_on else ""
            items.append(
                DraftItem(
                    f"Agreement ended: {agreement.title}{on} ({agreement.status.lower()})",
                    source=f"agreement:{agreement.id}",
                )
            )
    if inputs.relationship_type:
        items.append(_type_item(inputs))
    items += [
        DraftItem(
            f"Relationship maturity ({m.side.lower()} side) assessed as {m.level} "
            f"on {m.on.isoformat()}",
            source=f"maturity:{m.id}",
        )
        for m in inputs.maturity
    ]
    return items


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _type_item(inputs: AgendaInputs) -> DraftItem:
    now = _label(inputs.relationship_type)
    aim = ""
    if inputs.target_type and inputs.target_type != inputs.relationship_type:
        aim = f", aiming for {_label(inputs.target_type)}"
    source = f"type:{inputs.relationship_type}"
    if inputs.previous_type and inputs.previous_type != inputs.relationship_type:
        return DraftItem(
            f"Relationship type changed from {_label(inputs.previous_type)} to {now}{aim}",
            source=source,
        )
    if inputs.previous_type:
        return DraftItem(f"Relationship type unchanged: {now}{aim}", source=source)
    return DraftItem(f"Relationship type: {now}{aim}", source=source)


def _incidents(inputs: AgendaInputs) -> list[DraftItem]:
    items = []
    for incident in sorted(inputs.incidents, key=lambda i: (i.on, i.id)):
        text = " ".join(incident.summary.split()) or "(no text)"
        headline = text if len(text) <= HEADLINE else text[: HEADLINE - 1].rsplit(" ", 1)[0] + "…"
        items.append(
            DraftItem(
                f"{incident.kind.capitalize()} on {incident.on.isoformat()}: {headline}",
                detail=text[:DETAIL_MAX] if headline != text else "",
                source=f"interaction:{incident.id}",
            )
        )
    return items


def _responsibilities(inputs: AgendaInputs) -> list[DraftItem]:
    order = {"third_party": 0, "client": 1, "us": 2}
    items = []
    for line in sorted(inputs.responsibilities, key=lambda r: (order.get(r.party, 3), r.area)):
        if line.party == "third_party":
            who = line.third_party or "a third party"
        elif line.party == "client":
            who = "the client"
        else:
            who = "us"
        details = [line.note] if line.note else []
        if line.can_cause_unavailability:
            details.append("can make the service unavailable")
        items.append(
            DraftItem(
                f"{line.area}: {who}",
                detail=_SEPARATOR.join(details),
                source=f"responsibility:{line.id}",
            )
        )
    return items


def _action_detail(action: ActionFact, today: date) -> str:
    parts = [action.owner] if action.owner else []
    if action.due:
        parts.append(f"due {action.due.isoformat()}")
    if action.done_on:
        parts.append(f"done {action.done_on.isoformat()}")
    elif action.due and action.due < today:
        parts.append("overdue")
    else:
        parts.append("open")
    return _SEPARATOR.join(parts)


def _actions(inputs: AgendaInputs) -> list[DraftItem]:
    items = [
        DraftItem(a.text, _action_detail(a, inputs.today), f"action:{a.id}")
        for a in inputs.previous_actions
    ]
    items += [
        DraftItem(
            a.text,
            "carried from an earlier review" + _SEPARATOR + _action_detail(a, inputs.today),
            f"action:{a.id}",
        )
        for a in inputs.carried_actions
    ]
    items += [
        DraftItem(
            a.text, "also overdue" + _SEPARATOR + _action_detail(a, inputs.today), f"action:{a.id}"
        )
        for a in inputs.overdue_actions
    ]
    return items


def _open_recommendations(inputs: AgendaInputs) -> list[DraftItem]:
    return [
        DraftItem(
            r.text,
            _SEPARATOR.join(
                part
                for part in (
                    f"from the review of {r.review_on.isoformat()}",
                    r.status.lower(),
                    r.owner,
                )
                if part
            ),
            f"recommendation:{r.id}",
        )
        for r in inputs.open_recommendations
    ]


def _trust(inputs: AgendaInputs) -> list[DraftItem]:
    from relwork.services.trust import format_score

    items: list[DraftItem] = []
    latest, previous = inputs.trust_latest, inputs.trust_previous
    if latest is not None and latest.on >= inputs.since:
        text = (
            f"Trust index {format_score(latest.index)} ({latest.band}) on {latest.on.isoformat()}"
        )
        if previous is not None:
            text += f", was {format_score(previous.index)} ({previous.band}) on {previous.on.isoformat()}"
        else:
            text += ", the first assessment"
        items.append(DraftItem(text, source=f"trust:{latest.id}"))
    diff = inputs.map_diff
    if diff is not None and inputs.map_snapshot_id is not None:
        source = f"map:{inputs.map_snapshot_id}"
        since = f" since {inputs.map_since.isoformat()}" if inputs.map_since else ""
        for move in diff.moved:
            before = move.before.label if move.before else "not placed"
            after = move.after.label if move.after else "not placed"
            items.append(DraftItem(f"{move.name} moved{since}: {before} → {after}", source=source))
        items += [
            DraftItem(f"New on the stakeholder map: {name}", source=source) for name in diff.new
        ]
        items += [
            DraftItem(f"No longer on the stakeholder map: {name}", source=source)
            for name in diff.left
        ]
    return items


def _plans(inputs: AgendaInputs) -> list[DraftItem]:
    items = []
    for plan in inputs.plans:
        if str(plan.status) == "closed" and (plan.ends_on is None or plan.ends_on < inputs.since):
            continue  # closed before this period: reported last time
        kind = _label(plan.kind)
        text = f"{kind} plan {plan.title}: {plan.done} of {plan.total} actions done"
        if plan.overdue:
            text += f", {len(plan.overdue)} overdue"
        detail = _label(plan.status)
        if plan.confidential:
            detail = "confidential: for the secondary audience only" + _SEPARATOR + detail
        items.append(
            DraftItem(
                text,
                detail=detail,
                source=f"{plan.kind}_plan:{plan.plan_id}",
                secondary_only=plan.confidential,
            )
        )
    return items


def _risks(inputs: AgendaInputs) -> list[DraftItem]:
    def weight(risk: RiskFact) -> int:
        return (risk.likelihood or 0) * (risk.impact or 0)

    items = []
    for risk in sorted(inputs.risks, key=lambda r: (-weight(r), r.id)):
        parts = [] if risk.shared else ["not shared with the client"]
        if risk.likelihood or risk.impact:
            parts.append(f"likelihood {risk.likelihood or '–'}/5, impact {risk.impact or '–'}/5")
        parts.append(risk.status.lower())
        if risk.owner:
            parts.append(risk.owner)
        if risk.mitigation:
            parts.append(f"mitigation: {first_line(risk.mitigation, 160)}")
        items.append(
            DraftItem(
                first_line(risk.description, 160) or "(no description)",
                detail=_SEPARATOR.join(parts),
                source=f"risk:{risk.id}",
                secondary_only=not risk.shared,
            )
        )
    return items


def _watermelon(inputs: AgendaInputs) -> list[DraftItem]:
    if inputs.watermelon is None:
        return []
    items = []
    if inputs.green_share is not None:
        items.append(
            DraftItem(
                f"{inputs.green_share:.0%} of the service measures are met, yet:",
                source="watermelon:share",
            )
        )
    items += [
        DraftItem(sentence, source=f"watermelon:{n}")
        for n, sentence in enumerate(inputs.watermelon, start=1)
    ]
    return items


_FEED_BUILDERS: dict[str, Callable[[AgendaInputs], list[DraftItem]]] = {
    "scorecard": _scorecard,
    "changes": _changes,
    "incidents": _incidents,
    "responsibilities": _responsibilities,
    "actions": _actions,
    "open_recommendations": _open_recommendations,
    "trust": _trust,
    "plans": _plans,
    "risks": _risks,
    "watermelon": _watermelon,
}


def build_agenda(templates: Sequence[SectionTemplate], inputs: AgendaInputs) -> list[DraftSection]:
    """The drafted agenda (pure): one section per template, in template order.

    A data section with nothing to show says so in one item; the watermelon and plans
    sections are left out when they have nothing. Items of a secondary section are
    secondary too; a confidential plan or an unshared risk is secondary on its own.
    """
    sections = []
    for template in templates:
        builder = _FEED_BUILDERS.get(template.feed)
        items = builder(inputs) if builder else []
        if not items and template.feed in _OPTIONAL_FEEDS:
            continue
        if not items and template.feed not in _HAND_FEEDS:
            text = _EMPTY_TEXT.get(template.feed, "Nothing recorded since {since}.")
            items = [
                DraftItem(
                    text.format(since=inputs.since.isoformat()), source=f"nothing:{template.feed}"
                )
            ]
        if template.secondary_only:
            items = [DraftItem(i.text, i.detail, i.source, True) for i in items]
        sections.append(
            DraftSection(
                key=template.key,
                title=template.title,
                feed=template.feed,
                secondary_only=template.secondary_only,
                hint=template.hint,
                items=tuple(items),
            )
        )
    return sections
