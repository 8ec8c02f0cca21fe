"""Client reviews: the meeting, its attendees, its agenda, and what it recommends."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from relwork.enums import AttendeeSide, RecommendationStatus, ReviewFormat, ReviewStatus
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class ClientReview(SQLModel, table=True):
    __tablename__ = "client_review"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    scheduled_for: datetime
    duration_minutes: int = 60
    location: str = Field(default="", max_length=200)
    format: ReviewFormat = Field(default=ReviewFormat.VIDEO, sa_type=CODE)
    primary_audience: str = Field(default="", max_length=200)
    secondary_audience: str = Field(default="", max_length=200)
    status: ReviewStatus = Field(default=ReviewStatus.PLANNED, sa_type=CODE)
    # the period the review looks back on starts here (the previous review, or the start)
    covers_from: datetime | None = None
    prepared_at: datetime | None = None
    held_at: datetime | None = None
    reported_at: datetime | None = None
    # an explicit "none, because ..." when the review ends without a recommendation
    no_recommendation_reason: str = Field(default="", sa_type=LONG_TEXT)
    summary: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class ReviewAttendee(SQLModel, table=True):
    __tablename__ = "review_attendee"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="client_review.id", index=True, ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=200)
    side: AttendeeSide = Field(default=AttendeeSide.CLIENT, sa_type=CODE)
    role: str = Field(default="", max_length=120)  # e.g. "service owner", "security expert"


class ReviewSection(SQLModel, table=True):
    """A section of a review's agenda, drafted from the data and then edited by the user."""

    __tablename__ = "review_section"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="client_review.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=60)  # a section key from data/review/agenda.toml, or "custom"
    title: str = Field(max_length=200)
    sort_order: int = 0
    included: bool = True
    secondary_only: bool = False  # goes to the appendix for the secondary audience
    notes: str = Field(default="", sa_type=LONG_TEXT)  # taken during the meeting


class ReviewItem(SQLModel, table=True):
    __tablename__ = "review_item"

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(foreign_key="review_section.id", index=True, ondelete="CASCADE")
    sort_order: int = 0
    text: str = Field(sa_type=LONG_TEXT)
    detail: str = Field(default="", sa_type=LONG_TEXT)
    source: str = Field(default="", max_length=80)  # e.g. "action:12", "metric:3"; "" = typed
    included: bool = True
    secondary_only: bool = False
    notes: str = Field(default="", sa_type=LONG_TEXT)
    decision: str = Field(default="", sa_type=LONG_TEXT)


class Recommendation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    review_id: int = Field(foreign_key="client_review.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_type=LONG_TEXT)
    status: RecommendationStatus = Field(default=RecommendationStatus.OPEN, sa_type=CODE)
    owner: str = Field(default="", max_length=120)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()
