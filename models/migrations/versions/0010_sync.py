"""Sync bookkeeping: superseded field changes, chain links, peers, flags.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_superseded",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint(
            "entity", "row_id", "field", "device_id", "seq", name=op.f("pk_field_superseded")
        ),
    )
    op.create_table(
        "chain_link",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("prev", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", name=op.f("pk_chain_link")),
    )
    op.create_table(
        "sync_peer",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("known", sa.Text(), nullable=False),
        sa.Column("last_received", sa.String(length=40), nullable=False),
        sa.Column("last_sent", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_peer")),
    )
    op.create_table(
        "sync_flag",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id", "kind", name=op.f("pk_sync_flag")),
    )


def downgrade() -> None:
    op.drop_table("sync_flag")
    op.drop_table("sync_peer")
    op.drop_table("chain_link")
    op.drop_table("field_superseded")
