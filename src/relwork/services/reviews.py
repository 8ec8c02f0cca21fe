"""Client reviews: scheduling on the client's cadence, the status rules, what the meeting
decides (actions, recommendations), the review pack the exports are made from, and the
small register of risks and responsibility lines the agenda draws on.

**Cadence.** A client is reviewed every ``Account.review_cadence_days``, or the usual
number of days for its relationship type. Scheduling a review sets the client's
``next_review_due`` to the review's day; holding one moves it a cadence past the day it
was held. Today and the dashboard read ``next_review_due``, so a review not held in
time shows there as overdue.

**Status.** planned → prepared (the user says the agenda is ready) → held (only with a
recommendation, or a reason why there is none) → reported (a report of a held review
was exported).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import field_validator
from sqlalchemy import or_
from sqlmodel import Session, SQLModel, col, func, select

from relwork import clock
from relwork.capture import find_actions
from relwork.enums import (
    AttendeeSide,
    RecommendationStatus,
    RelationshipType,
    ResponsibleParty,
    ReviewFormat,
    ReviewStatus,
    RiskStatus,
)
from relwork.locations import shipped_data_dir
from relwork.models import (
    Account,
    ActionItem,
    ClientReview,
    Contact,
    Organization,
    Recommendation,
    ResponsibilityLine,
    ReviewAttendee,
    ReviewItem,
    ReviewSection,
    Risk,
)
from relwork.services import agenda
from relwork.services.reference import default_review_cadence
from relwork.services.rules import review_overdue
from relwork.services.validation import InvalidInput, local_datetime, optional_int, validate
from relwork.text import clean, clean_line

HELD = (ReviewStatus.HELD, ReviewStatus.REPORTED)
NAME_MAX = 200
ROLE_MAX = 120
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class ReviewError(ValueError):
    """A review change that cannot be made; the message says what is missing."""


# --- cadence -------------------------------------------------------------------------------


def cadence_days(account: Account) -> int:
    """Days between this client's reviews: its own cadence, else its type's usual one."""
    return account.review_cadence_days or default_review_cadence(
        RelationshipType(account.current_type)
    )


def next_due_after(held_on: date, cadence: int) -> date:
    """When the next review is due after one held on ``held_on``."""
    return held_on + timedelta(days=cadence)


def local_day(moment: datetime) -> date:
    """The local calendar day of a stored (UTC, maybe naive) datetime."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().date()


