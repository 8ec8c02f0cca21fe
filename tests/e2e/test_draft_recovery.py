"""The note panel's drafts survive the process: the real app in a pseudo-terminal is
killed (SIGKILL), hung up on (the terminal closed: SIGHUP), terminated (SIGTERM) or
brought down by a bug while a note is being written, and the next start offers the
note back with its client, untouched.

Every wait polls for a condition with a bounded timeout; the child is killed in a
``finally`` whatever happens.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from relwork.db import Store

COLUMNS, ROWS = 100, 30
TIMEOUT = 20.0  # for any one condition; generous for a loaded two-core machine
ENTER, CTRL_S, CTRL_Q = "\r", "\x13", "\x11"

# Run relwork with the terminal as its controlling terminal, the way a shell starts it,
# so closing the terminal makes the kernel send SIGHUP.
WITH_CONTROLLING_TTY = (
    "import fcntl, sys, termios\n"
    "fcntl.ioctl(0, termios.TIOCSCTTY, 0)\n"
    "from relwork.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)

_SGR = re.compile(r"\x1b\[[0-9;:]*m")
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_OTHER_ESCAPE = re.compile(r"\x1bP[^\x1b]*\x1b\\|\x1b[@-Z\\-_=>78]")  # DCS first
_SPACES = re.compile(r"\s+")


def screen_text(raw: str) -> str:
    """What was drawn, roughly: styles dropped, cursor moves and line ends as one space."""
    text = _OSC.sub("", raw)
    text = _SGR.sub("", text)
    text = _CSI.sub(" ", text)
    text = _OTHER_ESCAPE.sub("", text)
    return _SPACES.sub(" ", text)


class Terminal:
    """relwork running in a pseudo-terminal of COLUMNS x ROWS, read continuously."""

    def __init__(self, db: Path, env: dict[str, str], *, controlling_tty: bool = False) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        if controlling_tty:
            argv = [sys.executable, "-c", WITH_CONTROLLING_TTY, "--db", str(db)]
        else:
            argv = [sys.executable, "-m", "relwork", "--db", str(db)]
        try:
            self.process = subprocess.Popen(
                argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
            )
        finally:
            os.close(slave)
        self._raw = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._master_open = True
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # --- output ------------------------------------------------------------------------

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: every slave end is closed
                return
            if not data:
                return
            with self._lock:
                self._raw += data

    def raw(self) -> str:
        with self._lock:
            return self._raw.decode("utf-8", "replace")

    def mark(self) -> int:
        """A position in the output, to look only at what is drawn after it."""
        with self._lock:
            return len(self._raw)

    def text(self, since: int = 0) -> str:
        with self._lock:
            return screen_text(self._raw[since:].decode("utf-8", "replace"))

    def wait_for(self, *wanted: str, since: int = 0, timeout: float = TIMEOUT) -> None:
        """Until every string in ``wanted`` has been drawn (after ``since``)."""
        if not wait_until(lambda: all(w in self.text(since) for w in wanted), timeout):
            missing = [w for w in wanted if w not in self.text(since)]
            raise AssertionError(
                f"not drawn within {timeout}s: {missing!r}; exit code "
                f"{self.process.poll()}; screen tail: {self.text(since)[-1500:]!r}"
            )

    # --- input and ending -----------------------------------------------------------------

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def signal(self, signum: int) -> None:
        os.kill(self.process.pid, signum)

    def hang_up(self) -> None:
        """Close the terminal, as closing the window or dropping the SSH session does."""
        self._stop.set()
        self._reader.join(5)  # no thread may sit in read() on the master while it closes
        self._close_master()

    def wait_exit(self, timeout: float = TIMEOUT) -> int:
        return self.process.wait(timeout)

    def _close_master(self) -> None:
        if self._master_open:
            self._master_open = False
            os.close(self.master)

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self._stop.set()
        self._reader.join(5)
        self._close_master()


def wait_until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
def db(demo_store: Store) -> Path:
    """The demo portfolio (eight clients), written with the tests' Friday clock."""
    demo_store.close()
    return demo_store.path


@pytest.fixture
def env() -> dict[str, str]:
    values = os.environ.copy()
    for name in ("COLUMNS", "LINES", "NO_COLOR", "TEXTUAL", "PYTEST_CURRENT_TEST"):
        values.pop(name, None)
    values.update(TERM="xterm-256color", RELWORK_TODAY="2026-11-20", TZ="UTC", LANG="C.UTF-8")
    return values


