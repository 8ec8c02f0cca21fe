"""The search screen: results while typing, keys into and out of the list, opening hits."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual.widgets import Input, Static

from relwork.screens import search as search_screen
from relwork.screens.client import ClientScreen
from relwork.screens.dashboard import DashboardScreen
from relwork.screens.note_view import NoteViewScreen
from relwork.screens.search import (
    DEBOUNCE_SECONDS,
    NO_MATCHES,
    PROMPT,
    SearchResults,
    SearchScreen,
    marked_text,
)
from relwork.services.notes import add_note, parse_note
from relwork.services.search import MARK_END, MARK_START, search
from tests.ui.conftest import make_app, settle, static_text


async def _open_search(pilot) -> SearchScreen:
    await settle(pilot)
    screen = SearchScreen()
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def _wait(pilot) -> None:
    """Past the typing pause, then until the query has run and its results are shown."""
    await pilot.pause(DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)
    await _wait(pilot)


def _results(screen: SearchScreen) -> list[str]:
    options = screen.query_one(SearchResults).options
    return [o.prompt.plain if isinstance(o.prompt, Text) else str(o.prompt) for o in options]


def _count(screen: SearchScreen) -> str:
    return static_text(screen.query_one("#search-count", Static)).strip()


async def test_the_box_has_focus_and_invites_typing(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        box = screen.query_one("#search-input", Input)
        assert screen.focused is box
        assert box.placeholder == "Search clients, contacts and notes"
        assert _count(screen) == PROMPT
        assert _results(screen) == []


async def test_results_follow_the_typing(demo_app, demo_store):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "sla")
        expected = search(demo_store, "sla", limit=50)
        assert len(expected) > 1
        assert _count(screen) == f"{len(expected)} results for 'sla'"
        shown = _results(screen)
        assert len(shown) == len(expected)
        first = shown[0]
        assert first.startswith("Client   Fenmarsh Community Health Trust")
        assert "SLA" in first.splitlines()[1]
        assert any(line.startswith("Note     ") for line in shown)

        await pilot.press("space", *"zzqx")
        await _wait(pilot)
        assert _results(screen) == []
        assert _count(screen) == NO_MATCHES

        for _ in range(5):
            await pilot.press("backspace")
        await _wait(pilot)
        assert len(_results(screen)) == len(expected)

        screen.query_one("#search-input", Input).value = ""
        await _wait(pilot)
        assert _results(screen) == []
        assert _count(screen) == PROMPT


async def test_matched_words_are_highlighted(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "fenm")
        prompt = screen.query_one(SearchResults).options[0].prompt
        assert isinstance(prompt, Text)
        assert prompt.plain.startswith("Client   Fenmarsh Community Health Trust")
        marked = [
            prompt.plain[span.start : span.end]
            for span in prompt.spans
            if "underline" in str(span.style)
        ]
        assert marked == ["Fenmarsh"]
        assert MARK_START not in prompt.plain and MARK_END not in prompt.plain


async def test_down_and_enter_open_the_client(demo_app, demo_store):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "fenmarsh")
        expected = search(demo_store, "fenmarsh")[0]
        assert expected.kind == "client"
        await pilot.press("down")
        assert isinstance(screen.focused, SearchResults)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        assert demo_app.screen.client_id == expected.client_id
        # back from the client, the search is as it was
        await pilot.press("escape")
        await settle(pilot)
        assert demo_app.screen is screen
        assert screen.query_one("#search-input", Input).value == "fenmarsh"
        assert _results(screen)


async def test_back_from_a_client_the_same_result_stays_highlighted(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "sla")
        await pilot.press("down", "down", "down", "enter")  # the third result: a note
        await settle(pilot)
        assert isinstance(demo_app.screen, NoteViewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        await pilot.press("escape")
        await _wait(pilot)
        assert demo_app.screen is screen
        results = screen.query_one(SearchResults)
        assert results.has_focus and results.highlighted == 2


async def test_a_search_that_fails_says_so(demo_app, monkeypatch):
    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(search_screen, "search", locked)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "sla")
        assert _count(screen).startswith("The search could not run: database is locked.")
        assert _results(screen) == []
        await pilot.press("down")
        assert isinstance(screen.focused, Input)


async def test_enter_in_the_box_moves_to_the_results(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await pilot.press(*"renewal", "enter")  # before the typing pause is over
        await settle(pilot)
        assert isinstance(screen.focused, SearchResults)
        assert screen.query_one(SearchResults).highlighted == 0


async def test_up_from_the_first_result_returns_to_the_box(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "sla")
        await pilot.press("down", "down")
        results = screen.query_one(SearchResults)
        assert results.has_focus and results.highlighted == 1
        await pilot.press("up")
        assert results.has_focus and results.highlighted == 0
        await pilot.press("up")
        assert isinstance(screen.focused, Input)


async def test_a_note_result_opens_the_note_over_its_client(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "1,912 tickets")
        hits = search(demo_store, "1,912 tickets")
        assert [h.kind for h in hits] == ["note"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, NoteViewScreen)
        assert demo_app.screen.note.id == hits[0].record_id
        under = demo_app.screen_stack[-2]
        assert isinstance(under, ClientScreen) and under.client_id == hits[0].client_id
        assert "1,912 tickets" in static_text(demo_app.screen.query_one("#note-text", Static))
        assert screen in demo_app.screen_stack


async def test_escape_closes_the_search(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_search(pilot)
        await _type(pilot, "sla")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)
        # also from the result list
        screen = await _open_search(pilot)
        await _type(pilot, "sla")
        await pilot.press("down")
        assert isinstance(screen.focused, SearchResults)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, DashboardScreen)


async def test_markup_like_text_shows_as_typed(demo_store):
    values = {
        "kind": "call",
        "occurred_at": "2026-11-19 10:00",
        "summary": "See [bold]x[/] and [red]quokka[/red].",
    }
    with demo_store.session() as session:
        add_note(session=session, client_id=1, data=parse_note(values))
    app = make_app(demo_store)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await _open_search(pilot)
        screen.query_one("#search-input", Input).value = "[red]quokka"
        await _wait(pilot)
        (shown,) = _results(screen)
        assert "See [bold]x[/] and [red]quokka[/red]." in shown
        assert _count(screen) == "1 result for '[red]quokka'"


async def test_results_for_older_text_are_dropped(demo_app, demo_store):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type(pilot, "sla")
        before = _results(screen)
        screen._show("renewal", search(demo_store, "renewal"))  # arrives after "sla" was typed
        assert _results(screen) == before


def test_marked_text_styles_the_marked_parts_only() -> None:
    text = marked_text(f"a {MARK_START}b{MARK_END} c {MARK_START}d", "bold")
    assert text.plain == "a b c d"
    assert [(text.plain[s.start : s.end], str(s.style)) for s in text.spans if s.style] == [
        ("b", "bold"),
        ("d", "bold"),
    ]
    stray = marked_text(f"x{MARK_END}y [b]z[/b]", "bold")
    assert stray.plain == "xy [b]z[/b]"
    assert not [s for s in stray.spans if s.style]


def test_snapshot_search_results(snap_compare, demo_store):
    async def searching(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(SearchScreen())
        await pilot.pause()
        await pilot.press(*"sla")
        await _wait(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=searching)
