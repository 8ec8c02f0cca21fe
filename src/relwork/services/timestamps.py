"""Datetimes as the store keeps them: UTC text without offset, microseconds included
(the ORM's format). The fast sqlite3 paths read and write through these two."""

from __future__ import annotations

from datetime import UTC, datetime


def stored(moment: datetime) -> str:
    """A datetime as the ORM stores it: UTC without offset, with microseconds."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def stored_datetime(value: str | datetime | None) -> datetime | None:
    """A datetime column as read by plain sqlite3 (UTC text) made aware."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
