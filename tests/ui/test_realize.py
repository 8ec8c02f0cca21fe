"""Realize: the value screen opened from the workspace (v), its tabs, the KPI period,
the improvement register by keyboard, the portfolio view from the palette, the
watermelon marker on the dashboard, and snapshots at 80x24 and 120x40.

Read every changed SVG before accepting it:
`pytest tests/ui/test_realize.py --snapshot-update -n 0`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select
from textual.command import CommandPalette
from textual.widgets import DataTable, Static, TabbedContent

from relwork import clock
from relwork.enums import ImprovementStatus, MetricDirection
from relwork.models import ImprovementItem
from relwork.screens.client import ClientScreen
from relwork.screens.dashboard import DashboardScreen
from relwork.screens.form import FormScreen
from relwork.screens.realize import RealizeScreen
from relwork.widgets.bar_chart import column_cells, spark
from relwork.widgets.scorecard_table import WatermelonBanner
from tests.ui.conftest import make_app, settle, static_text
from tests.unit.test_scorecard import (
    add_agreement,
    add_complaint,
    add_metric,
    add_survey,
    months_back,
    new_client,
)

SIZES = [(80, 24), (120, 40)]


def _prepared(store) -> int:
    """A client whose service report is green while its stores grow unhappy."""
    client = new_client(store, "Brightwater Retail")
    periods = months_back(7)[:-1]  # six full months, the current one not yet measured
    with store.session() as session:
        sla = add_agreement(session, client, title="Store support SLA")
        series = {
            "Till availability": ([99.8, 99.9, 99.7, 99.9, 99.8, 99.9], 99.5, 0.3, "%"),
            "Calls answered in 30 s": ([93.0, 94.1, 92.5, 93.8, 94.0, 93.2], 90, 3, "%"),
            "Incidents fixed in time": ([97.2, 96.8, 97.5, 96.9, 97.8, 94.1], 95, 2, "%"),
            "First-time fix": ([78, 80, 77, 81, 79, 80], 75, 3, "%"),
        }
        for name, (values, target, tolerance, unit) in series.items():
            add_metric(
                session,
                sla,
                name,
                target=target,
                tolerance=tolerance,
                unit=unit,
                values=dict(zip(periods, values, strict=True)),
            )
        add_metric(
            session,
            sla,
            "Time to fix a till",
            target=4,
            direction=MetricDirection.LOWER,
            unit="h",
            values=dict(zip(periods, [3.1, 3.4, 2.9, 3.6, 3.2, 3.3], strict=True)),
        )
        add_metric(session, sla, "Store portal rating", target=4, unit="/5")
        for period, score in zip(months_back(6), [4.6, 4.2, 3.9, 3.4, 3.0, 2.6], strict=True):
            add_survey(session, client, period + timedelta(days=4), score)
        for days in (6, 30, 70):
            add_complaint(session, client, days, "Tills dead on Saturday morning")
        session.add(
            ImprovementItem(
                account_id=client,
                title="Weekend on-call pilot",
                origin="complaint",
                status="in_progress",
                owner="Sam Okafor",
                expected_benefit="Saturday till faults fixed before opening.",
                raised_on=clock.today() - timedelta(days=20),
            )
        )
        session.add(
            ImprovementItem(
                account_id=client,
                title="Status texts to store managers",
                origin="feedback",
                status="realized",
                owner="Sam Okafor",
                realized_benefit="Chasing calls halved.",
                raised_on=clock.today() - timedelta(days=90),
                closed_on=clock.today() - timedelta(days=25),
            )
        )
        session.commit()
    return client


def _rows(app, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


def _items(store, client_id: int) -> list[ImprovementItem]:
    with store.session() as session:
        return list(
            session.exec(
                select(ImprovementItem)
                .where(ImprovementItem.account_id == client_id)
                .order_by(col(ImprovementItem.id))
            ).all()
        )


async def _open_value(pilot) -> RealizeScreen:
    await settle(pilot)
    await pilot.press("enter")  # the first (only) client
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientScreen)
    await pilot.press("v")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RealizeScreen)
    return screen


# --- flows --------------------------------------------------------------------------------------


async def test_value_opens_from_the_workspace_with_the_watermelon_warning(store):
    _prepared(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        workspace_banner = app.screen.query_one("#client-watermelon", WatermelonBanner)
        assert workspace_banner.display
        text = static_text(workspace_banner)
        assert "Watermelon: service targets 80% met, yet CSAT fell from 4.6 to 2.6" in text
        assert "3 complaints in the last 90 days" in text

        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RealizeScreen)
        banner = static_text(screen.query_one(WatermelonBanner))
        assert " • CSAT fell from 4.6 to 2.6 over 5 months" in banner
        assert " • 3 complaints in the last 90 days" in banner
        assert screen.query_one(TabbedContent).active == "tab-scorecard"
        rows = _rows(app, "scorecard")
        assert [r[0] for r in rows] == [
            "Till availability",
            "Calls answered in 30 s",
            "Incidents fixed in time",
            "First-time fix",
            "Time to fix a till",
            "Store portal rating",
        ]
        # Metric, Target, Latest, Status, Trend, Change at 80 columns
        assert rows[2][1:4] == ["≥ 95%", "94.1%", "! At risk"]
        assert rows[4][1:4] == ["≤ 4 h", "3.3 h", "✓ Met"]
        assert rows[5][3] == "– No data"
        summary = static_text(screen.query_one("#scorecard-summary", Static))
        assert "Service targets met: 4 of 5" in summary

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClientScreen)


async def test_tabs_and_the_kpi_period_switch_by_key(store):
    _prepared(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_value(pilot)
        tabs = screen.query_one(TabbedContent)
        await pilot.press("k")
        await settle(pilot)
        assert tabs.active == "tab-kpis"
        heading = static_text(screen.query_one("#kpi-period", Static))
        assert heading.startswith("Last 6 months (since 01 Jun 2026) against the 6 months")
        names = [r[0] for r in _rows(app, "kpis")]
        assert names[:3] == ["SLA compliance", "Experience targets met", "Stakeholder satisfaction"]
        kpis = {r[0]: r for r in _rows(app, "kpis")}
        assert kpis["Complaints"][1:4] == ["3", "0", "↑"]
        assert kpis["SLA compliance"][1] == "96%"  # May is before the period: 24 of 25
        assert kpis["Conflict resolution time"][1] == "not recorded"
        chart = static_text(screen.query_one("#kpi-chart"))
        assert chart.startswith("SLA compliance: 96% · 24 of 25 utility and warranty values met")
        assert "Jun" in chart and "Nov" in chart

        await pilot.press("p")
        await settle(pilot)
        heading = static_text(screen.query_one("#kpi-period", Static))
        assert heading.startswith("Last 12 months (since 01 Dec 2025)")
        await pilot.press("p")
        await settle(pilot)
        assert static_text(screen.query_one("#kpi-period", Static)).startswith("Last 3 months")

        await pilot.press("i")
        await settle(pilot)
        assert tabs.active == "tab-improvements"
        await pilot.press("s")
        await settle(pilot)
        assert tabs.active == "tab-scorecard"
        assert app.screen.focused is not None and app.screen.focused.id == "scorecard"


async def test_an_improvement_is_added_and_closed_by_keyboard(store):
    client = _prepared(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_value(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert [r[1] for r in _rows(app, "improvements")] == ["Weekend on-call pilot"]

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")  # no title yet: a message, nothing saved
        await settle(pilot)
        error = static_text(app.screen.query_one("#error-title", Static))
        assert "Give the improvement a short title." in error
        await pilot.press(*"Card reader hand-off rule")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RealizeScreen)
        added = _items(store, client)[-1]
        assert (added.title, added.status, added.owner) == (
            "Card reader hand-off rule",
            ImprovementStatus.PROPOSED,
            "Sam Okafor",
        )
        assert added.raised_on == clock.today()
        assert _rows(app, "improvements")[0][1] == "Card reader hand-off rule"

        await pilot.press("c")  # the cursor followed the new item
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab")  # from "Closed as" (realized) to "What it brought"
        await pilot.press(*"Swaps within a day")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RealizeScreen)
        closed = _items(store, client)[-1]
        assert closed.status == ImprovementStatus.REALIZED
        assert closed.closed_on == clock.today()
        assert closed.realized_benefit == "Swaps within a day"
        assert [r[1] for r in _rows(app, "improvements")] == ["Weekend on-call pilot"]

        await pilot.press("o")  # all items, closed ones included
        await settle(pilot)
        titles = [r[1] for r in _rows(app, "improvements")]
        assert titles == [
            "Weekend on-call pilot",
            "Card reader hand-off rule",
            "Status texts to store managers",
        ]
        heading = static_text(screen.query_one("#improvement-heading", Static))
        assert heading.startswith("All items: 3")


async def test_the_dashboard_marks_the_demo_watermelon(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        table = screen.query_one("#portfolio", DataTable)
        marked = {
            cell.plain: "reverse" in str(cell.style)
            for cell in (table.get_row_at(i)[0] for i in range(table.row_count))
        }
        assert marked["Copperleaf Home Stores"] is True  # the name in reverse video
        assert marked["Tidewell Freight"] is False
        summary = static_text(screen.query_one("#summary", Static))
        assert "watermelons (reversed)" in summary
        while "Copperleaf" not in table.get_row_at(table.cursor_row)[0].plain:
            await pilot.press("down")
        await settle(pilot)
        note = screen.query_one("#watermelon-note", WatermelonBanner)
        assert note.display
        text = static_text(note)
        assert text.startswith("Copperleaf Home Stores: Watermelon: service targets 100% met")
        assert "complaints in the last 90 days" in text


async def test_the_dashboard_filter_knows_the_word_watermelon(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"watermelon")
        await pilot.pause()
        shown = [r[0] for r in _rows(app, "portfolio")]
        assert "Copperleaf Home Stores" in shown
        assert "Tidewell Freight" not in shown


async def test_portfolio_kpis_from_the_palette(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"portfolio: KPIs")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RealizeScreen) and screen.portfolio
        assert screen.query_one(TabbedContent).active == "tab-kpis"
        kpis = {r[0]: r for r in _rows(app, "kpis")}
        assert kpis["Watermelon flags"][1] != "0"
        await pilot.press("w")
        await settle(pilot)
        assert "Copperleaf Home Stores" in [r[0] for r in _rows(app, "watermelons")]


# --- the chart helpers -------------------------------------------------------------------------


def test_sparkline_scales_and_marks_gaps():
    assert spark([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert spark([None, 5, 5]) == "·▄▄"
    assert spark([0.0, 50.0, 100.0], low=0, high=100) == "▁▅█"
    assert spark([None, None]) == "··"


def test_column_cells_fill_in_eighths():
    assert column_cells(100, low=0, top=100, height=2) == ["█", "█"]
    assert column_cells(50, low=0, top=100, height=2) == [" ", "█"]
    assert column_cells(25, low=0, top=100, height=2) == [" ", "▄"]
    assert column_cells(0, low=0, top=100, height=2) == [" ", "▁"]  # zero is not "no data"


# --- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_scorecard_with_watermelon_banner(snap_compare, store, size):
    _prepared(store)

    async def open_scorecard(pilot) -> None:
        await _open_value(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_scorecard)


@pytest.mark.parametrize("size", SIZES)
def test_kpi_view(snap_compare, store, size):
    _prepared(store)

    async def open_kpis(pilot) -> None:
        await _open_value(pilot)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("down", "down")  # the satisfaction chart
        await settle(pilot)

    assert snap_compare(make_app(store, demo=False), terminal_size=size, run_before=open_kpis)
