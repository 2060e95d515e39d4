"""Mingas: commissions, work days, shifts, tasks, assignments, availability and hours.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commission",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("skills", sa.String(length=300), nullable=False),
        sa.Column("unpopular", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission")),
    )
    with op.batch_alter_table("commission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commission_name"), ["name"], unique=False)

    op.create_table(
        "hours_rule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("phase", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hours_rule")),
    )
    op.create_table(
        "work_day",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("commissions", sa.String(length=600), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_day")),
    )
    with op.batch_alter_table("work_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_day_date"), ["date"], unique=False)

    op.create_table(
        "availability",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("from_minute", sa.Integer(), nullable=False),
        sa.Column("to_minute", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_availability_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability")),
    )
    with op.batch_alter_table("availability", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_availability_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "hours_adjustment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_hours_adjustment_household_id_household"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hours_adjustment")),
    )
    with op.batch_alter_table("hours_adjustment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hours_adjustment_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hours_adjustment_on_date"), ["on_date"], unique=False)

    op.create_table(
        "shift",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("work_day_id", sa.Uuid(), nullable=False),
        sa.Column("commission_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("people_needed", sa.Integer(), nullable=False),
        sa.Column("skills", sa.String(length=300), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["commission_id"], ["commission.id"], name=op.f("fk_shift_commission_id_commission")
        ),
        sa.ForeignKeyConstraint(
            ["work_day_id"], ["work_day.id"], name=op.f("fk_shift_work_day_id_work_day")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_commission_id"), ["commission_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shift_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_shift_work_day_id"), ["work_day_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("substitute_id", sa.Uuid(), nullable=True),
        sa.Column("substitute_name", sa.String(length=200), nullable=False),
        sa.Column("check_in", sa.DateTime(), nullable=True),
        sa.Column("check_out", sa.DateTime(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("manual", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_assignment_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_assignment_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_assignment_shift_id_shift")
        ),
        sa.ForeignKeyConstraint(
            ["substitute_id"], ["person.id"], name=op.f("fk_assignment_substitute_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assignment_household_status",
            ["household_id", "status", "minutes", "deleted"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_assignment_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "commission_member",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("commission_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("skills", sa.String(length=300), nullable=False),
        sa.Column("coordinator", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["commission.id"],
            name=op.f("fk_commission_member_commission_id_commission"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_commission_member_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_member")),
    )
    with op.batch_alter_table("commission_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commission_member_commission_id"), ["commission_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commission_member_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "exemption",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["person.id"], name=op.f("fk_exemption_approved_by_person")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_exemption_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exemption")),
    )
    with op.batch_alter_table("exemption", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exemption_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "task",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("commission_id", sa.Uuid(), nullable=True),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["commission_id"], ["commission.id"], name=op.f("fk_task_commission_id_commission")
        ),
        sa.ForeignKeyConstraint(["shift_id"], ["shift.id"], name=op.f("fk_task_shift_id_shift")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "work_fine",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("missed_minutes", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("transaction_id", sa.Uuid(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_work_fine_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transaction.id"],
            name=op.f("fk_work_fine_transaction_id_ledger_transaction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_fine")),
    )
    with op.batch_alter_table("work_fine", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_fine_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_work_fine_reference"), ["reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_fine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_fine_reference"))
        batch_op.drop_index(batch_op.f("ix_work_fine_household_id"))

    op.drop_table("work_fine")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_shift_id"))

    op.drop_table("task")
    with op.batch_alter_table("exemption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exemption_household_id"))

    op.drop_table("exemption")
    with op.batch_alter_table("commission_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commission_member_person_id"))
        batch_op.drop_index(batch_op.f("ix_commission_member_commission_id"))

    op.drop_table("commission_member")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_shift_id"))
        batch_op.drop_index("ix_assignment_household_status")

    op.drop_table("assignment")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_work_day_id"))
        batch_op.drop_index(batch_op.f("ix_shift_starts_at"))
        batch_op.drop_index(batch_op.f("ix_shift_commission_id"))

    op.drop_table("shift")
    with op.batch_alter_table("hours_adjustment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hours_adjustment_on_date"))
        batch_op.drop_index(batch_op.f("ix_hours_adjustment_household_id"))

    op.drop_table("hours_adjustment")
    with op.batch_alter_table("availability", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_household_id"))

    op.drop_table("availability")
    with op.batch_alter_table("work_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_day_date"))

    op.drop_table("work_day")
    op.drop_table("hours_rule")
    with op.batch_alter_table("commission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commission_name"))

    op.drop_table("commission")
