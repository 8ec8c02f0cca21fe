"""People at client organizations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from relwork.enums import Channel
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    name: str = Field(max_length=200)
    title: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=60)
    # customer / user / sponsor: one person may hold several roles
    consumer_roles: list[str] = Field(default_factory=list, sa_type=JSON)
    preferred_channel: Channel | None = Field(default=None, sa_type=CODE)
    language: str = Field(default="", max_length=35)
    timezone: str = Field(default="", max_length=64)
    is_super_user: bool = False
    # stay in touch every N days, counted from the last logged interaction with them
    comm_frequency_days: int | None = None
    snoozed_until: date | None = None  # cadence reminder kept off Today until this day
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()
