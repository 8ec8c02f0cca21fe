"""Tables whose columns fit the space they have: fixed columns keep their width, one
flexible column takes the rest, optional ones appear only when there is room."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from relwork.widgets.text_table import TextTable


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # 0: takes the space left over
    min_table_width: int = 0  # shown only when the table is at least this wide


def refill(
    table: DataTable[Text], columns: list[Column], rows: Sequence[tuple[int | None, list[Text]]]
) -> None:
    """Replace columns (sized to the table) and rows, keeping the cursor on the same record."""
    selected = cursor_key(table)
    inner = max(table.content_region.width, 30) - 1  # room for the vertical scrollbar
    shown = [i for i, c in enumerate(columns) if inner >= c.min_table_width]
    fixed = sum(columns[i].width + 2 for i in shown)
    table.clear(columns=True)
    for i in shown:
        column = columns[i]
        table.add_column(column.heading, width=column.width or max(8, inner - fixed - 2))
    for record_id, cells in rows:
        table.add_row(*(cells[i] for i in shown), key=str(record_id))
    if selected is not None and selected in table.rows:
        table.move_cursor(row=table.get_row_index(selected))


Rows = Sequence[tuple[int | None, list[Text]]]


class FittedTable(TextTable):
    """A DataTable that keeps :data:`columns` fitted to its own width: it redraws its
    rows whenever its width changes (a resize, the help panel opening)."""

    def __init__(self, columns: list[Column], **kwargs: object) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.fitted_columns = columns
        self._rows: Rows = []
        self._fitted_width = -1

    def set_rows(self, rows: Rows) -> None:
        self._rows = rows
        self._fitted_width = self.content_region.width
        refill(self, self.fitted_columns, rows)

    def on_resize(self) -> None:
        if self.content_region.width != self._fitted_width:
            self.set_rows(self._rows)


def cursor_key(table: DataTable[Text]) -> str | None:
    """The row key under the table's cursor; ``None`` for an empty table."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def selected_id(table: DataTable[Text]) -> int | None:
    """The record id (an integer row key) under the table's cursor, if any."""
    key = cursor_key(table)
    return int(key) if key not in (None, "None") else None
