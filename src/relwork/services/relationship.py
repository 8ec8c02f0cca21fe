"""Relationship type (current and target) and relationship maturity per side."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import field_validator
from sqlmodel import Session, SQLModel, col, select

from relwork import clock
from relwork.enums import MaturitySide, RelationshipType
from relwork.locations import shipped_data_dir
from relwork.models import MaturityAssessment
from relwork.services.clients import get_client
from relwork.services.reference import TypeProfile, relationship_types
from relwork.services.validation import optional_date, validate
from relwork.text import clean

# The attributes that tell the three types apart, in the order they are shown.
ATTRIBUTES: list[tuple[str, str]] = [
    ("focus", "Focus"),
    ("levels", "Levels involved"),
    ("maturity", "Provider seen as"),
    ("agreement", "Typical agreement"),
    ("contacts", "Points of contact"),
    ("sharing", "Information shared"),
    ("planning", "Planning"),
    ("exit", "Leaving"),
    ("trust_built_by", "Trust is built by"),
]


@dataclass(frozen=True)
class TypeChoice:
    current: RelationshipType
    target: RelationshipType

    @property
    def gap(self) -> int:
        """Steps from current to target: positive means closer, negative means looser."""
        order = list(RelationshipType)
        return order.index(self.target) - order.index(self.current)


def type_choice(*, session: Session, client_id: int) -> TypeChoice:
    account = get_client(session=session, client_id=client_id).account
    current = RelationshipType(account.current_type)
    target = RelationshipType(account.target_type) if account.target_type else current
    return TypeChoice(current, target)


def set_types(
    *, session: Session, client_id: int, current: RelationshipType, target: RelationshipType
) -> TypeChoice:
    client = get_client(session=session, client_id=client_id)
    client.account.current_type = current
    client.account.target_type = None if target == current else target
    client.account.updated_at = clock.now()
    session.add(client.account)
    session.commit()
    return TypeChoice(current, target)


def profiles() -> list[TypeProfile]:
    kinds = relationship_types()
    return [kinds[kind] for kind in RelationshipType]


@cache
def level_summaries() -> dict[tuple[MaturitySide, RelationshipType], str]:
    raw = tomllib.loads((shipped_data_dir() / "maturity.toml").read_text(encoding="utf-8"))
    return {
        (side, level): raw[side.value][level.value]["summary"]
        for side in MaturitySide
        for level in RelationshipType
    }


def record_maturity(
    *,
    session: Session,
    client_id: int,
    side: MaturitySide,
    level: RelationshipType,
    on: date | None = None,
    notes: str = "",
) -> MaturityAssessment:
    """Keep a dated maturity level for one side; earlier ones stay as history."""
    get_client(session=session, client_id=client_id)
    entry = MaturityAssessment(
        account_id=client_id,
        side=side,
        level=level,
        assessed_on=on or clock.today(),
        notes=clean(notes).strip(),
    )
    session.add(entry)
    session.commit()
    session.refresh(entry)
    return entry


def maturity_history(*, session: Session, client_id: int) -> list[MaturityAssessment]:
    """Newest first."""
    return list(
        session.exec(
            select(MaturityAssessment)
            .where(MaturityAssessment.account_id == client_id)
            .order_by(col(MaturityAssessment.assessed_on).desc(), col(MaturityAssessment.id).desc())
        ).all()
    )


def latest_maturity(
    history: list[MaturityAssessment],
) -> dict[MaturitySide, MaturityAssessment | None]:
    """The newest assessment per side from a newest-first history."""
    latest: dict[MaturitySide, MaturityAssessment | None] = dict.fromkeys(MaturitySide)
    for entry in history:
        side = MaturitySide(entry.side)
        if latest[side] is None:
            latest[side] = entry
    return latest


def maturity_gap(latest: dict[MaturitySide, MaturityAssessment | None]) -> str:
    """A warning when one side is much more mature than the other (such relationships
    tend to fail), or '' when they are level or not both known."""
    demand, supply = latest[MaturitySide.DEMAND], latest[MaturitySide.SUPPLY]
    if demand is None or supply is None:
        return ""
    order = list(RelationshipType)
    difference = order.index(RelationshipType(supply.level)) - order.index(
        RelationshipType(demand.level)
    )
    if abs(difference) < 2:
        return ""
    ahead = "supply" if difference > 0 else "demand"
    return f"The {ahead} side is two levels ahead of the other: plan to close the gap."


class MaturityData(SQLModel):
    side: MaturitySide
    level: RelationshipType
    assessed_on: date | None = None
    notes: str = ""

    @field_validator("assessed_on", mode="before")
    @classmethod
    def _date(cls, value: Any) -> date | None:
        return optional_date(value)

    @field_validator("side", "level", mode="before")
    @classmethod
    def _required(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Choose one.")
        return value


def parse_maturity(values: dict[str, Any]) -> MaturityData:
    return validate(MaturityData, values)
