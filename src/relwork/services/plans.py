"""Plans in the database: reading them as views, and the changes the plans screen makes.

The rest of the plan area lives beside it: :mod:`~relwork.services.plan_templates`
(the TOML templates), :mod:`~relwork.services.plan_rules` (the rules, as plain
functions), :mod:`~relwork.services.plan_views` (plans as values),
:mod:`~relwork.services.plan_wizard` (the wizard hooks) and
:mod:`~relwork.services.plan_demo` (the demo plans).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from relwork import clock
from relwork.enums import FourDimension, OffboardingKind, Performer, PlanStatus
from relwork.services.plan_rules import (
    MANUAL_ORDER,
    OFFBOARDING,
    ONBOARDING,
    ActionData,
    PlanError,
    PlanKind,
    review_blocked,
    review_problems,
    status_problem,
)

# Re-exported: the plans screen calls these through this module (``service.<name>``).
from relwork.services.plan_rules import parse_action as parse_action
from relwork.services.plan_rules import review_start as review_start
from relwork.services.plan_templates import PlanTemplates, label_of, load_templates
from relwork.services.plan_views import (
    ActionView,
    Goal,
    OverdueAction,
    PlanProgress,
    PlanView,
    ScopeView,
    _overdue_of,
    progress_of,
)
from relwork.services.validation import InvalidInput
from relwork.text import clean

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import OffboardingPlan, OnboardingPlan, PlanAction


def _new_action(kind: PlanKind, plan_id: int, data: ActionData, sort_order: int) -> PlanAction:
    from relwork.models import PlanAction

    action = PlanAction(
        description=data.description,
        owner=data.owner,
        due=data.due,
        dimension=data.dimension,
        performer=data.performer,
        sort_order=sort_order,
    )
    if kind == ONBOARDING:
        action.onboarding_plan_id = plan_id
    else:
        action.offboarding_plan_id = plan_id
    return action


def _plan_actions(session: Session, kind: PlanKind, plan_id: int) -> list[PlanAction]:
    from sqlmodel import col, select

    from relwork.models import PlanAction

    column = PlanAction.onboarding_plan_id if kind == ONBOARDING else PlanAction.offboarding_plan_id
    return list(
        session.exec(
            select(PlanAction)
            .where(column == plan_id)
            .order_by(col(PlanAction.sort_order), col(PlanAction.id))
        ).all()
    )


def _utc_now() -> datetime:
    """Now, in UTC: done and review times are stored in UTC and read back as UTC."""
    return clock.now().astimezone(UTC)


def stored_moment(moment: datetime | None) -> datetime | None:
    """A stored UTC time made aware (SQLite gives it back without a zone)."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _action_view(action: PlanAction) -> ActionView:
    assert action.id is not None
    return ActionView(
        id=action.id,
        dimension=FourDimension(action.dimension) if action.dimension else None,
        performer=Performer(action.performer),
        description=action.description,
        owner=action.owner,
        due=action.due,
        done_at=stored_moment(action.done_at),
        sort_order=action.sort_order,
    )


def _onboarding_view(session: Session, plan: OnboardingPlan, templates: PlanTemplates) -> PlanView:
    from sqlmodel import col, select

    from relwork.models import OnboardingScopeItem

    assert plan.id is not None
    scope = session.exec(
        select(OnboardingScopeItem)
        .where(OnboardingScopeItem.plan_id == plan.id)
        .order_by(col(OnboardingScopeItem.id))
    ).all()
    order = list(FourDimension)
    return PlanView(
        kind=ONBOARDING,
        id=plan.id,
        account_id=plan.account_id,
        title=plan.title,
        status=PlanStatus(plan.status),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        notes=plan.notes,
        actions=tuple(_action_view(a) for a in _plan_actions(session, ONBOARDING, plan.id)),
        created_at=plan.created_at,
        run_id=plan.run_id,
        scenario=plan.scenario,
        scenario_label=label_of(templates.scenarios, plan.scenario) if plan.scenario else "",
        goals=tuple(Goal(g.get("goal", ""), g.get("measure", "")) for g in plan.goals),
        scope=tuple(
            sorted(
                (ScopeView(FourDimension(s.dimension), s.resource, s.need) for s in scope),
                key=lambda s: order.index(s.dimension),
            )
        ),
        start_trigger=plan.start_trigger,
        trigger_label=label_of(templates.triggers, plan.start_trigger)
        if plan.start_trigger
        else "",
        end_criterion=plan.end_criterion,
        control_approaches=tuple(plan.control_approaches),
        control_labels=tuple(label_of(templates.controls, c) for c in plan.control_approaches),
        review=dict(plan.review or {}),
        reviewed_at=stored_moment(plan.reviewed_at),
    )


