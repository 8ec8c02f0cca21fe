"""``relwork note``, ``relwork today`` and ``relwork log``, run as real processes against
a demo database written by ``relwork demo``.

The child processes do not see the test's frozen clock, so they run with
RELWORK_TODAY=2026-11-20 (09:00 that day), and the demo is written the same way so its
relative dates line up: the demo was "loaded" on Friday 2026-11-20.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relwork.db import Store

DAY = "2026-11-20"
TODAY_KEYS = {"kind", "client_id", "client", "id", "title", "detail", "due", "overdue"}
LOG_KEYS = {"when", "kind", "title", "text", "people", "author", "id"}


def _env(**extra: str) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        RELWORK_TODAY=DAY,
        TZ="UTC",
        COLUMNS="250",  # tables are not wrapped, so titles can be found whole
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("RELWORK_DB", None)
    env.update(extra)
    return env


def relwork(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relwork", *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env or _env(),
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single line on stderr; fails on tracebacks, usage dumps or silence."""
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("relwork: ")
    return lines[0]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database per module, written by the real command; copied per test."""
    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "demo.db"
    env = _env(HOME=str(folder), RELWORK_CONFIG=str(folder / "none.toml"))
    result = relwork("demo", str(path), env=env)
    assert result.returncode == 0, result.stderr
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists()  # all in the main file
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Path]:
    """A settings file naming the user, so notes have a known author."""
    path = tmp_path / "settings.toml"
    path.write_text('user_name = "Sam Okafor"\n', encoding="utf-8")
    yield path


class Db:
    """Plain sqlite3 reads of a database file the child processes write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        conn = sqlite3.connect(self.path)
        conn.row_factory = sqlite3.Row
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def count(self, table: str) -> int:
        return self.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]

    def client_id(self, name: str) -> int:
        return self.rows(
            "SELECT a.id FROM account a JOIN organization o ON o.id = a.organization_id "
            "WHERE o.name = ?",
            name,
        )[0]["id"]

    def newest_note(self) -> sqlite3.Row:
        return self.rows("SELECT * FROM interaction ORDER BY id DESC LIMIT 1")[0]

    def attendees(self, note_id: int) -> list[str]:
        rows = self.rows(
            "SELECT c.name FROM interaction_attendee ia JOIN contact c ON c.id = ia.contact_id "
            "WHERE ia.interaction_id = ? ORDER BY c.name",
            note_id,
        )
        return [row["name"] for row in rows]

    def actions_of(self, note_id: int) -> list[tuple[str, str, str | None]]:
        rows = self.rows(
            "SELECT text, owner, due_date FROM action_item WHERE interaction_id = ? ORDER BY id",
            note_id,
        )
        return [(row["text"], row["owner"], row["due_date"]) for row in rows]

    def snapshot(self) -> tuple[int, int, int]:
        return (
            self.count("interaction"),
            self.count("interaction_attendee"),
            self.count("action_item"),
        )


# --- relwork note ------------------------------------------------------------------------------


