"""What a review's meeting decides: action items (in the capture syntax) and recommendations."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session, col, select

from relwork import clock
from relwork.capture import find_actions
from relwork.enums import RecommendationStatus
from relwork.models import ActionItem, ClientReview, Contact, Recommendation
from relwork.services.review_schedule import ReviewError, _account, attendees, get_review
from relwork.services.validation import InvalidInput
from relwork.text import clean, clean_line


def _full_names(session: Session, review: ClientReview) -> dict[str, str]:
    """'dana' -> 'Dana Whitfield' when one contact or attendee has that first name."""
    account = _account(session, review.account_id)
    names = list(
        session.exec(select(Contact.name).where(Contact.organization_id == account.organization_id))
    )
    names += [a.name for a in attendees(session=session, review_id=review.id or 0)]
    firsts: dict[str, set[str]] = {}
    for name in names:
        if name.split():
            firsts.setdefault(name.split()[0].casefold(), set()).add(name)
    return {first: next(iter(full)) for first, full in firsts.items() if len(full) == 1}


def add_review_actions(
    *, session: Session, review_id: int, text: str, today: date
) -> list[ActionItem]:
    """Actions decided in the review, written in the capture syntax
    (``send revised SLA @Dana due:friday``; the ``- [ ]`` is optional). Every line
    becomes an action item linked to the review; nothing is saved if a line has a
    problem (the message names it)."""
    review = get_review(session=session, review_id=review_id)
    lines = []
    for line in clean(text).splitlines():
        if not line.strip():
            continue
        stripped = line.strip()
        if not re.match(r"^(?:[-*+]\s+)?\[[ xX]\]", stripped):
            stripped = f"- [ ] {stripped}"
        lines.append(stripped)
    parsed = find_actions("\n".join(lines), today)
    if not parsed:
        raise ReviewError("Type the action, e.g. send revised SLA @Dana due:friday")
    problems = [f"line {a.line_number}: {a.problem}" for a in parsed if a.problem]
    if problems:
        raise ReviewError("Fix the action first: " + "; ".join(problems))
    names = _full_names(session, review)
    created = []
    for action in parsed:
        row = ActionItem(
            account_id=review.account_id,
            review_id=review_id,
            text=action.text,
            owner=names.get(action.owner.casefold(), action.owner)[:120],
            due_date=action.due,
        )
        session.add(row)
        created.append(row)
    session.commit()
    for row in created:
        session.refresh(row)
    return created


def review_actions(*, session: Session, review_id: int) -> list[ActionItem]:
    return list(
        session.exec(
            select(ActionItem).where(ActionItem.review_id == review_id).order_by(col(ActionItem.id))
        ).all()
    )


def add_recommendation(
    *, session: Session, review_id: int, text: str, owner: str = ""
) -> Recommendation:
    value = clean(text).strip()
    if not value:
        raise InvalidInput({"text": "Say what you recommend."})
    review = get_review(session=session, review_id=review_id)
    rec = Recommendation(
        account_id=review.account_id,
        review_id=review_id,
        text=value,
        owner=clean_line(owner)[:120],
    )
    session.add(rec)
    session.commit()
    session.refresh(rec)
    return rec


def recommendations(*, session: Session, review_id: int) -> list[Recommendation]:
    return list(
        session.exec(
            select(Recommendation)
            .where(Recommendation.review_id == review_id)
            .order_by(col(Recommendation.id))
        ).all()
    )


def set_recommendation_status(
    *, session: Session, recommendation_id: int, status: RecommendationStatus
) -> Recommendation:
    rec = session.get(Recommendation, recommendation_id)
    if rec is None:
        raise LookupError(f"There is no recommendation with id {recommendation_id}.")
    rec.status = status
    rec.updated_at = clock.now()
    session.add(rec)
    session.commit()
    return rec
