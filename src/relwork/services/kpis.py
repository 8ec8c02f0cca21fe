"""Relationship-management KPIs (DOMAIN §4) for one client or the whole portfolio.

Every KPI is computed from records relwork keeps, over a chosen period of whole
calendar months ending today (the current month so far included), and compared with
the period of the same length just before it. Each comes with a monthly series for a
small chart. What the store does not record (meeting attendance, reply times, when a
complaint was resolved, value indicators, the practice's maturity) is listed as *not
recorded* instead of being estimated.

The computations (:func:`compute_kpis`) are pure functions of :class:`KpiRecords`;
:func:`load_records` reads those records through a session, and :func:`kpis` does both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import TYPE_CHECKING

from relwork.services.scorecard import MET, NO_DATA, SERVICE_CLASSES, metric_status

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.services.watermelon import WatermelonThresholds

HIGHER, LOWER, NEITHER = "higher", "lower", ""
PROMOTER_FROM, DETRACTOR_UP_TO = 9, 6  # NPS answers on 0..10
KEY_SCORE = 4  # influence and interest at or above this: a key stakeholder


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


# --- the KPI -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    key: str
    group: str
    name: str
    value: float | None
    previous: float | None = None
    unit: str = ""  # "%", "/5", "/100", "years", "" (a count)
    better: str = HIGHER  # which way is good: higher, lower, or neither
    detail: str = ""  # the numbers behind the value, in words
    series: tuple[float | None, ...] = ()  # one value per month of the period
    months: tuple[date, ...] = ()  # first day of each month in ``series``
    recorded: bool = True  # False: relwork does not keep what this KPI needs
    about: str = ""  # how it is computed

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def arrow(self) -> str:
        """↑ ↓ → for the change since the previous period; '' when unknown."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < 1e-9:
            return "→"
        return "↑" if change > 0 else "↓"

    @property
    def improving(self) -> bool | None:
        """True when the change goes the good way, False the bad way, None otherwise."""
        change = self.change
        if change is None or abs(change) < 1e-9 or not self.better:
            return None
        return (change > 0) == (self.better == HIGHER)


def format_kpi_value(kpi: Kpi, value: float | None) -> str:
    """'92%', '4.1/5', '3', '2.5 years'; 'not recorded' or '–' when there is none."""
    if not kpi.recorded:
        return "not recorded"
    if value is None:
        return "–"
    if kpi.unit == "%":
        return f"{value:.0f}%"
    if kpi.unit == "years":
        return f"{value:.1f} y"
    if kpi.unit in ("/5",):
        return f"{value:.1f}{kpi.unit}"
    if kpi.unit == "/100":
        return f"{value:.0f}/100"
    if kpi.unit == "nps":
        return f"{value:+.0f}"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


# --- computations ------------------------------------------------------------------------

Series = tuple[float | None, ...]


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


NOT_RECORDED: tuple[tuple[str, str, str, str], ...] = (
    (
        "engagement",
        "Stakeholder engagement",
        "Engagement rate",
        "Meeting attendance and replies to messages are not logged.",
    ),
    (
        "response_time",
        "Communication",
        "Communication response time",
        "When a message arrived and when it was answered are not logged.",
    ),
    (
        "resolution",
        "Relationship health",
        "Conflict resolution time",
        "Complaints are logged, but not the day each was resolved.",
    ),
    (
        "value_realization",
        "Service alignment",
        "Value realization rate",
        "Value indicators with targets are not kept yet.",
    ),
    (
        "maturity",
        "Continual improvement",
        "RM practice maturity",
        "The practice's own maturity level is not assessed in relwork.",
    ),
)


