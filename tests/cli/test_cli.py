"""The ``relwork`` command line, run as a real process.

Only the paths that end before the full-screen app starts are run here.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from relwork import __version__, cli
from relwork.db import head_revision, open_store


def relwork(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relwork", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env if env is not None else os.environ.copy(),
        stdin=subprocess.DEVNULL,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single line on stderr; fails on tracebacks, usage dumps or silence."""
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("relwork: ")
    return lines[0]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version() -> None:
    result = relwork("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"relwork {__version__}"
    assert result.stderr == ""


def test_help_names_every_option_and_the_database_order() -> None:
    result = relwork("--help")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith("usage: relwork")
    for word in ("--db PATH", "--demo", "--version", "demo", "RELWORK_DB"):
        assert word in result.stdout


def test_demo_help() -> None:
    result = relwork("demo", "--help")
    assert result.returncode == 0
    assert "PATH" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["open", "x.db"], "invalid choice: 'open'"),
        (["--db"], "argument --db: expected one argument"),
        (["demo"], "the following arguments are required: PATH"),
        (["demo", "a.db", "b.db"], "unrecognized arguments: b.db"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(args: list[str], expected: str) -> None:
    result = relwork(*args)
    assert result.returncode == 2
    line = one_line_error(result)
    assert expected in line
    assert line.endswith("(see relwork --help)")
    assert result.stdout == ""


def test_demo_writes_a_private_database_with_eight_clients(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "demo.db"
    result = relwork("demo", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == f"Wrote the demo portfolio (8 clients) to {path}"
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        assert not companion.exists() or _mode(companion) == 0o600
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone() == (8,)
        assert conn.execute("SELECT COUNT(*) FROM organization").fetchone() == (8,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    finally:
        conn.close()


def test_demo_writes_private_files_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    previous = os.umask(0o000)
    try:
        result = relwork("demo", str(path))
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stderr
    assert _mode(path) == 0o600


def test_demo_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    path.write_text("precious", encoding="utf-8")
    result = relwork("demo", str(path))
    assert result.returncode == 1
    line = one_line_error(result)
    assert str(path) in line and "already exists" in line
    assert path.read_text(encoding="utf-8") == "precious"


def test_demo_refuses_an_existing_database(store) -> None:  # type: ignore[no-untyped-def]
    store.close()
    before = _digest(store.path)
    result = relwork("demo", str(store.path))
    assert result.returncode == 1
    assert "already exists" in one_line_error(result)
    assert _digest(store.path) == before


def test_demo_into_an_unusable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    result = relwork("demo", str(blocker / "demo.db"))
    assert result.returncode == 1
    assert f"Cannot use {blocker / 'demo.db'}" in one_line_error(result)


def test_db_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    result = relwork("--db", str(tmp_path))
    assert result.returncode == 1
    assert one_line_error(result) == (
        f"relwork: {tmp_path} is a folder; give the path of a database file."
    )


def test_relwork_db_is_honoured(tmp_path: Path) -> None:
    folder = tmp_path / "as-env"
    folder.mkdir()
    env = os.environ.copy() | {"RELWORK_DB": str(folder)}
    result = relwork(env=env)
    assert result.returncode == 1
    assert (
        one_line_error(result)
        == f"relwork: {folder} is a folder; give the path of a database file."
    )


def test_db_flag_wins_over_relwork_db(tmp_path: Path) -> None:
    flag, env_folder = tmp_path / "flag", tmp_path / "env"
    flag.mkdir()
    env_folder.mkdir()
    env = os.environ.copy() | {"RELWORK_DB": str(env_folder)}
    result = relwork("--db", str(flag), env=env)
    assert result.returncode == 1
    line = one_line_error(result)
    assert str(flag) in line
    assert str(env_folder) not in line


def test_database_from_the_settings_file_is_honoured(tmp_path: Path) -> None:
    folder = tmp_path / "from-settings"
    folder.mkdir()
    settings = tmp_path / "settings.toml"
    settings.write_text(f'database = "{folder}"\n', encoding="utf-8")
    env = os.environ.copy() | {"RELWORK_CONFIG": str(settings)}
    result = relwork(env=env)
    assert result.returncode == 1
    assert str(folder) in one_line_error(result)


UNUSABLE = {
    "name-too-long": "x" * 300 + ".db",
    "unknown-user": "~no_such_user_relwork/work.db",
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
@pytest.mark.parametrize("command", [["--db"], ["demo"]], ids=["open", "demo"])
def test_unusable_paths_get_one_line(tmp_path: Path, kind: str, command: list[str]) -> None:
    name = UNUSABLE[kind]
    target = name if name.startswith("~") else str(tmp_path / name)
    result = relwork(*command, target)
    assert result.returncode == 1
    line = one_line_error(result)
    assert "Cannot use" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "report.db"
    path.write_bytes(b"%PDF-1.7 not sqlite" * 100)
    path.chmod(0o600)
    before = _digest(path)
    result = relwork("--db", str(path))
    assert result.returncode == 1
    assert (
        one_line_error(result) == f"relwork: {path} is not a SQLite database; choose another file."
    )
    assert _digest(path) == before


def test_newer_schema_is_refused_and_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = _digest(path)
    result = relwork("--db", str(path))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "newer relwork" in line
    assert "9999" in line and head_revision() in line
    assert _digest(path) == before
    assert not (tmp_path / "backups").exists()


# -- the paths that start the app, with the app itself replaced ---------------------------


@pytest.fixture
def app_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, object]]]:
    """Replace the full-screen app with a recorder; keep the test process's umask."""
    calls: list[dict[str, object]] = []

    def fake_run_app(store, *, demo: bool) -> int:  # type: ignore[no-untyped-def]
        calls.append(
            {
                "path": store.path,
                "demo": demo,
                "clients": store.read("SELECT COUNT(*) AS n FROM account")[0]["n"],
                "mode": _mode(store.path),
            }
        )
        store.close()
        return 0

    monkeypatch.setattr(cli, "_run_app", fake_run_app)
    previous = os.umask(0o022)
    try:
        yield calls
    finally:
        os.umask(previous)


def test_db_flag_opens_that_database_in_the_app(tmp_path: Path, app_runs: list) -> None:
    path = tmp_path / "work.db"
    assert cli.main(["--db", str(path)]) == 0
    assert app_runs == [{"path": path, "demo": False, "clients": 0, "mode": 0o600}]


def test_db_flag_expands_the_home_folder(app_runs: list) -> None:
    assert cli.main(["--db", "~/work/relwork.db"]) == 0
    assert app_runs[0]["path"] == Path(os.environ["HOME"]) / "work" / "relwork.db"


def test_default_database_lives_in_a_private_user_data_folder(app_runs: list) -> None:
    assert cli.main([]) == 0
    expected = Path(os.environ["XDG_DATA_HOME"]) / "relwork" / "relwork.db"
    assert app_runs[0]["path"] == expected
    assert _mode(expected.parent) == 0o700


def test_demo_flag_opens_a_throw_away_copy(app_runs: list) -> None:
    assert cli.main(["--demo"]) == 0
    (call,) = app_runs
    assert call["demo"] is True
    assert call["clients"] == 8
    assert call["mode"] == 0o600
    demo_path = call["path"]
    assert isinstance(demo_path, Path)
    assert not demo_path.parent.exists()  # the scratch folder is removed afterwards


def test_interrupt_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_runs: list
) -> None:
    def interrupted(store, *, demo: bool) -> int:  # type: ignore[no-untyped-def]
        store.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run_app", interrupted)
    assert cli.main(["--db", str(tmp_path / "x.db")]) == 130


# -- the cycle collector is held back while relwork starts -------------------------------


def test_the_app_starts_with_the_collector_off_and_it_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_runs: list
) -> None:
    seen: list[bool] = []

    def app(store, *, demo: bool) -> int:  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        store.close()
        return 0

    monkeypatch.setattr(cli, "_run_app", app)
    assert gc.isenabled()
    assert cli.main(["--db", str(tmp_path / "x.db")]) == 0
    assert seen == [False]  # the app turns it on after its first frame
    assert gc.isenabled()  # and the command line leaves it as it found it


