"""The pure KPI rules: periods and their windows, the records they read, each measure.

Every measure is a pure function of the records (:class:`KpiRecords`) and a window of
days; :mod:`relwork.services.kpi_definitions` turns them into the KPIs people see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from relwork.services.scorecard import MET, NO_DATA

PROMOTER_FROM, DETRACTOR_UP_TO = 9, 6  # NPS answers on 0..10


# --- periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiPeriod:
    key: str
    label: str
    months: int


PERIODS: tuple[KpiPeriod, ...] = (
    KpiPeriod("3m", "last 3 months", 3),
    KpiPeriod("6m", "last 6 months", 6),
    KpiPeriod("12m", "last 12 months", 12),
)


def period(key: str) -> KpiPeriod:
    for candidate in PERIODS:
        if candidate.key == key:
            return candidate
    raise ValueError(f"Unknown period {key!r}; use one of {', '.join(p.key for p in PERIODS)}.")


def next_period(current: KpiPeriod) -> KpiPeriod:
    return PERIODS[(PERIODS.index(current) + 1) % len(PERIODS)]


@dataclass(frozen=True)
class Window:
    """Days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def windows(chosen: KpiPeriod, today: date) -> tuple[Window, Window]:
    """The period ending today (whole months, this one so far) and the one before it."""
    start = _add_months(today, 1 - chosen.months)
    before = _add_months(start, -chosen.months)
    return Window(start, today), Window(before, start - timedelta(days=1))


def months(window: Window) -> list[Window]:
    """The calendar months of ``window``, cut to it, oldest first."""
    result = []
    first = window.start.replace(day=1)
    while first <= window.end:
        following = _add_months(first, 1)
        result.append(
            Window(max(first, window.start), min(following - timedelta(days=1), window.end))
        )
        first = following
    return result


# --- records (the pure inputs) ---------------------------------------------------------


@dataclass(frozen=True)
class AccountPoint:
    account_id: int
    status: str
    start_date: date | None
    end_date: date | None
    review_cadence_days: int  # its own, else the usual for its relationship type
    since: date | None = None  # first day on record: the start date, else when it was added


@dataclass(frozen=True)
class MeasuredPoint:
    account_id: int
    metric_class: str
    period: date
    status: str  # from metric_status


@dataclass(frozen=True)
class SurveyPoint:
    account_id: int
    contact_id: int | None
    instrument: str
    score: float
    scale_max: float
    taken_on: date


@dataclass(frozen=True)
class ActionPoint:
    account_id: int
    due: date
    done_on: date | None


@dataclass(frozen=True)
class ImprovementPoint:
    account_id: int
    origin: str
    status: str
    raised_on: date
    closed_on: date | None


@dataclass(frozen=True)
class RecommendationPoint:
    account_id: int
    created_on: date
    status: str


@dataclass(frozen=True)
class TrustPoint:
    account_id: int
    taken_on: date
    index: float


@dataclass(frozen=True)
class KpiRecords:
    """The records of one client or the portfolio, covering both windows."""

    accounts: tuple[AccountPoint, ...] = ()
    measurements: tuple[MeasuredPoint, ...] = ()
    surveys: tuple[SurveyPoint, ...] = ()
    complaints: tuple[tuple[int, date], ...] = ()  # (account, day)
    actions: tuple[ActionPoint, ...] = ()
    reviews_held: tuple[tuple[int, date], ...] = ()  # (account, day held)
    recommendations: tuple[RecommendationPoint, ...] = ()
    improvements: tuple[ImprovementPoint, ...] = ()
    trust: tuple[TrustPoint, ...] = ()
    key_stakeholders: tuple[tuple[int, int], ...] = ()  # (account, contact)
    contacts_met: tuple[tuple[int, date], ...] = ()  # (contact, day of an interaction)
    watermelons: int | None = None  # flagged clients today (portfolio view)


# --- measures --------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def service_compliance(
    points: Iterable[MeasuredPoint], window: Window, classes: Sequence[str]
) -> tuple[float | None, int, int]:
    """(% met, met, measured) of the values of metrics in ``classes`` for periods
    starting in ``window``; values without data are not counted."""
    chosen = [
        p
        for p in points
        if p.metric_class in classes and p.period in window and p.status != NO_DATA
    ]
    met = sum(1 for p in chosen if p.status == MET)
    return _share(met, len(chosen)), met, len(chosen)


def satisfaction_index(surveys: Iterable[SurveyPoint], window: Window) -> tuple[float | None, int]:
    """Mean of each respondent's latest CSAT or custom answer in ``window`` on 0-100,
    and how many respondents. A client's answers without a named respondent (a group
    survey's result) count as one more respondent: its latest result."""
    latest: dict[tuple[int, int | None], SurveyPoint] = {}
    for point in sorted(surveys, key=lambda s: s.taken_on):
        if point.instrument not in ("csat", "custom") or point.taken_on not in window:
            continue
        if point.scale_max:
            latest[(point.account_id, point.contact_id)] = point
    scores = [p.score / p.scale_max * 100 for p in latest.values()]
    return (sum(scores) / len(scores) if scores else None), len(scores)


