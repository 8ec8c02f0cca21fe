"""Tables with heading rows (group titles): the cursor steps over them."""

from __future__ import annotations

from collections.abc import Collection

from textual.coordinate import Coordinate


def skip_headings(
    value: Coordinate, current: Coordinate, row_count: int, headings: Collection[int]
) -> Coordinate:
    """Where the cursor goes when asked to move to ``value``: if that is a heading row,
    the next ordinary row in the direction of travel (or the nearest one the other way
    at either end). Tables call it from ``validate_cursor_coordinate``."""
    if value.row not in headings:
        return value
    rows = [r for r in range(row_count) if r not in headings]
    if not rows:
        return value
    below = [r for r in rows if r > value.row]
    above = [r for r in rows if r < value.row]
    if value.row >= current.row:  # moving down (or jumping)
        target = below[0] if below else above[-1]
    else:
        target = above[-1] if above else below[0]
    return Coordinate(target, value.column)
