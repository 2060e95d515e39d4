"""Co-design: site, proposals, immutable versions, review comments and status history.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("boundary", sa.JSON(), nullable=False),
        sa.Column("setbacks", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
    )
    op.create_table(
        "proposal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_by", sa.Uuid(), nullable=True),
        sa.Column("status_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_proposal_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["proposal.id"], name=op.f("fk_proposal_parent_id_proposal")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_proposal_site_id_site")),
        sa.ForeignKeyConstraint(
            ["status_by"], ["person.id"], name=op.f("fk_proposal_status_by_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_proposal_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_status"), ["status"], unique=False)

    op.create_table(
        "proposal_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("created_hlc", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_proposal_version_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_version_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_version")),
    )
    with op.batch_alter_table("proposal_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_version_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "proposal_status_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=True),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("by_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"], ["person.id"], name=op.f("fk_proposal_status_change_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_proposal_status_change_proposal_id_proposal"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["proposal_version.id"],
            name=op.f("fk_proposal_status_change_version_id_proposal_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_status_change")),
    )
    with op.batch_alter_table("proposal_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_status_change_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "review_comment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_review_comment_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["review_comment.id"],
            name=op.f("fk_review_comment_parent_id_review_comment"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_review_comment_proposal_id_proposal")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["person.id"], name=op.f("fk_review_comment_resolved_by_person")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["proposal_version.id"],
            name=op.f("fk_review_comment_version_id_proposal_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
    )
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_comment_parent_id"), ["parent_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_comment_proposal_id"), ["proposal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_comment_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_comment_version_id"))
        batch_op.drop_index(batch_op.f("ix_review_comment_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_review_comment_parent_id"))

    op.drop_table("review_comment")
    with op.batch_alter_table("proposal_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_status_change_proposal_id"))

    op.drop_table("proposal_status_change")
    with op.batch_alter_table("proposal_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_version_proposal_id"))

    op.drop_table("proposal_version")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_status"))
        batch_op.drop_index(batch_op.f("ix_proposal_site_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_parent_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_household_id"))

    op.drop_table("proposal")
    op.drop_table("site")
