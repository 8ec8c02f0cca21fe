"""A review's status: planned → prepared → held (with a recommendation or a reason) → reported.

A review is held only with a recommendation, or a reason why there is none; it is
reported once a report of the held review was exported.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from relwork import clock
from relwork.enums import ReviewStatus
from relwork.models import ActionItem, ClientReview, Recommendation, ReviewItem, ReviewSection
from relwork.services.agenda_edit import load_agenda
from relwork.services.review_cadence import cadence_days, local_day, next_due_after
from relwork.services.review_schedule import HELD, ReviewError, _account, _stored, get_review
from relwork.text import clean, clean_line


def held_problem(*, recommendations: int, reason: str) -> str:
    """Why a review cannot be marked held yet ("" when it can): it must end with at
    least one recommendation, or an explicit reason why there is none."""
    if recommendations > 0 or clean_line(reason):
        return ""
    return (
        "A review ends with at least one recommendation: add one (ctrl+r), "
        "or say why there is none this time."
    )


def recommendation_count(*, session: Session, review_id: int) -> int:
    return session.exec(select(func.count()).where(Recommendation.review_id == review_id)).one()


def mark_prepared(*, session: Session, review_id: int) -> ClientReview:
    """The agenda is ready: planned → prepared."""
    review = get_review(session=session, review_id=review_id)
    if review.status in HELD:
        raise ReviewError("This review was already held.")
    if review.status == ReviewStatus.PREPARED:
        return review
    sections = load_agenda(session=session, review_id=review_id)
    if not any(s.included for s in sections):
        raise ReviewError("Draft the agenda first (p), then mark it prepared.")
    review.status = ReviewStatus.PREPARED
    review.prepared_at = clock.now()
    review.updated_at = clock.now()
    session.add(review)
    session.commit()
    return review


def mark_held(
    *, session: Session, review_id: int, reason: str | None = None, held_at: datetime | None = None
) -> ClientReview:
    """The meeting took place. Needs a recommendation or ``reason`` (why there is none);
    the client's next review becomes due a cadence after the day it was held."""
    review = get_review(session=session, review_id=review_id)
    if review.status in HELD:
        raise ReviewError("This review is already marked held.")
    if reason is not None:
        review.no_recommendation_reason = clean(reason).strip()
    problem = held_problem(
        recommendations=recommendation_count(session=session, review_id=review_id),
        reason=review.no_recommendation_reason,
    )
    if problem:
        raise ReviewError(problem)
    moment = held_at or clock.now()
    review.status = ReviewStatus.HELD
    review.held_at = _stored(moment)
    review.updated_at = clock.now()
    account = _account(session, review.account_id)
    account.next_review_due = next_due_after(local_day(review.held_at), cadence_days(account))
    account.updated_at = clock.now()
    session.add(review)
    session.add(account)
    session.commit()
    return review


def mark_reported(*, session: Session, review_id: int) -> bool:
    """A held review's report went out: held → reported. False (and nothing changes)
    when the review was not held."""
    review = get_review(session=session, review_id=review_id)
    if review.status == ReviewStatus.REPORTED:
        return True
    if review.status != ReviewStatus.HELD:
        return False
    review.status = ReviewStatus.REPORTED
    review.reported_at = _stored(clock.now())
    session.add(review)
    session.commit()
    return True


def review_started(*, session: Session, review_id: int) -> bool:
    """Whether the meeting has begun: notes, decisions, actions or recommendations exist."""
    noted = session.exec(
        select(func.count())
        .select_from(ReviewItem)
        .join(ReviewSection, col(ReviewSection.id) == ReviewItem.section_id)
        .where(
            ReviewSection.review_id == review_id,
            or_(col(ReviewItem.notes) != "", col(ReviewItem.decision) != ""),
        )
    ).one()
    sections = session.exec(
        select(func.count()).where(ReviewSection.review_id == review_id, ReviewSection.notes != "")
    ).one()
    decided = session.exec(select(func.count()).where(ActionItem.review_id == review_id)).one()
    return bool(
        noted or sections or decided or recommendation_count(session=session, review_id=review_id)
    )


def open_mode(status: ReviewStatus | str, *, started: bool) -> str:
    """Where Enter takes a review: "report" once held, "run" when the meeting has begun,
    else "agenda"."""
    if ReviewStatus(status) in HELD:
        return "report"
    return "run" if started else "agenda"
