"""The dated history of a client's position on the seven-step journey."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from relwork.enums import JourneyStep
from relwork.models.base import CODE, LONG_TEXT, created_field


class JourneyStepChange(SQLModel, table=True):
    __tablename__ = "journey_step_change"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    from_step: JourneyStep | None = Field(default=None, sa_type=CODE)
    to_step: JourneyStep = Field(sa_type=CODE)
    changed_at: datetime = created_field()
    author: str = Field(default="", max_length=120)
    note: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
