"""Rules for user-entered text: what is stored and how it is shown."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (ESC sequences start here).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: str) -> str:
    """Strip terminal control characters; normalise line endings."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def clean_line(value: str) -> str:
    """Like :func:`clean` for single-line fields: newlines and tabs become spaces, ends trimmed."""
    return " ".join(clean(value).replace("\t", " ").split("\n")).strip()


def first_line(value: str, width: int = 80) -> str:
    """The first non-empty line of ``value``, cut to ``width`` characters with an ellipsis."""
    for line in value.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= width else line[: width - 1] + "…"
    return ""
