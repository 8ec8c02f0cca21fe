"""A client review's agenda: drafted from the data since the previous review, then edited.

**Templates.** The sections, their order, titles, default audience and where their
items come from ship as ``data/review/agenda.toml``; ``<config folder>/review/agenda.toml``
replaces it for one user. A broken file is reported (what is wrong, where) and the
shipped one is used instead.

**Drafting** happens in two steps. :func:`gather_inputs` reads everything the agenda
draws on into plain, frozen :class:`AgendaInputs`; :func:`build_agenda` turns those
into :class:`DraftSection` lists without touching the database, so the rules are
tested on fixed data. Every drafted item keeps its ``source`` ("metric:3",
"action:12") so nothing has to be retyped and the report can say where it came from.

**Editing.** :func:`save_draft` writes the draft as ``ReviewSection``/``ReviewItem``
rows; the functions after it move, include, exclude, add, edit and remove them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from relwork.locations import config_dir, shipped_data_dir
from relwork.text import clean, clean_line, first_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import ClientReview, ReviewItem, ReviewSection
    from relwork.services.stakeholders import MapDiff

PRIMARY = "primary"
SECONDARY = "secondary"
CUSTOM = "custom"  # the key of a section the user added
TITLE_MAX = 200

FEEDS: dict[str, str] = {
    "none": "filled by hand or in the meeting",
    "scorecard": "each agreed measure against its target",
    "changes": "journey moves, agreements, relationship type and maturity",
    "incidents": "complaints and feedback logged in the period",
    "responsibilities": "who looks after what, third parties included",
    "actions": "actions from the last review, and other overdue ones",
    "open_recommendations": "earlier recommendations still open",
    "trust": "trust index and stakeholder map changes",
    "plans": "onboarding and offboarding progress",
    "risks": "open risks",
    "watermelon": "evidence that green figures hide an unhappy client",
    "recommendations": "recommendations made in this review",
}

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
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
_SECTION_FIELDS = ("key", "title", "feed", "audience", "hint")


# --- templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionTemplate:
    key: str
    title: str
    feed: str = "none"
    audience: str = PRIMARY
    hint: str = ""

    @property
    def secondary_only(self) -> bool:
        return self.audience == SECONDARY


def parse_templates(text: str) -> list[SectionTemplate]:
    """Section templates from TOML text; raises ``ValueError`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    problems: list[str] = []
    unknown = sorted(set(data) - {"section"})
    if unknown:
        problems.append(f"unknown setting {', '.join(unknown)} (only [[section]] tables)")
    raw = data.get("section")
    if not isinstance(raw, list) or not raw:
        problems.append("has no [[section]] tables (each needs key, title and feed)")
        raw = []
    templates: list[SectionTemplate] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        where = f"section {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where} is not a table; write it as [[section]]")
            continue
        before = len(problems)
        extra = sorted(set(entry) - set(_SECTION_FIELDS))
        if extra:
            problems.append(f"{where} has unknown {', '.join(extra)}")
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{where} needs a 'key' of letters, digits, '_' or '-'")
            key = ""
        elif key in seen:
            problems.append(f"{where} repeats the key '{key}'")
        seen.add(str(key))
        title = entry.get("title")
        if not isinstance(title, str) or not clean_line(title):
            problems.append(f"{where} needs a 'title'")
            title = ""
        feed = entry.get("feed", "none")
        if feed not in FEEDS:
            problems.append(f"{where} has feed '{feed}' (use one of {', '.join(FEEDS)})")
        audience = entry.get("audience", PRIMARY)
        if audience not in (PRIMARY, SECONDARY):
            problems.append(f"{where} has audience '{audience}' (use primary or secondary)")
        hint = entry.get("hint", "")
        if not isinstance(hint, str):
            problems.append(f"{where}: 'hint' must be text")
            hint = ""
        if len(problems) == before:
            templates.append(
                SectionTemplate(
                    key=str(key),
                    title=clean_line(str(title))[:TITLE_MAX],
                    feed=str(feed),
                    audience=str(audience),
                    hint=clean_line(hint),
                )
            )
    if problems:
        raise ValueError("; ".join(problems))
    return templates


def load_templates(custom: Path | None = None) -> tuple[list[SectionTemplate], list[str]]:
    """The agenda's section templates, and what was wrong with a custom file, if any.

    ``custom`` defaults to ``<config folder>/review/agenda.toml``; when it exists and is
    valid it replaces the shipped file, otherwise its problems are returned and the
    shipped templates are used.
    """
    shipped = parse_templates((shipped_data_dir() / "review" / "agenda.toml").read_text("utf-8"))
    path = custom if custom is not None else config_dir() / "review" / "agenda.toml"
    if not path.is_file():
        return shipped, []
    try:
        return parse_templates(path.read_text("utf-8")), []
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        return shipped, [f"review/agenda.toml: cannot be read ({reason}); the shipped one is used"]
    except ValueError as exc:
        return shipped, [f"review/agenda.toml: {exc}; the shipped one is used"]


# --- plain inputs -----------------------------------------------------------------------


class ScorecardLike(Protocol):
    """The parts of ``relwork.services.scorecard.ScorecardRow`` the agenda uses."""

    @property
    def metric_id(self) -> int: ...
    @property
    def agreement_title(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def target(self) -> float: ...
    @property
    def latest_value(self) -> float | None: ...
    @property
    def latest_period(self) -> date | None: ...
    @property
    def status(self) -> str: ...
    @property
    def change(self) -> float | None: ...


class PlanLike(Protocol):
    """The parts of ``relwork.services.plans.PlanProgress`` the agenda uses."""

    @property
    def kind(self) -> str: ...
    @property
    def plan_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def done(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def overdue(self) -> Sequence[Any]: ...
    @property
    def confidential(self) -> bool: ...
    @property
    def ends_on(self) -> date | None: ...


@dataclass(frozen=True)
class StepChange:
    id: int
    on: date
    from_step: str  # labels
    to_step: str


@dataclass(frozen=True)
class AgreementFact:
    id: int
    title: str
    status: str  # label
    starts_on: date | None
    ends_on: date | None
    started: bool  # new in the period
    ended: bool  # ended in the period


@dataclass(frozen=True)
class MaturityFact:
    id: int
    side: str  # label
    level: str  # label
    on: date


@dataclass(frozen=True)
class IncidentFact:
    id: int
    on: date
    kind: str  # "complaint" | "feedback"
    summary: str


@dataclass(frozen=True)
class ResponsibilityFact:
    id: int
    area: str
    party: str  # "us" | "client" | "third_party"
    third_party: str
    note: str
    can_cause_unavailability: bool


@dataclass(frozen=True)
class ActionFact:
    id: int
    text: str
    owner: str
    due: date | None
    done_on: date | None


@dataclass(frozen=True)
class RecommendationFact:
    id: int
    text: str
    status: str  # label
    owner: str
    review_on: date


@dataclass(frozen=True)
class TrustFact:
    id: int
    on: date
    index: float | None
    band: str


@dataclass(frozen=True)
class RiskFact:
    id: int
    description: str
    likelihood: int | None
    impact: int | None
    mitigation: str
    owner: str
    shared: bool
    status: str  # label


@dataclass(frozen=True)
class AgendaInputs:
    """Everything an agenda is drafted from, as plain values."""

    since: date
    today: date
    scorecard: Sequence[ScorecardLike] = ()
    step_changes: Sequence[StepChange] = ()
    agreements: Sequence[AgreementFact] = ()
    relationship_type: str = ""  # value, e.g. "cooperative"
    target_type: str = ""
    previous_type: str = ""  # as recorded by the previous review's agenda, if any
    maturity: Sequence[MaturityFact] = ()
    incidents: Sequence[IncidentFact] = ()
    responsibilities: Sequence[ResponsibilityFact] = ()
    previous_actions: Sequence[ActionFact] = ()  # decided in the previous review
    carried_actions: Sequence[ActionFact] = ()  # still open from older reviews
    overdue_actions: Sequence[ActionFact] = ()  # open, overdue, not from a review
    open_recommendations: Sequence[RecommendationFact] = ()
    trust_latest: TrustFact | None = None
    trust_previous: TrustFact | None = None
    map_diff: MapDiff | None = None
    map_since: date | None = None  # the snapshot the map is compared with
    map_snapshot_id: int | None = None
    plans: Sequence[PlanLike] = ()
    risks: Sequence[RiskFact] = ()
    watermelon: Sequence[str] | None = None  # evidence when flagged
    green_share: float | None = None


@dataclass(frozen=True)
class DraftItem:
    text: str
    detail: str = ""
    source: str = ""  # "" = typed by the user
    secondary_only: bool = False


@dataclass(frozen=True)
class DraftSection:
    key: str
    title: str
    feed: str = "none"
    secondary_only: bool = False
    hint: str = ""
    items: tuple[DraftItem, ...] = ()


# --- building (pure) ----------------------------------------------------------------------

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


# --- gathering (database) -------------------------------------------------------------------


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone().date()
    return value


def utc(moment: datetime) -> datetime:
    """A datetime as the store keeps it: aware, in UTC (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def period_start(review: ClientReview, account_start: date | None, created: datetime) -> date:
    """The first day a review looks back on: its ``covers_from``, else the account's
    start, else the day the client was added."""
    return _day(review.covers_from) or account_start or _day(created) or date.min


def gather_inputs(
    *, session: Session, review_id: int, today: date, watermelon_settings: Any = None
) -> AgendaInputs:
    """Read what the agenda of ``review_id`` draws on (since its period start).
    ``watermelon_settings``: the user's overrides of the watermelon thresholds."""
    from sqlmodel import col, select

    from relwork.enums import (
        AgreementStatus,
        InteractionKind,
        JourneyStep,
        MaturitySide,
        RecommendationStatus,
        RelationshipType,
        ReviewStatus,
        RiskStatus,
    )
    from relwork.models import (
        Account,
        ActionItem,
        Agreement,
        ClientReview,
        Interaction,
        JourneyStepChange,
        MaturityAssessment,
        Recommendation,
        ResponsibilityLine,
        ReviewItem,
        ReviewSection,
        Risk,
    )

    review = session.get(ClientReview, review_id)
    if review is None:
        raise LookupError(f"There is no review with id {review_id}.")
    account = session.get(Account, review.account_id)
    assert account is not None
    client_id = review.account_id
    since = period_start(review, account.start_date, account.created_at)
    start = utc(datetime.combine(since, time.min).astimezone())
    end = utc(datetime.combine(today, time.max).astimezone())

    earlier = [
        r
        for r in session.exec(
            select(ClientReview)
            .where(ClientReview.account_id == client_id, ClientReview.id != review_id)
            .order_by(col(ClientReview.scheduled_for))
        ).all()
        if utc(r.scheduled_for) <= utc(review.scheduled_for)
    ]
    held = [r for r in earlier if r.status in (ReviewStatus.HELD, ReviewStatus.REPORTED)]
    previous = held[-1] if held else None
    earlier_ids = [r.id for r in earlier if r.id is not None]
    review_days = {r.id: _day(r.held_at or r.scheduled_for) for r in earlier}

    step_changes = [
        StepChange(
            id=c.id or 0,
            on=_day(c.changed_at) or since,
            from_step=JourneyStep(c.from_step).label if c.from_step else "",
            to_step=JourneyStep(c.to_step).label,
        )
        for c in session.exec(
            select(JourneyStepChange).where(
                JourneyStepChange.account_id == client_id,
                col(JourneyStepChange.changed_at) >= start,
                col(JourneyStepChange.changed_at) <= end,
            )
        ).all()
    ]
    agreements = []
    for a in session.exec(select(Agreement).where(Agreement.account_id == client_id)).all():
        created = _day(a.created_at) or since
        began = a.starts_on if a.starts_on is not None else created
        started = since <= began <= today
        ended = (a.ends_on is not None and since <= a.ends_on <= today) or (
            str(a.status) in ("expired", "terminated") and (_day(a.updated_at) or since) >= since
        )
        if started or ended:
            agreements.append(
                AgreementFact(
                    id=a.id or 0,
                    title=a.title,
                    status=AgreementStatus(a.status).label,
                    starts_on=a.starts_on,
                    ends_on=a.ends_on,
                    started=started and not (a.ends_on is not None and a.ends_on < since),
                    ended=ended,
                )
            )
    previous_type = ""
    if previous is not None:
        source = session.exec(
            select(ReviewItem.source)
            .join(ReviewSection, col(ReviewSection.id) == ReviewItem.section_id)
            .where(
                ReviewSection.review_id == previous.id, col(ReviewItem.source).startswith("type:")
            )
        ).first()
        previous_type = source.removeprefix("type:") if source else ""
    maturity = [
        MaturityFact(
            id=m.id or 0,
            side=MaturitySide(m.side).label,
            level=RelationshipType(m.level).label,
            on=m.assessed_on,
        )
        for m in session.exec(
            select(MaturityAssessment)
            .where(
                MaturityAssessment.account_id == client_id,
                col(MaturityAssessment.assessed_on) >= since,
                col(MaturityAssessment.assessed_on) <= today,
            )
            .order_by(col(MaturityAssessment.assessed_on), col(MaturityAssessment.id))
        ).all()
    ]
    incidents = [
        IncidentFact(
            id=i.id or 0, on=_day(i.occurred_at) or since, kind=str(i.kind), summary=i.summary
        )
        for i in session.exec(
            select(Interaction).where(
                Interaction.account_id == client_id,
                col(Interaction.kind).in_([InteractionKind.COMPLAINT, InteractionKind.FEEDBACK]),
                col(Interaction.occurred_at) >= start,
                col(Interaction.occurred_at) <= end,
            )
        ).all()
    ]
    responsibilities = [
        ResponsibilityFact(
            id=r.id or 0,
            area=r.area,
            party=str(r.owner_party),
            third_party=r.third_party_name,
            note=r.note,
            can_cause_unavailability=r.can_cause_unavailability,
        )
        for r in session.exec(
            select(ResponsibilityLine)
            .where(ResponsibilityLine.account_id == client_id)
            .order_by(col(ResponsibilityLine.id))
        ).all()
    ]

    def action_fact(a: ActionItem) -> ActionFact:
        return ActionFact(a.id or 0, a.text, a.owner, a.due_date, _day(a.done_at))

    actions = session.exec(
        select(ActionItem)
        .where(ActionItem.account_id == client_id)
        .order_by(col(ActionItem.due_date).is_(None), col(ActionItem.due_date), col(ActionItem.id))
    ).all()
    previous_actions = [action_fact(a) for a in actions if previous and a.review_id == previous.id]
    carried = [
        action_fact(a)
        for a in actions
        if a.review_id in earlier_ids
        and a.done_at is None
        and (previous is None or a.review_id != previous.id)
    ]
    overdue = [
        action_fact(a)
        for a in actions
        if a.review_id is None
        and a.done_at is None
        and a.due_date is not None
        and a.due_date < today
    ]
    recommendations = []
    if earlier_ids:
        for rec in session.exec(
            select(Recommendation)
            .where(
                col(Recommendation.review_id).in_(earlier_ids),
                col(Recommendation.status).in_(
                    [RecommendationStatus.OPEN, RecommendationStatus.ACCEPTED]
                ),
            )
            .order_by(col(Recommendation.id))
        ).all():
            recommendations.append(
                RecommendationFact(
                    id=rec.id or 0,
                    text=rec.text,
                    status=RecommendationStatus(rec.status).label,
                    owner=rec.owner,
                    review_on=review_days.get(rec.review_id) or since,
                )
            )
    risks = [
        RiskFact(
            id=r.id or 0,
            description=r.description,
            likelihood=r.likelihood,
            impact=r.impact,
            mitigation=r.mitigation,
            owner=r.owner,
            shared=r.shared_with_client,
            status=RiskStatus(r.status).label,
        )
        for r in session.exec(
            select(Risk).where(Risk.account_id == client_id, Risk.status != RiskStatus.CLOSED)
        ).all()
    ]
    trust_latest, trust_previous = _trust_points(session, client_id, end)
    map_diff, map_since, map_snapshot = _map_changes(session, client_id, start)
    flag = _watermelon_flag(session, client_id, today, watermelon_settings)
    return AgendaInputs(
        since=since,
        today=today,
        scorecard=_scorecard_rows(session, client_id, today),
        step_changes=step_changes,
        agreements=agreements,
        relationship_type=str(account.current_type),
        target_type=str(account.target_type or ""),
        previous_type=previous_type,
        maturity=maturity,
        incidents=incidents,
        responsibilities=responsibilities,
        previous_actions=previous_actions,
        carried_actions=carried,
        overdue_actions=overdue,
        open_recommendations=recommendations,
        trust_latest=trust_latest,
        trust_previous=trust_previous,
        map_diff=map_diff,
        map_since=map_since,
        map_snapshot_id=map_snapshot,
        plans=_plan_rows(session, client_id, today),
        risks=risks,
        watermelon=tuple(flag.evidence) if flag is not None else None,
        green_share=flag.green_share if flag is not None else None,
    )


def _scorecard_rows(session: Session, client_id: int, today: date) -> Sequence[ScorecardLike]:
    from relwork.services.scorecard import scorecard

    return tuple(scorecard(session=session, account_id=client_id, today=today))


def _plan_rows(session: Session, client_id: int, today: date) -> Sequence[PlanLike]:
    from relwork.services.plans import plan_progress

    return tuple(plan_progress(session=session, account_id=client_id, today=today))


def _watermelon_flag(session: Session, client_id: int, today: date, settings: Any) -> Any:
    from relwork.services.watermelon import WatermelonThresholds, watermelon

    thresholds = WatermelonThresholds.from_settings(settings)
    return watermelon(session=session, account_id=client_id, today=today, thresholds=thresholds)


def _trust_points(
    session: Session, client_id: int, end: datetime
) -> tuple[TrustFact | None, TrustFact | None]:
    from relwork.services.trust import assessments

    history = [
        a
        for a in assessments(session=session, client_id=client_id)
        if a.set_found and a.taken_at <= end
    ]
    if not history:
        return None, None
    latest = history[-1]
    same = [a for a in history[:-1] if a.perspective == latest.perspective]

    def point(a: Any) -> TrustFact:
        return TrustFact(a.id, a.taken_at.astimezone().date(), a.scores.overall, a.scores.band)

    return point(latest), point(same[-1]) if same else None


def _map_changes(
    session: Session, client_id: int, start: datetime
) -> tuple[MapDiff | None, date | None, int | None]:
    from relwork.services.stakeholders import (
        diff,
        entry_rows,
        list_snapshots,
        map_entries,
        snapshot_rows,
    )

    snapshots = list_snapshots(session=session, client_id=client_id)
    before = [s for s in snapshots if utc(s.taken_at) <= start]
    if not before or before[0].id is None:
        return None, None, None
    baseline = before[0]
    assert baseline.id is not None
    rows = snapshot_rows(session=session, snapshot_id=baseline.id)
    now = entry_rows(map_entries(session=session, client_id=client_id))
    return diff(rows, now), _day(baseline.taken_at), baseline.id


def draft_agenda(
    *, session: Session, review_id: int, today: date, watermelon_settings: Any = None
) -> list[DraftSection]:
    """The agenda drafted from the data since the previous review (nothing is saved).
    ``watermelon_settings`` are the user's threshold overrides (``Settings.watermelon``)."""
    templates, _problems = load_templates()
    inputs = gather_inputs(
        session=session, review_id=review_id, today=today, watermelon_settings=watermelon_settings
    )
    return build_agenda(templates, inputs)


# --- the saved agenda ----------------------------------------------------------------------


class AgendaError(ValueError):
    """An agenda change that cannot be made; the message says why."""


@dataclass(frozen=True)
class AgendaItem:
    id: int
    section_id: int
    text: str
    detail: str
    source: str
    included: bool
    secondary_only: bool
    notes: str
    decision: str

    @property
    def typed(self) -> bool:
        """Typed by the user (rather than drafted from the data)."""
        return self.source == ""


@dataclass(frozen=True)
class AgendaSection:
    id: int
    key: str
    title: str
    included: bool
    secondary_only: bool
    notes: str
    items: tuple[AgendaItem, ...] = field(default_factory=tuple)


def has_agenda(*, session: Session, review_id: int) -> bool:
    from sqlmodel import select

    from relwork.models import ReviewSection

    return (
        session.exec(select(ReviewSection.id).where(ReviewSection.review_id == review_id)).first()
        is not None
    )


def save_draft(*, session: Session, review_id: int, sections: Iterable[DraftSection]) -> None:
    """Write ``sections`` as the review's agenda, replacing any agenda it had (the caller
    asks the user first: typed items, order and notes of the old one are lost)."""
    from sqlmodel import col, delete, select

    from relwork.models import ClientReview, ReviewItem, ReviewSection

    if session.get(ClientReview, review_id) is None:
        raise LookupError(f"There is no review with id {review_id}.")
    old = list(
        session.exec(select(ReviewSection.id).where(ReviewSection.review_id == review_id)).all()
    )
    if old:
        session.execute(delete(ReviewItem).where(col(ReviewItem.section_id).in_(old)))
        session.execute(delete(ReviewSection).where(col(ReviewSection.id).in_(old)))
    for position, draft in enumerate(sections):
        row = ReviewSection(
            review_id=review_id,
            key=draft.key,
            title=draft.title,
            sort_order=position,
            secondary_only=draft.secondary_only,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        for number, item in enumerate(draft.items):
            session.add(
                ReviewItem(
                    section_id=row.id,
                    sort_order=number,
                    text=item.text,
                    detail=item.detail,
                    source=item.source,
                    secondary_only=item.secondary_only,
                )
            )
    session.commit()


def load_agenda(*, session: Session, review_id: int) -> list[AgendaSection]:
    """The saved agenda in order, with every item (included or not)."""
    from sqlmodel import col, select

    from relwork.models import ReviewItem, ReviewSection

    sections = session.exec(
        select(ReviewSection)
        .where(ReviewSection.review_id == review_id)
        .order_by(col(ReviewSection.sort_order), col(ReviewSection.id))
    ).all()
    ids = [s.id for s in sections]
    items: dict[int, list[AgendaItem]] = {}
    if ids:
        for row in session.exec(
            select(ReviewItem)
            .where(col(ReviewItem.section_id).in_(ids))
            .order_by(col(ReviewItem.sort_order), col(ReviewItem.id))
        ).all():
            items.setdefault(row.section_id, []).append(_item(row))
    return [
        AgendaSection(
            id=s.id or 0,
            key=s.key,
            title=s.title,
            included=s.included,
            secondary_only=s.secondary_only,
            notes=s.notes,
            items=tuple(items.get(s.id or 0, [])),
        )
        for s in sections
    ]


def _item(row: ReviewItem) -> AgendaItem:
    return AgendaItem(
        id=row.id or 0,
        section_id=row.section_id,
        text=row.text,
        detail=row.detail,
        source=row.source,
        included=row.included,
        secondary_only=row.secondary_only,
        notes=row.notes,
        decision=row.decision,
    )


def _section_row(session: Session, section_id: int) -> ReviewSection:
    from relwork.models import ReviewSection

    row = session.get(ReviewSection, section_id)
    if row is None:
        raise AgendaError("That section is no longer on the agenda.")
    return row


def _item_row(session: Session, item_id: int) -> ReviewItem:
    from relwork.models import ReviewItem

    row = session.get(ReviewItem, item_id)
    if row is None:
        raise AgendaError("That item is no longer on the agenda.")
    return row


def _ordered_sections(session: Session, review_id: int) -> list[ReviewSection]:
    from sqlmodel import col, select

    from relwork.models import ReviewSection

    return list(
        session.exec(
            select(ReviewSection)
            .where(ReviewSection.review_id == review_id)
            .order_by(col(ReviewSection.sort_order), col(ReviewSection.id))
        ).all()
    )


def _ordered_items(session: Session, section_id: int) -> list[ReviewItem]:
    from sqlmodel import col, select

    from relwork.models import ReviewItem

    return list(
        session.exec(
            select(ReviewItem)
            .where(ReviewItem.section_id == section_id)
            .order_by(col(ReviewItem.sort_order), col(ReviewItem.id))
        ).all()
    )


def _renumber(rows: Sequence[Any], session: Session) -> None:
    for position, row in enumerate(rows):
        if row.sort_order != position:
            row.sort_order = position
            session.add(row)


def move_section(*, session: Session, section_id: int, delta: int) -> bool:
    """Move a section up (-1) or down (+1); False when it is already at that end."""
    row = _section_row(session, section_id)
    rows = _ordered_sections(session, row.review_id)
    index = next(i for i, s in enumerate(rows) if s.id == section_id)
    target = index + delta
    if not 0 <= target < len(rows):
        return False
    rows.insert(target, rows.pop(index))
    _renumber(rows, session)
    session.commit()
    return True


def move_item(*, session: Session, item_id: int, delta: int) -> bool:
    """Move an item up (-1) or down (+1) in its section; past the section's first or
    last item it goes to the end of the section before or the start of the one after.
    False when there is nowhere to go."""
    row = _item_row(session, item_id)
    section = _section_row(session, row.section_id)
    siblings = _ordered_items(session, row.section_id)
    index = next(i for i, s in enumerate(siblings) if s.id == item_id)
    target = index + delta
    if 0 <= target < len(siblings):
        siblings.insert(target, siblings.pop(index))
        _renumber(siblings, session)
        session.commit()
        return True
    sections = _ordered_sections(session, section.review_id)
    position = next(i for i, s in enumerate(sections) if s.id == section.id)
    neighbour = position + (1 if delta > 0 else -1)
    if not 0 <= neighbour < len(sections):
        return False
    other = sections[neighbour]
    assert other.id is not None
    siblings.pop(index)
    _renumber(siblings, session)
    moved_to = _ordered_items(session, other.id)
    row.section_id = other.id
    if delta > 0:
        moved_to.insert(0, row)
    else:
        moved_to.append(row)
    _renumber(moved_to, session)
    for item in moved_to:
        session.add(item)
    session.commit()
    return True


def toggle_included(
    *, session: Session, section_id: int | None = None, item_id: int | None = None
) -> bool:
    """Include or exclude a section or an item; returns whether it is now included."""
    row: ReviewSection | ReviewItem = (
        _section_row(session, section_id)
        if section_id is not None
        else _item_row(session, item_id or 0)
    )
    row.included = not row.included
    session.add(row)
    session.commit()
    return row.included


def toggle_secondary(
    *, session: Session, section_id: int | None = None, item_id: int | None = None
) -> bool:
    """Mark a section or an item for the secondary audience only (the appendix), or
    back for everyone; returns whether it is now secondary only."""
    row: ReviewSection | ReviewItem = (
        _section_row(session, section_id)
        if section_id is not None
        else _item_row(session, item_id or 0)
    )
    row.secondary_only = not row.secondary_only
    session.add(row)
    session.commit()
    return row.secondary_only


def _required_text(text: str, what: str) -> str:
    value = clean_line(text)
    if not value:
        raise AgendaError(f"Type the {what} first.")
    return value


def add_section(
    *, session: Session, review_id: int, title: str, after_section_id: int | None = None
) -> int:
    """Add a typed section after ``after_section_id`` (or at the end); returns its id."""
    from relwork.models import ReviewSection

    value = _required_text(title, "section's title")[:TITLE_MAX]
    rows = _ordered_sections(session, review_id)
    position = len(rows)
    if after_section_id is not None:
        position = next((i + 1 for i, s in enumerate(rows) if s.id == after_section_id), position)
    row = ReviewSection(review_id=review_id, key=CUSTOM, title=value)
    session.add(row)
    session.flush()
    rows.insert(position, row)
    _renumber(rows, session)
    session.commit()
    assert row.id is not None
    return row.id


def add_item(
    *, session: Session, section_id: int, text: str, after_item_id: int | None = None
) -> int:
    """Add a typed item to a section, after ``after_item_id`` (or at its end)."""
    from relwork.models import ReviewItem

    value = clean(text).strip()
    if not value:
        raise AgendaError("Type the item's text first.")
    section = _section_row(session, section_id)
    rows = _ordered_items(session, section_id)
    position = len(rows)
    if after_item_id is not None:
        position = next((i + 1 for i, s in enumerate(rows) if s.id == after_item_id), position)
    row = ReviewItem(section_id=section_id, text=value, secondary_only=section.secondary_only)
    session.add(row)
    session.flush()
    rows.insert(position, row)
    _renumber(rows, session)
    session.commit()
    assert row.id is not None
    return row.id


def edit_item(*, session: Session, item_id: int, text: str) -> None:
    """Change an item's text (a drafted item keeps its source)."""
    value = clean(text).strip()
    if not value:
        raise AgendaError("An item needs some text; exclude it (space) to leave it out.")
    row = _item_row(session, item_id)
    row.text = value
    session.add(row)
    session.commit()


def rename_section(*, session: Session, section_id: int, title: str) -> None:
    row = _section_row(session, section_id)
    row.title = _required_text(title, "section's title")[:TITLE_MAX]
    session.add(row)
    session.commit()


def remove_item(*, session: Session, item_id: int) -> None:
    """Remove a typed item. Drafted items are excluded instead, so their source stays."""
    row = _item_row(session, item_id)
    if row.source:
        raise AgendaError("Only typed items can be removed; press space to leave this one out.")
    session.delete(row)
    session.commit()


def remove_section(*, session: Session, section_id: int) -> None:
    """Remove a section the user added, with its typed items."""
    row = _section_row(session, section_id)
    items = _ordered_items(session, section_id)
    if row.key != CUSTOM or any(i.source for i in items):
        raise AgendaError(
            "Only sections you added can be removed; press space to leave this one out."
        )
    for item in items:
        session.delete(item)
    session.delete(row)
    session.commit()


def save_notes(
    *, session: Session, notes: str, section_id: int | None = None, item_id: int | None = None
) -> None:
    """Keep the meeting notes of a section or an item (called as they are typed)."""
    row: ReviewSection | ReviewItem = (
        _section_row(session, section_id)
        if section_id is not None
        else _item_row(session, item_id or 0)
    )
    row.notes = clean(notes)
    session.add(row)
    session.commit()


def save_decision(*, session: Session, item_id: int, decision: str) -> None:
    row = _item_row(session, item_id)
    row.decision = clean(decision).strip()
    session.add(row)
    session.commit()
