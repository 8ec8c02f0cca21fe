"""Scheduling reviews (plan, change, delete) and listing them; ``ReviewError`` and ``HELD``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from relwork import clock
from relwork.enums import AttendeeSide, ReviewFormat, ReviewStatus
from relwork.models import (
    Account,
    ActionItem,
    ClientReview,
    Contact,
    Recommendation,
    ReviewAttendee,
    ReviewItem,
    ReviewSection,
)
from relwork.services.agenda_gather import utc
from relwork.services.review_cadence import cadence_days, local_day, local_time, next_due_after
from relwork.services.review_form import NAME_MAX, ROLE_MAX, ReviewData
from relwork.services.validation import InvalidInput

HELD = (ReviewStatus.HELD, ReviewStatus.REPORTED)


class ReviewError(ValueError):
    """A review change that cannot be made; the message says what is missing."""


def _account(session: Session, client_id: int) -> Account:
    account = session.get(Account, client_id)
    if account is None:
        raise LookupError(f"There is no client with id {client_id}.")
    return account


def get_review(*, session: Session, review_id: int) -> ClientReview:
    review = session.get(ClientReview, review_id)
    if review is None:
        raise LookupError(f"There is no review with id {review_id}.")
    return review


def _stored(moment: datetime) -> datetime:
    return utc(moment if moment.tzinfo else moment.astimezone())


def _last_held(
    session: Session, client_id: int, *, before: int | None = None
) -> ClientReview | None:
    query = select(ClientReview).where(
        ClientReview.account_id == client_id,
        col(ClientReview.status).in_(list(HELD)),
        col(ClientReview.held_at).is_not(None),
    )
    if before is not None:
        query = query.where(ClientReview.id != before)
    return session.exec(query.order_by(col(ClientReview.held_at).desc())).first()


def _write_attendees(session: Session, review: ClientReview, data: ReviewData) -> None:
    assert review.id is not None
    for old in session.exec(select(ReviewAttendee).where(ReviewAttendee.review_id == review.id)):
        session.delete(old)
    account = _account(session, review.account_id)
    people = {
        c.id: c
        for c in session.exec(
            select(Contact).where(Contact.organization_id == account.organization_id)
        ).all()
    }
    missing = [i for i in data.contact_ids if i not in people]
    if missing:
        raise InvalidInput({"contacts": "Pick the attendees from this client's contacts."})
    for contact_id in dict.fromkeys(data.contact_ids):
        person = people[contact_id]
        session.add(
            ReviewAttendee(
                review_id=review.id,
                contact_id=contact_id,
                name=person.name[:NAME_MAX],
                email=person.email[:NAME_MAX],
                side=AttendeeSide.CLIENT,
                role=person.title[:ROLE_MAX],
            )
        )
    for expert in data.experts:
        session.add(
            ReviewAttendee(
                review_id=review.id,
                name=expert.name,
                email=expert.email,
                side=AttendeeSide.PROVIDER,
                role=expert.role,
            )
        )


def schedule_review(*, session: Session, client_id: int, data: ReviewData) -> ClientReview:
    """Plan a review. It looks back to the last held review (else the client's start),
    and the client's next review is now due on its day."""
    account = _account(session, client_id)
    previous = _last_held(session, client_id)
    covers_from = previous.held_at if previous is not None else None
    if covers_from is None and account.start_date is not None:
        covers_from = _stored(
            datetime.combine(account.start_date, datetime.min.time()).astimezone()
        )
    review = ClientReview(
        account_id=client_id,
        scheduled_for=_stored(data.scheduled_for),
        duration_minutes=data.duration_minutes,
        format=data.format,
        location=data.location,
        primary_audience=data.primary_audience,
        secondary_audience=data.secondary_audience,
        covers_from=covers_from,
    )
    session.add(review)
    session.flush()
    _write_attendees(session, review, data)
    account.next_review_due = local_day(review.scheduled_for)
    account.updated_at = clock.now()
    session.add(account)
    session.commit()
    session.refresh(review)
    return review


def update_review(*, session: Session, review_id: int, data: ReviewData) -> ClientReview:
    """Save form changes; moving a review not yet held moves the next due date with it."""
    review = get_review(session=session, review_id=review_id)
    review.scheduled_for = _stored(data.scheduled_for)
    review.duration_minutes = data.duration_minutes
    review.format = data.format
    review.location = data.location
    review.primary_audience = data.primary_audience
    review.secondary_audience = data.secondary_audience
    review.updated_at = clock.now()
    session.add(review)
    _write_attendees(session, review, data)
    if review.status not in HELD:
        account = _account(session, review.account_id)
        account.next_review_due = local_day(review.scheduled_for)
        session.add(account)
    session.commit()
    session.refresh(review)
    return review


def delete_review(*, session: Session, review_id: int) -> None:
    """Remove a review that was not held, with its agenda; the next due date falls back
    to another planned review, else a cadence after the last held one."""
    review = get_review(session=session, review_id=review_id)
    if review.status in HELD:
        raise ReviewError("A review that was held is part of the record and stays.")
    account = _account(session, review.account_id)
    for section in session.exec(select(ReviewSection).where(ReviewSection.review_id == review_id)):
        for item in session.exec(select(ReviewItem).where(ReviewItem.section_id == section.id)):
            session.delete(item)
        session.delete(section)
    for row in session.exec(select(ReviewAttendee).where(ReviewAttendee.review_id == review_id)):
        session.delete(row)
    for rec in session.exec(select(Recommendation).where(Recommendation.review_id == review_id)):
        session.delete(rec)
    for action in session.exec(select(ActionItem).where(ActionItem.review_id == review_id)):
        action.review_id = None
        session.add(action)
    session.delete(review)
    session.flush()
    planned = session.exec(
        select(ClientReview)
        .where(
            ClientReview.account_id == account.id,
            col(ClientReview.status).not_in(list(HELD)),
        )
        .order_by(col(ClientReview.scheduled_for))
    ).first()
    last = _last_held(session, review.account_id)
    if planned is not None:
        account.next_review_due = local_day(planned.scheduled_for)
    elif last is not None and last.held_at is not None:
        account.next_review_due = next_due_after(local_day(last.held_at), cadence_days(account))
    session.add(account)
    session.commit()


def attendees(*, session: Session, review_id: int) -> list[ReviewAttendee]:
    """Client attendees first, then ours, each A to Z."""
    rows = session.exec(select(ReviewAttendee).where(ReviewAttendee.review_id == review_id)).all()
    return sorted(rows, key=lambda a: (a.side != AttendeeSide.CLIENT, a.name.casefold()))


@dataclass(frozen=True)
class ReviewRow:
    """A review as the reviews list shows it."""

    id: int
    starts_at: datetime  # local
    duration_minutes: int
    format: ReviewFormat
    location: str
    status: ReviewStatus
    attendees: int
    recommendations: int
    actions: int
    open_actions: int


def list_reviews(*, session: Session, client_id: int) -> list[ReviewRow]:
    """A client's reviews, the newest first."""
    reviews = session.exec(
        select(ClientReview)
        .where(ClientReview.account_id == client_id)
        .order_by(col(ClientReview.scheduled_for).desc(), col(ClientReview.id).desc())
    ).all()
    ids = [r.id for r in reviews]

    def counts(model: Any, column: Any, *where: Any) -> dict[int, int]:
        if not ids:
            return {}
        rows = session.exec(
            select(column, func.count()).where(col(column).in_(ids), *where).group_by(column)
        ).all()
        return {key: number for key, number in rows}

    people = counts(ReviewAttendee, ReviewAttendee.review_id)
    recs = counts(Recommendation, Recommendation.review_id)
    actions = counts(ActionItem, ActionItem.review_id)
    still_open = counts(ActionItem, ActionItem.review_id, col(ActionItem.done_at).is_(None))
    return [
        ReviewRow(
            id=r.id or 0,
            starts_at=local_time(r.scheduled_for),
            duration_minutes=r.duration_minutes,
            format=ReviewFormat(r.format),
            location=r.location,
            status=ReviewStatus(r.status),
            attendees=people.get(r.id or 0, 0),
            recommendations=recs.get(r.id or 0, 0),
            actions=actions.get(r.id or 0, 0),
            open_actions=still_open.get(r.id or 0, 0),
        )
        for r in reviews
    ]


def latest_review(*, session: Session, client_id: int) -> ClientReview | None:
    """The client's most recent review by its date (a planned one counts)."""
    return session.exec(
        select(ClientReview)
        .where(ClientReview.account_id == client_id)
        .order_by(col(ClientReview.scheduled_for).desc(), col(ClientReview.id).desc())
    ).first()
