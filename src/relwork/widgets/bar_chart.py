"""Small terminal charts drawn with block characters: a one-line sparkline for table
cells, and a column chart (one labelled column per period) that fits a few lines."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a period without a value


def spark(
    values: Sequence[float | None], *, low: float | None = None, high: float | None = None
) -> str:
    """One block per value, scaled between ``low`` and ``high`` (by default the
    smallest and largest value); a dot where there is no value. Equal values draw
    a middle block so a flat line still shows."""
    present = [v for v in values if v is not None]
    if not present:
        return GAP * len(values)
    bottom = min(present) if low is None else low
    top = max(present) if high is None else high
    marks = []
    for value in values:
        if value is None:
            marks.append(GAP)
        elif top - bottom < 1e-12:
            marks.append(BLOCKS[len(BLOCKS) // 2 - 1])
        else:
            share = (min(max(value, bottom), top) - bottom) / (top - bottom)
            marks.append(BLOCKS[round(share * (len(BLOCKS) - 1))])
    return "".join(marks)


def column_cells(value: float, *, low: float, top: float, height: int) -> list[str]:
    """The cells of one column, top row first, filled in eighths of a cell. A value
    at or below ``low`` still shows a sliver, so "zero" differs from "no data"."""
    if top - low <= 0:
        eighths = 1
    else:
        share = (min(max(value, low), top) - low) / (top - low)
        eighths = max(1, round(share * height * 8))
    cells = []
    for row in range(height - 1, -1, -1):
        fill = min(8, max(0, eighths - row * 8))
        cells.append(BLOCKS[fill - 1] if fill else " ")
    return cells


def columns(
    labels: Sequence[str],
    values: Sequence[float | None],
    texts: Sequence[str],
    *,
    height: int = 3,
    low: float = 0.0,
    top: float | None = None,
    style: str = "",
) -> Text:
    """A column chart: ``height`` lines of bars, then each value, then each label
    (a dot for no data). The scale runs from ``low`` to ``top`` (the largest value
    by default)."""
    present = [v for v in values if v is not None]
    scale = top if top is not None else max([*present, low + 1e-9])
    width = max([len(t) for t in texts] + [len(label) for label in labels] + [1]) + 1
    grid: list[list[str]] = []
    for value in values:
        if value is None:
            grid.append([" "] * (height - 1) + [GAP])
        else:
            grid.append(column_cells(value, low=low, top=scale, height=height))
    result = Text()
    for row in range(height):
        for index, column in enumerate(grid):
            bar = column[row] * max(1, width - 2)
            result.append(f"{bar:^{width}}", style=style if values[index] is not None else "dim")
        result.append("\n")
    for text in texts:
        result.append(f"{text:^{width}}")
    result.append("\n")
    for label in labels:
        result.append(f"{label:^{width}}", style="dim")
    return result


class BarChart(Static):
    """A titled column chart; :meth:`plot` replaces what it shows."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
    }
    """

    def plot(
        self,
        title: Text,
        labels: Sequence[str],
        values: Sequence[float | None],
        texts: Sequence[str],
        *,
        height: int = 3,
        low: float = 0.0,
        top: float | None = None,
        style: str = "",
    ) -> None:
        content = title.copy()
        if labels:
            content.append("\n")
            content.append_text(
                columns(labels, values, texts, height=height, low=low, top=top, style=style)
            )
        self.update(content)
