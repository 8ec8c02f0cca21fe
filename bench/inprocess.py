"""In-process measurements with Textual's ``App.run_test``, one fresh process per call.

Started by bench/run.py (not meant to be run by hand, though it can be):

    python bench/inprocess.py open-client DB CLIENT_ID OPENS
    python bench/inprocess.py typing DB CLIENT_ID CHARS
    python bench/inprocess.py typing-baseline CHARS

Prints one JSON object on the last line of standard output. Anything that does not
work as expected raises, so the process exits non-zero and run.py reports it as broken.

open-client: the dashboard is loaded and settled; then, OPENS times, the cursor is put on
the client's row, Enter is pressed, and the clock stops when the client screen is on
top and settled (workers done, screen idle). Escape goes back between opens. The first
open in a process also pays for imports the dashboard did not need (the ORM, the client
screen's widgets), so it is reported apart ("cold") from the others ("warm"). One warm
open is profiled with cProfile; the functions that take the most time are returned.

typing: open the client, open the note panel with ctrl+n (the panel with that client
chosen), type CHARS characters one key press at a time with ``pilot.press``; each press is timed (wall and CPU time of the process). Then Escape and "y"
throw the note away.

typing-baseline: the same key presses into a plain Textual TextArea in a bare app, to
show what the test harness and Textual's own TextArea cost per key.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import pstats
import sys
import time
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

ANCHOR = date(2026, 11, 22)
SIZE = (100, 30)
TYPED = (
    "Called Dana about the renewal. She wants the revised SLA before the steering "
    "committee, and asked whether we can add a second on-call engineer during the "
    "migration weekend in March. Budget is tight; pricing options needed soon."
)


class Broken(RuntimeError):
    pass


async def settle(pilot: Any) -> None:
    """The same as tests/ui/conftest.py's settle: workers done, screen caught up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def make_app(db: Path) -> Any:
    from relwork import clock
    from relwork.app import create_app
    from relwork.config import Settings
    from relwork.db import open_store

    clock.freeze(datetime.combine(ANCHOR, clock_time(9, 0)).astimezone())
    store = open_store(db)
    return create_app(store, settings=Settings(user_name="Bench Runner"))


async def wait_for_dashboard(pilot: Any) -> Any:
    from relwork.screens.dashboard import DashboardScreen

    for _ in range(200):
        await settle(pilot)
        screen = pilot.app.screen
        if isinstance(screen, DashboardScreen) and screen.loaded:
            return screen
        await asyncio.sleep(0.05)
    raise Broken(f"the dashboard did not load (top screen: {type(pilot.app.screen).__name__})")


async def open_client(pilot: Any, client_id: int, name: str) -> tuple[float, float]:
    """Put the cursor on the client's row, press Enter, wait until the screen settles."""
    from textual.widgets import DataTable

    from relwork.screens.client import ClientScreen

    dashboard = await wait_for_dashboard(pilot)
    table = dashboard.query_one("#portfolio", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(str(client_id)))
    await pilot.pause()
    if dashboard.selected_client_id() != client_id:
        raise Broken("could not put the dashboard cursor on the client")
    started, cpu = time.perf_counter(), time.process_time()
    await pilot.press("enter")
    await settle(pilot)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    screen = pilot.app.screen
    if not isinstance(screen, ClientScreen) or screen.client_id != client_id:
        raise Broken(f"Enter did not open the client (top screen: {type(screen).__name__})")
    if screen.client is None or screen.client.name != name:
        raise Broken("the client screen did not load the client")
    notes = screen.query("#notes")
    if notes and not notes.first().row_count:
        raise Broken("the client screen shows no notes for a client with 2,000")
    return elapsed, cpu


def top_functions(profile: cProfile.Profile, count: int = 12) -> dict[str, list[str]]:
    """relwork's functions by cumulative time, and every function by its own time."""
    stats = pstats.Stats(profile, stream=io.StringIO())
    ours, hot = [], []
    for (filename, line, func), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename.split("/src/")[-1].split("site-packages/")[-1]
        entry = (f"{short}:{line}({func})", calls, own * 1000, cumulative * 1000)
        hot.append(entry)
        if "/relwork/" in filename:
            ours.append(entry)

    def lines(rows: list[tuple[str, int, float, float]]) -> list[str]:
        return [
            f"{cum:8.1f} ms cumulative {own:7.1f} ms own {calls:7d} calls  {name}"
            for name, calls, own, cum in rows[:count]
        ]

    ours.sort(key=lambda e: -e[3])
    hot.sort(key=lambda e: -e[2])
    return {"relwork_by_cumulative": lines(ours), "all_by_own_time": lines(hot)}


