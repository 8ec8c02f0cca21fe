"""The 4 x 4 maturity grid of a finished run: the consumer's dimensions down the side,
the provider's across the top, each cell its score coloured by how strong it is.

Labels are shortened to their initials ("Organizations & people" -> "O&P") so the
grid fits 80 columns; the legend under it spells them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich import box
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from relwork.wizards import Choice

CELL_WIDTH = 5


@dataclass(frozen=True)
class GridColours:
    weak: str = "red"
    partial: str = "yellow"
    strong: str = "green"


def short_label(label: str, width: int = 5) -> str:
    """Initials per part of a label joined by '&' ("Value streams & processes" -> "VS&P")."""
    parts = [p for p in label.replace(" and ", " & ").split("&") if p.strip()]
    initials = ["".join(w[0].upper() for w in p.split() if w[:1].isalpha()) for p in parts]
    short = "&".join(i for i in initials if i)
    if short and len(short) <= width:
        return short
    return label.strip()[:width].strip()


def cell_style(score: int | None, colours: GridColours) -> str:
    if score is None:
        return "dim"
    if score <= 2:
        return f"bold {colours.weak}"
    if score == 3:
        return f"bold {colours.partial}"
    return f"bold {colours.strong}"


def grid_table(
    rows: Sequence[Choice],
    columns: Sequence[Choice],
    cells: Mapping[tuple[str, str], int | None],
    colours: GridColours,
) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column(Text("Client", style="bold"), no_wrap=True)
    for column in columns:
        table.add_column(short_label(column.label), justify="center", width=CELL_WIDTH)
    for row in rows:
        shown = []
        for column in columns:
            score = cells.get((row.value, column.value))
            mark = "■" if score is not None else "·"
            text = f"{mark} {score}" if score is not None else f"{mark} –"
            shown.append(Text(text, style=cell_style(score, colours)))
        table.add_row(Text(short_label(row.label), style="bold"), *shown)
    return table


def grid_legend(rows: Sequence[Choice], columns: Sequence[Choice], colours: GridColours) -> Text:
    line = Text()
    line.append("■ 1-2 weak", style=cell_style(1, colours))
    line.append("  ")
    line.append("■ 3 partial", style=cell_style(3, colours))
    line.append("  ")
    line.append("■ 4-5 strong", style=cell_style(5, colours))
    line.append("  – none", style="dim")
    line.append("  ·  rows: client · columns: us", style="dim")
    names: dict[str, str] = {}
    for choice in (*rows, *columns):
        names.setdefault(short_label(choice.label), choice.label)
    spelled = " · ".join(f"{short} {label}" for short, label in names.items())
    return Text.assemble(line, "\n", Text(spelled, style="italic"))


class MaturityGrid(Static):
    """Shows one grid (the legend is :func:`grid_legend`, placed by the screen)."""

    DEFAULT_CSS = """
    MaturityGrid {
        height: auto;
    }
    """

    def show(
        self,
        rows: Sequence[Choice],
        columns: Sequence[Choice],
        cells: Mapping[tuple[str, str], int | None],
        colours: GridColours | None = None,
    ) -> None:
        table = grid_table(rows, columns, cells, colours or GridColours())
        console = self.app.console
        # as wide as the table needs, so what sits beside it gets the rest
        self.styles.width = Measurement.get(console, console.options, table).maximum
        self.update(table)
