"""The relationship log (interactions, where notes land) and action items."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from relwork.enums import InteractionKind
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class Interaction(SQLModel, table=True):
    __table_args__ = (Index("ix_interaction_account_occurred", "account_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    occurred_at: datetime
    kind: InteractionKind = Field(default=InteractionKind.OTHER, sa_type=CODE)
    summary: str = Field(default="", sa_type=LONG_TEXT)
    author: str = Field(default="", max_length=120)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"
    # the dashboard's open and overdue counts read this index alone (migration 0007)
    __table_args__ = (Index("ix_action_item_account_open", "account_id", "done_at", "due_date"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    # set when the action was decided in a client review (carried into the next one)
    review_id: int | None = Field(
        default=None, foreign_key="client_review.id", index=True, ondelete="SET NULL"
    )
    text: str = Field(sa_type=LONG_TEXT)
    owner: str = Field(default="", max_length=120)
    due_date: date | None = None
    done_at: datetime | None = None
    snoozed_until: date | None = None  # kept off Today until this day
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class InteractionAttendee(SQLModel, table=True):
    """Who was present at an interaction: one row per contact, so the last contact with
    each person (the stay-in-touch cadence) is an indexed lookup."""

    __tablename__ = "interaction_attendee"
    __table_args__ = (Index("ix_interaction_attendee_contact_time", "contact_id", "occurred_at"),)

    interaction_id: int = Field(foreign_key="interaction.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    # a copy of the interaction's time, kept by the store's triggers (migration 0005)
    occurred_at: datetime | None = None
