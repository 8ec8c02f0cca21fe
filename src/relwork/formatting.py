"""How dates and amounts read on screen; pure functions shared by screens and exports."""

from __future__ import annotations

from datetime import date, datetime


def short_ago(moment: datetime | date | None, today: date) -> str:
    """'today', '5d ago', '3mo ago', '2y ago' (at most 8 characters); '' for never."""
    if moment is None:
        return ""
    day = moment.astimezone().date() if isinstance(moment, datetime) else moment
    days = (today - day).days
    if days <= 0:
        return "today"
    if days < 60:
        return f"{days}d ago"
    if days < 730:
        return f"{days // 30}mo ago"
    return f"{days // 365}y ago"


def long_ago(moment: datetime | date, today: date) -> str:
    """'2026-11-19 (yesterday)', '2026-11-02 (18 days ago)'."""
    day = moment.astimezone().date() if isinstance(moment, datetime) else moment
    days = (today - day).days
    when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"{day.isoformat()} ({when})"


def duration(days: int) -> str:
    """A span of days as people say it: '3 weeks', '1 year 2 months', '2 years'."""
    if days < 0:
        raise ValueError("a duration cannot be negative")
    if days < 14:
        return _plural(days, "day")
    if days < 60:
        return _plural(days // 7, "week")
    years, months = divmod(days * 12 // 365, 12)
    parts = [_plural(years, "year")] if years else []
    if months or not years:
        parts.append(_plural(months, "month"))
    return " ".join(parts)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"
