"""Drafts of notes being written, kept on disk so no word is lost.

A draft is a small JSON file in a private ``<database>.drafts/`` folder beside it,
rewritten (atomically, 0600) by a background thread whenever the text changes, so
the UI thread never waits on the disk. A draft left behind by a process that is no
longer running (a closed terminal, a dropped SSH session, a kill, a crash) is offered
back on the next start. Standard library only.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from relwork.locations import PRIVATE_FILE, ensure_private_dir


@dataclass(frozen=True)
class Draft:
    client_id: int | None
    client_name: str
    kind: str
    when: str  # as typed in the panel
    text: str
    saved_at: str  # ISO time of this write, for "a note from 14:02"
    pid: int

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


def drafts_dir(db_path: Path) -> Path:
    """Drafts sit beside the database they belong to, in a private folder."""
    return db_path.with_name(db_path.name + ".drafts")


def write_draft(path: Path, draft: Draft) -> None:
    """Replace the draft at ``path`` in one step: readers see the old or the new one."""
    ensure_private_dir(path.parent)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(draft), handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, PRIVATE_FILE)
    os.replace(temporary, path)


def read_draft(path: Path) -> Draft | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Draft(**raw)
    except (OSError, ValueError, TypeError):
        return None


def orphaned_drafts(folder: Path) -> list[tuple[Path, Draft]]:
    """Drafts whose writer is no longer running, newest first. Blank ones are removed."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.json"):
        draft = read_draft(path)
        if draft is None or _alive(draft.pid):
            continue
        if draft.is_blank:
            path.unlink(missing_ok=True)
            continue
        found.append((path, draft))
    found.sort(key=lambda item: item[1].saved_at, reverse=True)
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a draft of ours found at start-up is from an earlier life of this pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DraftWriter:
    """Writes the latest submitted draft on a background thread; older pending versions
    are skipped. :meth:`flush` writes synchronously (used on hang-up and exit)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: Draft | None = None
        self._latest: tuple[int, Draft] | None = None  # the newest submitted, numbered
        self._submitted = 0
        self._written: Draft | None = None
        self._written_number = 0
        self._condition = threading.Condition()
        self._io = threading.Lock()  # the thread and flush() never write at the same time
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="relwork-drafts", daemon=True)
        self._thread.start()

    def submit(self, draft: Draft) -> None:
        with self._condition:
            self._submitted += 1
            self._latest = (self._submitted, draft)
            self._pending = draft
            self._condition.notify()

    def flush(self) -> None:
        """Make sure the newest submitted draft is on disk before returning, even when
        the thread has already taken it and not finished (or not started) writing it."""
        with self._condition:
            self._pending = None
            latest = self._latest
        if latest is not None:
            self._write(*latest)

    def discard(self) -> None:
        """Stop and remove the draft file (the note was saved or thrown away on purpose)."""
        self.stop()
        self.path.unlink(missing_ok=True)

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._pending = None
            self._latest = None  # a stopped writer writes nothing more (discard means gone)
            self._condition.notify()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                self._pending = None
                latest = self._latest
            if latest is not None:
                self._write(*latest)

    def _write(self, number: int, draft: Draft) -> None:
        with self._io:
            # an older version must never replace a newer one written by flush()
            if number <= self._written_number or draft == self._written:
                return
            try:
                write_draft(self.path, draft)
                self._written = draft
                self._written_number = number
            except OSError:
                # a full disk must not take the panel down; the next keystroke tries again
                self._written = None