def mean_satisfaction(surveys: Iterable[SurveyPoint], window: Window) -> float | None:
    """Mean of every CSAT or custom answer in ``window`` on 0-100 (for the chart)."""
    scores = [
        s.score / s.scale_max * 100
        for s in surveys
        if s.instrument in ("csat", "custom") and s.scale_max and s.taken_on in window
    ]
    return sum(scores) / len(scores) if scores else None


NPS_ANSWER_MAX = 10  # a person's answer: 0..10 (an aggregate net score has scale 100)


def net_promoter(surveys: Iterable[SurveyPoint], window: Window) -> tuple[float | None, int]:
    """NPS (% promoters minus % detractors, -100..100) of the NPS answers in ``window``.

    Only one person's 0-10 answers count; a period's net score (scale 100) is already
    an aggregate and cannot be split back into promoters and detractors."""
    answers = [
        s.score
        for s in surveys
        if s.instrument == "nps" and s.scale_max == NPS_ANSWER_MAX and s.taken_on in window
    ]
    if not answers:
        return None, 0
    promoters = sum(1 for a in answers if a >= PROMOTER_FROM)
    detractors = sum(1 for a in answers if a <= DETRACTOR_UP_TO)
    return (promoters - detractors) / len(answers) * 100, len(answers)


def count_in(days: Iterable[date], window: Window) -> int:
    return sum(1 for day in days if day in window)


def actions_on_time(
    actions: Iterable[ActionPoint], window: Window, today: date
) -> tuple[float | None, int, int]:
    """(% on time, on time, due) for actions due in ``window`` up to ``today``: on
    time means done on or before the due day."""
    due = [a for a in actions if a.due in window and a.due <= today]
    on_time = sum(1 for a in due if a.done_on is not None and a.done_on <= a.due)
    return _share(on_time, len(due)), on_time, len(due)


def reviews_on_cadence(
    accounts: Iterable[AccountPoint], held: Iterable[tuple[int, date]], window: Window
) -> tuple[float | None, int, int]:
    """(% held, held, due) where each active client is due one review per full cadence
    it spent in ``window`` (counted from its first day on record, if later); reviews
    held beyond what was due do not make up for another client's missed ones."""
    counts = Counter(account for account, day in held if day in window)
    due_total = held_total = 0
    for account in accounts:
        if account.status != "active" or account.review_cadence_days <= 0:
            continue
        first = max(window.start, account.since or window.start)
        due = max(0, (window.end - first).days + 1) // account.review_cadence_days
        if due == 0:
            continue
        due_total += due
        held_total += min(due, counts[account.account_id])
    return _share(held_total, due_total), held_total, due_total


def recommendations_accepted(
    items: Iterable[RecommendationPoint], window: Window
) -> tuple[float | None, int, int, int]:
    """(% accepted, accepted, decided, still open) of recommendations made in ``window``;
    accepted or done count as accepted, declined as not; open ones are not decided."""
    made = [r for r in items if r.created_on in window]
    accepted = sum(1 for r in made if r.status in ("accepted", "done"))
    declined = sum(1 for r in made if r.status == "declined")
    decided = accepted + declined
    return _share(accepted, decided), accepted, decided, len(made) - decided


def improvements_realized(
    items: Iterable[ImprovementPoint], window: Window
) -> tuple[int, dict[str, int]]:
    """How many items were realized in ``window``, and how many per origin."""
    done = [
        i
        for i in items
        if i.status == "realized" and i.closed_on is not None and i.closed_on in window
    ]
    return len(done), dict(Counter(i.origin for i in done))


def stakeholder_coverage(
    key_people: Iterable[tuple[int, int]], met: Iterable[tuple[int, date]], window: Window
) -> tuple[float | None, int, int]:
    """(% in touch, in touch, key) of key stakeholders with an interaction in ``window``."""
    people = {contact for _account, contact in key_people}
    touched = {contact for contact, day in met if day in window} & people
    return _share(len(touched), len(people)), len(touched), len(people)


def trust_level(points: Iterable[TrustPoint], window: Window) -> tuple[float | None, int]:
    """Mean over clients of each one's newest trust index in ``window``, and how many."""
    newest: dict[int, TrustPoint] = {}
    for point in sorted(points, key=lambda p: p.taken_on):
        if point.taken_on in window:
            newest[point.account_id] = point
    values = [p.index for p in newest.values()]
    return (sum(values) / len(values) if values else None), len(values)


def tenure_years(accounts: Iterable[AccountPoint], on: date) -> tuple[float | None, int]:
    """Median years since the start of each client relationship running on ``on``."""
    spans = [
        ((min(a.end_date, on) if a.end_date else on) - a.start_date).days / 365.25
        for a in accounts
        if a.start_date is not None and a.start_date <= on and a.status != "prospect"
    ]
    return (median(spans) if spans else None), len(spans)
