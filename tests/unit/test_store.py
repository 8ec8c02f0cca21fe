"""Opening the store: private files, SQLite settings, write locking, refusals, revisions."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from relwork.db import (
    BUSY_TIMEOUT_MS,
    MIGRATIONS_DIR,
    SchemaTooNew,
    Store,
    StoreError,
    head_revision,
    known_revisions,
    open_store,
)
from relwork.enums import JourneyStep
from relwork.models import Account
from relwork.services.clients import create_client, list_clients, parse_client
from relwork.services.journey import move_to_step
from relwork.services.notes import add_note, parse_note


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _add_client(store: Store, name: str = "Acme") -> int:
    with store.session() as session:
        return create_client(session=session, data=parse_client({"name": name})).id


# -- privacy -------------------------------------------------------------------------------


def test_new_folder_and_database_are_private_under_umask_022(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        path = tmp_path / "new-folder" / "relwork.db"
        store = open_store(path)
        try:
            assert _mode(path.parent) == 0o700
            assert _mode(path) == 0o600
            assert store.notices == []
        finally:
            store.close()
    finally:
        os.umask(previous)


def test_nested_new_folders_end_private(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "a" / "b" / "relwork.db"
    open_store(path).close()
    assert _mode(path.parent) == 0o700
    assert _mode(path) == 0o600


def test_wal_and_shm_are_private_after_a_write(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "relwork.db"
    store = open_store(path)
    try:
        _add_client(store)
        wal = path.with_name("relwork.db-wal")
        shm = path.with_name("relwork.db-shm")
        assert wal.exists() and shm.exists()  # the engine keeps its connection open
        assert _mode(wal) == 0o600
        assert _mode(shm) == 0o600
    finally:
        store.close()


def test_companions_opened_up_by_someone_are_tightened_after_a_session(
    tmp_path: Path, umask_022: None
) -> None:
    path = tmp_path / "relwork.db"
    store = open_store(path)
    try:
        _add_client(store)
        wal = path.with_name("relwork.db-wal")
        wal.chmod(0o644)
        with store.session() as session:
            list_clients(session=session)
        assert _mode(wal) == 0o600
    finally:
        store.close()


def test_existing_readable_database_is_tightened_with_a_notice(
    store: Store, tmp_path: Path, umask_022: None
) -> None:
    _add_client(store)
    store.close()
    store.path.chmod(0o644)
    reopened = open_store(store.path)
    try:
        assert _mode(store.path) == 0o600
        assert len(reopened.notices) == 1
        assert "relwork.db" in reopened.notices[0]
        assert "readable by other users" in reopened.notices[0]
        assert "0600" in reopened.notices[0]
        with reopened.session() as session:
            assert [c.name for c in list_clients(session=session)] == ["Acme"]
    finally:
        reopened.close()


def test_private_database_opens_without_notices(store: Store) -> None:
    store.close()
    reopened = open_store(store.path)
    reopened.close()
    assert reopened.notices == []


def test_owned_folder_is_tightened_with_a_notice(tmp_path: Path, umask_022: None) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    store = open_store(folder / "relwork.db", private_parent=True)
    store.close()
    assert _mode(folder) == 0o700
    assert any("Folder" in n and str(folder) in n for n in store.notices)


def test_user_chosen_folder_is_left_as_it_is(tmp_path: Path, umask_022: None) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    store = open_store(folder / "relwork.db")
    store.close()
    assert _mode(folder) == 0o755
    assert _mode(folder / "relwork.db") == 0o600
    assert store.notices == []


# -- SQLite settings -----------------------------------------------------------------------


def test_session_connection_has_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    with store.session() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert timeout == BUSY_TIMEOUT_MS
        assert timeout > 0


def test_wal_is_recorded_in_the_file(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with store.session() as session:
        session.add(Account(organization_id=12345))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            session.commit()
        session.rollback()
        assert session.exec(select(Account)).all() == []


def test_session_takes_the_write_lock_up_front(store: Store) -> None:
    """BEGIN IMMEDIATE: once a session transaction starts, nobody else can start writing."""
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with store.session() as session:
            session.exec(select(Account)).all()  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            session.rollback()
        other.execute("BEGIN IMMEDIATE")  # free again once the session is done
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_two_stores_writing_at_once_never_see_a_locked_database(store: Store) -> None:
    client_ids = [_add_client(store, "First"), _add_client(store, "Second")]
    store.close()
    rounds = 40
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work(client_id: int) -> None:
        worker = open_store(store.path)
        steps = list(JourneyStep)
        try:
            start.wait(timeout=30)
            for i in range(rounds):
                with worker.session() as session:
                    # read, then write in the same transaction: the pattern that fails
                    # with a deferred BEGIN when the other writer slips in between
                    move_to_step(session=session, client_id=client_id, step=steps[i % 7])
                    data = parse_note({"occurred_at": "2026-11-19 10:00", "summary": f"n{i}"})
                    add_note(session=session, client_id=client_ids[i % 2], data=data)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            worker.close()

    threads = [threading.Thread(target=work, args=(cid,)) for cid in client_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    checker = open_store(store.path)
    try:
        assert checker.read("SELECT COUNT(*) AS n FROM interaction")[0]["n"] == 2 * rounds
    finally:
        checker.close()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from relwork.db import open_store
    from relwork.enums import JourneyStep
    from relwork.services.clients import create_client, parse_client
    from relwork.services.journey import move_to_step
    from relwork.services.notes import add_note, parse_note

    store = open_store(Path(sys.argv[1]))
    tag = sys.argv[2]
    with store.session() as session:
        client_id = create_client(session=session, data=parse_client({"name": tag})).id
    sys.stdin.readline()  # both processes start writing together
    steps = list(JourneyStep)
    for i in range(60):
        with store.session() as session:
            # a read, then a write in the same transaction
            move_to_step(session=session, client_id=client_id, step=steps[i % 7])
            data = parse_note({"occurred_at": "2026-11-19 10:00", "summary": f"{tag}{i}"})
            add_note(session=session, client_id=client_id, data=data)
    store.close()
    """
)


