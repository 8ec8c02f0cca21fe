"""Shipped reference data (TOML in data/), loaded once on first use."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from relwork.enums import RelationshipType
from relwork.locations import shipped_data_dir


@dataclass(frozen=True)
class TypeProfile:
    """What characterises a relationship type, shown beside the choice."""

    type: RelationshipType
    focus: str
    levels: str
    maturity: str
    agreement: str
    contacts: str
    sharing: str
    planning: str
    exit: str
    trust_built_by: str
    review_cadence_days: int


@cache
def relationship_types() -> dict[RelationshipType, TypeProfile]:
    raw = tomllib.loads((shipped_data_dir() / "relationship_types.toml").read_text("utf-8"))
    return {t: TypeProfile(type=t, **raw["type"][t.value]) for t in RelationshipType}


def default_review_cadence(kind: RelationshipType) -> int:
    """Days between client reviews when the client has no cadence of its own."""
    return relationship_types()[kind].review_cadence_days
