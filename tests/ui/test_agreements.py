"""Agreements by keyboard: create one, add a metric, type values in the grid, import a
CSV (a bad one first), add a survey result; snapshots at 80x24 and 120x40.

Read every changed SVG before accepting it:
`pytest tests/ui/test_agreements.py --snapshot-update -n 0`.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select
from textual.widgets import Static

from relwork.models import Agreement, Measurement, Metric, SurveyResponse
from relwork.screens.agreement_grid import MeasurementGridScreen
from relwork.screens.agreement_import import ImportScreen
from relwork.screens.agreement_surveys import SurveyScreen
from relwork.screens.agreements import AgreementsScreen
from relwork.screens.form import FormScreen
from relwork.services import agreements as service
from relwork.services.clients import create_client, list_clients, parse_client
from tests.ui.conftest import make_app, settle, static_text

SIZES = [(80, 24), (120, 40)]
OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)


def _client(store, name="Acme Hosting") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


def _with_metrics(store) -> tuple[int, int]:
    """A client with one agreement measuring availability and restore time."""
    client_id = _client(store)
    with store.session() as session:
        agreement = service.create_agreement(
            session=session,
            account_id=client_id,
            data=service.parse_agreement({"title": "Hosting SLA", "status": "active"}),
        )
        for name, target, direction in (
            ("Availability", "99.5", "higher"),
            ("Restore time", "4", "lower"),
        ):
            service.add_metric(
                session=session,
                agreement_id=agreement.id,
                data=service.parse_metric(
                    {"name": name, "target": target, "direction": direction, "unit": "%"}
                ),
            )
    return client_id, agreement.id


def _values(store) -> list[tuple[str, date, float]]:
    with store.session() as session:
        rows = session.exec(
            select(Measurement, Metric)
            .join(Metric, col(Metric.id) == Measurement.metric_id)
            .order_by(col(Metric.name), col(Measurement.period_start))
        ).all()
    return [(metric.name, m.period_start, m.value) for m, metric in rows]


async def _open_from_workspace(pilot) -> AgreementsScreen:
    await settle(pilot)
    await pilot.press("enter")  # the only client
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgreementsScreen)
    return screen


def _text(app, selector: str) -> str:
    return static_text(app.screen.query_one(selector, Static))


async def test_create_an_agreement_add_a_metric_and_type_values(store):
    client_id = _client(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_from_workspace(pilot)

        # a new agreement: the formality hint shows; bad dates and cadence are refused
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        hints = " ".join(static_text(s) for s in app.screen.query(".field-hint").results(Static))
        assert "No trust assessment yet" in hints
        await pilot.press(*"Hosting SLA", "tab", "tab", "tab")
        await pilot.press(*"2026-06-01", "tab", *"2026-01-01", "tab", *"0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "before the start" in _text(app, "#error-ends_on")
        assert "positive whole number" in _text(app, "#error-review_cadence_days")
        await pilot.press(*"2027-05-31", "tab", *"90", "tab", *"Hosting, Backup")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AgreementsScreen)
        assert "Hosting, Backup" in _text(app, "#agreement-detail")

        # a metric on it
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"Availability", "tab", "tab", "%", "tab", "tab", *"99.5", "tab", *"0.3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AgreementsScreen)

        # the grid: the cursor starts on last month
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, MeasurementGridScreen)
        await pilot.press(*"99.7", "enter")
        await settle(pilot)
        assert "Saved 99.7 for Availability, Oct 2026." in _text(app, "#grid-message")
        await pilot.press("right_square_bracket")  # the window moves on to November
        await settle(pilot)
        assert app.screen.query_one("#grid").selected.period == OCTOBER  # the cursor stays
        await pilot.press("right")
        await pilot.press(*"99.2", "enter")
        await settle(pilot)
        # not a number: a message, and October keeps its value
        await pilot.press("left", "enter", "x", "enter")
        await settle(pilot)
        assert "'x' is not a number" in _text(app, "#grid-message")
        assert "Nothing was changed." in _text(app, "#grid-message")
        await pilot.press("escape")
        assert _values(store) == [
            ("Availability", OCTOBER, 99.7),
            ("Availability", NOVEMBER, 99.2),
        ]
        # retyping replaces, an empty value clears
        await pilot.press(*"98", "enter")
        await pilot.press("right", "backspace", "enter")
        await settle(pilot)
        assert "Cleared Availability for Nov 2026." in _text(app, "#grid-message")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AgreementsScreen)
        assert app.screen.query_one("#metric-list").get_row_at(0)[3].plain == "98%"

    with store.session() as session:
        agreement = session.exec(select(Agreement)).one()
        metric = session.exec(select(Metric)).one()
    assert (agreement.account_id, agreement.title, agreement.status) == (
        client_id,
        "Hosting SLA",
        "draft",
    )
    assert (agreement.starts_on, agreement.ends_on, agreement.review_cadence_days) == (
        date(2026, 6, 1),
        date(2027, 5, 31),
        90,
    )
    assert agreement.services == ["Hosting", "Backup"]
    assert (metric.name, metric.unit, metric.target, metric.tolerance, metric.direction) == (
        "Availability",
        "%",
        99.5,
        0.3,
        "higher",
    )
    assert _values(store) == [("Availability", OCTOBER, 98.0)]


async def test_import_a_bad_csv_then_a_good_one(store, tmp_path):
    _client_id, _agreement_id = _with_metrics(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "metric,period,value\nAvailability,2026-10,99.9\nAvailabilty,2026-09,99.1\n"
        "Restore time,2026-13,3\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text(
        "metric,period,value,note\navailability,2026-10,99.9,\nRestore time,2026-10-01,3.5,two P2s\n",
        encoding="utf-8",
    )
    app = make_app(store, demo=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_from_workspace(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*str(bad), "enter")
        await settle(pilot)
        problems = _text(app, "#import-problem-list")
        assert "Nothing was imported" in problems
        assert "line 3: unknown metric 'Availabilty' (did you mean 'Availability'?)" in problems
        assert "line 4: period '2026-13' is not a month like 2026-10" in problems
        assert _values(store) == []
        await pilot.press("ctrl+u", *str(good), "enter")
        await settle(pilot)
        assert isinstance(app.screen, AgreementsScreen)
        metrics = app.screen.query_one("#metric-list")
        assert metrics.get_row_at(0)[3].plain == "99.9%"  # newest value beside the target
        assert metrics.get_row_at(1)[5].plain == "Met"
    assert _values(store) == [("Availability", OCTOBER, 99.9), ("Restore time", OCTOBER, 3.5)]


async def test_add_a_survey_result(store):
    client_id, _agreement_id = _with_metrics(store)
    app = make_app(store, demo=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_from_workspace(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, SurveyScreen)
        await pilot.press("a")
        await settle(pilot)
        # CSAT is chosen; nobody is chosen (an aggregate); a score out of range first
        await pilot.press("tab", "tab", *"2026-11-02", "tab", *"7", "ctrl+s")
        await settle(pilot)
        assert "from 1 (very unhappy) to 5" in _text(app, "#error-score")
        await pilot.press("backspace", *"4.2", "tab", "tab", *"Pulse survey", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SurveyScreen)
        assert "CSAT" in _text(app, "#survey-trend")
        row = app.screen.query_one("#survey-list").get_row_at(0)
        assert [c.plain for c in row] == [
            "2026-11-02",
            "CSAT",
            "all (period)",
            "4.2 / 5",
            "Pulse survey",
        ]
    with store.session() as session:
        saved = session.exec(select(SurveyResponse)).one()
    assert (saved.account_id, saved.instrument, saved.score, saved.scale_max, saved.contact_id) == (
        client_id,
        "csat",
        4.2,
        5.0,
        None,
    )


# --- snapshots ------------------------------------------------------------------------------


def _copperleaf(store) -> int:
    with store.session() as session:
        return next(
            c.id for c in list_clients(session=session) if c.name == "Copperleaf Home Stores"
        )


def _tidewell_agreement(store) -> int:
    with store.session() as session:
        tidewell = next(c.id for c in list_clients(session=session) if c.name == "Tidewell Freight")
        return service.list_agreements(
            session=session, account_id=tidewell, today=date(2026, 11, 20)
        )[0].agreement.id


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_agreements_screen(snap_compare, demo_store, size):
    client_id = _copperleaf(demo_store)

    async def open_screen(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(AgreementsScreen(client_id))
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=open_screen)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_measurement_grid(snap_compare, demo_store, size):
    agreement_id = _tidewell_agreement(demo_store)

    async def open_grid(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(MeasurementGridScreen(agreement_id))
        await settle(pilot)
        await pilot.press("down", "enter")  # editing First-time fix, October
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=open_grid)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_satisfaction_screen(snap_compare, demo_store, size):
    client_id = _copperleaf(demo_store)

    async def open_surveys(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(SurveyScreen(client_id))
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=open_surveys)


def test_import_problems(snap_compare, store, tmp_path, monkeypatch):
    _client_id, agreement_id = _with_metrics(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "metric,period,value\nUptime,2026-10,abc\nAvailability,2026-10-15,99\n", encoding="utf-8"
    )

    async def import_bad(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(ImportScreen(agreement_id, "Hosting SLA"))
        await settle(pilot)
        await pilot.press(*"bad.csv", "enter")
        await settle(pilot)

    monkeypatch.chdir(tmp_path)  # a short relative path keeps tmp names out of the snapshot
    assert snap_compare(make_app(store, demo=False), terminal_size=(80, 24), run_before=import_bad)
