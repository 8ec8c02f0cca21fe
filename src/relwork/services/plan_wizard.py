"""The plan wizards' hooks: prefill the action rows, and write the plan when a run finishes.

See :mod:`relwork.wizards.hooks`: :func:`prefill_onboarding_actions` and
:func:`prefill_offboarding_actions` propose the action rows of the plan wizards;
:func:`plan_from_run` and :func:`offboarding_from_run` write the plan when a run
finishes. Due dates are spread between the start and end dates (see
:func:`relwork.services.plan_rules.spread_due`).

Finishing the same run again updates its plan: fields and scope are rewritten; actions
are matched to the wizard's rows by description, so a matched action keeps its done
mark, a row no longer in the wizard removes its action, and actions added on the plans
screen (numbered from :data:`~relwork.services.plan_rules.MANUAL_ORDER`) are never
touched. An onboarding plan is saved *agreed* when the wizard says the client approved
it, else *draft*; a plan that has already moved on (running, closed) keeps its status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from relwork import clock
from relwork.enums import FourDimension, OffboardingKind, Performer, PlanStatus
from relwork.services.plan_rules import (
    MANUAL_ORDER,
    OFFBOARDING,
    ONBOARDING,
    OWNER_MAX,
    TITLE_MAX,
    ActionData,
    PlanKind,
    as_date,
    spread_due,
)
from relwork.services.plan_templates import ActionTemplate, label_of, load_templates
from relwork.services.plans import _new_action, _plan_actions
from relwork.text import clean, clean_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import WizardRun


def _rows(
    templates: Sequence[ActionTemplate],
    tags: set[str],
    owners: Mapping[Performer, str],
    *,
    start: date,
    end: date | None,
    usual_days: int,
) -> list[dict[str, Any]]:
    chosen = [t for t in templates if tags & set(t.applies_to)]
    rows = [
        {
            "dimension": t.dimension.value if t.dimension else "",
            "performer": t.performer.value,
            "description": t.description,
            "owner": t.owner or owners.get(t.performer, ""),
            "due": spread_due(t.at, start=start, end=end, usual_days=usual_days).isoformat(),
        }
        for t in chosen
    ]
    return sorted(rows, key=lambda row: row["due"])  # stable: template order on a tie


def prefill_onboarding_actions(answers: Mapping[str, Any], *, today: date) -> list[dict[str, Any]]:
    """Seed action rows for the chosen scenario, due between the start and end dates.

    Without a scenario there is nothing to propose (an empty list); without a start
    date the actions are spread from ``today``.
    """
    templates, _problems = load_templates()
    scenario = templates.scenario(answers.get("scenario"))
    if scenario is None:
        return []
    return _rows(
        templates.onboarding_actions,
        {scenario.value, scenario.level},
        templates.onboarding_owners,
        start=as_date(answers.get("starts_on")) or today,
        end=as_date(answers.get("ends_on")),
        usual_days=scenario.days,
    )


def prefill_offboarding_actions(answers: Mapping[str, Any], *, today: date) -> list[dict[str, Any]]:
    """Seed action rows for the kind of exit (customer, user, provider switch)."""
    templates, _problems = load_templates()
    kind = templates.kind(answers.get("kind"))
    if kind is None:
        return []
    return _rows(
        templates.offboarding_actions,
        {kind.value},
        templates.offboarding_owners,
        start=as_date(answers.get("starts_on")) or today,
        end=as_date(answers.get("ends_on")),
        usual_days=kind.days,
    )


def _row_action(row: Mapping[str, Any]) -> ActionData | None:
    """A wizard row as an action, forgiving: bad codes are dropped, not fatal."""
    description = clean_line(str(row.get("description") or ""))
    if not description:
        return None
    try:
        dimension = FourDimension(str(row["dimension"])) if row.get("dimension") else None
    except ValueError:
        dimension = None
    try:
        performer = Performer(str(row.get("performer") or Performer.PROVIDER.value))
    except ValueError:
        performer = Performer.PROVIDER
    owner = clean_line(str(row.get("owner") or ""))[:OWNER_MAX]
    return ActionData(description, owner, as_date(row.get("due")), dimension, performer)


def _group_rows(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def _answer_text(answers: Mapping[str, Any], key: str, *, line: bool = False) -> str:
    value = answers.get(key)
    if not isinstance(value, str):
        return ""
    return clean_line(value) if line else clean(value).strip()


def plan_from_run(*, session: Session, run: WizardRun, answers: Mapping[str, Any]) -> int:
    """Write (or, for a run finished before, update) the onboarding plan of ``run``.

    Returns the plan's id. See the module docstring for how a second finish treats
    actions and status. Flushes but does not commit: the caller (``finish_run``) commits
    the plan together with the finished run.
    """
    from sqlmodel import select

    from relwork.models import OnboardingPlan, OnboardingScopeItem

    templates, _problems = load_templates()
    plan = session.exec(select(OnboardingPlan).where(OnboardingPlan.run_id == run.id)).first()
    if plan is None:
        plan = OnboardingPlan(account_id=run.account_id, run_id=run.id)
    scenario = _answer_text(answers, "scenario", line=True)
    title = _answer_text(answers, "title", line=True)
    plan.title = (title or label_of(templates.scenarios, scenario or "onboarding"))[:TITLE_MAX]
    plan.scenario = scenario
    plan.goals = [
        {
            "goal": clean_line(str(r.get("goal") or "")),
            "measure": clean_line(str(r.get("measure") or "")),
        }
        for r in _group_rows(answers.get("goals"))
        if str(r.get("goal") or "").strip()
    ]
    plan.start_trigger = _answer_text(answers, "start_trigger", line=True)
    plan.starts_on = as_date(answers.get("starts_on"))
    plan.ends_on = as_date(answers.get("ends_on"))
    plan.end_criterion = _answer_text(answers, "end_criterion")
    chosen = answers.get("control_approach")
    plan.control_approaches = [str(c) for c in chosen] if isinstance(chosen, list) else []
    plan.notes = _answer_text(answers, "note")
    if plan.id is None or PlanStatus(plan.status) in (PlanStatus.DRAFT, PlanStatus.AGREED):
        approved = answers.get("approved") == "yes"
        plan.status = PlanStatus.AGREED if approved else PlanStatus.DRAFT
    plan.updated_at = clock.now()
    session.add(plan)
    session.flush()
    assert plan.id is not None
    for item in session.exec(
        select(OnboardingScopeItem).where(OnboardingScopeItem.plan_id == plan.id)
    ).all():
        session.delete(item)
    for row in _group_rows(answers.get("scope")):
        resource = clean(str(row.get("resource") or "")).strip()
        try:
            dimension = FourDimension(str(row.get("dimension")))
        except ValueError:
            continue
        if resource:
            session.add(
                OnboardingScopeItem(
                    plan_id=plan.id,
                    dimension=dimension,
                    resource=resource,
                    need=clean(str(row.get("need") or "")).strip(),
                )
            )
    _sync_actions(session, ONBOARDING, plan.id, answers.get("actions"))
    session.flush()
    return plan.id


def offboarding_from_run(*, session: Session, run: WizardRun, answers: Mapping[str, Any]) -> int:
    """Write (or update) the offboarding plan of ``run``; returns its id. Flushes, and
    leaves the commit to the caller as :func:`plan_from_run` does.

    A client leaving unhappy or in dispute makes the plan confidential, with the
    answer to "why" kept as the reason.
    """
    from sqlmodel import select

    from relwork.models import OffboardingPlan

    templates, _problems = load_templates()
    plan = session.exec(select(OffboardingPlan).where(OffboardingPlan.run_id == run.id)).first()
    if plan is None:
        plan = OffboardingPlan(account_id=run.account_id, run_id=run.id)
    try:
        kind = OffboardingKind(str(answers.get("kind")))
    except ValueError:
        kind = OffboardingKind.CUSTOMER
    title = _answer_text(answers, "title", line=True)
    plan.title = (title or label_of(templates.kinds, kind.value))[:TITLE_MAX]
    plan.kind = kind
    plan.reason = _answer_text(answers, "reason")
    dispute = answers.get("dissatisfied") == "yes"
    plan.is_dispute = dispute
    plan.confidential = dispute
    plan.confidential_reason = _answer_text(answers, "dispute_why") if dispute else ""
    plan.legal_expected = dispute and answers.get("legal_expected") == "yes"
    plan.starts_on = as_date(answers.get("starts_on"))
    plan.ends_on = as_date(answers.get("ends_on"))
    plan.notes = _answer_text(answers, "note")
    plan.updated_at = clock.now()
    session.add(plan)
    session.flush()
    assert plan.id is not None
    _sync_actions(session, OFFBOARDING, plan.id, answers.get("actions"))
    session.flush()
    return plan.id


def _same(text: str) -> str:
    return " ".join(text.lower().split())


def _sync_actions(session: Session, kind: PlanKind, plan_id: int, rows: object) -> None:
    """Make the wizard-made actions of a plan match the wizard's rows (see module doc)."""
    wanted = [a for a in (_row_action(r) for r in _group_rows(rows)) if a is not None]
    existing = [a for a in _plan_actions(session, kind, plan_id) if a.sort_order < MANUAL_ORDER]
    now = clock.now()
    for order, data in enumerate(wanted):
        match = next((a for a in existing if _same(a.description) == _same(data.description)), None)
        if match is not None:
            existing.remove(match)
            action = match
        else:
            action = _new_action(kind, plan_id, data, order)
        action.description = data.description
        action.owner = data.owner
        action.due = data.due
        action.dimension = data.dimension
        action.performer = data.performer
        action.sort_order = order
        action.updated_at = now
        session.add(action)
    for gone in existing:
        session.delete(gone)
