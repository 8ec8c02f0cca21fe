"""A crash must not print note text or local variables, and keeps the draft."""

from __future__ import annotations

import io

from rich.console import Console

from relwork import safety
from relwork.drafts import drafts_dir, read_draft
from relwork.screens.capture import NoteText
from tests.ui.conftest import settle

SECRET = "Board is about to cut the budget by 40 percent"


def _render(renderables) -> str:
    console = Console(file=io.StringIO(), width=200, record=True, color_system=None)
    for renderable in renderables:
        console.print(renderable)
    return console.export_text()


async def test_crash_report_is_private_and_holds_no_note_text(demo_app, demo_store):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"tidewell", "enter")
        demo_app.screen.query_one(NoteText).insert(SECRET)
        await pilot.pause()
        try:
            note_text = SECRET  # a local that Textual's own report would have printed
            raise RuntimeError("boom")
        except RuntimeError:
            assert note_text
            safety.report_crash(demo_app)
        shown = _render(demo_app._exit_renderables)
        assert "internal error" in shown
        assert SECRET not in shown
        log = safety.crash_log_path()
        assert log.exists() and oct(log.stat().st_mode & 0o777) == "0o600"
        assert oct(log.parent.stat().st_mode & 0o777) == "0o700"
        logged = log.read_text()
        assert "RuntimeError: boom" in logged
        assert SECRET not in logged  # the traceback carries no local variables
        drafts = list(drafts_dir(demo_store.path).glob("*.json"))
        assert len(drafts) == 1
        kept = read_draft(drafts[0])
        assert kept is not None and kept.text == SECRET