def compute_kpis(records: KpiRecords, *, chosen: KpiPeriod, today: date) -> list[Kpi]:
    """Every KPI for the period ending today, with the previous period's value."""
    now, before = windows(chosen, today)
    parts = months(now)
    starts = tuple(part.start.replace(day=1) for part in parts)

    def monthly(measure: Callable[[Window], float | None]) -> Series:
        return tuple(measure(part) for part in parts)

    result: list[Kpi] = []

    sla, met, measured = service_compliance(records.measurements, now, SERVICE_CLASSES)
    result.append(
        Kpi(
            "sla",
            "Service alignment",
            "SLA compliance",
            sla,
            service_compliance(records.measurements, before, SERVICE_CLASSES)[0],
            unit="%",
            detail=f"{met} of {_plural(measured, 'utility and warranty value')} met"
            if measured
            else "no utility or warranty value measured",
            about="Monthly values of utility and warranty metrics that met their target.",
            series=monthly(
                lambda w: service_compliance(records.measurements, w, SERVICE_CLASSES)[0]
            ),
            months=starts,
        )
    )
    experience, met, measured = service_compliance(records.measurements, now, ("experience",))
    result.append(
        Kpi(
            "experience",
            "Service alignment",
            "Experience targets met",
            experience,
            service_compliance(records.measurements, before, ("experience",))[0],
            unit="%",
            detail=f"{met} of {_plural(measured, 'experience value')} met"
            if measured
            else "no experience value measured",
            about="Experience metrics, kept apart from the service level.",
            series=monthly(
                lambda w: service_compliance(records.measurements, w, ("experience",))[0]
            ),
            months=starts,
        )
    )
    index, people = satisfaction_index(records.surveys, now)
    result.append(
        Kpi(
            "satisfaction",
            "Stakeholder engagement",
            "Stakeholder satisfaction",
            index,
            satisfaction_index(records.surveys, before)[0],
            unit="/100",
            detail=f"latest answer of {_plural(people, 'respondent')}"
            if people
            else "no CSAT or custom survey answers",
            about="Each respondent's latest CSAT or custom score, out of 100; the chart "
            "shows the mean of all answers per month.",
            series=monthly(lambda w: mean_satisfaction(records.surveys, w)),
            months=starts,
        )
    )
    nps, answers = net_promoter(records.surveys, now)
    result.append(
        Kpi(
            "nps",
            "Stakeholder engagement",
            "Net promoter score",
            nps,
            net_promoter(records.surveys, before)[0],
            unit="nps",
            detail=_plural(answers, "NPS answer") if answers else "no NPS answers",
            about="Promoters (9-10) minus detractors (0-6), as a share of NPS answers.",
            series=monthly(lambda w: net_promoter(records.surveys, w)[0]),
            months=starts,
        )
    )
    coverage, touched, key = stakeholder_coverage(
        records.key_stakeholders, records.contacts_met, now
    )
    result.append(
        Kpi(
            "coverage",
            "Stakeholder engagement",
            "Key stakeholders in touch",
            coverage,
            stakeholder_coverage(records.key_stakeholders, records.contacts_met, before)[0],
            unit="%",
            detail=f"{touched} of {_plural(key, 'key stakeholder')} met or spoken to"
            if key
            else "no key stakeholders on the map",
            about="People on today's map with influence and interest of 4 or more, "
            "with a logged interaction in the period.",
        )
    )
    complaint_days = [day for _account, day in records.complaints]
    result.append(
        Kpi(
            "complaints",
            "Communication",
            "Complaints",
            float(count_in(complaint_days, now)),
            float(count_in(complaint_days, before)),
            better=LOWER,
            detail="interactions logged as complaints",
            about="Interactions of kind complaint, counted per month.",
            series=monthly(lambda w: float(count_in(complaint_days, w))),
            months=starts,
        )
    )
    trust, clients = trust_level(records.trust, now)
    result.append(
        Kpi(
            "trust",
            "Relationship health",
            "Trust index",
            trust,
            trust_level(records.trust, before)[0],
            unit="/5",
            detail=f"newest assessment of {_plural(clients, 'client')}"
            if clients
            else "no assessment in the period",
            about="Overall index of the three Cs (1-5), newest per client in the period.",
            series=monthly(lambda w: trust_level(records.trust, w)[0]),
            months=starts,
        )
    )
    reviews, held, due = reviews_on_cadence(records.accounts, records.reviews_held, now)
    result.append(
        Kpi(
            "reviews",
            "Relationship health",
            "Reviews held on cadence",
            reviews,
            reviews_on_cadence(records.accounts, records.reviews_held, before)[0],
            unit="%",
            detail=f"{held} of {_plural(due, 'review')} due were held"
            if due
            else "no review due within the period",
            about="One review due per full review cadence of each active client.",
        )
    )
    on_time, done, due = actions_on_time(records.actions, now, today)
    result.append(
        Kpi(
            "actions",
            "Relationship health",
            "Actions closed on time",
            on_time,
            actions_on_time(records.actions, before, today)[0],
            unit="%",
            detail=f"{done} of {_plural(due, 'action')} due were done by the due day"
            if due
            else "no action was due",
            about="Actions due in the period that were marked done on or before the due day.",
            series=monthly(lambda w: actions_on_time(records.actions, w, today)[0]),
            months=starts,
        )
    )
    tenure, running = tenure_years(records.accounts, now.end)
    result.append(
        Kpi(
            "longevity",
            "Relationship health",
            "Relationship longevity",
            tenure,
            tenure_years(records.accounts, before.end)[0],
            unit="years",
            better=NEITHER,
            detail=f"median of {_plural(running, 'relationship')}"
            if running > 1
            else "since the relationship started"
            if running
            else "no start date recorded",
            about="Years from the start of the relationship (to its end, if it ended).",
        )
    )
    realized, by_origin = improvements_realized(records.improvements, now)
    origins = ", ".join(f"{o} {n}" for o, n in sorted(by_origin.items()))
    result.append(
        Kpi(
            "improvements",
            "Continual improvement",
            "Improvements realized",
            float(realized),
            float(improvements_realized(records.improvements, before)[0]),
            detail=f"by origin: {origins}" if origins else "none realized in the period",
            about="Register items closed as realized, by where they came from.",
            series=monthly(lambda w: float(improvements_realized(records.improvements, w)[0])),
            months=starts,
        )
    )
    accepted, yes, decided, still_open = recommendations_accepted(records.recommendations, now)
    result.append(
        Kpi(
            "recommendations",
            "Continual improvement",
            "Recommendations accepted",
            accepted,
            recommendations_accepted(records.recommendations, before)[0],
            unit="%",
            detail=(
                f"{yes} of {decided} decided" + (f", {still_open} still open" if still_open else "")
                if yes or decided or still_open
                else "no recommendations in the period"
            ),
            about="Review recommendations made in the period that were accepted or done, "
            "out of those accepted, done or declined.",
        )
    )
    if records.watermelons is not None:
        result.append(
            Kpi(
                "watermelons",
                "Relationship health",
                "Watermelon flags",
                float(records.watermelons),
                better=LOWER,
                detail="clients whose green service level hides trouble, today",
                about="Clients flagged by the watermelon rule today (no history is kept).",
            )
        )
    for missing_key, group, name, why in NOT_RECORDED:
        result.append(
            Kpi(missing_key, group, name, None, recorded=False, better=NEITHER, detail=why)
        )
    return result


