"""Migrations keep every row; an upgrade is preceded by a private backup.

Rows are written with plain sqlite3 against the first schema (0001), which never
changes, then carried forward through every later revision shipped. A scratch copy of
the migrations with an extra revision exercises the upgrade path of ``open_store``
(backup, notice, migrate) even while relwork ships a single revision.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import relwork.db
from relwork import clock
from relwork.db import StoreError, backup, head_revision, known_revisions, migrate, open_store
from relwork.enums import JourneyStep
from relwork.services.clients import get_client, list_clients
from relwork.services.contacts import list_contacts
from relwork.services.journey import step_history
from relwork.services.notes import attendee_ids, open_actions, recent_notes
from relwork.services.portfolio import portfolio_rows

TS = "2026-11-20 09:30:00.000000"

# One or more rows for every table of schema 0001, in foreign-key order, with the values
# SQLAlchemy itself would have written (dates as ISO text, JSON as text).
FIRST_SCHEMA_ROWS: dict[str, list[dict[str, Any]]] = {
    "organization": [
        {
            "id": 1,
            "name": "Ärzte Verbund",
            "kind": "client",
            "industry": "Healthcare",
            "is_internal": 0,
            "notes": "[bold]kept[/bold]",
            "created_at": TS,
            "updated_at": TS,
        },
        {
            "id": 2,
            "name": "Old Client",
            "kind": "client",
            "industry": "",
            "is_internal": 0,
            "notes": "",
            "created_at": TS,
            "updated_at": TS,
        },
    ],
    "account": [
        {
            "id": 1,
            "organization_id": 1,
            "rm_owner": "Sam",
            "status": "active",
            "current_step": "agree",
            "current_type": "cooperative",
            "target_type": "partnership",
            "service_tier": "Gold",
            "start_date": "2024-05-20",
            "end_date": None,
            "review_cadence_days": 90,
            "next_review_due": "2026-11-10",
            "customer_assets_note": "Their EPR",
            "notes": "multi\nline",
            "archived_at": None,
            "created_at": TS,
            "updated_at": TS,
        },
        {
            "id": 2,
            "organization_id": 2,
            "rm_owner": "",
            "status": "former",
            "current_step": "realize",
            "current_type": "basic",
            "target_type": None,
            "service_tier": "",
            "start_date": None,
            "end_date": "2025-12-31",
            "review_cadence_days": None,
            "next_review_due": None,
            "customer_assets_note": "",
            "notes": "",
            "archived_at": TS,
            "created_at": TS,
            "updated_at": TS,
        },
    ],
    "contact": [
        {
            "id": 1,
            "organization_id": 1,
            "name": "Jürgen Groß",
            "title": "CIO",
            "email": "j@aerzte.example",
            "phone": "+49 30 123456",
            "consumer_roles": '["customer", "sponsor"]',
            "preferred_channel": "email",
            "language": "de",
            "timezone": "Europe/Berlin",
            "is_super_user": 1,
            "notes": "",
            "created_at": TS,
            "updated_at": TS,
        },
        {
            "id": 2,
            "organization_id": 1,
            "name": "Ann",
            "title": "",
            "email": "",
            "phone": "",
            "consumer_roles": "[]",
            "preferred_channel": None,
            "language": "",
            "timezone": "",
            "is_super_user": 0,
            "notes": "",
            "created_at": TS,
            "updated_at": TS,
        },
    ],
    "interaction": [
        {
            "id": 1,
            "account_id": 1,
            "occurred_at": "2026-11-18 14:30:00.000000",
            "kind": "workshop",
            "summary": 'subject = "[bold]P1[/]"',
            "attendees": "[1, 2]",
            "author": "Sam",
            "created_at": TS,
            "updated_at": TS,
        },
    ],
    "journey_step_change": [
        {
            "id": 1,
            "account_id": 1,
            "from_step": None,
            "to_step": "explore",
            "changed_at": "2024-01-01 10:00:00.000000",
            "author": "Sam",
            "note": "Client created",
            "created_at": TS,
        },
        {
            "id": 2,
            "account_id": 1,
            "from_step": "explore",
            "to_step": "agree",
            "changed_at": "2024-03-01 10:00:00.000000",
            "author": "Sam",
            "note": "",
            "created_at": TS,
        },
    ],
    "stakeholder": [
        {
            "id": 1,
            "account_id": 1,
            "contact_id": 1,
            "group_name": "",
            "category": "manager",
            "side": "consumer",
            "consumer_roles": '["customer"]',
            "influence": 4,
            "interest": 5,
            "attitude": "champion",
            "engagement_strategy": "Weekly",
            "comm_frequency_days": 7,
            "owner": "Sam",
            "last_reviewed": "2026-10-01",
            "notes": "",
            "created_at": TS,
            "updated_at": TS,
        },
        {
            "id": 2,
            "account_id": 1,
            "contact_id": None,
            "group_name": "Ward staff",
            "category": "user",
            "side": "consumer",
            "consumer_roles": "[]",
            "influence": None,
            "interest": None,
            "attitude": "sceptic",
            "engagement_strategy": "",
            "comm_frequency_days": None,
            "owner": "",
            "last_reviewed": None,
            "notes": "",
            "created_at": TS,
            "updated_at": TS,
        },
    ],
    "action_item": [
        {
            "id": 1,
            "account_id": 1,
            "interaction_id": 1,
            "text": "Send the DPA",
            "owner": "Sam",
            "due_date": "2026-11-15",
            "done_at": None,
            "created_at": TS,
            "updated_at": TS,
        },
        {
            "id": 2,
            "account_id": 1,
            "interaction_id": None,
            "text": "Done one",
            "owner": "",
            "due_date": None,
            "done_at": TS,
            "created_at": TS,
            "updated_at": TS,
        },
    ],
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
        return {r[0] for r in rows} - {"alembic_version"}
    finally:
        conn.close()


def _insert_rows(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        for table, rows in FIRST_SCHEMA_ROWS.items():
            for row in rows:
                names = ", ".join(row)
                marks = ", ".join(f":{k}" for k in row)
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)
        conn.commit()
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def _assert_rows_kept(path: Path) -> None:
    """Every row written at 0001 is there with its values (columns added later aside)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        for table, rows in FIRST_SCHEMA_ROWS.items():
            stored = {r["id"]: dict(r) for r in conn.execute(f"SELECT * FROM {table}")}
            assert sorted(stored) == [row["id"] for row in rows], table
            for row in rows:
                found = stored[row["id"]]
                for column, value in row.items():
                    if column in found:
                        assert found[column] == value, (table, row["id"], column)
    finally:
        conn.close()


