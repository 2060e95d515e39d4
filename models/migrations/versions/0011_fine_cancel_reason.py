"""Why a proposed fine for missed work hours was cancelled.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_fine", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("work_fine", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