# --- reading the records -----------------------------------------------------------------


def load_records(
    *,
    session: Session,
    account_id: int | None,
    start: date,
    end: date,
    watermelon_thresholds: WatermelonThresholds | None = None,
) -> KpiRecords:
    """The records from ``start`` to ``end`` of one client, or of every client not
    archived (``account_id`` None; the portfolio also counts today's watermelons)."""
    accounts = _accounts(session, account_id)
    ids = [a.account_id for a in accounts]
    # datetimes are stored in UTC: a day of margin each side, the windows cut exactly
    low, high = _moment(start - timedelta(days=1)), _moment(end + timedelta(days=2))
    key_people = _key_people(session, ids)
    flagged = None
    if account_id is None:
        from relwork.services.watermelon import assess, gather, session_reader

        inputs = gather(session_reader(session), today=end, thresholds=watermelon_thresholds)
        flagged = sum(
            1
            for client, found in inputs.items()
            if client in ids and assess(found, watermelon_thresholds, today=end) is not None
        )
    return replace(
        _events(session, ids, start, end, low, high),
        accounts=tuple(accounts),
        measurements=tuple(_measurements(session, ids, start, end)),
        surveys=tuple(_surveys(session, ids, start, end)),
        trust=tuple(_trust_points(session, ids, low, high)),
        key_stakeholders=tuple(key_people),
        contacts_met=tuple(_contacts_met(session, [c for _a, c in key_people], low, high)),
        watermelons=flagged,
    )


