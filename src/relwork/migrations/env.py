"""Alembic environment: relwork runs migrations itself, on a connection it passes in."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import relwork.models  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # batch mode lets SQLite alter tables by copy-and-move; PostgreSQL ignores it
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
