"""Mingas: commissions, work days, shifts, tasks, assignments and the hours households owe.

Hours are kept as integer minutes so sums are exact; times of day are
minutes after midnight. Every row syncs (UUIDv7 key, ``deleted`` flag): a
correction of attendance is a journaled update, never a SQL DELETE.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

ASSIGNMENT_STATUSES = ("planned", "present", "absent", "excused", "substitute")
# Statuses whose minutes count as work done for the household.
WORKED_STATUSES = ("present", "substitute")
HOURS_PERIODS = ("week", "month")
ADJUSTMENT_KINDS = ("offset", "bank", "correction")
FINE_STATUSES = ("proposed", "posted", "cancelled")


class Commission(Base):
    """A working commission (construction, kitchen...); ``skills`` are comma-separated."""

    __tablename__ = "commission"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(String(300), default="")
    unpopular: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class CommissionMember(Base):
    """A person in a commission, the skills they bring, and whether they coordinate it."""

    __tablename__ = "commission_member"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    commission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("commission.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    skills: Mapped[str] = mapped_column(String(300), default="")
    coordinator: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class WorkDay(Base):
    """A day of collective work at a place; ``commissions`` names them, comma-separated."""

    __tablename__ = "work_day"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    date: Mapped[dt.date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    commissions: Mapped[str] = mapped_column(String(600), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Shift(Base):
    """A stretch of work of one commission on a work day, needing people with skills."""

    __tablename__ = "shift"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    work_day_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_day.id"), index=True)
    commission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("commission.id"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    people_needed: Mapped[int] = mapped_column(Integer, default=1)
    skills: Mapped[str] = mapped_column(String(300), default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Task(Base):
    """Work to do, tied to a shift or due by a date; printed as a task card."""

    __tablename__ = "task"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    description: Mapped[str] = mapped_column(Text)
    commission_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("commission.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shift.id"), index=True)
    due_on: Mapped[dt.date | None]
    done: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Assignment(Base):
    """A household's person on a shift: planned, then marked on site.

    ``minutes`` is the work credited to the household (the shift's length, or
    check-out minus check-in); ``locked`` and ``manual`` rows survive a re-run
    of the roster.
    """

    __tablename__ = "assignment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shift.id"), index=True)
    # Indexed by the covering index below (it starts with household_id).
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(12), default="planned")
    substitute_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    substitute_name: Mapped[str] = mapped_column(String(200), default="")
    check_in: Mapped[dt.datetime | None]
    check_out: Mapped[dt.datetime | None]
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(default=False)
    manual: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())

    # Covers the balances' GROUP BY: one index scan, no table lookups.
    __table_args__ = (
        Index("ix_assignment_household_status", "household_id", "status", "minutes", "deleted"),
    )


class Availability(Base):
    """When a household can work: on a weekday (0 = Monday) or a date, between two times."""

    __tablename__ = "availability"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    weekday: Mapped[int | None] = mapped_column(Integer)
    on_date: Mapped[dt.date | None]
    from_minute: Mapped[int] = mapped_column(Integer)
    to_minute: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class HoursRule(Base):
    """Hours every household owes per week or month during a phase of the project."""

    __tablename__ = "hours_rule"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    phase: Mapped[str] = mapped_column(String(200), default="")
    period: Mapped[str] = mapped_column(String(8), default="week")
    minutes: Mapped[int] = mapped_column(Integer)
    from_date: Mapped[dt.date]
    to_date: Mapped[dt.date | None]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Exemption(Base):
    """A household owes no hours from ``from_date`` to ``to_date`` (illness, age, pregnancy)."""

    __tablename__ = "exemption"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    from_date: Mapped[dt.date]
    to_date: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(String(300))
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class HoursAdjustment(Base):
    """Minutes added to (or taken from) a household's balance: an offset, the bank, a fix."""

    __tablename__ = "hours_adjustment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    on_date: Mapped[dt.date] = mapped_column(index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), default="correction")
    reason: Mapped[str] = mapped_column(String(300), default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class WorkFine(Base):
    """Missed hours of one household and period, proposed as a fine, then posted once.

    ``reference`` is the ledger transaction's reference, one per household and
    period, so the same fine is never posted twice, even from two laptops.
    """

    __tablename__ = "work_fine"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    missed_minutes: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    transaction_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_transaction.id"))
    # Why the coordinator or the treasurer cancelled it; NULL unless cancelled (fines
    # proposed before the column existed have no value to go back to on undo).
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())