@pytest.fixture
def terminals(db: Path, env: dict[str, str]) -> Iterator[Callable[..., Terminal]]:
    """Start relwork in fresh terminals; every one is killed at the end, whatever happened."""
    started: list[Terminal] = []

    def start(*, controlling_tty: bool = False, **extra: str) -> Terminal:
        terminal = Terminal(db, env | extra, controlling_tty=controlling_tty)
        started.append(terminal)
        return terminal

    try:
        yield start
    finally:
        for terminal in started:
            terminal.close()


def drafts_folder(db: Path) -> Path:
    return db.with_name(db.name + ".drafts")


def draft_files(db: Path) -> list[Path]:
    folder = drafts_folder(db)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def draft_text(db: Path) -> str:
    """The text of the one draft on disk ('' if none or unreadable mid-replace)."""
    files = draft_files(db)
    if not files:
        return ""
    try:
        return json.loads(files[0].read_text(encoding="utf-8"))["text"]
    except (OSError, ValueError, KeyError):
        return ""


def client_id(db: Path, name: str) -> int:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT a.id FROM account a JOIN organization o ON o.id = a.organization_id "
            "WHERE o.name = ?",
            (name,),
        ).fetchone()
    finally:
        conn.close()
    return row[0]


def notes_with(db: Path, text: str) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT account_id, kind, summary FROM interaction WHERE summary = ?", (text,)
        ).fetchall()
    finally:
        conn.close()


def start_a_note(terminal: Terminal, note: str) -> None:
    """On the dashboard: n, pick Tidewell by a prefix, type ``note``."""
    terminal.wait_for("of 8 clients")
    mark = terminal.mark()
    terminal.send("n")
    terminal.wait_for("New note", "type to pick a client", since=mark)
    mark = terminal.mark()
    terminal.send("tidew")
    terminal.wait_for("tidew", since=mark)
    mark = terminal.mark()
    terminal.send(ENTER)
    terminal.wait_for("New note · Tidewell Freight", since=mark)
    mark = terminal.mark()
    terminal.send(note)
    terminal.wait_for(note.split()[-1], since=mark)


def check_the_draft(db: Path, text: str, pid: int) -> None:
    (path,) = draft_files(db)
    assert path.name == f"{pid}-1.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(drafts_folder(db).stat().st_mode) == 0o700
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["text"] == text
    assert saved["client_name"] == "Tidewell Freight"
    assert saved["client_id"] == client_id(db, "Tidewell Freight")
    assert saved["kind"] == "call"
    assert saved["pid"] == pid
    assert not list(drafts_folder(db).glob("*.tmp"))


def restore_and_save(terminal: Terminal, db: Path, text: str, token: str) -> None:
    """The restarted app offers the draft; restoring shows the text; ctrl+s saves it."""
    terminal.wait_for("was not saved", "Restore")
    offer = terminal.text()
    assert "A note for Tidewell Freight was not saved" in offer
    # the note itself is not printed until the user asks for it back
    assert token not in offer
    assert "Traceback" not in offer

    mark = terminal.mark()
    terminal.send("y")
    terminal.wait_for("New note · Tidewell Freight", token, since=mark)
    assert "Traceback" not in terminal.text(mark)

    mark = terminal.mark()
    terminal.send(CTRL_S)
    terminal.wait_for("Note saved for Tidewell Freight", since=mark)
    assert notes_with(db, text) == [(client_id(db, "Tidewell Freight"), "call", text)]
    assert draft_files(db) == []  # saved: the draft is gone

    terminal.send(CTRL_Q)
    assert terminal.wait_exit() == 0
    raw = terminal.raw()
    assert "Traceback" not in raw
    # after the app leaves the alternate screen nothing of the note is printed
    after = raw.rsplit("\x1b[?1049l", 1)[-1] if "\x1b[?1049l" in raw else ""
    assert token not in after
    assert draft_files(db) == []


# --- the tests ----------------------------------------------------------------------------------


def test_a_killed_app_offers_the_note_back(db: Path, terminals: Callable[..., Terminal]) -> None:
    text = "Rhys agreed the pilot scope. Zanzibar-quokka-7731"
    first = terminals()
    start_a_note(first, text)
    # drafts are written every half second while typing: wait until this one is on disk
    assert wait_until(lambda: draft_text(db) == text), f"draft on disk: {draft_text(db)!r}"
    first.signal(signal.SIGKILL)
    assert first.wait_exit() == -signal.SIGKILL
    check_the_draft(db, text, first.process.pid)

    second = terminals()
    restore_and_save(second, db, text, "Zanzibar-quokka-7731")


