"""The one place relwork asks for the current date and time.

Times are timezone-aware (local zone), stored in UTC by the models and shown in
local time. Tests and snapshot runs pin the clock with :func:`freeze`;
``RELWORK_TODAY=YYYY-MM-DD`` pins a whole process to 09:00 on that day.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time

_frozen: datetime | None = None


def freeze(moment: datetime | None) -> None:
    """Pin ``now()`` to ``moment`` (an aware datetime); ``None`` releases it."""
    if moment is not None and moment.tzinfo is None:
        moment = moment.astimezone()
    global _frozen
    _frozen = moment


def now() -> datetime:
    """The current local time, aware, to the second."""
    if _frozen is not None:
        return _frozen
    pinned = os.environ.get("RELWORK_TODAY")
    if pinned:
        return datetime.combine(date.fromisoformat(pinned), time(9, 0)).astimezone()
    return datetime.now().astimezone().replace(microsecond=0)


def today() -> date:
    return now().date()


def local(moment: datetime) -> datetime:
    """A stored (UTC) datetime in the local zone, for display."""
    return moment.astimezone()
