"""Showing user text exactly as typed: never parsed as markup."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from relwork.text import first_line


def literal(value: object, style: str = "") -> Text:
    """User text as a Rich ``Text``: brackets and markup-like text show as typed."""
    return Text(str(value), style=style, no_wrap=False)


def cell(value: object, style: str = "") -> Text:
    """A table cell: one line of user text, or a date, or a dash for nothing."""
    if value is None or value == "":
        return Text("–", style="dim")
    if isinstance(value, datetime):
        value = value.astimezone().strftime("%Y-%m-%d")
    elif isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, str):
        value = first_line(value, 200)
    return Text(str(value), style=style, no_wrap=True, overflow="ellipsis")
