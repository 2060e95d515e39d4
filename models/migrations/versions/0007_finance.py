"""Member accounts, budgets and attachments: payment plans, budget lines, blobs.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _deleted() -> sa.Column[bool]:
    return sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "payment_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("account_code", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("instalments", sa.Integer(), nullable=True),
        sa.Column("every_months", sa.Integer(), nullable=False),
        _deleted(),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_payment_plan_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plan")),
    )
    with op.batch_alter_table("payment_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_plan_household_id"), ["household_id"], unique=False
        )
    op.create_table(
        "budget_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("phase", sa.String(length=100), nullable=False),
        sa.Column("account_code", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        _deleted(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_period"), ["period"], unique=False)
    op.create_table(
        "blob",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blob")),
    )
    with op.batch_alter_table("blob", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blob_sha256"), ["sha256"], unique=False)
    op.create_table(
        "attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("transaction_id", sa.Uuid(), nullable=False),
        sa.Column("blob_id", sa.Uuid(), nullable=False),
        _deleted(),
        sa.ForeignKeyConstraint(["blob_id"], ["blob.id"], name=op.f("fk_attachment_blob_id_blob")),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transaction.id"],
            name=op.f("fk_attachment_transaction_id_ledger_transaction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_blob_id"), ["blob_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachment_transaction_id"), ["transaction_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("attachment")
    op.drop_table("blob")
    op.drop_table("budget_line")
    op.drop_table("payment_plan")
