"""Column helpers shared by every table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlmodel import Field

from relwork import clock

# Enumerations and short codes are stored as plain VARCHAR so the schema stays portable.
CODE = String(32)
LONG_TEXT = Text()


def created_field() -> datetime:
    return Field(default_factory=clock.now, nullable=False)


def updated_field() -> datetime:
    return Field(default_factory=clock.now, nullable=False)
