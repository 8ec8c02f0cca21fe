"""Today (dashboard top and its own screen) and the client timeline, by keyboard."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input

from relwork.models import ActionItem
from relwork.screens.client import ClientScreen
from relwork.screens.snooze import SnoozeScreen
from relwork.screens.today import TodayScreen
from relwork.widgets.today_list import TodayList
from tests.ui.conftest import settle


def cells(table: DataTable, column: int) -> list[str]:
    return [table.get_row_at(i)[column].plain for i in range(table.row_count)]


async def _today_screen(pilot) -> TodayList:
    await settle(pilot)
    await pilot.press("T")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TodayScreen)
    return pilot.app.screen.query_one(TodayList)


async def test_dashboard_top_lists_the_most_urgent(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        top = demo_app.screen.query_one("#today-top", TodayList)
        assert 0 < top.row_count <= 5
        assert all(item.overdue for item in top.items[: top.row_count])
        assert "people to call" in top.border_subtitle


async def test_today_screen_groups_by_client(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        today = await _today_screen(pilot)
        names = [item.client_name for item in today.items]
        assert names == sorted(names, key=str.casefold)
        shown = [c for c in cells(today, 0) if c]
        assert shown == list(dict.fromkeys(names))  # each client named once, at its group


async def test_done_on_an_action_completes_it(demo_app, demo_store):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        today = await _today_screen(pilot)
        index = next(i for i, item in enumerate(today.items) if item.kind == "action")
        target = today.items[index]
        today.move_cursor(row=index)
        await pilot.press("d")
        await settle(pilot)
        assert target.record_id not in [i.record_id for i in today.items if i.kind == "action"]
    with demo_store.session() as session:
        assert session.get(ActionItem, target.record_id).done_at is not None


async def test_snooze_hides_an_item_until_the_chosen_day(demo_app, demo_store):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        today = await _today_screen(pilot)
        index = next(i for i, item in enumerate(today.items) if item.kind == "action")
        target = today.items[index]
        today.move_cursor(row=index)
        await pilot.press("z")
        assert isinstance(demo_app.screen, SnoozeScreen)
        box = demo_app.screen.query_one(Input)
        box.value = "someday"
        await pilot.press("enter")
        assert isinstance(demo_app.screen, SnoozeScreen)  # explained, not accepted
        box.value = "2026-12-01"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, TodayScreen)
        assert target.record_id not in [i.record_id for i in today.items if i.kind == "action"]
    with demo_store.session() as session:
        assert session.get(ActionItem, target.record_id).snoozed_until == date(2026, 12, 1)


async def test_enter_jumps_to_the_client(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        today = await _today_screen(pilot)
        first = today.items[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        assert demo_app.screen.client_id == first.client_id


async def test_timeline_mixes_notes_steps_and_done_actions_and_filters(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Aldermoor
        await settle(pilot)
        timeline = demo_app.screen.query_one("#timeline", DataTable)
        kinds = set(cells(timeline, 1))
        assert {"Step"} <= kinds and len(kinds) >= 3
        dates = cells(timeline, 0)
        assert dates == sorted(dates, reverse=True)
        await pilot.press("f", *"step")
        await pilot.pause()
        assert set(cells(timeline, 1)) == {"Step"}
        box = demo_app.screen.query_one("#timeline-filter", Input)
        box.value = "nonsense"
        await pilot.pause()
        assert "'nonsense' is not a kind" in timeline.border_subtitle
        await pilot.press("escape")  # clears the filter, stays on the client
        await pilot.pause()
        assert isinstance(demo_app.screen, ClientScreen)
        assert len(set(cells(timeline, 1))) >= 3
