from datetime import UTC, date, datetime

import pytest

from relwork.formatting import duration, long_ago, short_ago

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (None, ""),
        (date(2026, 11, 20), "today"),
        (date(2026, 11, 21), "today"),  # a future date never reads as "ago"
        (date(2026, 11, 19), "1d ago"),
        (date(2026, 9, 22), "59d ago"),
        (date(2026, 9, 21), "2mo ago"),
        (date(2024, 11, 21), "24mo ago"),
        (date(2024, 11, 20), "2y ago"),
        (datetime(2026, 11, 18, 23, 0, tzinfo=UTC), "2d ago"),
    ],
)
def test_short_ago(moment, expected):
    assert short_ago(moment, TODAY) == expected
    assert len(short_ago(moment, TODAY)) <= 8  # fits the dashboard column


def test_long_ago_names_the_day():
    assert long_ago(date(2026, 11, 20), TODAY) == "2026-11-20 (today)"
    assert long_ago(date(2026, 11, 19), TODAY) == "2026-11-19 (yesterday)"
    assert long_ago(date(2026, 11, 2), TODAY) == "2026-11-02 (18 days ago)"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (13, "13 days"),
        (14, "2 weeks"),
        (59, "8 weeks"),
        (61, "2 months"),
        (365, "1 year"),
        (400, "1 year 1 month"),
        (1500, "4 years 1 month"),
        (800, "2 years 2 months"),
    ],
)
def test_duration_reads_naturally(days, expected):
    assert duration(days) == expected


def test_duration_refuses_negative_spans():
    with pytest.raises(ValueError):
        duration(-1)
