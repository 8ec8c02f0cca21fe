"""Derived values: overdue actions and reviews, the stakeholder quadrant, days since."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from relwork.services.rules import (
    HIGH_SCORE,
    Quadrant,
    action_overdue,
    quadrant,
    review_overdue,
)

TODAY = date(2026, 11, 20)
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)
DONE = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)


def test_open_action_is_overdue_only_once_its_due_date_has_passed() -> None:
    assert action_overdue(YESTERDAY, None, TODAY) is True
    assert action_overdue(TODAY, None, TODAY) is False  # due today is not late yet
    assert action_overdue(TOMORROW, None, TODAY) is False


def test_done_or_undated_action_is_never_overdue() -> None:
    assert action_overdue(YESTERDAY - timedelta(days=30), DONE, TODAY) is False
    assert action_overdue(None, None, TODAY) is False


def test_review_overdue_after_the_due_date_only() -> None:
    assert review_overdue(YESTERDAY, TODAY) is True
    assert review_overdue(TODAY, TODAY) is False
    assert review_overdue(TOMORROW, TODAY) is False
    assert review_overdue(None, TODAY) is False


def test_high_score_threshold_is_four() -> None:
    assert HIGH_SCORE == 4


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 3, Quadrant.KEEP_SATISFIED),
        (5, 1, Quadrant.KEEP_SATISFIED),
        (3, 4, Quadrant.KEEP_INFORMED),
        (1, 5, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant_splits_the_grid_at_four(
    influence: int, interest: int, expected: Quadrant
) -> None:
    assert quadrant(influence, interest) is expected


def test_unscored_stakeholder_has_no_quadrant() -> None:
    assert quadrant(None, 5) is None
    assert quadrant(5, None) is None
    assert quadrant(None, None) is None


def test_quadrant_labels_read_as_words() -> None:
    assert Quadrant.MANAGE_CLOSELY.label == "Manage closely"
    assert Quadrant.KEEP_SATISFIED.label == "Keep satisfied"
    assert Quadrant.KEEP_INFORMED.label == "Keep informed"
    assert Quadrant.MONITOR.label == "Monitor"
