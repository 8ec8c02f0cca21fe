"""Engage-step artifacts: stakeholder map snapshots, personas and their compass,
trust assessments on the three Cs, and relationship maturity per side.

Derived values (quadrants, trust indices, bands) are computed by services, never stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from relwork.enums import (
    CompassQuadrant,
    CompassSubject,
    MaturitySide,
    RaterPerspective,
    RelationshipType,
    TrustOrigin,
)
from relwork.models.base import CODE, LONG_TEXT, created_field, updated_field


class MapSnapshot(SQLModel, table=True):
    """A dated copy of a client's stakeholder map; taking one counts as reviewing it."""

    __tablename__ = "map_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    taken_at: datetime = created_field()
    author: str = Field(default="", max_length=120)
    note: str = Field(default="", sa_type=LONG_TEXT)


class StakeholderSnapshot(SQLModel, table=True):
    """One stakeholder's place on the map at a snapshot (kept if the stakeholder goes)."""

    __tablename__ = "stakeholder_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    snapshot_id: int = Field(foreign_key="map_snapshot.id", index=True, ondelete="CASCADE")
    stakeholder_id: int | None = Field(
        default=None, foreign_key="stakeholder.id", ondelete="SET NULL"
    )
    label: str = Field(max_length=200)  # the name as it was then
    influence: int | None = None
    interest: int | None = None
    attitude: str = Field(default="neutral", sa_type=CODE)


class Persona(SQLModel, table=True):
    """An archetype for a group of people with similar goals and behaviour.
    ``account_id`` None means shared across the portfolio."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    name: str = Field(max_length=200)
    tagline: str = Field(default="", sa_type=LONG_TEXT)  # in the persona's own voice
    day_in_life: str = Field(default="", sa_type=LONG_TEXT)
    background: str = Field(default="", sa_type=LONG_TEXT)
    goals: str = Field(default="", sa_type=LONG_TEXT)
    frustrations: str = Field(default="", sa_type=LONG_TEXT)
    preferred_channels: list[str] = Field(default_factory=list, sa_type=JSON)
    influences: str = Field(default="", sa_type=LONG_TEXT)
    tech_comfort: int | None = None  # 1..5
    is_machine: bool = False  # a machine "user": emotional fields do not apply
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class CompassEntry(SQLModel, table=True):
    """One item of a persona's or stakeholder group's compass."""

    __tablename__ = "compass_entry"
    __table_args__ = (Index("ix_compass_entry_subject", "subject_type", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_type: CompassSubject = Field(sa_type=CODE)
    subject_id: int
    quadrant: CompassQuadrant = Field(sa_type=CODE)
    text: str = Field(sa_type=LONG_TEXT)
    valence: int | None = None  # -2..+2, for emotions
    created_at: datetime = created_field()


class TrustAssessment(SQLModel, table=True):
    """A dated rating of the relationship's trust on the three Cs, from one perspective."""

    __tablename__ = "trust_assessment"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    taken_at: datetime = created_field()
    item_set: str = Field(default="three_cs", max_length=80)  # which behaviour set was used
    rater_perspective: RaterPerspective = Field(
        default=RaterPerspective.PROVIDER_SELF, sa_type=CODE
    )
    trust_origin: TrustOrigin | None = Field(default=None, sa_type=CODE)
    author: str = Field(default="", max_length=120)
    notes: str = Field(default="", sa_type=LONG_TEXT)


class TrustRating(SQLModel, table=True):
    __tablename__ = "trust_rating"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="trust_assessment.id", index=True, ondelete="CASCADE")
    behaviour_key: str = Field(max_length=40)
    score: int | None = None  # 1..5; None means not assessed (never counted as zero)
    evidence: str = Field(default="", sa_type=LONG_TEXT)


class MaturityAssessment(SQLModel, table=True):
    """The relationship-maturity level of one side (demand or supply), dated."""

    __tablename__ = "maturity_assessment"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    side: MaturitySide = Field(sa_type=CODE)
    level: RelationshipType = Field(sa_type=CODE)
    assessed_on: date
    notes: str = Field(default="", sa_type=LONG_TEXT)
    created_at: datetime = created_field()