def test_note_with_text_saves_a_call_now(demo: Path, settings: Path) -> None:
    db = Db(demo)
    before = db.count("interaction")
    result = relwork(
        "note",
        "tide",
        "Called Rhys:",
        "the pilot starts Monday.",
        "--db",
        str(demo),
        env=_env(RELWORK_CONFIG=str(settings)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"Saved a call note for Tidewell Freight ({DAY} 09:00).\n"
    assert db.count("interaction") == before + 1
    note = db.newest_note()
    assert note["account_id"] == db.client_id("Tidewell Freight")
    assert note["summary"] == "Called Rhys: the pilot starts Monday."  # words joined
    assert note["kind"] == "call"
    assert note["occurred_at"] == f"{DAY} 09:00:00.000000"
    assert note["author"] == "Sam Okafor"
    assert db.attendees(note["id"]) == []


def test_note_from_a_pipe(demo: Path) -> None:
    db = Db(demo)
    text = "Call with Rhys about the pilot.\n- [ ] send revised SLA @Rhys due:2026-12-05\n"
    result = relwork("note", "tidewell", "--db", str(demo), stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no prompt when the input is not a terminal
    lines = result.stdout.splitlines()
    assert lines[0] == f"Saved a call note for Tidewell Freight ({DAY} 09:00)."
    assert lines[1:] == ["  + action: send revised SLA (Rhys Calloway, due 2026-12-05)"]
    note = db.newest_note()
    assert note["summary"] == text.strip()
    assert db.actions_of(note["id"]) == [("send revised SLA", "Rhys Calloway", "2026-12-05")]


def test_note_from_a_heredoc(demo: Path) -> None:
    db = Db(demo)
    script = (
        f'"{sys.executable}" -m relwork note fenmarsh --db "{demo}" <<\'EOF\'\n'
        "Ward walk-round with Aisha.\n"
        "\n"
        "Readers on Ward 7 keep failing at night.\n"
        "- [ ] stock a spare reader on each ward due:friday\n"
        "- [ ] share findings with nursing leads @Aisha due:+3d\n"
        "- [x] already logged the P3\n"
        "EOF\n"
    )
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, env=_env(), check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Saved a call note for Fenmarsh Community Health Trust ({DAY} 09:00).",
        "  + action: stock a spare reader on each ward (due 2026-11-27)",
        # the owner is shown as stored: in full
        "  + action: share findings with nursing leads (Aisha Rahman, due 2026-11-23)",
    ]
    note = db.newest_note()
    assert note["account_id"] == db.client_id("Fenmarsh Community Health Trust")
    assert note["summary"].splitlines() == [
        "Ward walk-round with Aisha.",
        "",
        "Readers on Ward 7 keep failing at night.",
        "- [ ] stock a spare reader on each ward due:friday",
        "- [ ] share findings with nursing leads @Aisha due:+3d",
        "- [x] already logged the P3",
    ]
    assert db.actions_of(note["id"]) == [
        ("stock a spare reader on each ward", "", "2026-11-27"),
        ("share findings with nursing leads", "Aisha Rahman", "2026-11-23"),
    ]


def test_note_kind_time_and_people(demo: Path) -> None:
    db = Db(demo)
    result = relwork(
        "note",
        "tide",
        "Steering group.",
        "--kind",
        "meeting",
        "--at",
        "2026-11-19 14:30",
        "--with",
        "rhys",
        "-w",
        "Keisha Osei",
        "--db",
        str(demo),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Saved a meeting note for Tidewell Freight (2026-11-19 14:30).\n"
    note = db.newest_note()
    assert (note["kind"], note["occurred_at"]) == ("meeting", "2026-11-19 14:30:00.000000")
    assert db.attendees(note["id"]) == ["Keisha Osei", "Rhys Calloway"]


@pytest.mark.parametrize(
    ("at", "stored", "shown"),
    [
        ("2026-11-18", "2026-11-18 09:00:00.000000", "2026-11-18 09:00"),
        ("07:45", f"{DAY} 07:45:00.000000", f"{DAY} 07:45"),
    ],
)
def test_note_at_a_date_or_a_time_today(demo: Path, at: str, stored: str, shown: str) -> None:
    result = relwork("note", "solv", "Quick call.", "-k", "email", "--at", at, "--db", str(demo))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Saved an email note for Solvane Energy ({shown}).\n"
    note = Db(demo).newest_note()
    assert (note["kind"], note["occurred_at"]) == ("email", stored)


def test_a_person_met_restarts_their_cadence_on_today(demo: Path) -> None:
    def people_due() -> set[str]:
        result = relwork("today", "--json", "--db", str(demo))
        assert result.returncode == 0, result.stderr
        return {i["title"] for i in json.loads(result.stdout) if i["kind"] == "person"}

    assert "Fiona Achterberg" in people_due()
    result = relwork("note", "alder", "Caught up with Fiona.", "--with", "fiona", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    assert "Fiona Achterberg" not in people_due()


def test_fuzzy_name_that_fits_well_is_taken(demo: Path) -> None:
    result = relwork("note", "tidwel", "Fuzzy but clear.", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    assert "Tidewell Freight" in result.stdout
    assert Db(demo).newest_note()["summary"] == "Fuzzy but clear."


@pytest.fixture
def two_acmes(store: Store) -> Path:
    from relwork.services.clients import create_client, parse_client

    with store.session() as session:
        for name in ("Acme Hosting", "Acme Logistics"):
            create_client(session=session, data=parse_client({"name": name}))
    store.close()
    return store.path


def test_ambiguous_client_lists_both_and_saves_nothing(two_acmes: Path) -> None:
    db = Db(two_acmes)
    result = relwork("note", "acme", "Which one?", "--db", str(two_acmes))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "Acme Hosting" in line and "Acme Logistics" in line
    assert "nothing was saved" in line
    assert result.stdout == ""
    assert db.count("interaction") == 0
    # more of the name picks one
    chosen = relwork("note", "acme log", "This one.", "--db", str(two_acmes))
    assert chosen.returncode == 0, chosen.stderr
    assert "Acme Logistics" in chosen.stdout
    assert db.count("interaction") == 1


def test_ambiguous_client_with_stdin_reads_nothing_and_saves_nothing(two_acmes: Path) -> None:
    result = relwork("note", "acme", "--db", str(two_acmes), stdin="piped text\n")
    assert result.returncode == 1
    assert "Acme Hosting" in one_line_error(result)
    assert Db(two_acmes).count("interaction") == 0


def test_unknown_client_exits_1_and_saves_nothing(demo: Path) -> None:
    db = Db(demo)
    before = db.snapshot()
    result = relwork("note", "zzqx", "Hello.", "--db", str(demo))
    assert result.returncode == 1
    assert one_line_error(result) == "relwork: No client matches 'zzqx'. Nothing was saved."
    assert result.stdout == ""
    assert db.snapshot() == before


def test_scattered_letters_are_only_suggested(demo: Path) -> None:
    db = Db(demo)
    before = db.snapshot()
    result = relwork("note", "acme", "Hello.", "--db", str(demo))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "Did you mean" in line
    assert "Fenmarsh Community Health Trust" in line
    assert "nothing was saved" in line
    assert db.snapshot() == before


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--at", "yesterday"], None, "'yesterday' is not a time"),
        (["--at", "2026-02-30"], None, "'2026-02-30' is not a time"),
        (["--with", "nobody-here"], None, "No contact of this client matches 'nobody-here'"),
        ([], "", "The note is empty"),
        ([], "  \n\t\n", "The note is empty"),
        ([], "- [ ] send it due:someday\n", "Fix the action items first: line 1: 'someday'"),
    ],
)
def test_refused_notes_save_nothing(
    demo: Path, args: list[str], stdin: str | None, message: str
) -> None:
    db = Db(demo)
    before = db.snapshot()
    text = [] if stdin is not None else ["Some text."]
    result = relwork("note", "linnmouth", *text, *args, "--db", str(demo), stdin=stdin)
    assert result.returncode == 1
    assert message in one_line_error(result)
    assert result.stdout == ""
    assert db.snapshot() == before


def test_two_people_fitting_the_name_are_listed_and_nothing_saved(demo: Path) -> None:
    db = Db(demo)
    before = db.snapshot()
    result = relwork("note", "pember", "Hello.", "--with", "b", "--db", str(demo))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "'b' matches several" in line
    assert "Bridget Cole" in line and "Lucas Brandt" in line
    assert db.snapshot() == before


def test_unknown_kind_is_refused_by_the_parser(demo: Path) -> None:
    db = Db(demo)
    before = db.snapshot()
    result = relwork("note", "tide", "x", "--kind", "lunch", "--db", str(demo))
    assert result.returncode == 2
    assert "invalid choice: 'lunch'" in one_line_error(result)
    assert db.snapshot() == before


def test_note_text_is_stored_literally_but_without_control_characters(demo: Path) -> None:
    result = relwork("note", "tide", "--db", str(demo), stdin="[bold]x[/bold] \x1b[2J\x07 ok\r\n")
    assert result.returncode == 0, result.stderr
    assert Db(demo).newest_note()["summary"] == "[bold]x[/bold] [2J ok"


# --- relwork today -----------------------------------------------------------------------------------


def test_today_table_lists_the_demos_overdue_work(demo: Path) -> None:
    result = relwork("today", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    for heading in ("Client", "What", "When"):
        assert heading in out.splitlines()[0]
    for expected in (
        "Fenmarsh Community Health Trust",
        "Propose two experience measures (ward log-in time, repeat contacts) to sit beside the SLA",
        "Rebook the quarterly review with Helen and invite Aisha",
        "Ravensholt Precision Castings",
        "Send draft data-processing addendum for the telematics data to Keisha",
        "Fiona Achterberg",
        "Client review",
    ):
        assert expected in out, expected
    for left_out in (
        "Survey Wi-Fi at bays 14-19",  # done
        "Draft a rough cost comparison",  # no due date
        "Plan a Wi-Fi capacity survey",  # due in 20 days
        "Owen Pryce",  # no cadence
    ):
        assert left_out not in out
    # each client is named once, on its first row, A to Z
    clients = [
        line.split("  ")[0] for line in out.splitlines()[1:] if line and not line[0].isspace()
    ]
    assert clients == sorted(clients, key=str.casefold)
    assert len(clients) == len(set(clients))


def test_today_json(demo: Path) -> None:
    result = relwork("today", "--json", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert isinstance(items, list) and items
    for item in items:
        assert set(item) >= TODAY_KEYS
        assert item["kind"] in {"action", "person", "review"}
        assert isinstance(item["client_id"], int) and isinstance(item["id"], int)
        assert isinstance(item["overdue"], bool)
        assert item["overdue"] == (item["due"] < DAY)
        assert item["due"] < "2026-11-27"  # nothing beyond the coming week
    found = {(i["client"], i["kind"], i["title"]) for i in items if i["overdue"]}
    assert ("Fenmarsh Community Health Trust", "review", "Client review") in found
    assert ("Ravensholt Precision Castings", "review", "Client review") in found
    assert (
        "Tidewell Freight",
        "action",
        "Send draft data-processing addendum for the telematics data to Keisha",
    ) in found
    assert ("Aldermoor County Council", "person", "Fiona Achterberg") in found
    fenmarsh = next(
        i for i in items if i["client"].startswith("Fenmarsh") and i["kind"] == "review"
    )
    assert fenmarsh["due"] == "2026-11-08"  # 12 days overdue
    assert fenmarsh["id"] == fenmarsh["client_id"]
    # grouped per client, A to Z
    names = [i["client"] for i in items]
    assert names == sorted(names, key=str.casefold)


def test_today_on_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    result = relwork("today", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Nothing needs attention today.\n"
    assert json.loads(relwork("today", "--json", "--db", str(path)).stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{db}", "today", "--json"],
        ["today", "--db", "{db}", "--json"],
        ["today", "--json", "--db", "{db}"],
    ],
    ids=["before", "after", "last"],
)
def test_db_before_or_after_the_subcommand(demo: Path, args: list[str]) -> None:
    result = relwork(*(a.replace("{db}", str(demo)) for a in args))
    assert result.returncode == 0, result.stderr
    assert any(i["client"] == "Tidewell Freight" for i in json.loads(result.stdout))


def test_db_after_the_subcommand_wins_over_relwork_db(demo: Path, tmp_path: Path) -> None:
    decoy = tmp_path / "decoy.db"
    result = relwork("log", "tide", "--json", "--db", str(demo), env=_env(RELWORK_DB=str(decoy)))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
    assert not decoy.exists()


def test_relwork_db_is_used_without_db(demo: Path) -> None:
    result = relwork("note", "tide", "From the environment.", env=_env(RELWORK_DB=str(demo)))
    assert result.returncode == 0, result.stderr
    assert Db(demo).newest_note()["summary"] == "From the environment."


# --- relwork log -----------------------------------------------------------------------------------


def test_log_table(demo: Path) -> None:
    result = relwork("log", "tide", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Tidewell Freight"
    for heading in ("When", "Kind", "Entry", "People"):
        assert heading in lines[1]
    body = "\n".join(lines[2:])
    assert lines[2].startswith("2026-11-17 10:00")  # the newest: the weekly ops call
    assert "Weekly ops call with Rhys." in lines[2]
    assert "Rhys Calloway" in lines[2]
    assert "Route-optimisation pilot co-design workshop at head office." in body
    assert "Survey Wi-Fi at bays 14-19 and quote two extra access points" in body  # done
    assert "Moved from Onboard to Co-create" in body
    assert lines[-1].startswith("2023-08-08 10:00") and "Started at Explore" in lines[-1]
    # only the first line of each note
    assert "212 tickets last month" not in body


def test_log_json(demo: Path) -> None:
    result = relwork("log", "tide", "--json", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert entries
    for entry in entries:
        assert set(entry) >= LOG_KEYS
    whens = [e["when"] for e in entries]
    assert whens == sorted(whens, reverse=True)
    first = entries[0]
    assert first["kind"] == "call"
    assert first["title"] == "Weekly ops call with Rhys."
    assert first["text"].startswith("Weekly ops call with Rhys.\n212 tickets last month")
    assert first["people"] == ["Rhys Calloway"]
    assert first["author"] == "Sam Okafor"
    assert first["when"] == "2026-11-17T10:00:00+00:00"
    assert {e["kind"] for e in entries} >= {
        "call",
        "workshop",
        "visit",
        "review",
        "email",
        "step",
        "action",
    }


def test_a_saved_note_shows_first_in_the_log(demo: Path) -> None:
    saved = relwork(
        "note",
        "tide",
        "--with",
        "ines",
        "-k",
        "visit",
        "--db",
        str(demo),
        stdin="Bay 14 survey done.\n- [ ] quote two access points @Ines due:+3d\n",
    )
    assert saved.returncode == 0, saved.stderr
    entries = json.loads(relwork("log", "tide", "--json", "--db", str(demo)).stdout)
    first = entries[0]
    assert (first["kind"], first["title"], first["people"]) == (
        "visit",
        "Bay 14 survey done.",
        ["Ines Vermeulen"],
    )
    assert first["when"] == f"{DAY}T09:00:00+00:00"


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["review"], {"review"}),
        (["call", "email"], {"call", "email"}),
        (["step"], {"step"}),
        (["action"], {"action"}),
    ],
)
def test_log_kind_filter(demo: Path, kinds: list[str], expected: set[str]) -> None:
    args = [part for kind in kinds for part in ("--kind", kind)]
    result = relwork("log", "tide", *args, "--json", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert entries
    assert {e["kind"] for e in entries} == expected


def test_log_kind_with_a_limit_finds_older_entries(demo: Path) -> None:
    """The newest Tidewell entries are calls and a workshop; the review is 75 days old."""
    result = relwork("log", "tide", "-k", "review", "-n", "1", "--json", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert (entry["kind"], entry["title"]) == ("review", "Quarterly service review.")


def test_log_unknown_kind(demo: Path) -> None:
    result = relwork("log", "tide", "--kind", "lunch", "--db", str(demo))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "Unknown kind lunch" in line
    assert "review" in line and "step" in line


def test_log_with_a_person(demo: Path) -> None:
    result = relwork("log", "tide", "--with", "ines", "--json", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [e["title"] for e in entries] == [
        "Route-optimisation pilot co-design workshop at head office.",
        "Site visit to the cross-dock with Ines.",
    ]
    assert all("Ines Vermeulen" in e["people"] for e in entries)


def test_log_with_an_unknown_person(demo: Path) -> None:
    result = relwork("log", "tide", "--with", "zzqx", "--db", str(demo))
    assert result.returncode == 1
    assert "No contact of this client matches 'zzqx'" in one_line_error(result)


@pytest.mark.parametrize("limit", ["1", "3"])
def test_log_limit(demo: Path, limit: str) -> None:
    everything = json.loads(relwork("log", "tide", "--json", "--db", str(demo)).stdout)
    result = relwork("log", "tide", "--limit", limit, "--json", "--db", str(demo))
    assert json.loads(result.stdout) == everything[: int(limit)]


def test_log_of_an_archived_client(demo: Path) -> None:
    conn = sqlite3.connect(demo)
    conn.execute(
        "UPDATE account SET archived_at = '2026-11-19 10:00:00.000000' WHERE id = "
        "(SELECT a.id FROM account a JOIN organization o ON o.id = a.organization_id "
        "WHERE o.name = 'Solvane Energy')"
    )
    conn.commit()
    conn.close()
    result = relwork("log", "solvane", "--json", "--db", str(demo))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
    # but no new notes for it
    refused = relwork("note", "solvane", "x", "--db", str(demo))
    assert refused.returncode == 1
    one_line_error(refused)


def test_log_unknown_client(demo: Path) -> None:
    result = relwork("log", "zzqx", "--db", str(demo))
    assert result.returncode == 1
    assert "No client matches 'zzqx'" in one_line_error(result)


# --- staying light --------------------------------------------------------------------------------


HEAVY = ("textual", "sqlalchemy", "sqlmodel", "pydantic", "alembic")


def _imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    """Top-level modules named in the -X importtime report on stderr."""
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    "args",
    [
        ["note", "tide", "Light and quick."],
        ["today", "--json"],
        ["today"],
        ["log", "tide", "--json"],
        ["log", "tide"],
    ],
    ids=["note", "today-json", "today", "log-json", "log"],
)
def test_quick_commands_do_not_load_the_app_or_the_orm(demo: Path, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "relwork", *args, "--db", str(demo)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = _imported(result)
    assert "relwork" in imported  # the report is there and readable
    assert not imported & set(HEAVY), imported & set(HEAVY)


def test_the_quick_modules_import_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "import relwork.cli, relwork.shell, relwork.services.today, "
        "relwork.services.timeline, relwork.services.quicknote, relwork.drafts\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
