"""Drafts of notes on disk (relwork.drafts): private files, atomic replacement, drafts
left by dead processes, and the background writer."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from relwork import drafts
from relwork.drafts import Draft, DraftWriter, drafts_dir, orphaned_drafts, read_draft, write_draft


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _draft(text: str = "Called Dana about the SLA.", **values: object) -> Draft:
    fields: dict[str, object] = {
        "client_id": 7,
        "client_name": "Acme Hosting",
        "kind": "call",
        "when": "2026-11-20 09:30",
        "text": text,
        "saved_at": "2026-11-20T09:30:00+00:00",
        "pid": os.getpid(),
    }
    fields.update(values)
    return Draft(**fields)  # type: ignore[arg-type]


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _text_on_disk(path: Path) -> str | None:
    draft = read_draft(path)
    return draft.text if draft else None


# --- files ---------------------------------------------------------------------------------------


def test_drafts_sit_beside_the_database(tmp_path: Path) -> None:
    assert drafts_dir(tmp_path / "work.db") == tmp_path / "work.db.drafts"


def test_write_and_read_round_trip(tmp_path: Path) -> None:
    path = drafts_dir(tmp_path / "work.db") / "123-1.json"
    draft = _draft(
        'Zoë said: "ship it" — ☕\n- [ ] send the SLA @Dana due:friday\n\ttabbed',
        client_id=None,
        client_name="",
        kind="meeting",
        when="",
    )
    write_draft(path, draft)
    assert read_draft(path) == draft
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["text"] == draft.text
    assert "Zoë" in path.read_text(encoding="utf-8")  # readable UTF-8, not \u escapes


def test_draft_files_are_private_whatever_the_umask(tmp_path: Path, umask_022: None) -> None:
    folder = tmp_path / "work.db.drafts"
    path = folder / "1-1.json"
    write_draft(path, _draft())
    assert _mode(folder) == 0o700
    assert _mode(path) == 0o600
    write_draft(path, _draft("second version"))
    assert _mode(path) == 0o600


def test_an_open_drafts_folder_is_tightened(tmp_path: Path, umask_022: None) -> None:
    folder = tmp_path / "work.db.drafts"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    write_draft(folder / "1-1.json", _draft())
    assert _mode(folder) == 0o700


def test_a_replaced_draft_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    path = folder / "1-1.json"
    for number in range(5):
        write_draft(path, _draft(f"version {number}"))
    assert sorted(p.name for p in folder.iterdir()) == ["1-1.json"]
    assert _text_on_disk(path) == "version 4"


def test_replacement_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If writing the new version fails half-way, the old one is still there, whole."""
    path = tmp_path / "d" / "1-1.json"
    write_draft(path, _draft("the old words"))

    def broken_dump(obj: object, handle: object, **kwargs: object) -> None:
        handle.write('{"client_id": 7, "text": "the new wo')  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts.json, "dump", broken_dump)
    with pytest.raises(OSError):
        write_draft(path, _draft("the new words"))
    monkeypatch.undo()
    assert _text_on_disk(path) == "the old words"


