"""Help and the command palette: everything reachable by name or by key."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import HelpPanel

from relwork.screens.client import ClientScreen
from relwork.screens.dashboard import DashboardScreen
from relwork.screens.form import FormScreen
from relwork.services.clients import create_client, parse_client
from tests.ui.conftest import make_app, settle


async def test_question_mark_toggles_the_key_list(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert demo_app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not demo_app.screen.query(HelpPanel)


async def test_help_lists_every_binding_of_the_screen(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = {
            b.description for _key, b, _enabled, _tip in demo_app.screen.active_bindings.values()
        }
        for expected in (
            "New client",
            "Edit",
            "Filter",
            "Search",
            "Today",
            "Sort",
            "Show archived",
            "Keys",
        ):
            assert expected in shown


async def _palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_opens_a_client_by_name(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "open ravens")
        assert isinstance(demo_app.screen, ClientScreen)
        assert demo_app.screen.client is not None
        assert demo_app.screen.client.name == "Ravensholt Precision Castings"


async def test_palette_runs_main_actions_by_name(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "new client")
        assert isinstance(demo_app.screen, FormScreen)


async def test_palette_offers_screen_commands_in_the_workspace(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await _palette(pilot, "view realize")
        assert demo_app.screen.viewing == 7
        await _palette(pilot, "portfolio dashboard")
        assert isinstance(demo_app.screen, DashboardScreen)


async def test_client_named_like_markup_shows_literally_in_palette(store):
    with store.session() as session:
        create_client(session=session, data=parse_client({"name": "[bold]Acme[/bold] Ltd"}))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "open acme")
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client.name == "[bold]Acme[/bold] Ltd"
