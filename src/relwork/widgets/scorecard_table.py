"""The scorecard as a table: each metric's target, newest value, status, trend and
change (status reads without colour too: a mark before the word), and the watermelon
banner shown above it and on the client workspace."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from relwork.enums import MetricClass
from relwork.services.scorecard import (
    AT_RISK,
    MET,
    MISSED,
    STATUS_LABELS,
    ScorecardRow,
    format_change,
    format_target,
    format_value,
    improved,
)
from relwork.services.watermelon import WatermelonFlag
from relwork.widgets.bar_chart import spark
from relwork.widgets.fitted import Column, FittedTable
from relwork.widgets.literal import cell

COLUMNS = [
    Column("Metric", 0),
    Column("Class", 9, 100),
    Column("Target", 10),
    Column("Latest", 9),
    Column("Status", 9),
    Column("Trend", 6),
    Column("Change", 7),
    Column("Period", 8, 110),
    Column("Agreement", 28, 150),
]

STATUS_MARKS: dict[str, str] = {MET: "✓", AT_RISK: "!", MISSED: "✗"}
STATUS_COLOURS: dict[str, str] = {MET: "success", AT_RISK: "warning", MISSED: "error"}


def status_text(status: str, colours: Mapping[str, str]) -> Text:
    """ "✓ Met", "! At risk", "✗ Missed", "– No data", coloured from the theme."""
    label = f"{STATUS_MARKS.get(status, '–')} {STATUS_LABELS[status]}"
    colour = colours.get(STATUS_COLOURS.get(status, ""), "")
    style = f"bold {colour}" if colour else "dim"
    return Text(label, style=style, no_wrap=True)


def row_cells(row: ScorecardRow, colours: Mapping[str, str]) -> list[Text]:
    direction = improved(row)
    change_style = ""
    if direction is not None:
        change_style = colours.get("success" if direction else "error", "")
    period = row.latest_period.strftime("%b %Y") if row.latest_period else None
    return [
        cell(row.name),
        cell(MetricClass(row.metric_class).label, "italic"),
        cell(format_target(row)),
        cell(format_value(row.latest_value, row.unit)),
        status_text(row.status, colours),
        cell(spark(row.trend) if row.trend else ""),
        Text(format_change(row.change, row.unit), style=change_style, no_wrap=True),
        cell(period, "dim"),
        cell(row.agreement_title, "dim"),
    ]


class ScorecardTable(FittedTable):
    """One row per metric, keyed by metric id."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(COLUMNS, **kwargs)

    def show(self, rows: Sequence[ScorecardRow], colours: Mapping[str, str]) -> None:
        self.set_rows([(row.metric_id, row_cells(row, colours)) for row in rows])


class WatermelonBanner(Static):
    """The watermelon warning with its evidence; hidden when there is no flag."""

    DEFAULT_CSS = """
    WatermelonBanner {
        height: auto;
        padding: 0 1;
        border-left: thick $error;
        background: $surface;
    }
    """

    def show(
        self,
        flag: WatermelonFlag | None,
        colours: Mapping[str, str],
        *,
        hint: str = "",
        compact: bool = False,
        name: str = "",
    ) -> None:
        """One line per signal under a heading, or (``compact``) one paragraph;
        ``name`` starts it, ``hint`` (e.g. a key) ends it."""
        self.display = flag is not None
        if flag is None:
            self.update("")
            return
        colour = colours.get("error", "red")
        text = Text(f"{name}: " if name else "", style="bold")
        text.append(
            f"Watermelon: service targets {flag.green_share:.0%} met, yet",
            style=f"bold {colour}",
        )
        if compact:
            text.append(" " + "; ".join(flag.evidence) + ".")
        else:
            for sentence in flag.evidence:
                text.append(f"\n • {sentence}")
        if hint:
            text.append(f"  ({hint})", style="dim")
        self.update(text)