def test_the_demo_is_filled_with_the_collector_on(
    monkeypatch: pytest.MonkeyPatch, app_runs: list
) -> None:
    seen: list[tuple[str, bool]] = []
    fill = cli._fill_demo

    def filled(store):  # type: ignore[no-untyped-def]
        seen.append(("fill", gc.isenabled()))
        return fill(store)

    def app(store, *, demo: bool) -> int:  # type: ignore[no-untyped-def]
        seen.append(("app", gc.isenabled()))
        store.close()
        return 0

    monkeypatch.setattr(cli, "_fill_demo", filled)
    monkeypatch.setattr(cli, "_run_app", app)
    assert cli.main(["--demo"]) == 0
    assert seen == [("fill", True), ("app", False)]


@pytest.mark.parametrize(
    ("command", "collecting"),
    [(["today"], False), (["log", "x"], False), (["review", "x"], True)],
)
def test_quick_shell_commands_run_without_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], collecting: bool
) -> None:
    import relwork.review_cli
    import relwork.shell

    seen: list[bool] = []

    def run(args, store) -> int:  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(relwork.shell, "run", run)
    monkeypatch.setattr(relwork.review_cli, "run", run)
    assert cli.main(["--db", str(tmp_path / "x.db"), *command]) == 0
    assert seen == [collecting]
    assert gc.isenabled()
