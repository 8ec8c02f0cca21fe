"""Helpers for driving the app: a deterministic app on a given store."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from relwork.app import RelworkApp, create_app
from relwork.config import Settings
from relwork.db import Store

TEST_USER = "Sam Okafor"


def make_app(store: Store, *, demo: bool = True) -> RelworkApp:
    return create_app(store, demo=demo, settings=Settings(user_name=TEST_USER))


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up before asserting.

    Screens fill in stages (rows first, then Today, trust bands and watermelon flags
    from workers started after a refresh), so wait until a whole round starts nothing
    new."""
    quiet_rounds = 0
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(not worker.is_finished for worker in pilot.app.workers)
        quiet_rounds = 0 if busy else quiet_rounds + 1
        if quiet_rounds == 2:
            break


@pytest.fixture
def demo_app(demo_store: Store) -> RelworkApp:
    return make_app(demo_store)


@pytest.fixture
def empty_app(store: Store) -> RelworkApp:
    return make_app(store, demo=False)


def static_text(widget, width: int = 200) -> str:
    """What a Static shows, as plain text (Rich renderables included)."""
    import io

    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text()