async def measure_open(db: Path, client_id: int, opens: int) -> dict[str, Any]:
    app = make_app(db)
    name = app.store.read(
        "SELECT o.name FROM account a JOIN organization o "
        "ON o.id = a.organization_id WHERE a.id = :id",
        {"id": client_id},
    )[0][0]
    times: list[tuple[float, float]] = []
    profile_rows: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_dashboard(pilot)
        for number in range(opens + 1):
            if number == opens:  # one extra warm open, profiled, not timed
                profile = cProfile.Profile()
                profile.enable()
                await open_client(pilot, client_id, name)
                profile.disable()
                profile_rows = top_functions(profile)
            else:
                times.append(await open_client(pilot, client_id, name))
            await pilot.press("escape")
            await settle(pilot)
        services = service_times(app.store, client_id)
    return {
        "cold": times[0][0],
        "warm": [t for t, _ in times[1:]],
        "cold_cpu": times[0][1],
        "warm_cpu": [c for _, c in times[1:]],
        "profile": profile_rows,
        "services": services,
    }


def service_times(store: Any, client_id: int) -> dict[str, float]:
    """Each service call the client screen is known to make, timed once (warm)."""
    result: dict[str, float] = {}

    def timed(label: str, call: Any) -> None:
        started = time.perf_counter()
        call()
        result[label] = time.perf_counter() - started

    from relwork.services import contacts as contact_service
    from relwork.services import notes as note_service
    from relwork.services.clients import get_client

    with store.session() as session:
        timed("clients.get_client", lambda: get_client(session=session, client_id=client_id))
        timed(
            "contacts.list_contacts",
            lambda: contact_service.list_contacts(session=session, client_id=client_id),
        )
        timed(
            "notes.open_actions",
            lambda: note_service.open_actions(session=session, client_id=client_id),
        )
        timed(
            "notes.recent_notes",
            lambda: note_service.recent_notes(session=session, client_id=client_id),
        )
    try:
        from relwork.services.timeline import timeline
    except ImportError:
        pass
    else:
        timed("timeline.timeline", lambda: timeline(store, client_id))
    return result


async def type_keys(pilot: Any, text: str) -> tuple[list[float], list[float]]:
    """Press each character's key; the wall and CPU time of each press, in seconds."""
    walls, cpus = [], []
    for char in text:
        started, cpu = time.perf_counter(), time.process_time()
        await pilot.press(char)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


async def measure_typing(db: Path, client_id: int, chars: int) -> dict[str, Any]:
    from relwork.screens.capture import CaptureScreen, NoteText
    from relwork.screens.client import ClientScreen

    text = (TYPED * (chars // len(TYPED) + 1))[:chars]
    app = make_app(db)
    name = app.store.read(
        "SELECT o.name FROM account a JOIN organization o "
        "ON o.id = a.organization_id WHERE a.id = :id",
        {"id": client_id},
    )[0][0]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_dashboard(pilot)
        await open_client(pilot, client_id, name)
        await pilot.press("ctrl+n")
        await settle(pilot)
        panel = app.screen
        if not isinstance(panel, CaptureScreen):
            raise Broken(f"ctrl+n did not open the note panel (top: {type(panel).__name__})")
        area = panel.query_one(NoteText)
        if panel.focused is not area:
            raise Broken("the note text does not have the focus when the panel opens")
        walls, cpus = await type_keys(pilot, text)
        await settle(pilot)
        if area.text != text:
            raise Broken(f"typed {len(text)} characters, the text area holds {len(area.text)}")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        if not isinstance(app.screen, ClientScreen):
            raise Broken("Escape and 'y' did not throw the note away")
    return {"chars": chars, "wall": walls, "cpu": cpus}


async def measure_typing_baseline(chars: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(soft_wrap=True, compact=True)

    text = (TYPED * (chars // len(TYPED) + 1))[:chars]
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        area = app.query_one(TextArea)
        area.focus()
        await pilot.pause()
        walls, cpus = await type_keys(pilot, text)
        await settle(pilot)
        if area.text != text:
            raise Broken("the bare text area did not receive every key")
    return {"chars": chars, "wall": walls, "cpu": cpus}


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "open-client":
        result = asyncio.run(measure_open(Path(argv[1]), int(argv[2]), int(argv[3])))
    elif mode == "typing":
        result = asyncio.run(measure_typing(Path(argv[1]), int(argv[2]), int(argv[3])))
    elif mode == "typing-baseline":
        result = asyncio.run(measure_typing_baseline(int(argv[1])))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
