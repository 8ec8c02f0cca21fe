"""Opening the store: private files, SQLite settings, migrations, sessions.

Start-up stays cheap: checking the schema uses the stdlib ``sqlite3`` module and
compares the stored Alembic revision with the newest one shipped; SQLAlchemy,
SQLModel and Alembic are imported only when a session or a migration is needed.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from relwork import clock
from relwork.locations import (
    PRIVATE_FILE,
    backups_dir,
    ensure_private_dir,
    ensure_private_file,
    tighten_companions,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class SchemaTooNew(StoreError):
    """The database was written by a newer relwork."""


def known_revisions() -> list[str]:
    """Revision ids shipped with this relwork, oldest first (files are named NNNN_*.py)."""
    names = (p.name for p in (MIGRATIONS_DIR / "versions").iterdir())
    return sorted(m.group(1) for m in map(_REVISION_FILE.match, names) if m)


def head_revision() -> str:
    return known_revisions()[-1]


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the database file at ``path``.

    The path is percent-encoded: SQLAlchemy reads '?' as the start of a query string
    and decodes '%xx', so a raw path could point the engine at another file.
    """
    return f"sqlite:///{quote(str(path), safe='/')}"


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """An engine with relwork's SQLite settings: WAL, foreign keys, busy timeout,
    and write transactions that take the write lock up front (BEGIN IMMEDIATE)."""
    from sqlalchemy import create_engine, event

    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # let us issue BEGIN ourselves instead of pysqlite's deferred BEGIN
        dbapi_conn.isolation_level = None
        _apply_pragmas(dbapi_conn, foreign_keys=foreign_keys)

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _apply_pragmas(conn: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")


class Store:
    """An open relwork database: a path, its engine (made on first use) and a fast reader."""

    def __init__(self, path: Path, notices: list[str] | None = None) -> None:
        self.path = path
        self.url = sqlite_url(path)
        self.notices: list[str] = notices or []
        self._engine: Engine | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = make_engine(self.url)
            return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLModel session; services commit their own writes."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session
        tighten_companions(self.path)

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[sqlite3.Row]:
        """Run a read-only query (``:name`` parameters) on a plain sqlite3 connection.

        Used on paths where importing SQLAlchemy would cost more than the query:
        the first screen and the quick shell commands.
        """
        with self._lock:
            if self._reader is None:
                self._reader = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                )
                self._reader.row_factory = sqlite3.Row
                self._reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return self._reader.execute(sql, params or {}).fetchall()

    @contextmanager
    def writer(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on plain sqlite3, taking the write lock up front.

        For the quick paths (``relwork note``, the capture panel) that must not wait
        for the ORM to load. Commits on success, rolls back on any error.
        """
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            _apply_pragmas(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()
            tighten_companions(self.path)

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


def open_store(path: Path, *, private_parent: bool = False) -> Store:
    """Open (creating or upgrading) the database at ``path``.

    ``private_parent`` makes relwork own the folder: it is created or tightened to 0700.
    A user-chosen location keeps its folder as it is (only a missing one is created 0700).
    Raises :class:`StoreError` with a one-line, actionable message.
    """
    notices: list[str] = []
    try:
        path = path.expanduser()  # RuntimeError for ~unknown-user
        if path.is_dir():
            raise StoreError(f"{path} is a folder; give the path of a database file.")
        if private_parent or not path.parent.exists():
            notices += ensure_private_dir(path.parent)
        notices += ensure_private_file(path)
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"Cannot use {path}: {_reason(exc)}.") from None

    revision = _stored_revision(path)
    head = head_revision()
    if revision != head:
        if revision is not None and revision not in known_revisions():
            raise SchemaTooNew(
                f"{path} was written by a newer relwork (schema {revision}; this version "
                f"knows up to {head}). Upgrade relwork to open it; nothing was changed."
            )
        try:
            if revision is not None:
                notices.append(
                    f"Database upgraded from schema {revision} to {head}; "
                    f"a backup is in {backup(path, revision).parent}."
                )
            migrate(path)  # one transaction: a failure leaves the file as it was
        except Exception as exc:  # a one-line message for the user, not a traceback
            raise StoreError(
                f"Could not bring {path} to schema {head}: {_reason(exc)}. "
                "The database was left as it was."
            ) from None
    tighten_companions(path)
    return Store(path, notices)


def _reason(exc: Exception) -> str:
    """What went wrong, in one line without a trailing full stop."""
    text = getattr(exc, "strerror", None) or str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].rstrip(".")


def _stored_revision(path: Path) -> str | None:
    """The Alembic revision recorded in the file, ``None`` for a new, empty file."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise StoreError(f"{path} is not a SQLite database; choose another file.") from None
    if tables:
        raise StoreError(f"{path} holds tables that relwork did not create; choose another file.")
    return None


def backup(path: Path, revision: str) -> Path:
    """Copy the database (consistently, WAL included) to a private file in ``backups/``."""
    folder = backups_dir(path)
    ensure_private_dir(folder)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-schema{revision}.db"
    ensure_private_file(target)
    source = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    target.chmod(PRIVATE_FILE)
    return target


def migrate(path: Path, target: str = "head") -> None:
    """Bring the schema at ``path`` to ``target`` with Alembic."""
    from alembic import command
    from alembic.config import Config

    engine = make_engine(sqlite_url(path), foreign_keys=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        engine.dispose()
