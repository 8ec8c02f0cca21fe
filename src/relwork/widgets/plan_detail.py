"""What the plans screen shows about plans: the rows of the plan list and the text
of the selected plan's details (goals, scope, reason, control, review)."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from relwork.services.plan_rules import CHECK_LABELS, ONBOARDING
from relwork.services.plan_views import PlanView
from relwork.widgets.literal import literal

BAR_WIDTH = 5
CONFIDENTIAL = "CONFIDENTIAL"
SHORT_KIND = {"onboarding": "Onboard", "offboarding": "Offboard"}
DIMENSION_SHORT = {
    "organizations_people": "People",
    "value_streams_processes": "Processes",
    "information_technology": "Technology",
    "partners_suppliers": "Suppliers",
}


def progress_cell(done: int, total: int) -> Text:
    """A small bar and the count, e.g. "███░░ 7/12"."""
    filled = round(BAR_WIDTH * done / total) if total else 0
    text = Text()
    text.append("█" * filled, style="bold")
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(f" {done}/{total}")
    return text


def dates_text(plan: PlanView) -> str:
    start = plan.starts_on.isoformat() if plan.starts_on else "?"
    end = plan.ends_on.isoformat() if plan.ends_on else "?"
    return f"{start} → {end}"


def plan_cells(plan: PlanView, today: date, alert: str) -> list[Text]:
    """Kind, title (with the confidential marker), status, progress, overdue, dates."""
    title = Text(no_wrap=True, overflow="ellipsis")
    if plan.confidential:
        title.append(CONFIDENTIAL, style=f"bold reverse {alert}")
        title.append(" ")
    title.append_text(literal(plan.title))
    late = len(plan.overdue(today))
    return [
        Text(SHORT_KIND[plan.kind]),
        title,
        Text(plan.status.label),
        progress_cell(plan.done, plan.total),
        Text(f"{late} !", style=f"bold {alert}") if late else Text("–", style="dim"),
        Text(dates_text(plan)),
    ]


def detail_text(plan: PlanView | None, *, today: date, alert: str) -> Text:
    """The selected plan's details, one fact per line."""
    if plan is None:
        return Text(
            "No plans yet. n starts an onboarding plan, N an offboarding plan (through the "
            "plan wizard).",
            style="italic",
        )
    lines: list[Text] = []
    if plan.confidential:
        line = Text.assemble((CONFIDENTIAL, f"bold reverse {alert}"), " ")
        line.append_text(
            literal(plan.confidential_reason or "the client leaves in dispute", style=alert)
        )
        lines.append(line)
    sub = plan.scenario_label if plan.kind == ONBOARDING else plan.kind_label
    head = Text.assemble((f"{plan.type_label}: ", "bold"))
    if sub:
        head.append_text(literal(sub))
        head.append(" · ")
    head.append(dates_text(plan))
    late = len(plan.overdue(today))
    if late:
        head.append(f" · {late} overdue", style=f"bold {alert}")
    lines.append(head)
    lines += _onboarding_lines(plan) if plan.kind == ONBOARDING else _offboarding_lines(plan)
    if plan.notes:
        lines.append(_labelled("Note", " ".join(plan.notes.split())))
    return Text("\n").join(lines)


def _labelled(label: str, value: str) -> Text:
    line = Text.assemble((f"{label}: ", "bold"))
    line.append_text(literal(value))
    return line


def _onboarding_lines(plan: PlanView) -> list[Text]:
    lines = []
    for number, goal in enumerate(plan.goals, start=1):
        line = _labelled(f"Goal {number}", goal.goal)
        if goal.measure:
            line.append(" — measured by: ", style="italic")
            line.append_text(literal(goal.measure))
        lines.append(line)
    if not plan.goals:
        lines.append(_labelled("Goals", "none recorded"))
    for item in plan.scope:
        line = _labelled(f"Scope ({DIMENSION_SHORT[item.dimension.value]})", item.resource)
        if item.need:
            line.append(" — needs: ", style="italic")
            line.append_text(literal(item.need))
        lines.append(line)
    control = ", ".join(plan.control_labels) or "not chosen"
    line = _labelled("Control", control)
    line.append(" · ")
    line.append_text(_labelled("Closing review", _review_summary(plan)))
    lines.append(line)
    line = _labelled("Starts when", plan.trigger_label or "not recorded")
    line.append(" · ")
    line.append_text(_labelled("Done when", plan.end_criterion or "not recorded"))
    lines.append(line)
    return lines


def _review_summary(plan: PlanView) -> str:
    if not plan.has_review or plan.reviewed_at is None:
        return "not yet (v when the work is done)"
    answers = [v for k, v in plan.review.items() if k != "notes"]
    counts = [
        f"{answers.count(value)} {CHECK_LABELS[value].lower()}"
        for value in CHECK_LABELS
        if answers.count(value)
    ]
    return f"{plan.reviewed_at.astimezone():%Y-%m-%d} ({', '.join(counts)})"


def _offboarding_lines(plan: PlanView) -> list[Text]:
    lines = [_labelled("Reason", " ".join(plan.reason.split()) or "not recorded")]
    line = _labelled("Unhappy or in dispute", "yes" if plan.is_dispute else "no")
    line.append(" · ")
    line.append_text(_labelled("Legal action expected", "yes" if plan.legal_expected else "no"))
    lines.append(line)
    return lines
