"""The plan rules as plain functions: status moves, due dates, action checks, the closing review.

Due dates are spread between the start and end dates: a template action at ``at``
(0 = start, 1 = end) falls due ``round(at x length)`` days after the start, where the
length is the plan's own (end - start) or, without an end date, the usual length of the
scenario or kind.

- an action is overdue when its due date has passed and it is not done (DOMAIN §5.3);
  actions of closed plans are no longer tracked, so they are never overdue (see
  :mod:`relwork.services.plan_views`);
- status moves one step at a time, draft → agreed → running → closed, or one step back
  (a closed plan can be reopened as running);
- an onboarding plan closes only after its closing review is stored; an offboarding
  plan (which has no review) closes only when every action is done;
- the closing review needs an answer for every checklist item, and cannot say every
  action is done while some are still open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from relwork.enums import FourDimension, Performer, PlanStatus
from relwork.services.validation import InvalidInput
from relwork.text import clean_line

if TYPE_CHECKING:
    from relwork.services.plan_templates import ReviewCheck
    from relwork.services.plan_views import PlanView


PlanKind = Literal["onboarding", "offboarding"]
ONBOARDING: PlanKind = "onboarding"
OFFBOARDING: PlanKind = "offboarding"

MANUAL_ORDER = 10_000  # actions added on the plans screen are numbered from here
TITLE_MAX = 200
OWNER_MAX = 120
CHECK_VALUES = ("yes", "partial", "no", "unknown", "na")
CHECK_LABELS = {
    "yes": "Yes",
    "partial": "Partly",
    "no": "No",
    "unknown": "Don't know",
    "na": "Not applicable",
}


# The status a plan may move to from each status (forward one step, or back one).
STATUS_MOVES: dict[PlanStatus, tuple[PlanStatus, ...]] = {
    PlanStatus.DRAFT: (PlanStatus.AGREED,),
    PlanStatus.AGREED: (PlanStatus.RUNNING, PlanStatus.DRAFT),
    PlanStatus.RUNNING: (PlanStatus.CLOSED, PlanStatus.AGREED),
    PlanStatus.CLOSED: (PlanStatus.RUNNING,),
}


class PlanError(ValueError):
    """A plan cannot be changed that way; the message says what to do instead."""


def as_date(value: object) -> date | None:
    """A date from an answer ("YYYY-MM-DD" or a date); None when empty or not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def spread_due(at: float, *, start: date, end: date | None, usual_days: int) -> date:
    """When an action at ``at`` (0..1 of the plan) falls due; see the module docstring."""
    length = (end - start).days if end is not None and end > start else usual_days
    return start + timedelta(days=int(at * length + 0.5))


@dataclass(frozen=True)
class ActionData:
    """An action as entered (in a form or a wizard row), checked and cleaned."""

    description: str
    owner: str = ""
    due: date | None = None
    dimension: FourDimension | None = None
    performer: Performer = Performer.PROVIDER


def parse_action(values: Mapping[str, Any]) -> ActionData:
    """Form values (description, owner, due, dimension, performer) as :class:`ActionData`;
    raises :class:`InvalidInput` saying what to fix in each field."""
    errors: dict[str, str] = {}
    description = clean_line(str(values.get("description") or ""))
    if not description:
        errors["description"] = "Say what needs doing."
    owner = clean_line(str(values.get("owner") or ""))
    if len(owner) > OWNER_MAX:
        errors["owner"] = f"Keep the owner to {OWNER_MAX} characters."
    due: date | None = None
    raw_due = values.get("due")
    if isinstance(raw_due, date):
        due = raw_due
    elif raw_due not in (None, "") and str(raw_due).strip():
        due = as_date(str(raw_due))
        if due is None:
            errors["due"] = f"'{clean_line(str(raw_due))}' is not a date; use YYYY-MM-DD."
    dimension = None
    if values.get("dimension"):
        try:
            dimension = FourDimension(str(values["dimension"]))
        except ValueError:
            errors["dimension"] = "Choose one of the four dimensions, or none."
    performer = Performer.PROVIDER
    if values.get("performer"):
        try:
            performer = Performer(str(values["performer"]))
        except ValueError:
            errors["performer"] = "Choose provider, consumer or consumer's supplier."
    if errors:
        raise InvalidInput(errors)
    return ActionData(description, owner, due, dimension, performer)


def status_problem(plan: PlanView, target: PlanStatus) -> str | None:
    """Why ``plan`` cannot move to ``target`` (a sentence saying what to do), or None."""
    if target == plan.status:
        return f"The plan is already {target.label.lower()}."
    if target not in STATUS_MOVES[plan.status]:
        allowed = " or ".join(s.label.lower() for s in STATUS_MOVES[plan.status])
        return (
            f"A {plan.status.label.lower()} plan can move to {allowed}, "
            f"not straight to {target.label.lower()}."
        )
    if target == PlanStatus.CLOSED:
        if plan.kind == ONBOARDING and not plan.has_review:
            return "Run the closing review first (v), then close the plan."
        still_open = len(plan.open_actions)
        if plan.kind == OFFBOARDING and still_open:
            return (
                f"{still_open} action{'s are' if still_open > 1 else ' is'} still open; "
                "mark them done or remove them before closing the plan."
            )
    return None


def review_blocked(plan: PlanView) -> str | None:
    """Why ``plan`` cannot have a closing review now (what to do instead), or None."""
    if plan.kind != ONBOARDING:
        return "Offboarding plans have no closing review; s closes one once every action is done."
    if plan.status not in (PlanStatus.RUNNING, PlanStatus.CLOSED):
        return "The closing review is for a running plan; start the plan first (s)."
    return None


def review_problems(
    checks: Sequence[ReviewCheck], answers: Mapping[str, str], open_actions: int
) -> dict[str, str]:
    """What is wrong with a closing review, by item key (empty when it can be stored)."""
    problems: dict[str, str] = {}
    for check in checks:
        value = answers.get(check.key)
        if value not in CHECK_VALUES:
            problems[check.key] = "Answer this item (yes, partly, no, don't know or n/a)."
    for check in checks:
        if check.rule == "actions_done" and answers.get(check.key) == "yes" and open_actions:
            problems[check.key] = (
                f"{open_actions} action{'s are' if open_actions > 1 else ' is'} still open: "
                "answer no or partly, or mark them done first."
            )
    return problems


def review_start(plan: PlanView, checks: Sequence[ReviewCheck]) -> dict[str, str]:
    """What the review form starts with: the stored answers and notes (as ``key`` and
    ``key_note``), or for a first review the open actions in the "open_actions" note."""
    values = {k: str(v) for k, v in plan.review.items() if k != "notes"}
    notes = plan.review.get("notes")
    values |= {f"{k}_note": str(v) for k, v in (notes if isinstance(notes, dict) else {}).items()}
    if not plan.has_review:
        listed = "\n".join(
            f"- {a.description}" + (f" ({a.owner})" if a.owner else "") for a in plan.open_actions
        )
        for check in checks:
            if check.rule == "open_actions" and check.note:
                values[f"{check.key}_note"] = listed
    return values
