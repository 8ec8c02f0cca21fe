"""Form values become typed data or a message per field saying what to fix."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import field_validator
from sqlmodel import SQLModel

from relwork.services.validation import (
    InvalidInput,
    local_datetime,
    optional_date,
    optional_int,
    validate,
)


class _Form(SQLModel):
    name: str
    when: date | None = None
    count: int | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> str:
        if not str(value or "").strip():
            raise ValueError("Enter a name.")
        return str(value)

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, value: object) -> date | None:
        return optional_date(value)

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, value: object) -> int | None:
        return optional_int(value, low=1, high=10, what="the count")


def test_validate_returns_the_model_for_good_input() -> None:
    form = validate(_Form, {"name": "Acme", "when": "2026-12-05", "count": "3"})
    assert form == _Form(name="Acme", when=date(2026, 12, 5), count=3)


def test_validate_reports_one_clear_message_per_bad_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate(_Form, {"name": "  ", "when": "5/12/2026", "count": "many"})
    errors = caught.value.errors
    assert set(errors) == {"name", "when", "count"}
    assert errors["name"] == "Enter a name."
    assert errors["when"] == "'5/12/2026' is not a date; use YYYY-MM-DD, e.g. 2026-12-05."
    assert errors["count"] == "Enter the count as a whole number, e.g. 30."
    # pydantic's technical prefix is gone, and the exception text names each field
    assert not any("Value error" in message for message in errors.values())
    assert "name: Enter a name." in str(caught.value)


def test_missing_required_field_is_reported_by_name() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate(_Form, {})
    assert list(caught.value.errors) == ["name"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("2026-02-28", date(2026, 2, 28)),
        (" 2026-02-28\n", date(2026, 2, 28)),
        (date(2027, 1, 1), date(2027, 1, 1)),
    ],
)
def test_optional_date_accepts_iso_dates_and_empty(value: object, expected: date | None) -> None:
    assert optional_date(value) == expected


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "20.11.2026"])
def test_optional_date_refuses_other_text(value: str) -> None:
    with pytest.raises(ValueError, match="is not a date; use YYYY-MM-DD"):
        optional_date(value)


def test_optional_int_parses_checks_range_and_allows_empty() -> None:
    assert optional_int("", low=7, high=730, what="the cadence") is None
    assert optional_int(None, low=7, high=730, what="the cadence") is None
    assert optional_int(" 90 ", low=7, high=730, what="the cadence") == 90
    assert optional_int(7, low=7, high=730, what="the cadence") == 7
    assert optional_int("730", low=7, high=730, what="the cadence") == 730
    with pytest.raises(ValueError, match=r"^The cadence must be between 7 and 730\.$"):
        optional_int("6", low=7, high=730, what="the cadence")
    with pytest.raises(ValueError, match="between 7 and 730"):
        optional_int(731, low=7, high=730, what="the cadence")
    with pytest.raises(ValueError, match=r"^Enter the cadence as a whole number, e\.g\. 7\.$"):
        optional_int("7.5", low=7, high=730, what="the cadence")


def test_local_datetime_reads_date_and_time_as_local_time() -> None:
    parsed = local_datetime("2026-11-19 14:45")
    assert parsed.tzinfo is not None
    assert parsed == datetime(2026, 11, 19, 14, 45, tzinfo=UTC)  # the tests run in UTC


def test_local_datetime_takes_a_bare_date_at_nine() -> None:
    assert local_datetime("2026-11-19") == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)


def test_local_datetime_keeps_an_explicit_offset() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert local_datetime("2026-11-19 14:45+02:00") == datetime(
        2026, 11, 19, 14, 45, tzinfo=plus_two
    )
    aware = datetime(2026, 1, 2, 3, 4, tzinfo=plus_two)
    assert local_datetime(aware) is aware


def test_local_datetime_makes_a_naive_datetime_aware() -> None:
    assert local_datetime(datetime(2026, 1, 2, 3, 4)).tzinfo is not None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter when it happened"),
        (None, "Enter when it happened"),
        ("yesterday at 3", "is not a date and time; use YYYY-MM-DD HH:MM"),
    ],
)
def test_local_datetime_explains_bad_input(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        local_datetime(value)
