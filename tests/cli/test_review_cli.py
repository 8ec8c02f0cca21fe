"""``relwork review``, run as a real process against a demo database written by
``relwork demo`` (on Friday 2026-11-20, as RELWORK_TODAY pins it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import icalendar
import pytest

from relwork.db import Store, open_store

DAY = "2026-11-20"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        RELWORK_TODAY=DAY,
        TZ="UTC",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        RELWORK_CONFIG=str(home / "settings.toml"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("RELWORK_DB", None)
    env.update(extra)
    return env


def relwork(home: Path, *args: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-m", "relwork", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(home),
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("relwork: ")
    return lines[0]


def rows(path: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def status_of(path: Path, review_id: int) -> str:
    return rows(path, "SELECT status FROM client_review WHERE id = ?", review_id)[0]["status"]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review-demo")
    path = folder / "demo.db"
    result = relwork(folder, "demo", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    (path / "settings.toml").write_text('user_name = "Sam Okafor"\n', "utf-8")
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


def _tidewell_reviews(path: Path) -> list[sqlite3.Row]:
    return rows(
        path,
        "SELECT r.id, r.status FROM client_review r JOIN account a ON a.id = r.account_id "
        "JOIN organization o ON o.id = a.organization_id WHERE o.name = 'Tidewell Freight' "
        "ORDER BY r.scheduled_for DESC",
    )


def test_the_list_shows_the_clients_reviews(home: Path, demo: Path) -> None:
    result = relwork(home, "review", "tide", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Tidewell Freight: reviews, newest first"
    planned, reported = (row["id"] for row in _tidewell_reviews(demo))
    assert lines[1].split()[:4] == [str(planned), "2026-11-26", "10:00", "Planned"]
    assert lines[2].split()[:4] == [str(reported), "2026-08-28", "10:00", "Reported"]


def test_markdown_of_the_latest_review_goes_to_the_exports_folder(home: Path, demo: Path) -> None:
    result = relwork(home, "review", "tide", "--export", "md", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    target = home / "data" / "relwork" / "exports" / "tidewell-freight-review-2026-11-26.md"
    assert f"to {target}" in result.stdout
    assert "planned, so it stays that way" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert target.read_text("utf-8").startswith("# Service review: Tidewell Freight, 26 November")
    assert status_of(demo, _tidewell_reviews(demo)[0]["id"]) == "planned"


def test_word_report_of_a_chosen_review_into_a_folder(
    home: Path, demo: Path, tmp_path: Path
) -> None:
    reported = _tidewell_reviews(demo)[1]["id"]
    out = tmp_path / "reports"
    out.mkdir()
    result = relwork(
        home,
        "review",
        "tide",
        "-e",
        "docx",
        "--review",
        str(reported),
        "-o",
        str(out),
        "--db",
        str(demo),
    )
    assert result.returncode == 0, result.stderr
    target = out / "tidewell-freight-review-2026-08-28.docx"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = docx.Document(str(target))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "Service review: Tidewell Freight, 28 August 2026"
    assert "1. Your priorities and what has changed for you" in text
    actions = document.tables[-1]
    assert [c.text for c in actions.rows[0].cells] == ["Action", "Owner", "Due", "Status"]
    assert len(actions.rows) == 4  # the three actions agreed in that review


def test_invitation_to_a_file(home: Path, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "invite.ics"
    result = relwork(
        home, "review", "tide", "--export", "ics", "--out", str(target), "--db", str(demo)
    )
    assert result.returncode == 0, result.stderr
    assert "calendar invitation" in result.stdout and "reported" not in result.stdout
    (event,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Service review: Tidewell Freight"
    assert event["organizer"].params["CN"] == "Sam Okafor"
    assert str(event["organizer"]) == "mailto:sam.okafor@bluehaven.example"
    invited = {str(a) for a in event["attendee"]}
    assert "mailto:rhys.calloway@tidewell.example" in invited
    assert "mailto:priya.natarajan@bluehaven.example" in invited


def test_the_report_of_a_held_review_marks_it_reported(home: Path, demo: Path) -> None:
    from relwork import clock
    from relwork.services import reviews

    planned = _tidewell_reviews(demo)[0]["id"]
    store = open_store(demo)
    try:
        with store.session() as session:
            reviews.add_recommendation(session=session, review_id=planned, text="Fail-over link")
            reviews.mark_held(session=session, review_id=planned, held_at=clock.now())
    finally:
        store.close()
    result = relwork(home, "review", "tide", "--export", "md", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    assert "The review is marked reported." in result.stdout
    assert status_of(demo, planned) == "reported"


@pytest.fixture
def two_acmes(store: Store) -> Path:
    from relwork.services.clients import create_client, parse_client

    with store.session() as session:
        for name in ("Acme Hosting", "Acme Logistics"):
            create_client(session=session, data=parse_client({"name": name}))
    store.close()
    return store.path


def test_an_ambiguous_client_writes_nothing(home: Path, two_acmes: Path) -> None:
    result = relwork(home, "review", "acme", "--export", "md", "--db", str(two_acmes))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "Acme Hosting" in line and "Acme Logistics" in line and "nothing was written" in line
    assert not (home / "data").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["linn", "--export", "md"], "Linnmouth University has no reviews yet"),
        (["zzqx", "--export", "md"], "No client matches 'zzqx'. Nothing was written."),
        (["tide", "--export", "md", "--review", "999"], "Tidewell Freight has no review 999"),
        (["tide", "--out", "x.md"], "Say what to export with --export md, docx or ics."),
    ],
)
def test_clear_errors(home: Path, demo: Path, args: list[str], message: str) -> None:
    result = relwork(home, "review", *args, "--db", str(demo))
    assert result.returncode == 1
    assert message in one_line_error(result)
    assert result.stdout == ""
    assert not (home / "data" / "relwork" / "exports").exists()


def test_an_unknown_format_is_refused_by_the_parser(home: Path, demo: Path) -> None:
    result = relwork(home, "review", "tide", "--export", "pdf", "--db", str(demo))
    assert result.returncode == 2
    assert "invalid choice: 'pdf'" in one_line_error(result)


def test_an_unwritable_place_is_one_clear_line(home: Path, demo: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    result = relwork(
        home, "review", "tide", "-e", "md", "-o", str(not_a_folder / "r.md"), "--db", str(demo)
    )
    assert result.returncode == 1
    line = one_line_error(result)
    assert "Cannot write" in line and "Nothing was written." in line
    assert not_a_folder.read_text() == "a file, not a folder"


def test_review_does_not_load_textual(home: Path, demo: Path) -> None:
    result = relwork(home, "review", "tide", "--db", str(demo), importtime=True)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "relwork" in imported
    assert "textual" not in imported
