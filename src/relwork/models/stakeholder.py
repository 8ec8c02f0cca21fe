"""Stakeholders of a client relationship (person or group)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from relwork.enums import Attitude, StakeholderCategory, StakeholderSide
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class Stakeholder(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    group_name: str = Field(default="", max_length=200)
    category: StakeholderCategory = Field(sa_type=CODE)
    side: StakeholderSide = Field(default=StakeholderSide.CONSUMER, sa_type=CODE)
    consumer_roles: list[str] = Field(default_factory=list, sa_type=JSON)
    influence: int | None = None  # 1..5, None = not assessed
    interest: int | None = None  # 1..5, None = not assessed
    attitude: Attitude = Field(default=Attitude.NEUTRAL, sa_type=CODE)
    engagement_strategy: str = Field(default="", sa_type=LONG_TEXT)
    comm_frequency_days: int | None = None
    owner: str = Field(default="", max_length=120)
    last_reviewed: date | None = None
    persona_id: int | None = Field(default=None, foreign_key="persona.id", ondelete="SET NULL")
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()
