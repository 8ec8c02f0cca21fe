"""A grid of metrics (rows) by months (columns) where typing a number starts an edit.

The grid itself never writes: typing a digit (or - . +) posts :class:`EditRequested`
with what was typed, Enter posts it with the cell's current value and Backspace with
nothing, and the screen shows an input that saves through the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import DataTable

from relwork.services.form_values import format_number
from relwork.services.measurements import MeasurementGrid
from relwork.services.metrics import target_text
from relwork.services.scorecard import metric_status
from relwork.widgets.literal import cell
from relwork.widgets.text_table import TextTable

if TYPE_CHECKING:
    from relwork.models import Metric

MONTH_WIDTH = 7  # "2026-10", and values such as "99.98"
TARGET_WIDTH = 11
TARGET_FROM = 100  # the target column shows from this table width
NAME_MIN = 12
_TYPED = set("0123456789.-+")


@dataclass(frozen=True)
class GridCell:
    metric_id: int
    metric_name: str
    period: date
    value: float | None


class MeasurementGridTable(TextTable):
    """Metrics by months; see the module docstring for how editing starts."""

    class EditRequested(Message):
        """Start editing the cell under the cursor with ``text``; ``typed`` is True when
        the text is what was just typed (rather than the cell's value or nothing)."""

        def __init__(self, text: str, *, typed: bool = False) -> None:
            super().__init__()
            self.text = text
            self.typed = typed

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("cursor_type", "cell")
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.grid: MeasurementGrid | None = None
        self.colours: dict[str, str] = {}
        self._first_month_column = 1
        self._fitted_width = -1

    # --- filling -----------------------------------------------------------------------------

    def show(self, grid: MeasurementGrid, colours: dict[str, str]) -> None:
        """Show ``grid``, keeping the cursor on the same metric and month if it can (or
        the nearest month shown when the window has moved past it)."""
        before = self.selected
        row = self.cursor_row
        self.grid = grid
        self.colours = colours
        self._fitted_width = self.content_region.width
        inner = max(self.content_region.width, 40) - 1
        with_target = inner >= TARGET_FROM
        self.clear(columns=True)
        month_space = len(grid.periods) * (MONTH_WIDTH + 2)
        fixed = month_space + (TARGET_WIDTH + 2 if with_target else 0)
        self.add_column("Metric", width=max(NAME_MIN, inner - fixed - 2))
        self._first_month_column = 1
        if with_target:
            self.add_column("Target", width=TARGET_WIDTH)
            self._first_month_column = 2
        for period in grid.periods:
            self.add_column(f"{period:%Y-%m}", width=MONTH_WIDTH)
        for grid_row in grid.rows:
            metric = grid_row.metric
            cells = [cell(metric.name)]
            if with_target:
                cells.append(Text(target_text(metric), no_wrap=True, overflow="ellipsis"))
            for value in grid_row.values:
                cells.append(self._value_cell(metric, value))
            self.add_row(*cells, key=str(metric.id))
        if grid.rows and grid.periods:
            index = len(grid.periods) - 1
            if before is not None and before.period in grid.periods:
                index = grid.periods.index(before.period)
            elif before is not None and before.period < grid.periods[0]:
                index = 0
            self.move_cursor(
                row=min(row, len(grid.rows) - 1),
                column=self._first_month_column + index,
                animate=False,
            )

    def _value_cell(self, metric: Metric, value: float | None) -> Text:
        if value is None:
            return Text("·", style="dim", justify="right")
        status = metric_status(
            value, target=metric.target, tolerance=metric.tolerance, direction=metric.direction
        )
        return Text(format_number(value), style=self.colours.get(status, ""), justify="right")

    def on_resize(self) -> None:
        if self.grid is not None and self.content_region.width != self._fitted_width:
            self.show(self.grid, self.colours)

    # --- where the cursor is -------------------------------------------------------------------

    @property
    def selected(self) -> GridCell | None:
        """The metric and month under the cursor, or None on a name or target cell."""
        if self.grid is None or not self.grid.rows:
            return None
        row, column = self.cursor_coordinate
        index = column - self._first_month_column
        if not 0 <= index < len(self.grid.periods) or row >= len(self.grid.rows):
            return None
        grid_row = self.grid.rows[row]
        assert grid_row.metric.id is not None
        return GridCell(
            grid_row.metric.id,
            grid_row.metric.name,
            self.grid.periods[index],
            grid_row.values[index],
        )

    # --- starting an edit ----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if self.selected is None:
            return
        if event.character and event.character in _TYPED:
            event.stop()
            event.prevent_default()
            self.post_message(self.EditRequested(event.character, typed=True))
        elif event.key == "backspace":
            event.stop()
            event.prevent_default()
            self.post_message(self.EditRequested(""))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        chosen = self.selected
        if chosen is not None:
            text = "" if chosen.value is None else format_number(chosen.value)
            self.post_message(self.EditRequested(text))
