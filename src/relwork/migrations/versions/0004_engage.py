"""engage: map snapshots, personas, compass, trust, maturity

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

New tables only, plus a nullable link from stakeholders to the persona that
represents them. The stakeholder table is rebuilt for the foreign key; it carries no
full-text triggers, so nothing else needs recreating.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compass_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("quadrant", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("valence", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("compass_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_compass_entry_subject", ["subject_type", "subject_id"], unique=False
        )

    op.create_table(
        "map_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("map_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_map_snapshot_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "maturity_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("maturity_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_assessment_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "persona",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tagline", sa.Text(), nullable=False),
        sa.Column("day_in_life", sa.Text(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("frustrations", sa.Text(), nullable=False),
        sa.Column("preferred_channels", sa.JSON(), nullable=False),
        sa.Column("influences", sa.Text(), nullable=False),
        sa.Column("tech_comfort", sa.Integer(), nullable=True),
        sa.Column("is_machine", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("persona", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persona_account_id"), ["account_id"], unique=False)

    op.create_table(
        "trust_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("item_set", sa.String(length=80), nullable=False),
        sa.Column("rater_perspective", sa.String(length=32), nullable=False),
        sa.Column("trust_origin", sa.String(length=32), nullable=True),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("trust_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trust_assessment_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "trust_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("behaviour_key", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["trust_assessment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("trust_rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trust_rating_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "stakeholder_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("influence", sa.Integer(), nullable=True),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("attitude", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["map_snapshot.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stakeholder_id"], ["stakeholder.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stakeholder_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stakeholder_snapshot_snapshot_id"), ["snapshot_id"], unique=False
        )

    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("persona_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_stakeholder_persona_id", "persona", ["persona_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.drop_constraint("fk_stakeholder_persona_id", type_="foreignkey")
        batch_op.drop_column("persona_id")

    with op.batch_alter_table("stakeholder_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stakeholder_snapshot_snapshot_id"))

    op.drop_table("stakeholder_snapshot")
    with op.batch_alter_table("trust_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trust_rating_assessment_id"))

    op.drop_table("trust_rating")
    with op.batch_alter_table("trust_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trust_assessment_account_id"))

    op.drop_table("trust_assessment")
    with op.batch_alter_table("persona", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persona_account_id"))

    op.drop_table("persona")
    with op.batch_alter_table("maturity_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_assessment_account_id"))

    op.drop_table("maturity_assessment")
    with op.batch_alter_table("map_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_map_snapshot_account_id"))

    op.drop_table("map_snapshot")
    with op.batch_alter_table("compass_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_compass_entry_subject")

    op.drop_table("compass_entry")