def _accounts(session: Session, account_id: int | None) -> list[AccountPoint]:
    from sqlmodel import col, select

    from relwork.enums import RelationshipType
    from relwork.models import Account
    from relwork.services.reference import default_review_cadence

    query = select(Account)
    if account_id is not None:
        query = query.where(Account.id == account_id)
    else:
        query = query.where(col(Account.archived_at).is_(None))
    return [
        AccountPoint(
            account_id=a.id,
            status=str(a.status),
            start_date=a.start_date,
            end_date=a.end_date,
            review_cadence_days=a.review_cadence_days
            or default_review_cadence(RelationshipType(a.current_type)),
            since=a.start_date or _day(a.created_at),
        )
        for a in session.exec(query).all()
        if a.id is not None
    ]


def _measurements(session: Session, ids: list[int], start: date, end: date) -> list[MeasuredPoint]:
    from sqlmodel import col, select

    from relwork.models import Agreement, Measurement, Metric

    rows = session.exec(
        select(Measurement, Metric, Agreement)
        .join(Metric, col(Metric.id) == col(Measurement.metric_id))
        .join(Agreement, col(Agreement.id) == col(Metric.agreement_id))
        .where(col(Measurement.period_start).between(start, end))
        .where(col(Agreement.account_id).in_(ids))
    ).all()
    return [
        MeasuredPoint(
            agreement.account_id,
            str(metric.metric_class),
            measurement.period_start,
            metric_status(
                measurement.value,
                target=metric.target,
                tolerance=metric.tolerance,
                direction=str(metric.direction),
            ),
        )
        for measurement, metric, agreement in rows
    ]


def _surveys(session: Session, ids: list[int], start: date, end: date) -> list[SurveyPoint]:
    from sqlmodel import col, select

    from relwork.models import SurveyResponse

    rows = session.exec(
        select(SurveyResponse)
        .where(col(SurveyResponse.taken_on).between(start, end))
        .where(col(SurveyResponse.account_id).in_(ids))
    ).all()
    return [
        SurveyPoint(s.account_id, s.contact_id, str(s.instrument), s.score, s.scale_max, s.taken_on)
        for s in rows
    ]


def _events(
    session: Session, ids: list[int], start: date, end: date, low: datetime, high: datetime
) -> KpiRecords:
    """Complaints, actions, reviews held, recommendations and closed improvements."""
    from sqlmodel import col, select

    from relwork.models import (
        ActionItem,
        ClientReview,
        ImprovementItem,
        Interaction,
        Recommendation,
    )

    complaints = session.exec(
        select(Interaction)
        .where(Interaction.kind == "complaint")
        .where(col(Interaction.occurred_at).between(low, high))
        .where(col(Interaction.account_id).in_(ids))
    ).all()
    actions = session.exec(
        select(ActionItem)
        .where(col(ActionItem.due_date).between(start, end))
        .where(col(ActionItem.account_id).in_(ids))
    ).all()
    reviews = session.exec(
        select(ClientReview)
        .where(col(ClientReview.held_at).between(low, high))
        .where(col(ClientReview.account_id).in_(ids))
    ).all()
    recommendations = session.exec(
        select(Recommendation)
        .where(col(Recommendation.created_at).between(low, high))
        .where(col(Recommendation.account_id).in_(ids))
    ).all()
    improvements = session.exec(
        select(ImprovementItem)
        .where(col(ImprovementItem.closed_on).between(start, end))
        .where(col(ImprovementItem.account_id).in_(ids))
    ).all()
    return KpiRecords(
        complaints=tuple((i.account_id, _day(i.occurred_at)) for i in complaints),
        actions=tuple(
            ActionPoint(a.account_id, a.due_date, _day(a.done_at) if a.done_at else None)
            for a in actions
            if a.due_date is not None
        ),
        reviews_held=tuple((r.account_id, _day(r.held_at)) for r in reviews if r.held_at),
        recommendations=tuple(
            RecommendationPoint(r.account_id, _day(r.created_at), str(r.status))
            for r in recommendations
        ),
        improvements=tuple(
            ImprovementPoint(i.account_id, str(i.origin), str(i.status), i.raised_on, i.closed_on)
            for i in improvements
        ),
    )


