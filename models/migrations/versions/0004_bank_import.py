"""Bank import: the bank's reference of each imported statement line.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_transaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("bank_ref", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_transaction_bank_ref"), ["bank_ref"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_transaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_transaction_bank_ref"))
        batch_op.drop_column("bank_ref")
