"""Values typed into the agreement, metric and survey forms: numbers and required choices."""

from __future__ import annotations

import math
import re
from typing import Any

from relwork.text import clean_line

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: Any, *, what: str = "value") -> float | None:
    """A number typed by a user; empty means none. Raises ``ValueError`` saying what to fix.

    A trailing % is allowed (99.5% is 99.5). A decimal comma is refused rather than
    guessed, because 1,234 could mean either.
    """
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = clean_line(str(text))
        typed = raw.removesuffix("%").strip().replace(" ", "")
        if not typed:
            return None
        if "," in typed:
            raise ValueError(f"'{raw}' is not a number: use a dot for decimals, e.g. 99.5.")
        if not _NUMBER.match(typed):
            raise ValueError(f"'{raw}' is not a number; type the {what} in digits, e.g. 99.5.")
        value = float(typed)
    if not math.isfinite(value) or abs(value) > 1e12:
        raise ValueError(f"The {what} is too large to store.")
    return value


def format_number(value: float | None) -> str:
    """A value as people write it: 99.5, 4, 0.25 (at most four decimals); '–' for none."""
    if value is None:
        return "–"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def required_choice(value: Any) -> Any:
    """A choice field's value; raises ``ValueError`` when none was chosen."""
    if not value:
        raise ValueError("Choose one.")
    return value
