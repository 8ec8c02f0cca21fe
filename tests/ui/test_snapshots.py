"""Snapshots of every screen at 80x24 and 120x40 (fixed clock, fixed demo data).

Read every changed SVG before accepting it: `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import make_app, settle

SIZES = [(80, 24), (120, 40)]


async def _open_second_client(pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "down", "enter")  # Fenmarsh: overdue review and actions
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_dashboard(snap_compare, demo_store, size):
    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=settle)


def test_dashboard_welcome_when_empty(snap_compare, store):
    assert snap_compare(make_app(store, demo=False), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_workspace_overview(snap_compare, demo_store, size):
    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=_open_second_client)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_workspace_engage_step(snap_compare, demo_store, size):
    async def engage(pilot) -> None:
        await _open_second_client(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=engage)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_client_form_with_errors(snap_compare, demo_store, size):
    async def form(pilot) -> None:
        await settle(pilot)
        await pilot.press("c", *"Tidewell Freight", "ctrl+s")
        await pilot.pause()

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=form)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_contact_form(snap_compare, demo_store, size):
    async def form(pilot) -> None:
        await _open_second_client(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=form)


def test_note_view(snap_compare, demo_store):
    async def note(pilot) -> None:
        await _open_second_client(pilot)
        await pilot.press("tab", "tab", "enter")  # contacts -> actions -> notes
        await pilot.pause()

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=note)


def test_help_panel(snap_compare, demo_store):
    async def help_panel(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(demo_store), terminal_size=(120, 40), run_before=help_panel)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_capture_panel_with_actions(snap_compare, demo_store, size):
    async def capture(pilot) -> None:
        await _open_second_client(pilot)
        await pilot.press("n")
        await pilot.pause()
        pilot.app.screen.query_one("#capture-text").insert(
            "Ward walk-round with @Aisha.\n- [ ] order spare readers @Owen due:2026-12-01\n"
            "- [ ] check [bold]P1[/] wording due:someday"
        )
        await pilot.pause()

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=capture)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_today_screen(snap_compare, demo_store, size):
    async def today(pilot) -> None:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=today)
