"""Realize and review inputs: improvements, risks, and who is responsible for what."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from relwork.enums import ImprovementOrigin, ImprovementStatus, ResponsibleParty, RiskStatus
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class ImprovementItem(SQLModel, table=True):
    __tablename__ = "improvement_item"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=LONG_TEXT)
    origin: ImprovementOrigin = Field(default=ImprovementOrigin.OTHER, sa_type=CODE)
    review_id: int | None = Field(default=None, foreign_key="client_review.id", ondelete="SET NULL")
    owner: str = Field(default="", max_length=120)
    status: ImprovementStatus = Field(default=ImprovementStatus.PROPOSED, sa_type=CODE)
    expected_benefit: str = Field(default="", sa_type=LONG_TEXT)
    realized_benefit: str = Field(default="", sa_type=LONG_TEXT)
    raised_on: date
    closed_on: date | None = None
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class Risk(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    description: str = Field(sa_type=LONG_TEXT)
    likelihood: int | None = None  # 1..5
    impact: int | None = None  # 1..5
    mitigation: str = Field(default="", sa_type=LONG_TEXT)
    owner: str = Field(default="", max_length=120)
    shared_with_client: bool = False
    status: RiskStatus = Field(default=RiskStatus.OPEN, sa_type=CODE)
    raised_on: date
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class ResponsibilityLine(SQLModel, table=True):
    """Who does what for a client's service, including third parties we depend on."""

    __tablename__ = "responsibility_line"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    area: str = Field(max_length=200)
    owner_party: ResponsibleParty = Field(default=ResponsibleParty.US, sa_type=CODE)
    third_party_name: str = Field(default="", max_length=200)
    note: str = Field(default="", sa_type=LONG_TEXT)
    can_cause_unavailability: bool = False
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()
