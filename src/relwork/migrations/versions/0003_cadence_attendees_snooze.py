"""stay-in-touch cadence per contact, attendees as rows, snoozing on Today

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Attendees move from a JSON list on each interaction to one row per person, so "when
did we last speak to this person" is an indexed query (the cadence logic needs it on
every Today). The JSON lists are copied row by row; ids of contacts that no longer
exist are dropped, since nothing could show them.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interaction_attendee",
        sa.Column(
            "interaction_id",
            sa.Integer(),
            sa.ForeignKey("interaction.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "contact_id",
            sa.Integer(),
            sa.ForeignKey("contact.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_interaction_attendee_contact", "interaction_attendee", ["contact_id"])

    bind = op.get_bind()
    known = {row[0] for row in bind.execute(sa.text("SELECT id FROM contact"))}
    links = []
    for note_id, attendees in bind.execute(sa.text("SELECT id, attendees FROM interaction")):
        ids = json.loads(attendees) if isinstance(attendees, str) else (attendees or [])
        links += [
            {"interaction_id": note_id, "contact_id": contact_id}
            for contact_id in dict.fromkeys(ids)
            if contact_id in known
        ]
    if links:
        bind.execute(
            sa.text(
                "INSERT INTO interaction_attendee (interaction_id, contact_id) "
                "VALUES (:interaction_id, :contact_id)"
            ),
            links,
        )
    _drop_column("interaction", "attendees")

    op.add_column("contact", sa.Column("comm_frequency_days", sa.Integer(), nullable=True))
    op.add_column("contact", sa.Column("snoozed_until", sa.Date(), nullable=True))
    op.add_column("action_item", sa.Column("snoozed_until", sa.Date(), nullable=True))
    op.create_index("ix_stakeholder_contact_id", "stakeholder", ["contact_id"])


def downgrade() -> None:
    op.drop_index("ix_stakeholder_contact_id", table_name="stakeholder")
    _drop_column("action_item", "snoozed_until")
    _drop_column("contact", "snoozed_until")
    _drop_column("contact", "comm_frequency_days")
    op.add_column(
        "interaction",
        sa.Column("attendees", sa.JSON(), nullable=False, server_default="[]"),
    )
    bind = op.get_bind()
    grouped: dict[int, list[int]] = {}
    rows = bind.execute(
        sa.text("SELECT interaction_id, contact_id FROM interaction_attendee ORDER BY rowid")
    )
    for note_id, contact_id in rows:
        grouped.setdefault(note_id, []).append(contact_id)
    for note_id, ids in grouped.items():
        bind.execute(
            sa.text("UPDATE interaction SET attendees = :ids WHERE id = :id"),
            {"ids": json.dumps(ids), "id": note_id},
        )
    op.drop_index("ix_interaction_attendee_contact", table_name="interaction_attendee")
    op.drop_table("interaction_attendee")


def _drop_column(table: str, column: str) -> None:
    # SQLite drops a column in place (3.35+); rebuilding the table instead would also
    # drop the full-text triggers that hang on it
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