def _key_people(session: Session, ids: list[int]) -> list[tuple[int, int]]:
    """(account, contact) of the people on the map with high influence and interest."""
    from sqlmodel import col, select

    from relwork.models import Stakeholder

    rows = session.exec(
        select(Stakeholder)
        .where(col(Stakeholder.contact_id).is_not(None))
        .where(col(Stakeholder.influence) >= KEY_SCORE)
        .where(col(Stakeholder.interest) >= KEY_SCORE)
        .where(col(Stakeholder.account_id).in_(ids))
    ).all()
    return [(s.account_id, s.contact_id) for s in rows if s.contact_id is not None]


def _contacts_met(
    session: Session, contacts: list[int], low: datetime, high: datetime
) -> list[tuple[int, date]]:
    from sqlmodel import col, select

    from relwork.models import InteractionAttendee

    rows = session.exec(
        select(InteractionAttendee)
        .where(col(InteractionAttendee.contact_id).in_(sorted(set(contacts))))
        .where(col(InteractionAttendee.occurred_at).between(low, high))
    ).all()
    return [(a.contact_id, _day(a.occurred_at)) for a in rows if a.occurred_at is not None]


def _trust_points(
    session: Session, ids: list[int], low: datetime, high: datetime
) -> list[TrustPoint]:
    from sqlmodel import col, select

    from relwork.models import TrustAssessment, TrustRating
    from relwork.services.trust import load_item_sets

    runs = session.exec(
        select(TrustAssessment)
        .where(col(TrustAssessment.account_id).in_(ids))
        .where(col(TrustAssessment.taken_at).between(low, high))
    ).all()
    if not runs:
        return []
    ratings: dict[int, dict[str, int | None]] = {r.id: {} for r in runs if r.id is not None}
    for rating in session.exec(
        select(TrustRating).where(col(TrustRating.assessment_id).in_(list(ratings)))
    ).all():
        ratings[rating.assessment_id][rating.behaviour_key] = rating.score
    sets = load_item_sets()[0]
    points = []
    for run in runs:
        found = sets.get(run.item_set)
        if found is None or run.id is None:
            continue
        try:
            overall = found.score(ratings[run.id]).overall
        except ValueError:
            continue
        if overall is not None:
            points.append(TrustPoint(run.account_id, _day(run.taken_at), overall))
    return points


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _day(moment: datetime) -> date:
    """The local day of a stored (UTC) datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def kpis(
    *,
    session: Session,
    account_id: int | None,
    chosen: KpiPeriod,
    today: date,
    watermelon_thresholds: WatermelonThresholds | None = None,
) -> list[Kpi]:
    """The KPIs of one client (or the portfolio, ``account_id`` None) for ``chosen``."""
    now, before = windows(chosen, today)
    records = load_records(
        session=session,
        account_id=account_id,
        start=before.start,
        end=now.end,
        watermelon_thresholds=watermelon_thresholds,
    )
    return compute_kpis(records, chosen=chosen, today=today)
