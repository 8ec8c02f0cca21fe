"""When client reviews are due: the cadence, the next due date, and local days (pure).

A client is reviewed every ``Account.review_cadence_days``, or the usual number of days
for its relationship type. Scheduling a review sets the client's ``next_review_due`` to
the review's day; holding one moves it a cadence past the day it was held. Today and the
dashboard read ``next_review_due``, so a review not held in time shows there as overdue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from relwork.enums import RelationshipType
from relwork.services.reference import default_review_cadence
from relwork.services.rules import review_overdue

if TYPE_CHECKING:
    from relwork.models import Account


def cadence_days(account: Account) -> int:
    """Days between this client's reviews: its own cadence, else its type's usual one."""
    return account.review_cadence_days or default_review_cadence(
        RelationshipType(account.current_type)
    )


def next_due_after(held_on: date, cadence: int) -> date:
    """When the next review is due after one held on ``held_on``."""
    return held_on + timedelta(days=cadence)


def local_day(moment: datetime) -> date:
    """The local calendar day of a stored (UTC, maybe naive) datetime."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().date()


def local_time(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone()


def due_text(next_due: date | None, today: date) -> str:
    """How the next review date reads beside the cadence."""
    if next_due is None:
        return "no review scheduled"
    if review_overdue(next_due, today):
        return f"next due {next_due.isoformat()}: overdue by {(today - next_due).days} days"
    days = (next_due - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"next due {next_due.isoformat()} ({when})"