def _first_schema_file(folder: Path) -> Path:
    path = folder / "relwork.db"
    migrate(path, "0001")
    path.chmod(0o600)
    assert _revision(path) == "0001"
    assert _tables(path) == set(FIRST_SCHEMA_ROWS), "the first schema is frozen"
    _insert_rows(path)
    return path


def test_every_shipped_migration_keeps_every_row(tmp_path: Path) -> None:
    path = _first_schema_file(tmp_path)
    for revision in known_revisions()[1:]:
        migrate(path, revision)
        assert _revision(path) == revision
        _assert_rows_kept(path)
    assert _revision(path) == head_revision()
    _assert_rows_kept(path)


def test_opening_a_first_schema_database_keeps_every_row(tmp_path: Path) -> None:
    path = _first_schema_file(tmp_path)
    store = open_store(path)
    try:
        assert _revision(path) == head_revision()
        _assert_rows_kept(path)
        if head_revision() == "0001":
            assert store.notices == []
            assert not (tmp_path / "backups").exists()  # nothing to upgrade: no backup
        else:
            assert any("upgraded from schema 0001" in n for n in store.notices)
            backups = list((tmp_path / "backups").iterdir())
            assert len(backups) == 1
            assert _mode(backups[0]) == 0o600
            assert _revision(backups[0]) == "0001"
            _assert_rows_kept(backups[0])
        # the rows read back through the services as the values they were written with
        with store.session() as session:
            assert [c.name for c in list_clients(session=session)] == ["Ärzte Verbund"]
            assert len(list_clients(session=session, include_archived=True)) == 2
            client = get_client(session=session, client_id=1)
            assert client.account.next_review_due == date(2026, 11, 10)
            assert client.account.created_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
            contacts = list_contacts(session=session, client_id=1)
            assert [(c.name, c.consumer_roles) for c in contacts] == [
                ("Ann", []),
                ("Jürgen Groß", ["customer", "sponsor"]),
            ]
            notes = recent_notes(session=session, client_id=1)
            assert [attendee_ids(session=session, note_id=n.id) for n in notes] == [[1, 2]]
            assert [a.text for a in open_actions(session=session, client_id=1)] == ["Send the DPA"]
            history = step_history(session=session, client_id=1)
            assert [h.to_step for h in history] == [JourneyStep.AGREE, JourneyStep.EXPLORE]
        (row,) = portfolio_rows(store, today=clock.today())
        assert (row.name, row.open_actions, row.overdue_actions, row.review_overdue) == (
            "Ärzte Verbund",
            1,
            1,
            True,
        )
    finally:
        store.close()