def test_two_processes_writing_at_once_never_see_a_locked_database(store: Store) -> None:
    store.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store.path), tag],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for tag in ("A", "B")
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=60) for proc in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert "locked" not in err
        assert proc.returncode == 0, err
    reader = open_store(store.path)
    try:
        assert reader.read("SELECT COUNT(*) AS n FROM interaction")[0]["n"] == 120
    finally:
        reader.close()


@pytest.mark.parametrize("name", ["what?x=1.db", "100%41.db", "hash#1.db", "sp ace.db", "ü.db"])
def test_odd_file_names_open_that_very_file(tmp_path: Path, umask_022: None, name: str) -> None:
    path = tmp_path / name
    store = open_store(path)
    try:
        _add_client(store)
        assert store.read("SELECT COUNT(*) AS n FROM account")[0]["n"] == 1
    finally:
        store.close()
    # everything went into that file: no stray database was created next to it
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone() == (1,)
    finally:
        conn.close()


# -- the fast reader -----------------------------------------------------------------------


def test_read_returns_rows_by_name_and_sees_new_writes(store: Store) -> None:
    assert store.read("SELECT COUNT(*) AS n FROM organization")[0]["n"] == 0
    _add_client(store, "Acme")
    rows = store.read("SELECT name FROM organization WHERE name = :name", {"name": "Acme"})
    assert [r["name"] for r in rows] == ["Acme"]


def test_close_is_safe_twice_and_the_store_reopens_on_use(store: Store) -> None:
    _add_client(store)
    store.close()
    store.close()
    assert store.read("SELECT COUNT(*) AS n FROM account")[0]["n"] == 1


# -- refusals ------------------------------------------------------------------------------


def test_file_that_is_not_a_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 200, encoding="utf-8")
    path.chmod(0o600)
    before = _digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(caught.value) == f"{path} is not a SQLite database; choose another file."
    assert _digest(path) == before


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert str(caught.value) == f"{tmp_path} is a folder; give the path of a database file."


def test_path_under_a_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_store(blocker / "relwork.db")
    message = str(caught.value)
    assert message.startswith(f"Cannot use {blocker / 'relwork.db'}: ")
    assert "\n" not in message


def test_database_with_foreign_tables_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    path.chmod(0o600)
    before = _digest(path)
    with pytest.raises(StoreError, match="holds tables that relwork did not create"):
        open_store(path)
    assert _digest(path) == before


def _stamp(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def test_newer_schema_is_refused_naming_both_revisions(store: Store) -> None:
    _add_client(store)
    store.close()
    _stamp(store.path, "9999")
    before = _digest(store.path)
    with pytest.raises(SchemaTooNew) as caught:
        open_store(store.path)
    message = str(caught.value)
    assert "9999" in message
    assert head_revision() in message
    assert "newer relwork" in message
    assert "nothing was changed" in message
    assert "\n" not in message
    assert isinstance(caught.value, StoreError)
    assert _digest(store.path) == before
    assert not (store.path.parent / "backups").exists()
    assert not store.path.with_name("relwork.db-wal").exists()


def test_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch(mode=0o600)
    store = open_store(path)
    try:
        assert store.read("SELECT version_num FROM alembic_version")[0][0] == head_revision()
        assert list_clients_count(store) == 0
    finally:
        store.close()


def list_clients_count(store: Store) -> int:
    with store.session() as session:
        return len(list_clients(session=session, include_archived=True))


def test_new_database_is_at_the_newest_revision(store: Store) -> None:
    rows = store.read("SELECT version_num FROM alembic_version")
    assert [r[0] for r in rows] == [head_revision()]


# -- revisions -----------------------------------------------------------------------------


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def test_known_revisions_agree_with_alembic() -> None:
    script = _script()
    heads = script.get_heads()
    assert heads == [head_revision()], "migrations must form one line with a single head"
    base_to_head = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert base_to_head == known_revisions()
    assert known_revisions()[0] == "0001"


def test_revision_files_are_named_after_their_revision() -> None:
    script = _script()
    for rev in script.walk_revisions():
        assert Path(rev.path).name.startswith(f"{rev.revision}_"), rev.path
