"""The plain, frozen values an agenda is drafted from (``AgendaInputs``) and into."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from relwork.services.stakeholders import MapDiff


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