def test_backup_is_a_private_consistent_copy(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        path = _first_schema_file(tmp_path)
        # a change still sitting in the WAL must be in the copy too
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("UPDATE organization SET industry = 'Changed' WHERE id = 2")
        conn.commit()
        try:
            copy = backup(path, "0001")
        finally:
            conn.close()
    finally:
        os.umask(previous)
    assert copy.parent == tmp_path / "backups"
    assert _mode(copy.parent) == 0o700
    assert _mode(copy) == 0o600
    assert copy.name == "relwork-20261120-093000-schema0001.db"
    assert _revision(copy) == "0001"
    check = sqlite3.connect(copy)
    try:
        assert check.execute("SELECT industry FROM organization WHERE id = 2").fetchone() == (
            "Changed",
        )
        assert check.execute("SELECT COUNT(*) FROM action_item").fetchone() == (2,)
    finally:
        check.close()


# -- the upgrade path, with a scratch revision after the shipped head ---------------------

EXTRA_REVISION = '''
"""test only: add organization.website"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organization") as batch_op:
        batch_op.add_column(
            sa.Column("website", sa.String(200), nullable=False, server_default="")
        )
    {extra}


def downgrade() -> None:
    with op.batch_alter_table("organization") as batch_op:
        batch_op.drop_column("website")
'''


def _next_id() -> str:
    return f"{int(head_revision()) + 1:04d}"


@pytest.fixture
def extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Point relwork at a copy of its migrations plus one more revision."""

    def install(extra: str = "") -> str:
        scripts = tmp_path / "migrations"
        shutil.copytree(
            relwork.db.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__")
        )
        new = _next_id()
        (scripts / "versions" / f"{new}_website.py").write_text(
            textwrap.dedent(EXTRA_REVISION).format(
                revision=new, down=head_revision(), extra=extra or "pass"
            ),
            encoding="utf-8",
        )
        monkeypatch.setattr(relwork.db, "MIGRATIONS_DIR", scripts)
        assert relwork.db.head_revision() == new
        return new

    yield install


def test_open_store_backs_up_then_upgrades_an_older_database(
    tmp_path: Path, extra_revision: Any
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    path = _first_schema_file(data)
    for revision in known_revisions()[1:]:
        migrate(path, revision)
    shipped_head = _revision(path)
    new = extra_revision()

    previous = os.umask(0o022)
    try:
        store = open_store(path)
    finally:
        os.umask(previous)
    try:
        assert _revision(path) == new
        _assert_rows_kept(path)
        backups = list((data / "backups").iterdir())
        assert len(backups) == 1
        copy = backups[0]
        assert _mode(data / "backups") == 0o700
        assert _mode(copy) == 0o600
        assert f"schema{shipped_head}" in copy.name
        assert _revision(copy) == shipped_head
        _assert_rows_kept(copy)
        assert "website" not in _columns(copy, "organization")
        assert "website" in _columns(path, "organization")
        assert store.notices == [
            f"Database upgraded from schema {shipped_head} to {new}; "
            f"a backup is in {data / 'backups'}."
        ]
    finally:
        store.close()


def test_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path, extra_revision: Any) -> None:
    path = _first_schema_file(tmp_path)
    for revision in known_revisions()[1:]:
        migrate(path, revision)
    shipped_head = _revision(path)
    extra_revision(extra='raise RuntimeError("migration bug")')
    with pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "migration bug" in message
    assert _revision(path) == shipped_head
    assert "website" not in _columns(path, "organization")
    _assert_rows_kept(path)
    assert len(list((tmp_path / "backups").iterdir())) == 1


def _columns(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()
