"""Realize: is the promised value arriving? For one client: the service scorecard,
the relationship KPIs and the improvement register, under a watermelon warning when
green figures hide an unhappy client. For the portfolio: the KPIs of every client,
the clients flagged as watermelons, and every improvement item.

Everything shown is computed by :mod:`relwork.services.scorecard`,
:mod:`relwork.services.watermelon`, :mod:`relwork.services.kpis` and
:mod:`relwork.services.improvements`; this screen lays it out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from relwork import clock
from relwork.palette import PaletteCommand
from relwork.screens.improvements import ImprovementPane
from relwork.services.kpi_definitions import Kpi, format_kpi_value
from relwork.services.kpi_rules import PERIODS, KpiPeriod, next_period, windows
from relwork.services.kpis import kpis
from relwork.services.scorecard import MET, NO_DATA, ScorecardRow, scorecard
from relwork.services.watermelon import (
    WatermelonFlag,
    WatermelonInputs,
    WatermelonThresholds,
    watermelon,
    watermelon_flags,
    watermelon_inputs,
)
from relwork.widgets.bar_chart import BarChart, spark
from relwork.widgets.fitted import Column, FittedTable, selected_id
from relwork.widgets.footer import KeyFooter
from relwork.widgets.header import ScreenHeader
from relwork.widgets.literal import cell, literal
from relwork.widgets.scorecard_table import ScorecardTable, WatermelonBanner

if TYPE_CHECKING:
    from relwork.app import RelworkApp

SCORECARD, KPIS, WATERMELONS, IMPROVEMENTS = "scorecard", "kpis", "watermelons", "improvements"

KPI_COLUMNS = [
    Column("KPI", 0),
    Column("Now", 12),
    Column("Before", 12),
    Column("", 1),
    Column("By month", 12),
    Column("From", 40, 118),
]
WATERMELON_COLUMNS = [Column("Client", 26), Column("Met", 5), Column("What does not fit", 0)]
# chart scale per KPI unit: (low, top); None: from the values
_SCALES: dict[str, tuple[float, float | None]] = {
    "%": (0.0, 100.0),
    "/100": (0.0, 100.0),
    "/5": (0.0, 5.0),
    "nps": (-100.0, 100.0),
}


def short_value(kpi: Kpi, value: float | None) -> str:
    """A value short enough for a chart column: "92%", "65", "3.4", "+71", "3"."""
    if value is None:
        return ""
    if kpi.unit == "%":
        return f"{value:.0f}%"
    if kpi.unit == "/5":
        return f"{value:.1f}"
    if kpi.unit == "nps":
        return f"{value:+.0f}"
    return f"{value:.0f}"


class RealizeScreen(Screen[None]):
    """Value for one client (``client_id``) or for the whole portfolio (None)."""

    app: RelworkApp

    DEFAULT_CSS = """
    RealizeScreen TabbedContent {
        height: 1fr;
    }
    RealizeScreen TabPane {
        padding: 0;
        height: 1fr;
    }
    RealizeScreen #scorecard, RealizeScreen #kpis, RealizeScreen #watermelons {
        height: 1fr;
    }
    RealizeScreen #scorecard-summary, RealizeScreen #watermelon-detail {
        height: auto;
        max-height: 4;
        padding: 0 1;
        color: $text-muted;
    }
    RealizeScreen .pane-heading {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    RealizeScreen #kpi-chart {
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="realize.back"),
        Binding("s", f"tab('{SCORECARD}')", "Scorecard", id="realize.scorecard"),
        Binding("k", f"tab('{KPIS}')", "KPIs", id="realize.kpis"),
        Binding("w", f"tab('{WATERMELONS}')", "Watermelons", id="realize.watermelons"),
        Binding("i", f"tab('{IMPROVEMENTS}')", "Improvements", id="realize.improvements"),
        Binding("p", "next_period", "Period", id="realize.period"),
    ]

    def __init__(self, client_id: int | None = None, *, tab: str = "") -> None:
        super().__init__()
        self.client_id = client_id
        self.portfolio = client_id is None
        self.initial_tab = tab or (KPIS if self.portfolio else SCORECARD)
        self.period: KpiPeriod = PERIODS[1]
        self.flag: WatermelonFlag | None = None
        self.kpi_rows: list[Kpi] = []
        self.flags: dict[int, WatermelonFlag] = {}
        self._names: dict[int, str] = {}

    @property
    def thresholds(self) -> WatermelonThresholds:
        return WatermelonThresholds.from_settings(self.app.settings.watermelon)

    def compose(self) -> ComposeResult:
        yield ScreenHeader("Value")
        yield WatermelonBanner(id="realize-banner")
        with TabbedContent(initial=f"tab-{self.initial_tab}", id="realize-tabs"):
            if not self.portfolio:
                with TabPane("Scorecard (s)", id=f"tab-{SCORECARD}"):
                    yield ScorecardTable(id="scorecard")
                    yield Static("", id="scorecard-summary")
            with TabPane("KPIs (k)", id=f"tab-{KPIS}"):
                yield Static("", id="kpi-period", classes="pane-heading")
                yield FittedTable(KPI_COLUMNS, id="kpis")
                yield BarChart(id="kpi-chart")
            if self.portfolio:
                with TabPane("Watermelons (w)", id=f"tab-{WATERMELONS}"):
                    yield Static("", id="watermelon-heading", classes="pane-heading")
                    yield FittedTable(WATERMELON_COLUMNS, id="watermelons")
                    yield Static("", id="watermelon-detail")
            with TabPane("Improvements (i)", id=f"tab-{IMPROVEMENTS}"):
                yield ImprovementPane(self.client_id, id="improvement-pane")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self._focus_tab(self.initial_tab)

    # --- data -------------------------------------------------------------------------

    def reload(self) -> None:
        if self.portfolio:
            self.query_one(ScreenHeader).set_title("Portfolio · value and improvement")
            self.query_one(WatermelonBanner).show(None, self.app.theme_variables)
            self._load_watermelons()
        else:
            self._load_client()
        self._load_kpis(self.period)

    def _load_client(self) -> None:
        from relwork.services.clients import get_client

        assert self.client_id is not None
        today = clock.today()
        with self.app.store.session() as session:
            name = get_client(session=session, client_id=self.client_id).name
            rows = scorecard(session=session, account_id=self.client_id, today=today)
            self.flag = watermelon(
                session=session, account_id=self.client_id, today=today, thresholds=self.thresholds
            )
            signals = watermelon_inputs(
                session=session, account_id=self.client_id, today=today, thresholds=self.thresholds
            )
        self.query_one(ScreenHeader).set_title(f"{name} · value")
        self.query_one(ScorecardTable).show(rows, self.app.theme_variables)
        self.query_one("#scorecard-summary", Static).update(self._scorecard_summary(rows, signals))
        self.query_one(WatermelonBanner).show(self.flag, self.app.theme_variables)

    def _scorecard_summary(self, rows: list[ScorecardRow], signals: WatermelonInputs) -> Text:
        if not rows:
            return Text(
                "No agreed or active agreement with metrics yet. Record agreements and "
                "their metrics in the Agree step; their values land here."
            )
        service = [r for r in rows if r.is_service and r.status != NO_DATA]
        met = sum(1 for r in service if r.status == MET)
        parts = [f"Service targets met: {met} of {len(service)}"]
        if signals.satisfaction:
            means = [p.mean for p in signals.satisfaction]
            parts.append(
                f"{signals.satisfaction_label} by month {spark(means, low=1, high=5)} "
                f"{means[0]:.1f} → {means[-1]:.1f}"
            )
        days = self.thresholds.complaint_days
        parts.append(f"complaints in the last {days} days: {signals.complaints}")
        return Text(" · ".join(parts))

    @work(thread=True, exclusive=True, group="realize-kpis")
    def _load_kpis(self, chosen: KpiPeriod) -> None:
        with self.app.store.session() as session:
            found = kpis(
                session=session,
                account_id=self.client_id,
                chosen=chosen,
                today=clock.today(),
                watermelon_thresholds=self.thresholds,
            )
        self.app.call_from_thread(self._show_kpis, chosen, found)

    def _show_kpis(self, chosen: KpiPeriod, found: list[Kpi]) -> None:
        self.kpi_rows = found
        table = self.query_one("#kpis", FittedTable)
        now, _before = windows(chosen, clock.today())
        self.query_one("#kpi-period", Static).update(
            f"{chosen.label.capitalize()} (since {now.start:%d %b %Y}) against the "
            f"{chosen.months} months before · p: period"
        )
        table.set_rows([(index, self._kpi_cells(k)) for index, k in enumerate(found)])
        self._show_chart()

    def _kpi_cells(self, kpi: Kpi) -> list[Text]:
        colours = self.app.theme_variables
        style = "" if kpi.recorded else "dim"
        arrow_style = "dim"
        if kpi.improving is not None:
            arrow_style = colours.get("success" if kpi.improving else "error", "")
        low, top = _SCALES.get(kpi.unit, (0.0, None))
        chart = spark(kpi.series, low=low, high=top) if kpi.series else ""
        return [
            cell(kpi.name, style),
            cell(format_kpi_value(kpi, kpi.value), f"bold {style}".strip()),
            cell(format_kpi_value(kpi, kpi.previous), "dim"),
            Text(kpi.arrow, style=arrow_style),
            cell(chart),
            cell(kpi.detail, "dim"),
        ]

    @on(DataTable.RowHighlighted, "#kpis")
    def _show_chart(self) -> None:
        table = self.query_one("#kpis", FittedTable)
        chart = self.query_one(BarChart)
        if not self.kpi_rows or not table.row_count:
            chart.update("")
            return
        kpi = self.kpi_rows[min(table.cursor_row, len(self.kpi_rows) - 1)]
        title = Text(kpi.name, style="bold")
        if kpi.recorded:
            title.append(f": {format_kpi_value(kpi, kpi.value)}", style="bold")
        title.append(" · ")
        title.append_text(literal(kpi.detail))
        if kpi.about:
            title.append("\n")
            title.append_text(literal(kpi.about, "dim"))
        if not kpi.series:
            chart.plot(title, [], [], [])
            return
        low, top = _SCALES.get(kpi.unit, (0.0, None))
        chart.plot(
            title,
            [month.strftime("%b") for month in kpi.months],
            kpi.series,
            [short_value(kpi, v) for v in kpi.series],
            height=3 if self.size.height >= 30 else 2,
            low=low,
            top=top,
            style=self.app.theme_variables.get("accent", ""),
        )

    def _load_watermelons(self) -> None:
        self.flags = watermelon_flags(
            self.app.store, today=clock.today(), thresholds=self.thresholds
        )
        self._names = {
            row["id"]: row["name"]
            for row in self.app.store.read(
                "SELECT a.id, o.name FROM account a JOIN organization o "
                "ON o.id = a.organization_id WHERE a.archived_at IS NULL"
            )
        }
        shown = sorted(
            (f for f in self.flags.values() if f.account_id in self._names),
            key=lambda f: self._names[f.account_id].casefold(),
        )
        table = self.query_one("#watermelons", FittedTable)
        self.query_one("#watermelon-heading", Static).update(
            f"Service targets met, client unhappy: {len(shown)} "
            f"client{'' if len(shown) == 1 else 's'} · enter opens one"
        )
        table.set_rows(
            [
                (
                    flag.account_id,
                    [
                        cell(self._names[flag.account_id]),
                        cell(f"{flag.green_share:.0%}"),
                        cell("; ".join(flag.evidence)),
                    ],
                )
                for flag in shown
            ]
        )
        self._describe_watermelon()

    @on(DataTable.RowHighlighted, "#watermelons")
    def _describe_watermelon(self) -> None:
        table = self.query_one("#watermelons", FittedTable)
        detail = self.query_one("#watermelon-detail", Static)
        flag = self._selected_flag()
        if flag is None:
            detail.update(
                "No client is flagged: where service targets are met, satisfaction, "
                "trust and complaints agree with them."
                if not table.row_count
                else ""
            )
            return
        text = Text(f"{self._names.get(flag.account_id, '')}: ", style="bold")
        text.append_text(literal(flag.summary()))
        detail.update(text)

    def _selected_flag(self) -> WatermelonFlag | None:
        client_id = selected_id(self.query_one("#watermelons", FittedTable))
        return self.flags.get(client_id) if client_id is not None else None

    @on(DataTable.RowSelected, "#watermelons")
    def _open_flagged(self) -> None:
        flag = self._selected_flag()
        if flag is not None:
            self.app.open_client(flag.account_id)

    # --- navigation -------------------------------------------------------------------

    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-")

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"
        self._focus_tab(name)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def _focus_tab(self, name: str) -> None:
        target = {
            SCORECARD: "#scorecard",
            KPIS: "#kpis",
            WATERMELONS: "#watermelons",
            IMPROVEMENTS: "#improvements",
        }[name]
        self.query_one(target).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab":
            name = parameters[0] if parameters else ""
            if name == SCORECARD:
                return not self.portfolio
            if name == WATERMELONS:
                return self.portfolio
        if action == "next_period":
            return self.is_mounted and self.active_tab() == KPIS
        return True

    def action_next_period(self) -> None:
        if self.active_tab() != KPIS:
            self.action_tab(KPIS)
        self.period = next_period(self.period)
        self.notify(f"KPIs for the {self.period.label}.")
        self._load_kpis(self.period)

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand("value: KPIs", "Relationship KPIs over a period (k)", self._tab(KPIS)),
            PaletteCommand(
                "value: Improvement register",
                "Add, edit and close items (i)",
                self._tab(IMPROVEMENTS),
            ),
            PaletteCommand(
                "value: Next KPI period",
                " · ".join(p.label for p in PERIODS),
                self.action_next_period,
            ),
        ]
        if self.portfolio:
            commands.append(
                PaletteCommand(
                    "value: Watermelon clients",
                    "Green figures, unhappy client (w)",
                    self._tab(WATERMELONS),
                )
            )
        else:
            commands.append(
                PaletteCommand(
                    "value: Scorecard", "Each metric against its target (s)", self._tab(SCORECARD)
                )
            )
        return commands

    def _tab(self, name: str) -> Callable[[], None]:
        return partial(self.action_tab, name)
