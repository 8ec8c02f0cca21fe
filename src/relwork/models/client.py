"""Organizations and the per-client account hub."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from relwork.enums import (
    AccountStatus,
    JourneyStep,
    OrganizationKind,
    RelationshipType,
)
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class Organization(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    kind: OrganizationKind = Field(default=OrganizationKind.CLIENT, sa_type=CODE)
    industry: str = Field(default="", max_length=120)
    is_internal: bool = False
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class Account(SQLModel, table=True):
    """A client relationship: almost every artifact hangs off ``account_id``."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    rm_owner: str = Field(default="", max_length=120)
    status: AccountStatus = Field(default=AccountStatus.ACTIVE, sa_type=CODE)
    current_step: JourneyStep = Field(default=JourneyStep.EXPLORE, sa_type=CODE)
    current_type: RelationshipType = Field(default=RelationshipType.BASIC, sa_type=CODE)
    target_type: RelationshipType | None = Field(default=None, sa_type=CODE)
    service_tier: str = Field(default="", max_length=120)
    start_date: date | None = None
    end_date: date | None = None
    review_cadence_days: int | None = None
    next_review_due: date | None = None
    customer_assets_note: str = Field(default="", sa_type=LONG_TEXT)
    notes: str = Field(default="", sa_type=LONG_TEXT)
    archived_at: datetime | None = None
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()
