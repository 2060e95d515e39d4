"""Reading the work side for tables, exports and reports: roster rows, shifts, commissions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import aliased

from codesign.workspace import Workspace
from models.tables import Household, Person
from models.work import Assignment, Commission, CommissionMember, Shift, Task, WorkDay


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One assignment with its shift, commission, place, household and person."""

    id: uuid.UUID
    shift: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    commission: str
    place: str
    household: uuid.UUID
    household_name: str
    person: str
    status: str
    substitute: str
    check_in: dt.datetime | None
    check_out: dt.datetime | None
    minutes: int
    locked: bool
    manual: bool


@dataclass(frozen=True, slots=True)
class ShiftRow:
    """A shift with how many people it needs and has."""

    id: uuid.UUID
    work_day: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    commission: str
    commission_id: uuid.UUID
    place: str
    skills: str
    needed: int
    assigned: int
    unpopular: bool


@dataclass(frozen=True, slots=True)
class CommissionRow:
    """A commission with its members and coordinators."""

    id: uuid.UUID
    name: str
    skills: str
    unpopular: bool
    members: int
    coordinators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task with its commission and when it is due (its shift's start, or its date)."""

    id: uuid.UUID
    description: str
    commission: str
    due: dt.date | None
    starts_at: dt.datetime | None
    place: str
    people: tuple[str, ...]
    shift: uuid.UUID | None = None
    commission_id: uuid.UUID | None = None


def _span(start: dt.date | None, end: dt.date | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if start is not None:
        where.append(Shift.starts_at >= dt.datetime.combine(start, dt.time()))
    if end is not None:
        where.append(Shift.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    return where


def roster_rows(
    ws: Workspace,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    household: uuid.UUID | None = None,
    commission: uuid.UUID | None = None,
) -> tuple[RosterRow, ...]:
    """Assignments of shifts starting from ``start`` to ``end``, in time order."""
    worker = aliased(Person)
    query = (
        select(
            Assignment.id,
            Assignment.shift_id,
            Shift.starts_at,
            Shift.ends_at,
            Commission.name,
            WorkDay.place,
            Assignment.household_id,
            Household.name,
            worker.name,
            Assignment.status,
            Assignment.substitute_name,
            Assignment.check_in,
            Assignment.check_out,
            Assignment.minutes,
            Assignment.locked,
            Assignment.manual,
        )
        .join(Shift, Shift.id == Assignment.shift_id)
        .join(WorkDay, WorkDay.id == Shift.work_day_id)
        .join(Commission, Commission.id == Shift.commission_id)
        .join(Household, Household.id == Assignment.household_id)
        .outerjoin(worker, worker.id == Assignment.person_id)
        .where(Assignment.deleted.is_(False), Shift.deleted.is_(False), *_span(start, end))
        .order_by(Shift.starts_at, Commission.name, Household.name, Assignment.id)
    )
    if household is not None:
        query = query.where(Assignment.household_id == household)
    if commission is not None:
        query = query.where(Shift.commission_id == commission)
    with ws.session() as session:
        return tuple(
            RosterRow(*r[:8], r[8] or "", *r[9:])  # type: ignore[call-arg]
            for r in session.execute(query)
        )


def shift_rows(
    ws: Workspace, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[ShiftRow, ...]:
    """Shifts from ``start`` to ``end`` with their places filled."""
    filled = (
        select(Assignment.shift_id, func.count().label("n"))
        .join(Shift, Shift.id == Assignment.shift_id)
        .where(Assignment.deleted.is_(False), *_span(start, end))
        .group_by(Assignment.shift_id)
        .subquery()
    )
    query = (
        select(
            Shift.id,
            Shift.work_day_id,
            Shift.starts_at,
            Shift.ends_at,
            Commission.name,
            Commission.id,
            WorkDay.place,
            Shift.skills,
            Shift.people_needed,
            func.coalesce(filled.c.n, 0),
            Commission.unpopular,
        )
        .join(WorkDay, WorkDay.id == Shift.work_day_id)
        .join(Commission, Commission.id == Shift.commission_id)
        .outerjoin(filled, filled.c.shift_id == Shift.id)
        .where(Shift.deleted.is_(False), WorkDay.deleted.is_(False), *_span(start, end))
        .order_by(Shift.starts_at, Commission.name, Shift.id)
    )
    with ws.session() as session:
        return tuple(ShiftRow(*r) for r in session.execute(query))


def commission_rows(ws: Workspace) -> tuple[CommissionRow, ...]:
    """Every live commission, by name, with its member count and coordinators."""
    with ws.session() as session:
        members: dict[uuid.UUID, int] = defaultdict(int)
        leads: dict[uuid.UUID, list[str]] = defaultdict(list)
        for commission, coordinator, name in session.execute(
            select(CommissionMember.commission_id, CommissionMember.coordinator, Person.name)
            .join(Person, Person.id == CommissionMember.person_id)
            .where(CommissionMember.deleted.is_(False))
            .order_by(Person.name)
        ):
            members[commission] += 1
            if coordinator:
                leads[commission].append(name)
        rows = session.execute(
            select(Commission.id, Commission.name, Commission.skills, Commission.unpopular)
            .where(Commission.deleted.is_(False))
            .order_by(Commission.name)
        ).all()
    return tuple(
        CommissionRow(c, name, skills, unpopular, members[c], tuple(leads[c]))
        for c, name, skills, unpopular in rows
    )


def task_rows(
    ws: Workspace, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[TaskRow, ...]:
    """Tasks of shifts in the span, and tasks due in it, with who works them."""
    query = (
        select(
            Task.id,
            Task.description,
            Commission.name,
            Task.due_on,
            Shift.starts_at,
            WorkDay.place,
            Task.shift_id,
            Task.commission_id,
        )
        .outerjoin(Shift, Shift.id == Task.shift_id)
        .outerjoin(WorkDay, WorkDay.id == Shift.work_day_id)
        .outerjoin(Commission, Commission.id == Task.commission_id)
        .where(Task.deleted.is_(False))
    )
    with ws.session() as session:
        rows = session.execute(query).all()
        shift_ids = [r[6] for r in rows if r[6] is not None]
        people: dict[uuid.UUID, list[str]] = defaultdict(list)
        if shift_ids:
            for shift, name in session.execute(
                select(Assignment.shift_id, Person.name)
                .join(Person, Person.id == Assignment.person_id)
                .where(Assignment.deleted.is_(False), Assignment.shift_id.in_(shift_ids))
                .order_by(Person.name)
            ):
                people[shift].append(name)
    out = []
    for task, text, commission, due, starts, place, shift, commission_id in rows:
        day = starts.date() if starts is not None else due
        if day is not None and ((start and day < start) or (end and day > end)):
            continue
        out.append(
            TaskRow(
                task,
                text,
                commission or "",
                due,
                starts,
                place or "",
                tuple(people.get(shift, ())) if shift else (),
                shift,
                commission_id,
            )
        )
    return tuple(
        sorted(
            out,
            key=lambda t: (
                t.starts_at or dt.datetime.combine(t.due or dt.date.max, dt.time()),
                t.description,
            ),
        )
    )


def last_work_day(ws: Workspace, on_or_before: dt.date) -> dt.date | None:
    """The latest day up to ``on_or_before`` that has a shift (where attendance is taken)."""
    with ws.session() as session:
        latest = session.scalar(
            select(func.max(Shift.starts_at)).where(
                Shift.deleted.is_(False),
                Shift.starts_at
                < dt.datetime.combine(on_or_before + dt.timedelta(days=1), dt.time()),
            )
        )
    return latest.date() if latest is not None else None


def people_choices(ws: Workspace) -> tuple[tuple[uuid.UUID, str, uuid.UUID, str], ...]:
    """(person, name, household, household name) of everyone in a household, by name."""
    with ws.session() as session:
        rows = session.execute(
            select(Person.id, Person.name, Household.id, Household.name)
            .join(Household, Household.id == Person.household_id)
            .where(Person.deleted.is_(False), Household.deleted.is_(False))
            .order_by(Person.name, Person.id)
        ).tuples()
        return tuple(rows)
