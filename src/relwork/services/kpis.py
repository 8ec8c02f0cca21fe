"""Relationship-management KPIs (DOMAIN §4) for one client or the whole portfolio.

Every KPI is computed from records relwork keeps, over a chosen period of whole
calendar months ending today (the current month so far included), and compared with
the period of the same length just before it.

The computations (:func:`relwork.services.kpi_definitions.compute_kpis`) are pure
functions of :class:`~relwork.services.kpi_rules.KpiRecords`; :func:`load_records` here
reads those records through a session, and :func:`kpis` does both.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from relwork.services.kpi_definitions import Kpi, compute_kpis
from relwork.services.kpi_rules import (
    AccountPoint,
    ActionPoint,
    ImprovementPoint,
    KpiPeriod,
    KpiRecords,
    MeasuredPoint,
    RecommendationPoint,
    SurveyPoint,
    TrustPoint,
    windows,
)
from relwork.services.scorecard import metric_status

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.services.watermelon import WatermelonThresholds

KEY_SCORE = 4  # influence and interest at or above this: a key stakeholder


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
