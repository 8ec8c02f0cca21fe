"""How dates and amounts read on screen; pure functions shared by screens and exports."""

from __future__ import annotations

from datetime import date, datetime


def short_ago(moment: datetime | date | None, today: date) -> str:
    """'today', '5d ago', '3mo ago', '2y ago' (at most 7 characters); '' for never."""
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
