"""when each person was last met: kept on the attendee rows, indexed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

"When did we last speak to this person" is asked for every person with a
stay-in-touch cadence each time Today is drawn. Joining every attendee row to its
interaction took ~150 ms on a 200,000-note portfolio; with the interaction's time
copied onto the attendee row and indexed per person, it is one index seek each.
The copy is kept in step by triggers (SQLite), so no writer has to remember it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TRIGGERS = {
    "interaction_attendee_time_ai": """
        CREATE TRIGGER interaction_attendee_time_ai AFTER INSERT ON interaction_attendee
        WHEN NEW.occurred_at IS NULL
        BEGIN
            UPDATE interaction_attendee
               SET occurred_at = (SELECT occurred_at FROM interaction
                                   WHERE id = NEW.interaction_id)
             WHERE interaction_id = NEW.interaction_id AND contact_id = NEW.contact_id;
        END""",
    "interaction_time_au": """
        CREATE TRIGGER interaction_time_au AFTER UPDATE OF occurred_at ON interaction
        BEGIN
            UPDATE interaction_attendee SET occurred_at = NEW.occurred_at
             WHERE interaction_id = NEW.id;
        END""",
}


def upgrade() -> None:
    op.add_column(
        "interaction_attendee", sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute(
        "UPDATE interaction_attendee SET occurred_at = "
        "(SELECT occurred_at FROM interaction WHERE interaction.id = interaction_id)"
    )
    op.drop_index("ix_interaction_attendee_contact", table_name="interaction_attendee")
    op.create_index(
        "ix_interaction_attendee_contact_time",
        "interaction_attendee",
        ["contact_id", "occurred_at"],
    )
    if op.get_bind().dialect.name == "sqlite":
        for sql in TRIGGERS.values():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_interaction_attendee_contact_time", table_name="interaction_attendee")
    op.create_index("ix_interaction_attendee_contact", "interaction_attendee", ["contact_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE interaction_attendee DROP COLUMN occurred_at")
    else:
        op.drop_column("interaction_attendee", "occurred_at")
