"""Keeping the user's words safe when things go wrong.

- On hang-up (terminal closed, SSH dropped) and on SIGTERM, every open note panel
  writes its draft synchronously before the process ends.
- A crash writes the traceback, without local variables, to a private crash log and
  prints one line saying where it is: note text never reaches the terminal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import traceback
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from relwork.locations import PRIVATE_FILE, ensure_private_dir

if TYPE_CHECKING:
    from relwork.app import RelworkApp


def save_open_drafts(app: RelworkApp) -> None:
    """Write what every open note panel holds right now, on this thread."""
    from relwork.screens.capture import CaptureScreen

    for screen in app.screen_stack:
        if isinstance(screen, CaptureScreen):
            screen.keep_draft_now()
    for writer in list(app.open_drafts):
        writer.flush()


def protect_drafts(app: RelworkApp) -> None:
    """Install hang-up and terminate handlers (main thread only)."""

    def on_hangup(signum: int, _frame: FrameType | None) -> None:
        try:
            save_open_drafts(app)
        finally:
            # nothing can be drawn on a terminal that is gone: end as the signal would
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    def on_terminate(signum: int, _frame: FrameType | None) -> None:
        save_open_drafts(app)
        app.exit(return_code=128 + signum)

    try:
        signal.signal(signal.SIGHUP, on_hangup)
        signal.signal(signal.SIGTERM, on_terminate)
    except ValueError:
        pass  # not the main thread (an embedded or test run): nothing to install


def report_crash(app: RelworkApp) -> None:
    """Stand-in for Textual's crash report: a private log and a one-line message."""
    with contextlib.suppress(Exception):  # the crash report must be written regardless
        save_open_drafts(app)
    path = crash_log_path()
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            log.write(traceback.format_exc())
        where = f" Details are in {path}."
    except OSError:
        where = ""
    from rich.text import Text

    app._exit_renderables.append(
        Text(
            f"relwork stopped after an internal error; your unsaved note is kept as a "
            f"draft and offered at the next start.{where}"
        )
    )
    app._close_messages_no_wait()


def crash_log_path() -> Path:
    """In the user's own data folder, whichever database is open."""
    from relwork.locations import data_dir

    return data_dir() / "logs" / "crash.log"