def _offboarding_view(
    session: Session, plan: OffboardingPlan, templates: PlanTemplates
) -> PlanView:
    assert plan.id is not None
    kind = OffboardingKind(plan.kind)
    return PlanView(
        kind=OFFBOARDING,
        id=plan.id,
        account_id=plan.account_id,
        title=plan.title,
        status=PlanStatus(plan.status),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        notes=plan.notes,
        actions=tuple(_action_view(a) for a in _plan_actions(session, OFFBOARDING, plan.id)),
        created_at=plan.created_at,
        run_id=plan.run_id,
        offboarding_kind=kind,
        kind_label=label_of(templates.kinds, kind.value),
        reason=plan.reason,
        is_dispute=plan.is_dispute,
        confidential=plan.confidential,
        confidential_reason=plan.confidential_reason,
        legal_expected=plan.legal_expected,
    )


def plan_of_run(*, session: Session, run_id: int) -> tuple[PlanKind, int, str] | None:
    """The plan a finished plan wizard wrote: (kind, id, title), or None."""
    from sqlmodel import select

    from relwork.models import OffboardingPlan, OnboardingPlan

    onboarding = session.exec(select(OnboardingPlan).where(OnboardingPlan.run_id == run_id)).first()
    if onboarding is not None and onboarding.id is not None:
        return ONBOARDING, onboarding.id, onboarding.title
    offboarding = session.exec(
        select(OffboardingPlan).where(OffboardingPlan.run_id == run_id)
    ).first()
    if offboarding is not None and offboarding.id is not None:
        return OFFBOARDING, offboarding.id, offboarding.title
    return None


def plans_for(
    *, session: Session, account_id: int, templates: PlanTemplates | None = None
) -> list[PlanView]:
    """Every plan of a client: open plans first, each group newest first."""
    from sqlmodel import select

    from relwork.models import OffboardingPlan, OnboardingPlan

    if templates is None:
        templates, _problems = load_templates()
    views = [
        _onboarding_view(session, p, templates)
        for p in session.exec(
            select(OnboardingPlan).where(OnboardingPlan.account_id == account_id)
        ).all()
    ]
    views += [
        _offboarding_view(session, p, templates)
        for p in session.exec(
            select(OffboardingPlan).where(OffboardingPlan.account_id == account_id)
        ).all()
    ]
    views.sort(key=lambda v: (v.created_at, v.kind, v.id), reverse=True)
    views.sort(key=lambda v: v.status == PlanStatus.CLOSED)
    return views


def get_plan(
    *, session: Session, kind: PlanKind, plan_id: int, templates: PlanTemplates | None = None
) -> PlanView:
    """One plan as a view; ``LookupError`` when it does not exist."""
    from relwork.models import OffboardingPlan, OnboardingPlan

    if templates is None:
        templates, _problems = load_templates()
    if kind == ONBOARDING:
        onboarding = session.get(OnboardingPlan, plan_id)
        if onboarding is None:
            raise LookupError(f"There is no onboarding plan with id {plan_id}.")
        return _onboarding_view(session, onboarding, templates)
    offboarding = session.get(OffboardingPlan, plan_id)
    if offboarding is None:
        raise LookupError(f"There is no offboarding plan with id {plan_id}.")
    return _offboarding_view(session, offboarding, templates)


def plan_progress(*, session: Session, account_id: int, today: date) -> list[PlanProgress]:
    """Progress of each of a client's plans, in the order of :func:`plans_for`."""
    return [progress_of(v, today) for v in plans_for(session=session, account_id=account_id)]


def overdue_actions(*, session: Session, account_id: int, today: date) -> list[OverdueAction]:
    """Every overdue action of a client's plans that are not closed, longest overdue first."""
    found = [
        o for v in plans_for(session=session, account_id=account_id) for o in _overdue_of(v, today)
    ]
    return sorted(found, key=lambda o: o.due)


