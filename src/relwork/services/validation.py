"""Turning bad input into messages that say what to fix, one per field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from relwork.text import clean_line

T = TypeVar("T")


class InvalidInput(Exception):
    """Input that cannot be saved; ``errors`` maps a field name to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def field_errors(exc: ValidationError) -> dict[str, str]:
    """The first message per field, without pydantic's technical prefixes."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        message = str(error["msg"]).removeprefix("Value error, ")
        errors.setdefault(name, message)
    return errors


def validate(model: type[T], values: dict[str, Any]) -> T:
    """Build ``model`` from form values or raise :class:`InvalidInput`."""
    try:
        return model.model_validate(values)  # type: ignore[attr-defined, no-any-return]
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from None


def optional_date(value: Any) -> date | None:
    """Parse a form date (YYYY-MM-DD); empty means none."""
    if value is None or isinstance(value, date):
        return value
    text = clean_line(str(value))
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD, e.g. 2026-12-05.") from None


def optional_int(value: Any, *, low: int, high: int, what: str) -> int | None:
    if value is None or isinstance(value, int):
        number = value
    else:
        text = clean_line(str(value))
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            raise ValueError(
                f"Enter {what} as a whole number, e.g. {low if low > 1 else 30}."
            ) from None
    if number is not None and not low <= number <= high:
        raise ValueError(f"{what.capitalize()} must be between {low} and {high}.")
    return number


def local_datetime(value: Any) -> datetime:
    """Parse 'YYYY-MM-DD HH:MM' (or a bare date, taken at 09:00) as local time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    text = clean_line(str(value or ""))
    if not text:
        raise ValueError("Enter when it happened, as YYYY-MM-DD HH:MM.")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time; use YYYY-MM-DD HH:MM.") from None
    if len(text) <= 10:
        parsed = parsed.replace(hour=9)
    return parsed.astimezone() if parsed.tzinfo is None else parsed
