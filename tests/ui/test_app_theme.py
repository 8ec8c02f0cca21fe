"""Start-up: the theme and style sheets are chosen and parsed once, and the cycle
collector the command line held back is turned on again after the first frame."""

from __future__ import annotations

import gc

import pytest
from textual.css.stylesheet import Stylesheet

from relwork.app import create_app
from relwork.config import Settings
from relwork.screens import CAPTURE_STYLES, DIALOG_STYLES, WORKSPACE_STYLES
from tests.ui.conftest import settle


@pytest.fixture
def reparses(monkeypatch) -> list[int]:
    """How often the whole style sheet was parsed again (a theme change does that)."""
    calls: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        calls.append(1)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


async def test_starts_in_its_own_theme_without_parsing_the_styles_twice(store, reparses):
    app = create_app(store, settings=Settings(user_name="Sam"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "relwork"
        assert app.current_theme.name == "relwork"
        assert app.theme_variables["primary"].lower() == "#4f9cd9"
        # the dashboard is styled with relwork's colours from the first frame on
        header = app.screen.query_one("#screen-header").styles.background
        assert header.hex.lower() == app.theme_variables["primary-background"].lower()
    assert reparses == []


async def test_a_theme_from_the_settings_is_applied(store, reparses):
    app = create_app(store, settings=Settings(user_name="Sam", theme="textual-light"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert not app.current_theme.dark
    assert len(reparses) == 1  # another theme than relwork's costs one full parse


async def test_an_unknown_theme_falls_back_to_relwork(store):
    app = create_app(store, settings=Settings(user_name="Sam", theme="no-such-theme"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "relwork"


async def test_other_screens_bring_their_styles_when_first_shown(store):
    app = create_app(store, settings=Settings(user_name="Sam"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        loaded = {str(path) for path, _ in app.stylesheet.source}
        assert not loaded & {str(DIALOG_STYLES), str(WORKSPACE_STYLES), str(CAPTURE_STYLES)}
        await pilot.press("n")  # the note panel
        await settle(pilot)
        loaded = {str(path) for path, _ in app.stylesheet.source}
        assert str(CAPTURE_STYLES) in loaded
        dialog = app.screen.query_one("#capture-dialog")
        assert dialog.styles.width is not None and dialog.styles.width.value == 96


async def test_the_collector_comes_back_after_the_first_frame(store):
    app = create_app(store, settings=Settings(user_name="Sam"))
    frozen_before = gc.get_freeze_count()
    gc.disable()  # as the command line leaves it
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            # what start-up built is set aside, so later collections skip it
            assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()
        gc.enable()


async def test_the_collector_is_left_alone_when_it_was_on(store):
    app = create_app(store, settings=Settings(user_name="Sam"))
    frozen_before = gc.get_freeze_count()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen_before
