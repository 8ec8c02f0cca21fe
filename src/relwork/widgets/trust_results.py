"""The results of a trust assessment: scores per dimension and side, the index and its
band, the weakest dimension and what pulls it down, the change and the trend.

Every number comes from :mod:`relwork.services.trust`; this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from relwork.enums import TrustDimension, TrustParty
from relwork.services.trust import (
    HIGH,
    LOW,
    MODERATE,
    Change,
    ItemSet,
    Trend,
    TrustScores,
    format_change,
    format_score,
)

BLOCKS = "▁▂▃▄▅▆▇█"
NOT_RATED = "·"
TREND_POINTS = 10  # the newest assessments shown in a sparkline
WIDE_PULLING_DOWN = 3  # behaviours listed with their text; the rest by key


def sparkline(values: Sequence[float | None], points: int = TREND_POINTS) -> str:
    """One block per assessment on the fixed 1-5 scale (so heights compare across
    dimensions); a dot where the dimension was not rated."""
    marks = []
    for value in list(values)[-points:]:
        if value is None:
            marks.append(NOT_RATED)
        else:
            step = (min(max(value, 1.0), 5.0) - 1.0) / 4.0 * (len(BLOCKS) - 1)
            marks.append(BLOCKS[round(step)])
    return "".join(marks)


@dataclass(frozen=True)
class ResultsView:
    """What the panel shows: the scores being edited, and the saved history around them."""

    item_set: ItemSet
    scores: TrustScores
    trend: Trend  # saved assessments of the same rater perspective, oldest first
    change: Change | None  # these scores against the previous assessment
    gap: float | None = None  # customer's view of the provider minus the self-rating


def band_text(label: str, colours: Mapping[str, str]) -> Text:
    style = {LOW: "error", MODERATE: "warning", HIGH: "success"}.get(label)
    if style is None:
        return Text(label, style="dim")
    return Text(label, style=f"bold {colours.get(style, '')}".strip())


def render_results(
    view: ResultsView, colours: Mapping[str, str], *, wide: bool = False
) -> RenderableType:
    """The panel's contents. Narrow: the scores, the overall line and the weakest
    dimension by key. Wide: the same scores beside the behaviours pulling the weakest
    dimension down (with their text), each party's index and the self/customer gap."""
    left = Group(_scores_table(view), _overall(view, colours, wide=wide))
    if not wide:
        return Group(left, _weakest(view, wide=False))
    right: list[RenderableType] = [_weakest(view, wide=True), _parties(view, colours)]
    if view.change is not None:
        right.append(Text(f"Change since {view.change.since.astimezone():%Y-%m-%d}", style="dim"))
    if view.gap is not None:
        right.append(
            Text.assemble(
                ("Customer's view vs self-rating ", "bold"),
                f"{format_change(view.gap, 2)} on the provider index",
            )
        )
    grid = Table.grid(expand=True, padding=(0, 3))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(left, Group(*right))
    return grid


def _scores_table(view: ResultsView) -> Table:
    scores, trend, change = view.scores, view.trend, view.change
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, expand=False)
    table.add_column("", no_wrap=True)
    for heading in ("Provider", "Customer", "Both"):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    for dimension in TrustDimension:
        table.add_row(
            dimension.label,
            format_score(scores.cell(TrustParty.PROVIDER, dimension)),
            format_score(scores.cell(TrustParty.CUSTOMER, dimension)),
            Text(format_score(scores.dimensions[dimension]), style="bold"),
            sparkline(trend.dimensions.get(dimension, [])),
            format_change(change.dimensions[dimension]) if change else "",
        )
    table.add_row(
        Text("Index", style="bold"),
        format_score(scores.parties[TrustParty.PROVIDER], 2),
        format_score(scores.parties[TrustParty.CUSTOMER], 2),
        Text(format_score(scores.overall, 2), style="bold"),
        sparkline(trend.overall),
        format_change(change.overall, 2) if change else "",
    )
    return table


def _overall(view: ResultsView, colours: Mapping[str, str], *, wide: bool) -> Text:
    scores = view.scores
    line = Text.assemble(("Overall ", "bold"), (format_score(scores.overall, 2), "bold"), " ")
    line.append_text(band_text(scores.band, colours))
    line.append(f" · {scores.rated} rated, {scores.not_assessed} not assessed")
    if view.change is not None and not wide:
        line.append(f" · change since {view.change.since.astimezone():%Y-%m-%d}")
    if scores.rated == 0:
        line.append(" · score with 1-5", style="italic")
    return line


def _weakest(view: ResultsView, *, wide: bool) -> RenderableType:
    scores = view.scores
    if scores.weakest is None:
        return Text("Weakest: nothing rated yet", style="dim")
    line = Text.assemble(
        ("Weakest ", "bold"),
        scores.weakest.label,
        f" {format_score(scores.dimensions[scores.weakest])}",
    )
    if not scores.pulling_down:
        line.append(" · no behaviour in it is rated 3 or lower", style="dim")
        return line
    if not wide:
        line.append(" · pulled down by ")
        line.append(", ".join(f"{r.item.key} ({r.score})" for r in scores.pulling_down))
        return line
    lines: list[RenderableType] = [line.append(" · pulled down by:")]
    shown = scores.pulling_down[:WIDE_PULLING_DOWN]
    for rated in shown:
        row = Text(f"  {rated.score} {rated.item.key} ", no_wrap=True, overflow="ellipsis")
        row.append(rated.item.text)  # shipped or organisation text, kept as written
        lines.append(row)
    rest = scores.pulling_down[len(shown) :]
    if rest:
        lines.append(Text("  and " + ", ".join(f"{r.item.key} ({r.score})" for r in rest)))
    return Group(*lines)


def _parties(view: ResultsView, colours: Mapping[str, str]) -> Text:
    scores = view.scores
    text = Text()
    for party in TrustParty:
        index = scores.parties[party]
        if text:
            text.append("\n")
        text.append(f"{party.label} ", style="bold")
        text.append(format_score(index, 2) + " ")
        text.append_text(band_text(view.item_set.bands.of(index), colours))
        weakest = scores.party_weakest[party]
        if weakest is not None:
            text.append(f" · weakest {weakest.label.lower()}")
    return text


class TrustResults(Static):
    DEFAULT_CSS = """
    TrustResults {
        height: auto;
        padding: 0 1;
        background: $surface;
    }
    """

    def show(self, view: ResultsView, *, wide: bool = False) -> None:
        colours = self.app.theme_variables
        self.update(render_results(view, colours, wide=wide))
