"""Reference cases: the library, attachments, links to motions and proposals, CSV mappings.

The full-text index is not here: it is derived data that
``codesign.cases.fts.ensure_index`` builds (SQLite FTS5) the first time a
file is searched or imported into, and keeps in step with triggers.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_mapping",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_mapping")),
    )
    with op.batch_alter_table("case_mapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_mapping_name"), ["name"], unique=False)

    op.create_table(
        "reference_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_es", sa.String(length=300), nullable=False),
        sa.Column("title_pt", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_es", sa.Text(), nullable=False),
        sa.Column("description_pt", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("start_date", sa.String(length=10), nullable=False),
        sa.Column("end_date", sa.String(length=10), nullable=False),
        sa.Column("ongoing", sa.Boolean(), nullable=True),
        sa.Column("general_issues", sa.Text(), nullable=False),
        sa.Column("specific_topics", sa.Text(), nullable=False),
        sa.Column("number_of_participants", sa.Integer(), nullable=True),
        sa.Column("decision_methods", sa.Text(), nullable=False),
        sa.Column("if_voting", sa.String(length=20), nullable=False),
        sa.Column("organizers", sa.Text(), nullable=False),
        sa.Column("funders", sa.Text(), nullable=False),
        sa.Column("tenure", sa.String(length=30), nullable=False),
        sa.Column("households", sa.Integer(), nullable=True),
        sa.Column("people", sa.Integer(), nullable=True),
        sa.Column("financing", sa.Text(), nullable=False),
        sa.Column("mutual_aid_hours_per_week", sa.Float(), nullable=True),
        sa.Column("land_source", sa.Text(), nullable=False),
        sa.Column("built_area_per_unit_m2", sa.Float(), nullable=True),
        sa.Column("cost_per_m2", sa.Float(), nullable=True),
        sa.Column("cost_currency", sa.String(length=3), nullable=False),
        sa.Column("cost_year", sa.Integer(), nullable=True),
        sa.Column("students", sa.Integer(), nullable=True),
        sa.Column("governance", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("lessons_es", sa.Text(), nullable=False),
        sa.Column("lessons_pt", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("license", sa.String(length=100), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_case")),
    )
    with op.batch_alter_table("reference_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_case_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_reference_case_slug"), ["slug"], unique=False)

    op.create_table(
        "case_attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["reference_case.id"],
            name=op.f("fk_case_attachment_case_id_reference_case"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_attachment")),
    )
    with op.batch_alter_table("case_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_attachment_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_link",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("target_entity", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["reference_case.id"], name=op.f("fk_case_link_case_id_reference_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_link")),
    )
    with op.batch_alter_table("case_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_link_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_link_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    for name in ("reference_case_fts_ai", "reference_case_fts_au", "reference_case_fts_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS reference_case_fts")
    op.execute("DROP TABLE IF EXISTS reference_case_fts_row")
    with op.batch_alter_table("case_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_link_target_id"))
        batch_op.drop_index(batch_op.f("ix_case_link_case_id"))

    op.drop_table("case_link")
    with op.batch_alter_table("case_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_attachment_case_id"))

    op.drop_table("case_attachment")
    with op.batch_alter_table("reference_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_case_slug"))
        batch_op.drop_index(batch_op.f("ix_reference_case_country"))

    op.drop_table("reference_case")
    with op.batch_alter_table("case_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_mapping_name"))

    op.drop_table("case_mapping")
