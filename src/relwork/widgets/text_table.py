"""A DataTable that draws one-line text cells directly.

Textual draws every cell through Rich's general layout (padding, wrapping, cropping
and styling as nested renderables): about 0.1 ms a cell, so ~20 ms for the first
screenful of the portfolio, the largest single cost of the first frame. relwork's
cells are nearly always one line of ``Text`` in a row one line high; for those the
result is computed here in a few steps, segment for segment the same as Textual's
(tests/ui/test_text_table.py compares the two on every kind of cell relwork shows).
Anything else (several lines, tabs, text that asks to wrap, justified text, other
renderables, the header, fixed rows or columns, row labels) takes Textual's path.

This overrides ``DataTable._render_cell``, which is not public API: Textual's version
is pinned in pyproject.toml, and the comparison test fails if an upgrade changes
what the method receives or returns.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import CellCacheKey

_PLAIN_JUSTIFY = (None, "default", "left")


class TextTable(DataTable[Text]):
    """DataTable whose plain one-line text cells skip Rich's layout machinery."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if row_index < max(self.fixed_rows, 0) or column_index < max(self.fixed_columns, 0):
            # header (-1), row labels (-1) and fixed cells have their own styles
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # not drawn yet: Textual handles it
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # the same key as Textual's, so both paths share one cache
        key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        content = self._get_row_renderables(row_index).cells[column_index]
        if (
            type(content) is not Text
            or self.rows[row_key].height != 1
            or content.no_wrap is False  # asked to wrap: the first line ends at a word
            or content.justify not in _PLAIN_JUSTIFY
            or content.overflow == "ignore"  # Textual still crops it to the cell
            or "\n" in content.plain
            or "\t" in content.plain
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        lines = [self._one_line(content, row_index, column_index, base_style, width, cursor, hover)]
        self._cell_render_cache[key] = lines
        return lines

    def _one_line(
        self,
        content: Text,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[Segment]:
        cell_style, post_style = self._get_styles_to_render_cell(
            False,  # not the header
            False,  # not a row label
            False,  # not a fixed cell
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        console = self.app.console
        padding = self.cell_padding
        room = max(0, width - 2 * padding)
        text = content.copy()
        text.truncate(room, overflow=content.overflow or "fold")  # "…" where asked for
        if text.spans:
            body = list(text.render(console))
        else:
            body = [Segment(text.plain, console.get_style(text.style, default=Style.null()))]
        # the space after the text takes the row's style only, as Rich's padding does
        segments = [
            Segment(" " * padding),
            *body,
            Segment(" " * (room - cell_len(text.plain) + padding)),
        ]
        where = Style.from_meta({"row": row_index, "column": column_index})
        return list(Segment.apply_style(segments, base_style + where + cell_style, post_style))
