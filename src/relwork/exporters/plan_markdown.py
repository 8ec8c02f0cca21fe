"""An onboarding or offboarding plan as a Markdown page: goals, scope, actions by
dimension, control and the closing review.

User text goes in as typed; only what would break the page is escaped (see
:mod:`relwork.exporters.persona_markdown` for paragraphs; table cells also escape
``|`` and keep to one line). A confidential plan says so in its first line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from relwork.enums import FourDimension, Performer
from relwork.exporters.files import write_private
from relwork.exporters.persona_markdown import (
    EXPORTS_FOLDER,
    _block,
    _heading,
)
from relwork.locations import data_dir, ensure_private_dir
from relwork.services.plan_rules import CHECK_LABELS, ONBOARDING
from relwork.services.plan_templates import PlanTemplates, load_templates
from relwork.services.plan_views import ActionView, PlanView

MAX_STEM = 80
NO_DIMENSION = "Other"
PERFORMER_LABELS = {
    Performer.PROVIDER: "Provider (us)",
    Performer.CONSUMER: "Consumer (client)",
    Performer.CONSUMER_SUPPLIER: "Consumer's supplier",
}


def plan_markdown(
    plan: PlanView,
    *,
    client_name: str,
    today: date,
    templates: PlanTemplates | None = None,
) -> str:
    """The plan as Markdown (pure apart from reading the templates when not given).

    ``today`` decides which open actions are marked overdue."""
    if templates is None:
        templates, _problems = load_templates()
    lines: list[str] = []
    if plan.confidential:
        lines += [
            "**CONFIDENTIAL** - the client is leaving unhappy or in dispute. "
            "Share this plan only with the people who need it.",
            "",
        ]
    lines += [f"# {_heading(plan.title or plan.type_label + ' plan')}", ""]
    lines += _facts(plan, client_name)
    if plan.kind == ONBOARDING:
        lines += _goals(plan) + _scope(plan)
    else:
        lines += _offboarding(plan)
    lines += _actions(plan, today)
    if plan.kind == ONBOARDING:
        lines += _control(plan, templates) + _review(plan, templates)
    if plan.notes:
        lines += ["## Notes", "", _block(plan.notes), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def export_plan(
    path: Path | None,
    plan: PlanView,
    *,
    client_name: str,
    today: date,
    templates: PlanTemplates | None = None,
) -> Path:
    """Write the plan's Markdown to a private file (0600) and return where it went.

    ``path`` None: ``data_dir()/exports/<client>-<title>.md`` (folders made 0700). An
    existing folder: that file name inside it. Anything else is the file itself.
    """
    text = plan_markdown(plan, client_name=client_name, today=today, templates=templates)
    name = export_file_name(client_name, plan.title or plan.type_label)
    if path is None:
        ensure_private_dir(data_dir())
        folder = data_dir() / EXPORTS_FOLDER
        ensure_private_dir(folder)
        target = folder / name
    elif path.is_dir():
        target = path / name
    else:
        target = path
        if not target.parent.exists():
            ensure_private_dir(target.parent)
    write_private(target, text.encode("utf-8"))
    return target


def export_file_name(client_name: str, title: str) -> str:
    """``plan-<client>-<title>.md`` with letters and digits kept, the rest as '-'."""
    stem = re.sub(r"[\W_]+", "-", f"{client_name} {title}".lower()).strip("-")
    return f"plan-{stem[:MAX_STEM].strip('-') or 'untitled'}.md"


# --- sections --------------------------------------------------------------------------------


def _facts(plan: PlanView, client_name: str) -> list[str]:
    kind = plan.type_label
    if plan.kind != ONBOARDING and plan.kind_label:
        kind += f" ({plan.kind_label.lower()})"
    facts = [
        ("Client", _cell(client_name)),
        ("Plan", kind),
        ("Status", plan.status.label),
        ("Dates", f"{_day(plan.starts_on)} to {_day(plan.ends_on)}"),
        ("Progress", f"{plan.done} of {plan.total} actions done"),
    ]
    if plan.kind == ONBOARDING:
        facts += [
            ("Scenario", _cell(plan.scenario_label) or "not recorded"),
            ("Starts when", _cell(plan.trigger_label) or "not recorded"),
            ("Finished when", _cell(plan.end_criterion) or "not recorded"),
        ]
    return [*(f"- **{label}:** {value}" for label, value in facts), ""]


def _goals(plan: PlanView) -> list[str]:
    lines = ["## Goals", ""]
    if not plan.goals:
        return [*lines, "_No goals recorded._", ""]
    lines += ["| Goal | How success is measured |", "| --- | --- |"]
    lines += [f"| {_cell(g.goal)} | {_cell(g.measure)} |" for g in plan.goals]
    return [*lines, ""]


def _scope(plan: PlanView) -> list[str]:
    lines = ["## Scope by dimension", ""]
    if not plan.scope:
        return [*lines, "_No scope recorded._", ""]
    lines += ["| Dimension | Resource | What it needs |", "| --- | --- | --- |"]
    lines += [
        f"| {s.dimension.label} | {_cell(s.resource)} | {_cell(s.need)} |" for s in plan.scope
    ]
    return [*lines, ""]


def _offboarding(plan: PlanView) -> list[str]:
    lines = ["## Why they leave", "", _block(plan.reason) if plan.reason else "_Not recorded._", ""]
    lines += [
        f"- **Leaving unhappy or in dispute:** {'yes' if plan.is_dispute else 'no'}",
        f"- **Legal action expected:** {'yes' if plan.legal_expected else 'no'}",
    ]
    if plan.confidential and plan.confidential_reason:
        lines += ["", "**Why it is confidential**", "", _block(plan.confidential_reason)]
    return [*lines, ""]


def _actions(plan: PlanView, today: date) -> list[str]:
    lines = ["## Actions", ""]
    if not plan.actions:
        return [*lines, "_No actions yet._", ""]
    for dimension, actions in plan.by_dimension():
        done = sum(1 for a in actions if a.done)
        title = dimension.label if isinstance(dimension, FourDimension) else NO_DIMENSION
        lines += [f"### {title} ({done} of {len(actions)} done)", ""]
        lines += ["| Action | Performer | Owner | Due | Done |", "| --- | --- | --- | --- | --- |"]
        lines += [_action_row(a, today) for a in actions]
        lines.append("")
    return lines


def _action_row(action: ActionView, today: date) -> str:
    due = _day(action.due, empty="")
    if action.overdue(today):
        due += " **(overdue)**"
    done = f"yes ({action.done_at.astimezone():%Y-%m-%d})" if action.done_at else "no"
    performer = PERFORMER_LABELS[action.performer]
    return f"| {_cell(action.description)} | {performer} | {_cell(action.owner)} | {due} | {done} |"


def _control(plan: PlanView, templates: PlanTemplates) -> list[str]:
    lines = ["## Control approach", ""]
    if not plan.control_approaches:
        return [*lines, "_Not chosen._", ""]
    for value in plan.control_approaches:
        option = templates.control(value)
        if option is None:
            lines.append(f"- {_cell(value)}")
        else:
            lines.append(f"- **{option.label}**" + (f": {option.help}" if option.help else ""))
    return [*lines, ""]


def _review(plan: PlanView, templates: PlanTemplates) -> list[str]:
    lines = ["## Closing review", ""]
    if not plan.has_review or plan.reviewed_at is None:
        return [*lines, "_Not reviewed yet._", ""]
    lines += [f"Reviewed on {plan.reviewed_at.astimezone():%Y-%m-%d}.", ""]
    notes = plan.review.get("notes", {}) if isinstance(plan.review.get("notes"), dict) else {}
    for check in templates.review:
        answer = CHECK_LABELS.get(str(plan.review.get(check.key)), "not answered")
        lines.append(f"- **{check.prompt}:** {answer}")
        note = notes.get(check.key, "")
        if note:
            lines += [f"  {line}" for line in _block(note).splitlines()]
    return [*lines, ""]


# --- text ------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """User text for one table cell or one list line: a single line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _day(value: date | None, *, empty: str = "not set") -> str:
    return value.isoformat() if value else empty
