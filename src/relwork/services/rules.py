"""Small domain rules shared by every screen and export. Derived values are computed
here, never stored, so a change of threshold changes them everywhere at once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

# Influence or interest at or above this counts as high on the stakeholder grid.
HIGH_SCORE = 4


class Quadrant(StrEnum):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def action_overdue(due_date: date | None, done_at: datetime | None, today: date) -> bool:
    """An open action is overdue once its due date has passed."""
    return done_at is None and due_date is not None and due_date < today


def review_overdue(next_review_due: date | None, today: date) -> bool:
    return next_review_due is not None and next_review_due < today


def quadrant(influence: int | None, interest: int | None) -> Quadrant | None:
    """Where a stakeholder sits on the influence x interest grid (None if not scored)."""
    if influence is None or interest is None:
        return None
    high_influence = influence >= HIGH_SCORE
    high_interest = interest >= HIGH_SCORE
    if high_influence:
        return Quadrant.MANAGE_CLOSELY if high_interest else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if high_interest else Quadrant.MONITOR


def next_contact_due(last: date | None, cadence_days: int, since: date) -> date:
    """When the next contact with a person is due: a cadence after the last logged
    interaction with them (or after ``since``, when they were added, if never)."""
    return (last or since) + timedelta(days=cadence_days)


def out_of_cadence(last: date | None, cadence_days: int | None, since: date, today: date) -> bool:
    """A person is overdue when the last interaction is older than their cadence."""
    if not cadence_days:
        return False
    return next_contact_due(last, cadence_days, since) < today
