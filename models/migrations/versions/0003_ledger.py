"""The ledger: accounts, transactions and postings.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_code"), ["code"], unique=False)

    op.create_table(
        "ledger_transaction",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("reverses_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_ledger_transaction_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["ledger_transaction.id"],
            name=op.f("fk_ledger_transaction_reverses_id_ledger_transaction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transaction")),
    )
    with op.batch_alter_table("ledger_transaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_transaction_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_transaction_posted_on"), ["posted_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_transaction_reverses_id"), ["reverses_id"], unique=False
        )

    op.create_table(
        "posting",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("transaction_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_posting_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_posting_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transaction.id"],
            name=op.f("fk_posting_transaction_id_ledger_transaction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posting")),
    )
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posting_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posting_household_id"), ["household_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_posting_transaction_id"), ["transaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posting_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_posting_household_id"))
        batch_op.drop_index(batch_op.f("ix_posting_account_id"))
    op.drop_table("posting")
    with op.batch_alter_table("ledger_transaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_transaction_reverses_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_transaction_posted_on"))
        batch_op.drop_index(batch_op.f("ix_ledger_transaction_household_id"))
    op.drop_table("ledger_transaction")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_code"))
    op.drop_table("account")
