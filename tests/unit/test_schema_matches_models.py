"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import relwork.models  # noqa: F401  (registers every table)
from relwork.db import Store


def _not_full_text(name, type_, parent_names) -> bool:
    return not (type_ == "table" and "_fts" in (name or ""))


def test_migrated_database_has_no_differences_from_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": _not_full_text, "compare_type": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