def local_time(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone()


def due_text(next_due: date | None, today: date) -> str:
    """How the next review date reads beside the cadence."""
    if next_due is None:
        return "no review scheduled"
    if review_overdue(next_due, today):
        return f"next due {next_due.isoformat()}: overdue by {(today - next_due).days} days"
    days = (next_due - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"next due {next_due.isoformat()} ({when})"


# --- the form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expert:
    """A person from our side invited to the review."""

    name: str
    email: str = ""
    role: str = ""


def parse_experts(text: str) -> list[Expert]:
    """One expert per line: name, email and role separated by commas or semicolons, in
    any order after the name (the part with an @ is the email). Raises ``ValueError``
    naming the line to fix."""
    experts = []
    for number, line in enumerate(clean(text).splitlines(), start=1):
        parts = [p.strip().strip("<>").strip() for p in re.split(r"[,;]", line)]
        parts = [p for p in parts if p]
        if not parts:
            continue
        emails = [p for p in parts if "@" in p]
        others = [p for p in parts if "@" not in p]
        if len(emails) > 1:
            raise ValueError(f"Line {number} has two email addresses; keep one.")
        email = emails[0] if emails else ""
        if email and not _EMAIL.match(email):
            raise ValueError(f"Line {number}: '{email}' is not an email address.")
        if not others:
            raise ValueError(f"Line {number} needs the person's name before the email.")
        name, role = others[0], ", ".join(others[1:])
        experts.append(Expert(name[:NAME_MAX], email[:NAME_MAX], role[:ROLE_MAX]))
    return experts


def experts_text(experts: Sequence[Expert]) -> str:
    return "\n".join(", ".join(p for p in (e.name, e.email, e.role) if p) for e in experts)


class ReviewData(SQLModel):
    """What the review form edits; validated before anything is written."""

    scheduled_for: datetime
    duration_minutes: int = 60
    format: ReviewFormat = ReviewFormat.VIDEO
    location: str = ""
    primary_audience: str = ""
    secondary_audience: str = ""
    contact_ids: list[int] = []
    experts: list[Expert] = []

    @field_validator("scheduled_for", mode="before")
    @classmethod
    def _when(cls, value: Any) -> datetime:
        if not clean_line(str(value or "")):
            raise ValueError("Enter when the review starts, as YYYY-MM-DD HH:MM.")
        try:
            return local_datetime(value)
        except ValueError:
            raise ValueError(
                f"'{clean_line(str(value))}' is not a date and time; use YYYY-MM-DD HH:MM."
            ) from None

    @field_validator("duration_minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> int:
        minutes = optional_int(value, low=5, high=600, what="the length in minutes")
        return 60 if minutes is None else minutes

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose how the review is held.")
        return value

    @field_validator("location", "primary_audience", "secondary_audience", mode="before")
    @classmethod
    def _line(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:200]

    @field_validator("contact_ids", mode="before")
    @classmethod
    def _contacts(cls, value: Any) -> list[int]:
        return [int(v) for v in value or []]

    @field_validator("experts", mode="before")
    @classmethod
    def _experts(cls, value: Any) -> list[Expert]:
        if isinstance(value, list):
            return value
        return parse_experts(str(value or ""))


def parse_review(values: dict[str, Any]) -> ReviewData:
    """The review form's values (``contacts``: chosen contact ids, ``experts``: text)."""
    data = dict(values)
    if "contacts" in data:
        data["contact_ids"] = data.pop("contacts")
    return validate(ReviewData, data)


def review_form(review: ClientReview, attendees: Sequence[ReviewAttendee]) -> dict[str, Any]:
    """A saved review in the shape of the form."""
    return {
        "scheduled_for": local_time(review.scheduled_for).strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": str(review.duration_minutes),
        "format": str(review.format),
        "location": review.location,
        "primary_audience": review.primary_audience,
        "secondary_audience": review.secondary_audience,
        "contacts": [str(a.contact_id) for a in attendees if a.contact_id is not None],
        "experts": experts_text(
            [Expert(a.name, a.email, a.role) for a in attendees if a.side == AttendeeSide.PROVIDER]
        ),
    }


def suggested_start(today: date, next_due: date | None) -> str:
    """A start for a new review's form: the due day if it is still ahead, at 10:00."""
    day = next_due if next_due is not None and next_due >= today else today + timedelta(days=7)
    return f"{day.isoformat()} 10:00"


# --- scheduling -----------------------------------------------------------------------------


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
    return agenda.utc(moment if moment.tzinfo else moment.astimezone())


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


# --- status ------------------------------------------------------------------------------------


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
    sections = agenda.load_agenda(session=session, review_id=review_id)
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


# --- the meeting: actions and recommendations ------------------------------------------------------


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


# --- the review pack (what every export shows) ---------------------------------------------------


@dataclass(frozen=True)
class PackItem:
    text: str
    detail: str = ""
    source: str = ""
    notes: str = ""
    decision: str = ""

    @property
    def metric_cells(self) -> tuple[str, ...] | None:
        """Table cells when the item is a scorecard row (see :data:`agenda.METRIC_COLUMNS`)."""
        if not self.source.startswith("metric:"):
            return None
        return agenda.metric_cells(self.text, self.detail)


@dataclass(frozen=True)
class PackSection:
    key: str
    title: str
    items: tuple[PackItem, ...] = ()
    notes: str = ""

    @property
    def scorecard(self) -> list[tuple[str, ...]]:
        return [c for c in (i.metric_cells for i in self.items) if c is not None]

    @property
    def other_items(self) -> list[PackItem]:
        return [i for i in self.items if i.metric_cells is None]


@dataclass(frozen=True)
class PackPerson:
    name: str
    email: str
    side: AttendeeSide
    role: str


@dataclass(frozen=True)
class PackAction:
    text: str
    owner: str
    due: date | None
    done: bool


@dataclass(frozen=True)
class PackRecommendation:
    text: str
    owner: str
    status: str  # label


@dataclass(frozen=True)
class ReviewPack:
    """Everything a report or an invitation shows, read once from the store."""

    review_id: int
    client_name: str
    starts_at: datetime  # aware, local
    duration_minutes: int
    format: ReviewFormat
    location: str
    status: ReviewStatus
    primary_audience: str
    secondary_audience: str
    covers_from: date | None
    held_on: date | None
    attendees: tuple[PackPerson, ...]
    main: tuple[PackSection, ...]  # for everyone
    appendix: tuple[PackSection, ...]  # for the secondary audience only
    actions: tuple[PackAction, ...]  # agreed in this review
    recommendations: tuple[PackRecommendation, ...]
    no_recommendation_reason: str
    organizer: str = ""

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def decisions(self) -> list[tuple[str, str]]:
        """(item text, decision) of every item with a decision, main body first."""
        return [
            (item.text, item.decision)
            for section in (*self.main, *self.appendix)
            for item in section.items
            if item.decision
        ]

    @property
    def title(self) -> str:
        return f"Service review: {self.client_name}, {self.starts_at.strftime('%d %B %Y')}"


def review_pack(*, session: Session, review_id: int, organizer: str = "") -> ReviewPack:
    """The review as its report shows it: excluded sections and items are left out;
    sections and items for the secondary audience go to the appendix."""
    review = get_review(session=session, review_id=review_id)
    account = _account(session, review.account_id)
    org = session.get(Organization, account.organization_id)
    main: list[PackSection] = []
    appendix: list[PackSection] = []
    for section in agenda.load_agenda(session=session, review_id=review_id):
        if not section.included:
            continue
        items = [i for i in section.items if i.included]

        def pack(
            chosen: list[agenda.AgendaItem], notes: str, s: agenda.AgendaSection = section
        ) -> PackSection:
            return PackSection(
                key=s.key,
                title=s.title,
                items=tuple(
                    PackItem(i.text, i.detail, i.source, i.notes, i.decision) for i in chosen
                ),
                notes=notes,
            )

        if section.secondary_only:
            appendix.append(pack(items, section.notes))
            continue
        main.append(pack([i for i in items if not i.secondary_only], section.notes))
        extra = [i for i in items if i.secondary_only]
        if extra:
            appendix.append(pack(extra, ""))
    people = tuple(
        PackPerson(a.name, a.email, AttendeeSide(a.side), a.role)
        for a in attendees(session=session, review_id=review_id)
    )
    actions = tuple(
        PackAction(a.text, a.owner, a.due_date, a.done_at is not None)
        for a in review_actions(session=session, review_id=review_id)
    )
    recs = tuple(
        PackRecommendation(r.text, r.owner, RecommendationStatus(r.status).label)
        for r in recommendations(session=session, review_id=review_id)
    )
    return ReviewPack(
        review_id=review_id,
        client_name=org.name if org else "",
        starts_at=local_time(review.scheduled_for),
        duration_minutes=review.duration_minutes,
        format=ReviewFormat(review.format),
        location=review.location,
        status=ReviewStatus(review.status),
        primary_audience=review.primary_audience,
        secondary_audience=review.secondary_audience,
        covers_from=local_day(review.covers_from) if review.covers_from else None,
        held_on=local_day(review.held_at) if review.held_at else None,
        attendees=people,
        main=tuple(main),
        appendix=tuple(appendix),
        actions=actions,
        recommendations=recs,
        no_recommendation_reason=review.no_recommendation_reason,
        organizer=organizer,
    )


EXPORT_FORMATS = {"md": "Markdown report", "docx": "Word report", "ics": "calendar invitation"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    reported: bool  # the review is (now) marked reported


def export_review(
    *, session: Session, review_id: int, fmt: str, out: Path | None = None, organizer: str = ""
) -> ExportResult:
    """Write the review's report (``md``, ``docx``) or invitation (``ics``) to a private
    file; a report of a held review marks it reported."""
    if fmt not in EXPORT_FORMATS:
        raise ReviewError(f"Export as md, docx or ics, not '{fmt}'.")
    pack = review_pack(session=session, review_id=review_id, organizer=organizer)
    if fmt == "md":
        from relwork.exporters.review_markdown import export_review_markdown

        path = export_review_markdown(out, pack)
    elif fmt == "docx":
        from relwork.exporters.review_docx import export_review_docx

        path = export_review_docx(out, pack)
    else:
        from relwork.exporters.review_ics import export_review_ics

        path = export_review_ics(out, pack)
    reported = pack.status == ReviewStatus.REPORTED
    if fmt != "ics" and pack.status == ReviewStatus.HELD:
        reported = mark_reported(session=session, review_id=review_id)
    return ExportResult(path, reported)


# --- the register: risks and responsibility lines ----------------------------------------------


def _score(value: Any, what: str) -> int | None:
    return optional_int(value, low=1, high=5, what=what)


class RiskData(SQLModel):
    description: str
    likelihood: int | None = None
    impact: int | None = None
    mitigation: str = ""
    owner: str = ""
    shared_with_client: bool = False
    status: RiskStatus = RiskStatus.OPEN

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str:
        text = clean(str(value or "")).strip()
        if not text:
            raise ValueError("Describe the risk.")
        return text

    @field_validator("likelihood", mode="before")
    @classmethod
    def _likelihood(cls, value: Any) -> int | None:
        return _score(value, "the likelihood (1 to 5)")

    @field_validator("impact", mode="before")
    @classmethod
    def _impact(cls, value: Any) -> int | None:
        return _score(value, "the impact (1 to 5)")

    @field_validator("mitigation", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:120]

    @field_validator("shared_with_client", mode="before")
    @classmethod
    def _shared(cls, value: Any) -> bool:
        return value in (True, "yes")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return value or RiskStatus.OPEN


def parse_risk(values: dict[str, Any]) -> RiskData:
    return validate(RiskData, values)


def risk_form(risk: Risk) -> dict[str, Any]:
    return {
        "description": risk.description,
        "likelihood": "" if risk.likelihood is None else str(risk.likelihood),
        "impact": "" if risk.impact is None else str(risk.impact),
        "mitigation": risk.mitigation,
        "owner": risk.owner,
        "shared_with_client": "yes" if risk.shared_with_client else "no",
        "status": str(risk.status),
    }


def list_risks(*, session: Session, client_id: int) -> list[Risk]:
    """Open risks first, then by weight (likelihood × impact), highest first."""
    rows = session.exec(select(Risk).where(Risk.account_id == client_id)).all()
    return sorted(
        rows,
        key=lambda r: (
            r.status == RiskStatus.CLOSED,
            -((r.likelihood or 0) * (r.impact or 0)),
            r.id,
        ),
    )


def save_risk(
    *, session: Session, client_id: int, data: RiskData, risk_id: int | None = None
) -> Risk:
    """Add a risk (``risk_id`` None) or change one."""
    _account(session, client_id)
    if risk_id is None:
        risk = Risk(account_id=client_id, raised_on=clock.today(), **data.model_dump())
    else:
        found = session.get(Risk, risk_id)
        if found is None:
            raise LookupError(f"There is no risk with id {risk_id}.")
        risk = found
        risk.sqlmodel_update(data.model_dump())
        risk.updated_at = clock.now()
    session.add(risk)
    session.commit()
    session.refresh(risk)
    return risk


def delete_risk(*, session: Session, risk_id: int) -> None:
    risk = session.get(Risk, risk_id)
    if risk is not None:
        session.delete(risk)
        session.commit()


class ResponsibilityData(SQLModel):
    area: str
    owner_party: ResponsibleParty = ResponsibleParty.US
    third_party_name: str = ""
    note: str = ""
    can_cause_unavailability: bool = False

    @field_validator("area", mode="before")
    @classmethod
    def _area(cls, value: Any) -> str:
        text = clean_line(str(value or ""))[:200]
        if not text:
            raise ValueError("Name the area, e.g. 'Depot network circuits'.")
        return text

    @field_validator("owner_party", mode="before")
    @classmethod
    def _party(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose who is responsible.")
        return value

    @field_validator("third_party_name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_line(str(value or ""))[:200]

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> str:
        return clean(str(value or "")).strip()

    @field_validator("can_cause_unavailability", mode="before")
    @classmethod
    def _outage(cls, value: Any) -> bool:
        return value in (True, "yes")


def parse_responsibility(values: dict[str, Any]) -> ResponsibilityData:
    data = validate(ResponsibilityData, values)
    if data.owner_party == ResponsibleParty.THIRD_PARTY and not data.third_party_name:
        raise InvalidInput({"third_party_name": "Name the third party."})
    return data


def responsibility_form(line: ResponsibilityLine) -> dict[str, Any]:
    return {
        "area": line.area,
        "owner_party": str(line.owner_party),
        "third_party_name": line.third_party_name,
        "note": line.note,
        "can_cause_unavailability": "yes" if line.can_cause_unavailability else "no",
    }


def list_responsibilities(*, session: Session, client_id: int) -> list[ResponsibilityLine]:
    return list(
        session.exec(
            select(ResponsibilityLine)
            .where(ResponsibilityLine.account_id == client_id)
            .order_by(func.lower(ResponsibilityLine.area), col(ResponsibilityLine.id))
        ).all()
    )


def save_responsibility(
    *, session: Session, client_id: int, data: ResponsibilityData, line_id: int | None = None
) -> ResponsibilityLine:
    _account(session, client_id)
    if line_id is None:
        line = ResponsibilityLine(account_id=client_id, **data.model_dump())
    else:
        found = session.get(ResponsibilityLine, line_id)
        if found is None:
            raise LookupError(f"There is no responsibility line with id {line_id}.")
        line = found
        line.sqlmodel_update(data.model_dump())
        line.updated_at = clock.now()
    session.add(line)
    session.commit()
    session.refresh(line)
    return line


def delete_responsibility(*, session: Session, line_id: int) -> None:
    line = session.get(ResponsibilityLine, line_id)
    if line is not None:
        session.delete(line)
        session.commit()


# --- demo --------------------------------------------------------------------------------------


_DEMO_KEYS = {
    "client": {"name", "risk", "responsibility", "review"},
    "risk": set(RiskData.model_fields),
    "responsibility": set(ResponsibilityData.model_fields),
    "review": {
        "in_days", "at", "minutes", "format", "location", "primary_audience",
        "secondary_audience", "attendees", "experts", "status", "notes", "action",
        "recommendation",
    },
    "action": {"text", "done_days_after"},
    "recommendation": {"text", "owner", "status"},
}  # fmt: skip


def load_demo(*, session: Session, portfolio: Any, source: Path | None = None) -> None:
    """Demo reviews, risks and responsibility lines from ``data/demo/reviews.toml``
    (a ``relwork.services.demo`` extension). Days are relative to ``portfolio.now``.
    A name or field the file does not know raises ``DemoDataError``; a portfolio from
    another demo file, with none of these clients, gets nothing."""
    from relwork.services.demo import DemoDataError

    raw = tomllib.loads((source or shipped_data_dir() / "demo" / "reviews.toml").read_text("utf-8"))
    clients = raw.get("client", [])
    if not {c.get("name") for c in clients} & set(portfolio.accounts):
        return

    def check(entry: dict[str, Any], kind: str, where: str) -> None:
        unknown = sorted(set(entry) - _DEMO_KEYS[kind])
        if unknown:
            raise DemoDataError(
                f"demo/reviews.toml, {where}: unknown field(s) {', '.join(unknown)}"
            )

    now: datetime = portfolio.now
    for client in clients:
        name = client.get("name")
        check(client, "client", f"client {name!r}")
        if name not in portfolio.accounts:
            raise DemoDataError(f"demo/reviews.toml: {name!r} is not a demo client")
        client_id = portfolio.accounts[name]
        contacts = portfolio.contacts.get(name, {})
        for risk in client.get("risk", []):
            check(risk, "risk", f"a risk of {name}")
            save_risk(session=session, client_id=client_id, data=parse_risk(risk))
        for line in client.get("responsibility", []):
            check(line, "responsibility", f"a responsibility line of {name}")
            save_responsibility(
                session=session, client_id=client_id, data=parse_responsibility(line)
            )
        for entry in client.get("review", []):
            check(entry, "review", f"a review of {name}")
            for part in ("action", "recommendation"):
                for item in entry.get(part, []):
                    check(item, part, f"a review {part} of {name}")
            unknown = [key for key in entry.get("attendees", []) if key not in contacts]
            if unknown:
                raise DemoDataError(
                    f"demo/reviews.toml, a review of {name}: no contact {', '.join(unknown)}"
                )
            _demo_review(session, client_id, contacts, entry, now)


def _demo_review(
    session: Session, client_id: int, contacts: dict[str, int], entry: dict[str, Any], now: datetime
) -> None:
    when = (now + timedelta(days=entry["in_days"])).replace(
        hour=int(entry.get("at", "10:00")[:2]), minute=int(entry.get("at", "10:00")[3:5]), second=0
    )
    data = parse_review(
        {
            "scheduled_for": when,
            "duration_minutes": entry.get("minutes", 60),
            "format": entry.get("format", "video"),
            "location": entry.get("location", ""),
            "primary_audience": entry.get("primary_audience", ""),
            "secondary_audience": entry.get("secondary_audience", ""),
            "contacts": [contacts[key] for key in entry.get("attendees", [])],
            "experts": "\n".join(entry.get("experts", [])),
        }
    )
    review = schedule_review(session=session, client_id=client_id, data=data)
    assert review.id is not None
    if entry.get("status", "planned") != "planned":
        sections = agenda.draft_agenda(session=session, review_id=review.id, today=when.date())
        agenda.save_draft(session=session, review_id=review.id, sections=sections)
        for note in entry.get("notes", []):
            _demo_note(session, review.id, note)
        mark_prepared(session=session, review_id=review.id)
    for action in entry.get("action", []):
        for row in add_review_actions(
            session=session, review_id=review.id, text=action["text"], today=when.date()
        ):
            if action.get("done_days_after") is not None:
                row.done_at = _stored(when + timedelta(days=action["done_days_after"]))
                session.add(row)
        session.commit()
    for rec in entry.get("recommendation", []):
        added = add_recommendation(
            session=session, review_id=review.id, text=rec["text"], owner=rec.get("owner", "")
        )
        if rec.get("status"):
            set_recommendation_status(
                session=session,
                recommendation_id=added.id or 0,
                status=RecommendationStatus(rec["status"]),
            )
    if entry.get("status") in ("held", "reported"):
        mark_held(session=session, review_id=review.id, held_at=when + timedelta(hours=1))
    if entry.get("status") == "reported":
        mark_reported(session=session, review_id=review.id)
        stored = get_review(session=session, review_id=review.id)
        stored.reported_at = _stored(when + timedelta(days=2))
        session.add(stored)
        session.commit()


def _demo_note(session: Session, review_id: int, note: dict[str, Any]) -> None:
    """Meeting notes on a section; with ``item``, a typed item added to it, with notes
    and a decision."""
    section = next(
        s
        for s in agenda.load_agenda(session=session, review_id=review_id)
        if s.key == note["section"]
    )
    if "item" not in note:
        agenda.save_notes(session=session, section_id=section.id, notes=note["notes"])
        return
    item_id = agenda.add_item(session=session, section_id=section.id, text=note["item"])
    agenda.save_notes(session=session, item_id=item_id, notes=note.get("notes", ""))
    agenda.save_decision(session=session, item_id=item_id, decision=note.get("decision", ""))