def _action(session: Session, action_id: int) -> PlanAction:
    from relwork.models import PlanAction

    action = session.get(PlanAction, action_id)
    if action is None:
        raise LookupError(f"There is no plan action with id {action_id}.")
    return action


def toggle_action_done(*, session: Session, action_id: int) -> bool:
    """Mark an open action done (now) or a done one open again; returns whether it is
    done afterwards."""
    action = _action(session, action_id)
    action.done_at = None if action.done_at is not None else _utc_now()
    action.updated_at = clock.now()
    session.add(action)
    session.commit()
    return action.done_at is not None


def update_action(*, session: Session, action_id: int, data: ActionData) -> ActionView:
    """Change an action's description, owner, due date, dimension and performer."""
    action = _action(session, action_id)
    action.description = data.description
    action.owner = data.owner
    action.due = data.due
    action.dimension = data.dimension
    action.performer = data.performer
    action.updated_at = clock.now()
    session.add(action)
    session.commit()
    session.refresh(action)
    return _action_view(action)


def add_action(*, session: Session, kind: PlanKind, plan_id: int, data: ActionData) -> ActionView:
    """Add an action to a plan (after the others; kept if the wizard is finished again)."""
    get_plan(session=session, kind=kind, plan_id=plan_id)  # raises for an unknown plan
    orders = [a.sort_order for a in _plan_actions(session, kind, plan_id)]
    action = _new_action(kind, plan_id, data, max([MANUAL_ORDER - 1, *orders]) + 1)
    session.add(action)
    session.commit()
    session.refresh(action)
    return _action_view(action)


def remove_action(*, session: Session, action_id: int) -> None:
    session.delete(_action(session, action_id))
    session.commit()


def _plan_row(session: Session, kind: PlanKind, plan_id: int) -> OnboardingPlan | OffboardingPlan:
    from relwork.models import OffboardingPlan, OnboardingPlan

    plan: OnboardingPlan | OffboardingPlan | None = (
        session.get(OnboardingPlan, plan_id)
        if kind == ONBOARDING
        else session.get(OffboardingPlan, plan_id)
    )
    if plan is None:
        raise LookupError(f"There is no {kind} plan with id {plan_id}.")
    return plan


def set_status(*, session: Session, kind: PlanKind, plan_id: int, status: PlanStatus) -> PlanStatus:
    """Move a plan to ``status``; raises :class:`PlanError` when the rules forbid it."""
    view = get_plan(session=session, kind=kind, plan_id=plan_id)
    problem = status_problem(view, PlanStatus(status))
    if problem:
        raise PlanError(problem)
    plan = _plan_row(session, kind, plan_id)
    plan.status = PlanStatus(status)
    plan.updated_at = clock.now()
    session.add(plan)
    session.commit()
    return PlanStatus(status)


def close_review(
    *,
    session: Session,
    plan_id: int,
    answers: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
    templates: PlanTemplates | None = None,
) -> PlanView:
    """Store the closing review of an onboarding plan (answers by item key, and a note
    per item) with today's time; raises :class:`InvalidInput` naming each item to fix,
    or :class:`PlanError` when the plan is not running or closed."""
    from relwork.models import OnboardingPlan

    if templates is None:
        templates, _problems = load_templates()
    view = get_plan(session=session, kind=ONBOARDING, plan_id=plan_id, templates=templates)
    blocked = review_blocked(view)
    if blocked:
        raise PlanError(blocked)
    problems = review_problems(templates.review, answers, len(view.open_actions))
    if problems:
        raise InvalidInput(problems)
    kept_notes = {k: clean(v).strip() for k, v in (notes or {}).items() if clean(v or "").strip()}
    review: dict[str, Any] = {c.key: answers[c.key] for c in templates.review}
    review["notes"] = {c.key: kept_notes[c.key] for c in templates.review if c.key in kept_notes}
    plan = session.get(OnboardingPlan, plan_id)
    assert plan is not None
    plan.review = review
    plan.reviewed_at = _utc_now()
    plan.updated_at = clock.now()
    session.add(plan)
    session.commit()
    return get_plan(session=session, kind=ONBOARDING, plan_id=plan_id, templates=templates)