@pytest.mark.parametrize(
    "content",
    ["", "not json", "[1, 2]", '{"text": "missing fields"}', '{"unknown": 1}'],
)
def test_unreadable_drafts_read_as_none(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    assert read_draft(path) is None


def test_a_missing_draft_reads_as_none(tmp_path: Path) -> None:
    assert read_draft(tmp_path / "nope.json") is None


# --- drafts left behind -------------------------------------------------------------------------


def test_no_folder_no_drafts(tmp_path: Path) -> None:
    assert orphaned_drafts(tmp_path / "missing.drafts") == []


def test_drafts_of_dead_processes_are_found_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "work.db.drafts"
    dead = _dead_pid()
    older = _draft("older", pid=dead, saved_at="2026-11-20T08:00:00+00:00")
    newer = _draft("newer", pid=dead, saved_at="2026-11-20T09:15:00+00:00")
    write_draft(folder / "a.json", older)
    write_draft(folder / "b.json", newer)
    assert orphaned_drafts(folder) == [(folder / "b.json", newer), (folder / "a.json", older)]


def test_drafts_of_running_processes_are_left_alone(tmp_path: Path, live_pid: int) -> None:
    folder = tmp_path / "work.db.drafts"
    write_draft(folder / "live.json", _draft("still typing", pid=live_pid))
    write_draft(folder / "live-blank.json", _draft("   ", pid=live_pid))
    assert orphaned_drafts(folder) == []
    # nothing was removed: the running panel owns them
    assert sorted(p.name for p in folder.iterdir()) == ["live-blank.json", "live.json"]


def test_blank_drafts_of_dead_processes_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "work.db.drafts"
    dead = _dead_pid()
    write_draft(folder / "blank.json", _draft(" \n\t ", pid=dead))
    write_draft(folder / "empty.json", _draft("", pid=dead))
    write_draft(folder / "real.json", _draft("words", pid=dead))
    found = orphaned_drafts(folder)
    assert [path.name for path, _ in found] == ["real.json"]
    assert sorted(p.name for p in folder.iterdir()) == ["real.json"]


def test_a_draft_with_our_own_pid_is_from_an_earlier_life(tmp_path: Path) -> None:
    """At start-up a draft carrying this process's pid was written by a previous process
    that had the same pid, so it is offered back."""
    folder = tmp_path / "work.db.drafts"
    draft = _draft("from before", pid=os.getpid())
    write_draft(folder / "x.json", draft)
    assert orphaned_drafts(folder) == [(folder / "x.json", draft)]


def test_corrupt_and_temporary_files_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "work.db.drafts"
    folder.mkdir()
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (folder / "half.json.tmp").write_text(json.dumps(asdict(_draft(pid=_dead_pid()))))
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    assert orphaned_drafts(folder) == []
    assert (folder / "broken.json").exists()  # never deleted: it may be salvageable by hand


# --- the background writer -------------------------------------------------------------------------


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[DraftWriter]:
    made = DraftWriter(tmp_path / "work.db.drafts" / "1-1.json")
    yield made
    made.stop()


def test_the_writer_writes_what_is_submitted(writer: DraftWriter) -> None:
    writer.submit(_draft("first words"))
    assert _wait_until(lambda: _text_on_disk(writer.path) == "first words")
    assert _mode(writer.path) == 0o600


def test_the_writer_ends_with_the_latest_version(writer: DraftWriter) -> None:
    for number in range(200):
        writer.submit(_draft(f"version {number}"))
    assert _wait_until(lambda: _text_on_disk(writer.path) == "version 199")
    time.sleep(0.05)  # nothing older may land afterwards
    assert _text_on_disk(writer.path) == "version 199"
    assert [p.name for p in writer.path.parent.iterdir()] == ["1-1.json"]


def test_flush_writes_at_once(writer: DraftWriter) -> None:
    writer.submit(_draft("typed just now"))
    writer.flush()
    assert _text_on_disk(writer.path) == "typed just now"  # no waiting


def test_flush_with_nothing_submitted_writes_nothing(writer: DraftWriter) -> None:
    writer.flush()
    assert not writer.path.exists()


class _SlowDisk:
    """Replaces write_draft: the first write blocks until released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls: list[str] = []
        self._real = write_draft

    def __call__(self, path: Path, draft: Draft) -> None:
        self.calls.append(draft.text)
        if len(self.calls) == 1:
            self.entered.set()
            self.release.wait(10)
        self._real(path, draft)


def test_flush_waits_for_a_write_the_thread_has_started(
    writer: DraftWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On hang-up the process ends right after flush(): the newest text must be on disk
    by then, even when the background thread had already picked it up."""
    disk = _SlowDisk()
    monkeypatch.setattr(drafts, "write_draft", disk)
    writer.submit(_draft("the last words"))
    assert disk.entered.wait(5)  # the thread holds the draft, mid-write

    seen: list[str | None] = []

    def flush_then_look() -> None:
        writer.flush()
        seen.append(_text_on_disk(writer.path))

    flusher = threading.Thread(target=flush_then_look)
    flusher.start()
    flusher.join(0.3)
    disk.release.set()
    flusher.join(5)
    assert seen == ["the last words"]


def test_an_older_version_never_replaces_a_newer_one(
    writer: DraftWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = _SlowDisk()
    monkeypatch.setattr(drafts, "write_draft", disk)
    writer.submit(_draft("older"))
    assert disk.entered.wait(5)
    writer.submit(_draft("newer"))
    flusher = threading.Thread(target=writer.flush)
    flusher.start()
    disk.release.set()
    flusher.join(5)
    assert _wait_until(lambda: _text_on_disk(writer.path) == "newer")
    time.sleep(0.1)
    assert _text_on_disk(writer.path) == "newer"


def test_an_unchanged_draft_is_not_rewritten(
    writer: DraftWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = write_draft

    def counting(path: Path, draft: Draft) -> None:
        calls.append(draft.text)
        real(path, draft)

    monkeypatch.setattr(drafts, "write_draft", counting)
    draft = _draft("same")
    writer.submit(draft)
    writer.flush()
    writer.submit(replace(draft))
    writer.flush()
    assert calls == ["same"]


def test_discard_removes_the_file_and_stops(writer: DraftWriter) -> None:
    writer.submit(_draft("about to be saved"))
    writer.flush()
    assert writer.path.exists()
    writer.discard()
    assert not writer.path.exists()
    # a late flush (a hang-up right after saving) must not bring the draft back
    writer.flush()
    assert not writer.path.exists()
    assert not any(p.name.endswith(".tmp") for p in writer.path.parent.iterdir())


def test_stop_keeps_what_was_written(writer: DraftWriter) -> None:
    writer.submit(_draft("kept"))
    writer.flush()
    writer.stop()
    assert _text_on_disk(writer.path) == "kept"


def test_a_write_error_does_not_raise_and_the_next_write_retries(
    writer: DraftWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk_full = True
    attempts: list[str] = []
    real = write_draft

    def maybe_full(path: Path, draft: Draft) -> None:
        attempts.append(draft.text)
        if disk_full:
            raise OSError(28, "No space left on device")
        real(path, draft)

    monkeypatch.setattr(drafts, "write_draft", maybe_full)
    writer.submit(_draft("lost for now"))
    writer.flush()  # neither the thread nor flush raises
    assert attempts and set(attempts) == {"lost for now"}
    assert not writer.path.exists()
    assert writer._thread.is_alive()  # the thread survived the error

    disk_full = False
    writer.submit(_draft("space again"))
    writer.flush()
    assert _text_on_disk(writer.path) == "space again"


def test_an_unusable_folder_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    writer = DraftWriter(blocker / "work.db.drafts" / "1-1.json")
    try:
        writer.submit(_draft("nowhere to go"))
        writer.flush()
        assert writer._thread.is_alive()
    finally:
        writer.stop()
    assert blocker.read_text(encoding="utf-8") == "x"
