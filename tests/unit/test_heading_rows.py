"""The cursor rule shared by tables with heading rows."""

from __future__ import annotations

from textual.coordinate import Coordinate

from relwork.widgets.heading_rows import skip_headings

HEADINGS = {0, 3}  # rows: 0 heading, 1, 2, 3 heading, 4


def test_ordinary_rows_are_kept() -> None:
    assert skip_headings(Coordinate(2, 1), Coordinate(1, 1), 5, HEADINGS) == Coordinate(2, 1)


def test_moving_down_onto_a_heading_goes_to_the_row_below_it() -> None:
    assert skip_headings(Coordinate(3, 0), Coordinate(2, 0), 5, HEADINGS) == Coordinate(4, 0)


def test_moving_up_onto_a_heading_goes_to_the_row_above_it() -> None:
    assert skip_headings(Coordinate(3, 0), Coordinate(4, 0), 5, HEADINGS) == Coordinate(2, 0)


def test_at_the_top_the_nearest_row_below_is_taken() -> None:
    assert skip_headings(Coordinate(0, 0), Coordinate(1, 0), 5, HEADINGS) == Coordinate(1, 0)


def test_a_table_of_headings_only_leaves_the_cursor_where_asked() -> None:
    assert skip_headings(Coordinate(0, 0), Coordinate(1, 0), 2, {0, 1}) == Coordinate(0, 0)
