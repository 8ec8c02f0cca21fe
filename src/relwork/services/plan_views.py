"""Plans as plain values, detached from sessions: what the screens, exports and agenda show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from relwork.enums import FourDimension, OffboardingKind, Performer, PlanStatus
from relwork.services.plan_rules import STATUS_MOVES, PlanKind
from relwork.services.rules import action_overdue


@dataclass(frozen=True)
class Goal:
    goal: str
    measure: str


@dataclass(frozen=True)
class ScopeView:
    dimension: FourDimension
    resource: str
    need: str


@dataclass(frozen=True)
class ActionView:
    id: int
    dimension: FourDimension | None
    performer: Performer
    description: str
    owner: str
    due: date | None
    done_at: datetime | None
    sort_order: int

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, today: date) -> bool:
        """Due date passed and not done (DOMAIN §5.3)."""
        return action_overdue(self.due, self.done_at, today)


@dataclass(frozen=True)
class PlanView:
    """One plan with everything the screens and exports show (detached from sessions).

    Onboarding-only fields are empty for an offboarding plan and the other way round.
    """

    kind: PlanKind
    id: int
    account_id: int
    title: str
    status: PlanStatus
    starts_on: date | None
    ends_on: date | None
    notes: str
    actions: tuple[ActionView, ...]
    created_at: datetime
    run_id: int | None = None
    # onboarding
    scenario: str = ""
    scenario_label: str = ""
    goals: tuple[Goal, ...] = ()
    scope: tuple[ScopeView, ...] = ()
    start_trigger: str = ""
    trigger_label: str = ""
    end_criterion: str = ""
    control_approaches: tuple[str, ...] = ()
    control_labels: tuple[str, ...] = ()
    review: Mapping[str, Any] = field(default_factory=dict)
    reviewed_at: datetime | None = None
    # offboarding
    offboarding_kind: OffboardingKind | None = None
    kind_label: str = ""
    reason: str = ""
    is_dispute: bool = False
    confidential: bool = False
    confidential_reason: str = ""
    legal_expected: bool = False

    @property
    def type_label(self) -> str:
        """Onboarding or Offboarding, for headings."""
        return self.kind.capitalize()

    @property
    def done(self) -> int:
        return sum(1 for a in self.actions if a.done)

    @property
    def total(self) -> int:
        return len(self.actions)

    def overdue(self, today: date) -> list[ActionView]:
        """Overdue actions, the longest overdue first; none once the plan is closed."""
        if self.status == PlanStatus.CLOSED:
            return []
        late = [a for a in self.actions if a.overdue(today)]
        return sorted(late, key=lambda a: (a.due or today, a.sort_order))

    @property
    def open_actions(self) -> list[ActionView]:
        return [a for a in self.actions if not a.done]

    def by_dimension(self) -> list[tuple[FourDimension | None, list[ActionView]]]:
        """Actions grouped by dimension (the four in order, then those without one)."""
        groups: list[tuple[FourDimension | None, list[ActionView]]] = []
        for dimension in [*FourDimension, None]:
            chosen = [a for a in self.actions if a.dimension == dimension]
            if chosen:
                groups.append((dimension, chosen))
        return groups

    @property
    def has_review(self) -> bool:
        return self.reviewed_at is not None and bool(self.review)

    def next_statuses(self) -> tuple[PlanStatus, ...]:
        return STATUS_MOVES[self.status]


@dataclass(frozen=True)
class OverdueAction:
    """An action whose due date has passed while it is still open."""

    action_id: int
    kind: PlanKind
    plan_id: int
    plan_title: str
    description: str
    owner: str
    due: date
    confidential: bool = False  # of its plan


@dataclass(frozen=True)
class PlanProgress:
    """Where one plan stands: for the workspace, the dashboard and the review agenda."""

    kind: PlanKind
    plan_id: int
    title: str
    status: PlanStatus
    done: int
    total: int
    overdue: list[OverdueAction]
    confidential: bool
    starts_on: date | None
    ends_on: date | None

    def describe(self) -> str:
        """E.g. "7 of 12 actions done, 2 overdue"."""
        text = f"{self.done} of {self.total} actions done"
        return text + (f", {len(self.overdue)} overdue" if self.overdue else "")


def _overdue_of(view: PlanView, today: date) -> list[OverdueAction]:
    return [
        OverdueAction(
            action_id=a.id,
            kind=view.kind,
            plan_id=view.id,
            plan_title=view.title,
            description=a.description,
            owner=a.owner,
            due=a.due or today,
            confidential=view.confidential,
        )
        for a in view.overdue(today)
    ]


def progress_of(view: PlanView, today: date) -> PlanProgress:
    return PlanProgress(
        kind=view.kind,
        plan_id=view.id,
        title=view.title,
        status=view.status,
        done=view.done,
        total=view.total,
        overdue=_overdue_of(view, today),
        confidential=view.confidential,
        starts_on=view.starts_on,
        ends_on=view.ends_on,
    )