def test_closing_the_terminal_keeps_even_the_last_words(
    db: Path, terminals: Callable[..., Terminal]
) -> None:
    """The hang-up handler writes the draft before the process ends, so words typed
    after the last periodic write (every 0.5 s) are kept too."""
    first = terminals(controlling_tty=True)
    text = "Ines wants the bay survey first. Okapi-marmalade-5521"
    start_a_note(first, text)
    assert wait_until(lambda: draft_text(db) == text), f"draft on disk: {draft_text(db)!r}"

    # Type a few more words, and hang up as soon as one is on screen but not yet on
    # disk (if the periodic write wins the race, type the next and try again).
    for attempt in range(10):
        word = f" late{attempt}x"
        mark = first.mark()
        first.send(word)
        first.wait_for(word.strip(), since=mark)
        text += word
        if word.strip() not in draft_text(db):
            break
    else:
        pytest.fail("every word reached the disk before the hang-up could be sent")
    first.hang_up()
    assert first.wait_exit() == -signal.SIGHUP  # it ends as the signal would
    check_the_draft(db, text, first.process.pid)

    second = terminals()
    restore_and_save(second, db, text, word.strip())


def test_a_terminated_app_keeps_the_draft(db: Path, terminals: Callable[..., Terminal]) -> None:
    first = terminals()
    text = "Keisha sent the brief. Narwhal-teapot-3390"
    start_a_note(first, text)
    mark = first.mark()
    first.send(" tail")
    first.wait_for("tail", since=mark)
    text += " tail"
    first.signal(signal.SIGTERM)
    assert first.wait_exit() == 128 + signal.SIGTERM  # the app closes, saying why
    check_the_draft(db, text, first.process.pid)

    second = terminals()
    restore_and_save(second, db, text, "Narwhal-teapot-3390")


def test_later_keeps_the_draft_for_the_next_start(
    db: Path, terminals: Callable[..., Terminal]
) -> None:
    text = "Martin asked about costs. Quetzal-lantern-8810"
    first = terminals()
    start_a_note(first, text)
    assert wait_until(lambda: draft_text(db) == text)
    first.signal(signal.SIGKILL)
    first.wait_exit()

    second = terminals()
    second.wait_for("was not saved")
    mark = second.mark()
    second.send("n")  # later
    second.wait_for("The draft is kept", since=mark)
    assert "Quetzal-lantern-8810" not in second.text()
    second.send(CTRL_Q)
    assert second.wait_exit() == 0
    assert draft_text(db) == text  # untouched

    third = terminals()
    restore_and_save(third, db, text, "Quetzal-lantern-8810")


# A fault injected into the child: the panel's preview fails once the note holds
# CRASH-NOW, the way a bug in a message handler would take the app down.
CRASH_HOOK = """
import relwork.screens.capture as capture

_refresh_preview = capture.CaptureScreen._refresh_preview


def _failing_refresh_preview(self):
    if "CRASH-NOW" in self.query_one(capture.NoteText).text:
        raise RuntimeError("injected failure for the draft-recovery test")
    return _refresh_preview(self)


capture.CaptureScreen._refresh_preview = _failing_refresh_preview
"""


def test_a_crash_keeps_the_draft_and_prints_no_note_text(
    db: Path, terminals: Callable[..., Terminal], tmp_path: Path
) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_HOOK, encoding="utf-8")
    paths = [str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]
    first = terminals(PYTHONPATH=os.pathsep.join(paths))
    text = "Curtis doubts the numbers. Pangolin-ledger-6047"
    start_a_note(first, text)
    first.send(" CRASH-NOW")
    text += " CRASH-NOW"
    assert first.wait_exit() == 1
    check_the_draft(db, text, first.process.pid)

    raw = first.raw()
    after = raw.rsplit("\x1b[?1049l", 1)[-1]  # printed once the full-screen app is gone
    message = screen_text(after)
    assert "relwork stopped after an internal error" in message
    assert "your unsaved note is kept as a draft" in message
    assert "Traceback" not in raw
    assert "Pangolin-ledger-6047" not in message
    assert "injected failure" not in message
    log = Path(os.environ["XDG_DATA_HOME"]) / "relwork" / "logs" / "crash.log"
    assert "".join(str(log).split()) in "".join(message.split())  # however it wrapped
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    details = log.read_text(encoding="utf-8")
    assert "RuntimeError: injected failure for the draft-recovery test" in details
    assert "Pangolin-ledger-6047" not in details  # no local variables, so no note text

    second = terminals()  # without the fault
    restore_and_save(second, db, text, "Pangolin-ledger-6047")
