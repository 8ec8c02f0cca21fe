"""The review pack every export is made from, and ``export_review`` (md, docx, ics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from relwork.enums import AttendeeSide, RecommendationStatus, ReviewFormat, ReviewStatus
from relwork.models import Organization
from relwork.services import agenda_draft, agenda_edit
from relwork.services.review_cadence import local_day, local_time
from relwork.services.review_meeting import recommendations, review_actions
from relwork.services.review_schedule import ReviewError, _account, attendees, get_review
from relwork.services.review_status import mark_reported


@dataclass(frozen=True)
class PackItem:
    text: str
    detail: str = ""
    source: str = ""
    notes: str = ""
    decision: str = ""

    @property
    def metric_cells(self) -> tuple[str, ...] | None:
        """Table cells when the item is a scorecard row (see :data:`agenda_draft.METRIC_COLUMNS`)."""
        if not self.source.startswith("metric:"):
            return None
        return agenda_draft.metric_cells(self.text, self.detail)


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
    for section in agenda_edit.load_agenda(session=session, review_id=review_id):
        if not section.included:
            continue
        items = [i for i in section.items if i.included]

        def pack(
            chosen: list[agenda_edit.AgendaItem], notes: str, s: agenda_edit.AgendaSection = section
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
