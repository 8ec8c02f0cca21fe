"""Reading what an agenda draws on into ``AgendaInputs`` (database), and ``draft_agenda``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from relwork.services.agenda_draft import build_agenda
from relwork.services.agenda_facts import (
    ActionFact,
    AgendaInputs,
    AgreementFact,
    DraftSection,
    IncidentFact,
    MaturityFact,
    PlanLike,
    RecommendationFact,
    ResponsibilityFact,
    RiskFact,
    ScorecardLike,
    StepChange,
    TrustFact,
)
from relwork.services.agenda_templates import load_templates

if TYPE_CHECKING:
    from sqlmodel import Session

    from relwork.models import ClientReview
    from relwork.services.stakeholders import MapDiff


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone().date()
    return value


def utc(moment: datetime) -> datetime:
    """A datetime as the store keeps it: aware, in UTC (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def period_start(review: ClientReview, account_start: date | None, created: datetime) -> date:
    """The first day a review looks back on: its ``covers_from``, else the account's
    start, else the day the client was added."""
    return _day(review.covers_from) or account_start or _day(created) or date.min


def gather_inputs(
    *, session: Session, review_id: int, today: date, watermelon_settings: Any = None
) -> AgendaInputs:
    """Read what the agenda of ``review_id`` draws on (since its period start).
    ``watermelon_settings``: the user's overrides of the watermelon thresholds."""
    from sqlmodel import col, select

    from relwork.enums import (
        AgreementStatus,
        InteractionKind,
        JourneyStep,
        MaturitySide,
        RecommendationStatus,
        RelationshipType,
        ReviewStatus,
        RiskStatus,
    )
    from relwork.models import (
        Account,
        ActionItem,
        Agreement,
        ClientReview,
        Interaction,
        JourneyStepChange,
        MaturityAssessment,
        Recommendation,
        ResponsibilityLine,
        ReviewItem,
        ReviewSection,
        Risk,
    )

    review = session.get(ClientReview, review_id)
    if review is None:
        raise LookupError(f"There is no review with id {review_id}.")
    account = session.get(Account, review.account_id)
    assert account is not None
    client_id = review.account_id
    since = period_start(review, account.start_date, account.created_at)
    start = utc(datetime.combine(since, time.min).astimezone())
    end = utc(datetime.combine(today, time.max).astimezone())

    earlier = [
        r
        for r in session.exec(
            select(ClientReview)
            .where(ClientReview.account_id == client_id, ClientReview.id != review_id)
            .order_by(col(ClientReview.scheduled_for))
        ).all()
        if utc(r.scheduled_for) <= utc(review.scheduled_for)
    ]
    held = [r for r in earlier if r.status in (ReviewStatus.HELD, ReviewStatus.REPORTED)]
    previous = held[-1] if held else None
    earlier_ids = [r.id for r in earlier if r.id is not None]
    review_days = {r.id: _day(r.held_at or r.scheduled_for) for r in earlier}

    step_changes = [
        StepChange(
            id=c.id or 0,
            on=_day(c.changed_at) or since,
            from_step=JourneyStep(c.from_step).label if c.from_step else "",
            to_step=JourneyStep(c.to_step).label,
        )
        for c in session.exec(
            select(JourneyStepChange).where(
                JourneyStepChange.account_id == client_id,
                col(JourneyStepChange.changed_at) >= start,
                col(JourneyStepChange.changed_at) <= end,
            )
        ).all()
    ]
    agreements = []
    for a in session.exec(select(Agreement).where(Agreement.account_id == client_id)).all():
        created = _day(a.created_at) or since
        began = a.starts_on if a.starts_on is not None else created
        started = since <= began <= today
        ended = (a.ends_on is not None and since <= a.ends_on <= today) or (
            str(a.status) in ("expired", "terminated") and (_day(a.updated_at) or since) >= since
        )
        if started or ended:
            agreements.append(
                AgreementFact(
                    id=a.id or 0,
                    title=a.title,
                    status=AgreementStatus(a.status).label,
                    starts_on=a.starts_on,
                    ends_on=a.ends_on,
                    started=started and not (a.ends_on is not None and a.ends_on < since),
                    ended=ended,
                )
            )
    previous_type = ""
    if previous is not None:
        source = session.exec(
            select(ReviewItem.source)
            .join(ReviewSection, col(ReviewSection.id) == ReviewItem.section_id)
            .where(
                ReviewSection.review_id == previous.id, col(ReviewItem.source).startswith("type:")
            )
        ).first()
        previous_type = source.removeprefix("type:") if source else ""
    maturity = [
        MaturityFact(
            id=m.id or 0,
            side=MaturitySide(m.side).label,
            level=RelationshipType(m.level).label,
            on=m.assessed_on,
        )
        for m in session.exec(
            select(MaturityAssessment)
            .where(
                MaturityAssessment.account_id == client_id,
                col(MaturityAssessment.assessed_on) >= since,
                col(MaturityAssessment.assessed_on) <= today,
            )
            .order_by(col(MaturityAssessment.assessed_on), col(MaturityAssessment.id))
        ).all()
    ]
    incidents = [
        IncidentFact(
            id=i.id or 0, on=_day(i.occurred_at) or since, kind=str(i.kind), summary=i.summary
        )
        for i in session.exec(
            select(Interaction).where(
                Interaction.account_id == client_id,
                col(Interaction.kind).in_([InteractionKind.COMPLAINT, InteractionKind.FEEDBACK]),
                col(Interaction.occurred_at) >= start,
                col(Interaction.occurred_at) <= end,
            )
        ).all()
    ]
    responsibilities = [
        ResponsibilityFact(
            id=r.id or 0,
            area=r.area,
            party=str(r.owner_party),
            third_party=r.third_party_name,
            note=r.note,
            can_cause_unavailability=r.can_cause_unavailability,
        )
        for r in session.exec(
            select(ResponsibilityLine)
            .where(ResponsibilityLine.account_id == client_id)
            .order_by(col(ResponsibilityLine.id))
        ).all()
    ]

    def action_fact(a: ActionItem) -> ActionFact:
        return ActionFact(a.id or 0, a.text, a.owner, a.due_date, _day(a.done_at))

    actions = session.exec(
        select(ActionItem)
        .where(ActionItem.account_id == client_id)
        .order_by(col(ActionItem.due_date).is_(None), col(ActionItem.due_date), col(ActionItem.id))
    ).all()
    previous_actions = [action_fact(a) for a in actions if previous and a.review_id == previous.id]
    carried = [
        action_fact(a)
        for a in actions
        if a.review_id in earlier_ids
        and a.done_at is None
        and (previous is None or a.review_id != previous.id)
    ]
    overdue = [
        action_fact(a)
        for a in actions
        if a.review_id is None
        and a.done_at is None
        and a.due_date is not None
        and a.due_date < today
    ]
    recommendations = []
    if earlier_ids:
        for rec in session.exec(
            select(Recommendation)
            .where(
                col(Recommendation.review_id).in_(earlier_ids),
                col(Recommendation.status).in_(
                    [RecommendationStatus.OPEN, RecommendationStatus.ACCEPTED]
                ),
            )
            .order_by(col(Recommendation.id))
        ).all():
            recommendations.append(
                RecommendationFact(
                    id=rec.id or 0,
                    text=rec.text,
                    status=RecommendationStatus(rec.status).label,
                    owner=rec.owner,
                    review_on=review_days.get(rec.review_id) or since,
                )
            )
    risks = [
        RiskFact(
            id=r.id or 0,
            description=r.description,
            likelihood=r.likelihood,
            impact=r.impact,
            mitigation=r.mitigation,
            owner=r.owner,
            shared=r.shared_with_client,
            status=RiskStatus(r.status).label,
        )
        for r in session.exec(
            select(Risk).where(Risk.account_id == client_id, Risk.status != RiskStatus.CLOSED)
        ).all()
    ]
    trust_latest, trust_previous = _trust_points(session, client_id, end)
    map_diff, map_since, map_snapshot = _map_changes(session, client_id, start)
    flag = _watermelon_flag(session, client_id, today, watermelon_settings)
    return AgendaInputs(
        since=since,
        today=today,
        scorecard=_scorecard_rows(session, client_id, today),
        step_changes=step_changes,
        agreements=agreements,
        relationship_type=str(account.current_type),
        target_type=str(account.target_type or ""),
        previous_type=previous_type,
        maturity=maturity,
        incidents=incidents,
        responsibilities=responsibilities,
        previous_actions=previous_actions,
        carried_actions=carried,
        overdue_actions=overdue,
        open_recommendations=recommendations,
        trust_latest=trust_latest,
        trust_previous=trust_previous,
        map_diff=map_diff,
        map_since=map_since,
        map_snapshot_id=map_snapshot,
        plans=_plan_rows(session, client_id, today),
        risks=risks,
        watermelon=tuple(flag.evidence) if flag is not None else None,
        green_share=flag.green_share if flag is not None else None,
    )


def _scorecard_rows(session: Session, client_id: int, today: date) -> Sequence[ScorecardLike]:
    from relwork.services.scorecard import scorecard

    return tuple(scorecard(session=session, account_id=client_id, today=today))


def _plan_rows(session: Session, client_id: int, today: date) -> Sequence[PlanLike]:
    from relwork.services.plans import plan_progress

    return tuple(plan_progress(session=session, account_id=client_id, today=today))


def _watermelon_flag(session: Session, client_id: int, today: date, settings: Any) -> Any:
    from relwork.services.watermelon import WatermelonThresholds, watermelon

    thresholds = WatermelonThresholds.from_settings(settings)
    return watermelon(session=session, account_id=client_id, today=today, thresholds=thresholds)


def _trust_points(
    session: Session, client_id: int, end: datetime
) -> tuple[TrustFact | None, TrustFact | None]:
    from relwork.services.trust import assessments

    history = [
        a
        for a in assessments(session=session, client_id=client_id)
        if a.set_found and a.taken_at <= end
    ]
    if not history:
        return None, None
    latest = history[-1]
    same = [a for a in history[:-1] if a.perspective == latest.perspective]

    def point(a: Any) -> TrustFact:
        return TrustFact(a.id, a.taken_at.astimezone().date(), a.scores.overall, a.scores.band)

    return point(latest), point(same[-1]) if same else None


def _map_changes(
    session: Session, client_id: int, start: datetime
) -> tuple[MapDiff | None, date | None, int | None]:
    from relwork.services.stakeholders import (
        diff,
        entry_rows,
        list_snapshots,
        map_entries,
        snapshot_rows,
    )

    snapshots = list_snapshots(session=session, client_id=client_id)
    before = [s for s in snapshots if utc(s.taken_at) <= start]
    if not before or before[0].id is None:
        return None, None, None
    baseline = before[0]
    assert baseline.id is not None
    rows = snapshot_rows(session=session, snapshot_id=baseline.id)
    now = entry_rows(map_entries(session=session, client_id=client_id))
    return diff(rows, now), _day(baseline.taken_at), baseline.id


def draft_agenda(
    *, session: Session, review_id: int, today: date, watermelon_settings: Any = None
) -> list[DraftSection]:
    """The agenda drafted from the data since the previous review (nothing is saved).
    ``watermelon_settings`` are the user's threshold overrides (``Settings.watermelon``)."""
    templates, _problems = load_templates()
    inputs = gather_inputs(
        session=session, review_id=review_id, today=today, watermelon_settings=watermelon_settings
    )
    return build_agenda(templates, inputs)
