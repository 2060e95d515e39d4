"""Assemblies, attendance, motions, votes, the decision register and participatory budgeting.

Votes are immutable once their vote event is closed (the services refuse any
edit). Links to proposals, budget lines and reference cases are generic
``(entity, id)`` pairs, so a motion can name rows of tables another part of
the application owns.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

ASSEMBLY_KINDS = ("ordinary", "extraordinary")
ASSEMBLY_STATUSES = ("planned", "open", "closed")
ATTENDANCE_STATUSES = ("present", "absent", "proxy")
MAJORITY_RULES = ("simple", "absolute", "two_thirds", "three_quarters", "unanimity", "consensus")
VOTE_METHODS = ("show_of_hands", "roll_call", "secret")
VOTE_OPTIONS = ("yes", "no", "abstain")
FOLLOW_UP_STATUSES = ("open", "done", "cancelled")
PB_METHODS = ("points", "approval")


class Assembly(Base):
    """A general assembly, opened on its first or second call."""

    __tablename__ = "assembly"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    kind: Mapped[str] = mapped_column(String(16), default="ordinary")
    title: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[dt.date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    first_call_at: Mapped[dt.datetime | None]
    second_call_at: Mapped[dt.datetime | None]
    # 0 while not opened, then 1 or 2: the call whose quorum rule applies.
    opened_on_call: Mapped[int] = mapped_column(Integer, default=0)
    opened_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(10), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class AssemblyAttendance(Base):
    """How one household takes part in one assembly; a proxy names its holder household."""

    __tablename__ = "assembly_attendance"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    assembly_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assembly.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="absent")
    proxy_holder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"))
    arrived_at: Mapped[dt.datetime | None]
    left_at: Mapped[dt.datetime | None]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class AgendaItem(Base):
    """One point of an assembly's agenda, in order."""

    __tablename__ = "agenda_item"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    assembly_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assembly.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Motion(Base):
    """A proposal put to the vote under a majority rule; ``amends_id`` makes it an amendment."""

    __tablename__ = "motion"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    assembly_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assembly.id"), index=True)
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"))
    number: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    proposer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    seconder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    amends_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("motion.id"))
    majority: Mapped[str] = mapped_column(String(16), default="simple")
    # A proposal, budget line or reference case, named by table and id.
    link_entity: Mapped[str] = mapped_column(String(40), default="")
    link_id: Mapped[uuid.UUID | None]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class VoteEvent(Base):
    """One vote on a motion; closed, it is final (counts, result and its votes)."""

    __tablename__ = "vote_event"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    motion_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("motion.id"), index=True)
    method: Mapped[str] = mapped_column(String(16), default="show_of_hands")
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    opened_at: Mapped[dt.datetime | None]
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    closed_at: Mapped[dt.datetime | None]
    yes: Mapped[int] = mapped_column(BigInteger, default=0)
    no: Mapped[int] = mapped_column(BigInteger, default=0)
    abstain: Mapped[int] = mapped_column(BigInteger, default=0)
    # Households represented (weighted for a weighted roll call) when the vote closed.
    represented: Mapped[int] = mapped_column(BigInteger, default=0)
    result: Mapped[str] = mapped_column(String(10), default="")


class Vote(Base):
    """One household's vote in a roll call, possibly cast by its proxy holder."""

    __tablename__ = "vote"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    vote_event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vote_event.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    option: Mapped[str] = mapped_column(String(10))
    weight: Mapped[int] = mapped_column(Integer, default=1)
    by_proxy: Mapped[bool] = mapped_column(default=False)


class Decision(Base):
    """A numbered resolution of the register, usually the outcome of a motion."""

    __tablename__ = "decision"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    number: Mapped[int] = mapped_column(Integer, index=True)
    decided_on: Mapped[dt.date] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(String(10), default="passed")
    motion_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("motion.id"), index=True)
    assembly_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("assembly.id"), index=True)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class FollowUpAction(Base):
    """What a decision asks someone to do, and by when."""

    __tablename__ = "follow_up_action"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    responsible_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    due_on: Mapped[dt.date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class PbRound(Base):
    """A participatory budgeting round: households spread points or approvals over options."""

    __tablename__ = "pb_round"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    assembly_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("assembly.id"))
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(10), default="points")
    points_per_household: Mapped[int] = mapped_column(Integer, default=10)
    budget: Mapped[int] = mapped_column(BigInteger, default=0)
    held_on: Mapped[dt.date]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class PbOption(Base):
    """One thing the money could go to, with its cost in minor units."""

    __tablename__ = "pb_option"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pb_round.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class PbBallot(Base):
    """Points (or one approval) a household gives one option."""

    __tablename__ = "pb_ballot"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pb_round.id"), index=True)
    option_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pb_option.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    points: Mapped[int] = mapped_column(Integer, default=1)
