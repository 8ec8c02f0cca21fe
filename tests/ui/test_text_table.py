"""TextTable draws exactly what Textual's DataTable draws, only quicker."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from relwork.widgets.literal import cell
from relwork.widgets.text_table import TextTable

# every kind of cell relwork shows, and the kinds that must take Textual's own path
ROWS: list[list[Text]] = [
    [cell("Aldgate Agritech plc"), cell("Basic", "dim"), cell("3 Offer")],
    [cell("A name far too long for its column, cut with an ellipsis"), cell(""), cell(None)],
    [
        Text("Copperleaf", style="bold reverse #E06C6C", no_wrap=True),
        Text("2 !", style="bold #E06C6C", no_wrap=True),
        cell("[bold]not markup[/]"),
    ],
    [cell("Müller & Søn"), cell("北京客户"), cell("北京客户北京客户北京客户北京客户")],
    [
        Text.assemble(("Due ", "dim"), ("today", "bold"), " · call"),
        Text("two\nlines"),
        Text("tab\there"),
    ],
    [Text("right", justify="right"), Text("", style="dim"), Text("centre", justify="center")],
    [cell("x"), cell("y" * 60), Text("wrapped text that goes on and on", no_wrap=False)],
    [
        Text("overflow ignored but still cropped to the cell", overflow="ignore"),
        cell("z"),
        cell(""),
    ],
]
WIDTHS = [24, 10, 14]


class Pair(App[None]):
    def compose(self) -> ComposeResult:
        for table in (DataTable(id="stock"), TextTable(id="quick")):
            table.cursor_type = "row"
            table.zebra_stripes = True
            yield table

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.styles.height = len(ROWS) + 2
            for n, width in enumerate(WIDTHS):
                table.add_column(f"Col {n}", width=width)
            for n, row in enumerate(ROWS):
                table.add_row(*row, key=str(n))


def lines(table: DataTable) -> list[list[tuple[str, object]]]:
    table._clear_caches()
    table._pseudo_class_state = table.get_pseudo_class_state()
    region = Region(0, 0, table.size.width, table.size.height)
    return [[(seg.text, seg.style) for seg in strip] for strip in table.render_lines(region)]


@pytest.mark.parametrize("cursor_row", [0, 2, 4])
async def test_draws_the_same_segments_as_datatable(cursor_row):
    app = Pair()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        stock = app.query_one("#stock", DataTable)
        quick = app.query_one("#quick", TextTable)
        for table in (stock, quick):
            table.move_cursor(row=cursor_row)
        drawn = {}
        for table in (stock, quick):  # focused: the cursor row has its own colours
            table.focus()
            await pilot.pause()
            drawn[table.id] = lines(table)
        assert drawn["quick"] == drawn["stock"]
        app.set_focus(None)
        await pilot.pause()
        assert lines(quick) == lines(stock)


async def test_hover_and_a_narrower_width_match_too():
    app = Pair()
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        stock = app.query_one("#stock", DataTable)
        quick = app.query_one("#quick", TextTable)
        app.set_focus(None)
        for table in (stock, quick):
            table._show_hover_cursor = True
            table.hover_coordinate = table.cursor_coordinate.down()
        await pilot.pause()
        assert lines(quick) == lines(stock)


async def test_plain_cells_take_the_quick_path(monkeypatch):
    """The comparison above is only worth something if the quick path actually runs."""
    app = Pair()
    quick_cells: list[str] = []
    one_line = TextTable._one_line

    def counted(self, content, *args):
        quick_cells.append(content.plain)
        return one_line(self, content, *args)

    monkeypatch.setattr(TextTable, "_one_line", counted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines(app.query_one("#quick", TextTable))
    assert "Aldgate Agritech plc" in quick_cells
    assert "Copperleaf" in quick_cells
    assert "北京客户" in quick_cells
    # several lines, tabs and justified text go through Textual's own path
    taken_by_textual = {
        "two\nlines",
        "tab\there",
        "right",
        "centre",
        "wrapped text that goes on and on",
    }
    assert not taken_by_textual & set(quick_cells)


async def test_the_key_and_id_under_the_cursor():
    from relwork.widgets.fitted import cursor_key, selected_id

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield TextTable(id="t")

    app = One()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one("#t", TextTable)
        assert cursor_key(table) is None and selected_id(table) is None  # empty
        table.add_column("Name")
        table.add_row(cell("first"), key="17")
        table.add_row(cell("second"), key="42")
        table.add_row(cell("no record"), key="None")
        await pilot.pause()
        table.move_cursor(row=1)
        assert (cursor_key(table), selected_id(table)) == ("42", 42)
        table.move_cursor(row=2)
        assert (cursor_key(table), selected_id(table)) == ("None", None)
