"""Decisions: assemblies, attendance, agenda, motions, votes, the register and budgeting.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assembly",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("first_call_at", sa.DateTime(), nullable=True),
        sa.Column("second_call_at", sa.DateTime(), nullable=True),
        sa.Column("opened_on_call", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly")),
    )
    with op.batch_alter_table("assembly", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assembly_held_on"), ["held_on"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assembly_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"], ["assembly.id"], name=op.f("fk_agenda_item_assembly_id_assembly")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_item_assembly_id"), ["assembly_id"], unique=False
        )

    op.create_table(
        "assembly_attendance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assembly_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("proxy_holder_id", sa.Uuid(), nullable=True),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name=op.f("fk_assembly_attendance_assembly_id_assembly"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_assembly_attendance_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["proxy_holder_id"],
            ["household.id"],
            name=op.f("fk_assembly_attendance_proxy_holder_id_household"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_attendance")),
    )
    with op.batch_alter_table("assembly_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assembly_attendance_assembly_id"), ["assembly_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assembly_attendance_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "pb_round",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assembly_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("points_per_household", sa.Integer(), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"], ["assembly.id"], name=op.f("fk_pb_round_assembly_id_assembly")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_round")),
    )
    op.create_table(
        "motion",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assembly_id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("proposer_id", sa.Uuid(), nullable=True),
        sa.Column("seconder_id", sa.Uuid(), nullable=True),
        sa.Column("amends_id", sa.Uuid(), nullable=True),
        sa.Column("majority", sa.String(length=16), nullable=False),
        sa.Column("link_entity", sa.String(length=40), nullable=False),
        sa.Column("link_id", sa.Uuid(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_motion_agenda_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["motion.id"], name=op.f("fk_motion_amends_id_motion")
        ),
        sa.ForeignKeyConstraint(
            ["assembly_id"], ["assembly.id"], name=op.f("fk_motion_assembly_id_assembly")
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["person.id"], name=op.f("fk_motion_proposer_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["seconder_id"], ["person.id"], name=op.f("fk_motion_seconder_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motion")),
    )
    with op.batch_alter_table("motion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_motion_assembly_id"), ["assembly_id"], unique=False)

    op.create_table(
        "pb_option",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["pb_round.id"], name=op.f("fk_pb_option_round_id_pb_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_option")),
    )
    with op.batch_alter_table("pb_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_option_round_id"), ["round_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("motion_id", sa.Uuid(), nullable=True),
        sa.Column("assembly_id", sa.Uuid(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"], ["assembly.id"], name=op.f("fk_decision_assembly_id_assembly")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motion.id"], name=op.f("fk_decision_motion_id_motion")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_assembly_id"), ["assembly_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_decided_on"), ["decided_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_motion_id"), ["motion_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_number"), ["number"], unique=False)

    op.create_table(
        "pb_ballot",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("option_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_pb_ballot_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["option_id"], ["pb_option.id"], name=op.f("fk_pb_ballot_option_id_pb_option")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["pb_round.id"], name=op.f("fk_pb_ballot_round_id_pb_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_ballot")),
    )
    with op.batch_alter_table("pb_ballot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pb_ballot_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pb_ballot_option_id"), ["option_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pb_ballot_round_id"), ["round_id"], unique=False)

    op.create_table(
        "vote_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("motion_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("yes", sa.BigInteger(), nullable=False),
        sa.Column("no", sa.BigInteger(), nullable=False),
        sa.Column("abstain", sa.BigInteger(), nullable=False),
        sa.Column("represented", sa.BigInteger(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["person.id"], name=op.f("fk_vote_event_closed_by_person")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motion.id"], name=op.f("fk_vote_event_motion_id_motion")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["person.id"], name=op.f("fk_vote_event_opened_by_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_event")),
    )
    with op.batch_alter_table("vote_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_event_motion_id"), ["motion_id"], unique=False)

    op.create_table(
        "follow_up_action",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("responsible_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_follow_up_action_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["person.id"],
            name=op.f("fk_follow_up_action_responsible_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_action")),
    )
    with op.batch_alter_table("follow_up_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_action_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_follow_up_action_due_on"), ["due_on"], unique=False)

    op.create_table(
        "vote",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("vote_event_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("option", sa.String(length=10), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("by_proxy", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_vote_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["vote_event_id"], ["vote_event.id"], name=op.f("fk_vote_vote_event_id_vote_event")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote")),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_vote_event_id"), ["vote_event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_vote_event_id"))
        batch_op.drop_index(batch_op.f("ix_vote_household_id"))

    op.drop_table("vote")
    with op.batch_alter_table("follow_up_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_action_due_on"))
        batch_op.drop_index(batch_op.f("ix_follow_up_action_decision_id"))

    op.drop_table("follow_up_action")
    with op.batch_alter_table("vote_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_event_motion_id"))

    op.drop_table("vote_event")
    with op.batch_alter_table("pb_ballot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_ballot_round_id"))
        batch_op.drop_index(batch_op.f("ix_pb_ballot_option_id"))
        batch_op.drop_index(batch_op.f("ix_pb_ballot_household_id"))

    op.drop_table("pb_ballot")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_number"))
        batch_op.drop_index(batch_op.f("ix_decision_motion_id"))
        batch_op.drop_index(batch_op.f("ix_decision_decided_on"))
        batch_op.drop_index(batch_op.f("ix_decision_assembly_id"))

    op.drop_table("decision")
    with op.batch_alter_table("pb_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_option_round_id"))

    op.drop_table("pb_option")
    with op.batch_alter_table("motion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_motion_assembly_id"))

    op.drop_table("motion")
    op.drop_table("pb_round")
    with op.batch_alter_table("assembly_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assembly_attendance_household_id"))
        batch_op.drop_index(batch_op.f("ix_assembly_attendance_assembly_id"))

    op.drop_table("assembly_attendance")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_assembly_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("assembly", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assembly_held_on"))

    op.drop_table("assembly")
