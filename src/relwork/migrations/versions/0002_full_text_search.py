"""full-text search: FTS5 indexes over clients, contacts and notes, kept in step by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Layout: one external-content FTS5 index per source table, each keyed by that table's
``id`` (its rowid is the record id):

* ``organization_fts`` over ``organization(name, industry, notes)``
* ``account_fts`` over ``account(notes, customer_assets_note)`` -- the client form writes
  a client's notes to the account, not the organization, so without this index the notes
  a user types about a client could not be found
* ``contact_fts`` over ``contact(name, title, email, notes)``
* ``interaction_fts`` over ``interaction(summary)`` (the note text)

Why separate indexes rather than one combined index:

* External content means the text is stored once, in the real tables; the indexes hold
  only tokens. With 200,000 notes, a combined index would have to be either a copy of all
  that text or contentless, and a contentless index cannot produce snippets.
* Each index has a single source table, so every trigger reads only ``old``/``new`` of its
  own row and touches only its own index. Nothing here refers to a second base table,
  so a later migration that rebuilds a table in Alembic's batch mode cannot break
  another table's triggers (SQLite refuses ``ALTER TABLE ... RENAME`` while any view or
  trigger in the schema names a missing table).
* bm25 statistics stay per kind: the thousands of notes do not dilute the weight of a word
  in the few hundred client names, and each index can weigh its own columns.

The search service merges the per-index results; its module docstring gives the rule.

Tokenizer: ``unicode61 remove_diacritics 2`` folds case for all scripts and removes Latin
diacritics, so "zoe" finds "Zoë" and "arzte" finds "Ärzte". ``prefix='1 2 3'`` keeps
extra index entries for one- to three-character prefixes, which are what a search-as-you-type
box asks for first. Without them a one- or two-letter prefix merges the lists of thousands
of words (hundreds of milliseconds on 200,000 notes); with them it reads one list. The
price is index size: on 200,000 generated notes the notes index is about 120 MB instead of
about 40 MB, next to 100 MB of note text.

Triggers fire AFTER INSERT, AFTER DELETE, and AFTER UPDATE of the indexed columns (and
``id``), so updates that touch only other columns (dates, status, step) do not rewrite
the index. Things to know when changing these tables later:

* A batch-mode migration that recreates ``organization``, ``account``, ``contact`` or
  ``interaction`` (copy, drop, rename) drops that table's triggers along with the old
  table. Such a migration must create the triggers again (the statements that
  ``_statements()`` below produces) and should
  finish with a ``'rebuild'`` of the index.
* ``INSERT OR REPLACE`` deletes the replaced row without firing DELETE triggers (unless
  ``PRAGMA recursive_triggers`` is on), which would leave a stale index entry. relwork
  never writes that way; keep it so.

Other databases: everything here is SQLite-only; on any other dialect the revision does
nothing (full-text search there is a separate piece of work).
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TOKENIZE = "unicode61 remove_diacritics 2"
PREFIX = "1 2 3"

# source table -> indexed columns
INDEXED: dict[str, tuple[str, ...]] = {
    "organization": ("name", "industry", "notes"),
    "account": ("notes", "customer_assets_note"),
    "contact": ("name", "title", "email", "notes"),
    "interaction": ("summary",),
}


def _statements(table: str, columns: tuple[str, ...]) -> list[str]:
    index = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZE}', prefix='{PREFIX}')",
        f"CREATE TRIGGER {index}_after_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_after_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_after_update AFTER UPDATE OF id, {names} ON {table} "
        f"BEGIN {remove} {add} END",
        # index the rows already there, so an upgraded database is searchable at once
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def _is_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def upgrade() -> None:
    if not _is_sqlite():
        return
    for table, columns in INDEXED.items():
        for statement in _statements(table, columns):
            op.execute(statement)


def downgrade() -> None:
    if not _is_sqlite():
        return
    for table in INDEXED:
        index = f"{table}_fts"
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_after_{event}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
