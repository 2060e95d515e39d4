"""Reading a roster problem from the cooperative file for a planning window.

Locked and manual assignments, and any already marked on site, are kept:
they count towards their household's hours, take their places on the
shift, and keep their person busy that day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from codesign.work.balances import load_exemptions, load_rules
from codesign.work.common import minute_of, split_skills, work_statutes
from codesign.work.owed import owed_minutes
from codesign.work.roster_problem import Candidate, ShiftSlot, TimeWindow, Worker
from codesign.workspace import Workspace
from models.tables import Household, Person
from models.work import Assignment, Availability, Commission, CommissionMember, Shift, WorkDay

WORKING_AGE = 16


@dataclass(frozen=True, slots=True)
class Existing:
    """An assignment already in the window."""

    id: uuid.UUID
    shift: uuid.UUID
    household: uuid.UUID
    person: uuid.UUID | None
    kept: bool  # locked, manual or marked: a re-run leaves it alone
    minutes: int


@dataclass(frozen=True, slots=True)
class Loaded:
    """Everything the roster needs about a window, read in one session."""

    start: dt.date
    end: dt.date
    shifts: tuple[ShiftSlot, ...]
    total_needed: dict[uuid.UUID, int]
    candidates: tuple[Candidate, ...]
    idle: tuple[tuple[uuid.UUID, str, int], ...]  # households nobody can work for
    existing: tuple[Existing, ...]
    names: dict[uuid.UUID, str] = field(default_factory=dict)  # person → name


def _shifts(session: Session, start: dt.date, end: dt.date) -> list[tuple[Shift, Commission]]:
    query = (
        select(Shift, Commission)
        .join(WorkDay, WorkDay.id == Shift.work_day_id)
        .join(Commission, Commission.id == Shift.commission_id)
        .where(
            Shift.deleted.is_(False),
            WorkDay.deleted.is_(False),
            Shift.starts_at >= dt.datetime.combine(start, dt.time()),
            Shift.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),
        )
        .order_by(Shift.starts_at, Commission.name, Shift.id)
    )
    return [(s, c) for s, c in session.execute(query).tuples()]


def _existing(session: Session, shift_ids: list[uuid.UUID]) -> list[Existing]:
    if not shift_ids:
        return []
    out = []
    rows = session.execute(
        select(Assignment, Shift.minutes)
        .join(Shift, Shift.id == Assignment.shift_id)
        .where(Assignment.deleted.is_(False), Assignment.shift_id.in_(shift_ids))
    ).tuples()
    for a, minutes in rows:
        kept = a.locked or a.manual or a.status != "planned"
        credit = minutes if a.status == "planned" else a.minutes
        out.append(Existing(a.id, a.shift_id, a.household_id, a.person_id, kept, credit))
    return out


def _workers(
    session: Session, year: int
) -> tuple[dict[uuid.UUID, list[Worker]], dict[uuid.UUID, str]]:
    skills: dict[uuid.UUID, set[str]] = defaultdict(set)
    for person, text in session.execute(
        select(CommissionMember.person_id, CommissionMember.skills).where(
            CommissionMember.deleted.is_(False)
        )
    ):
        skills[person].update(split_skills(text))
    workers: dict[uuid.UUID, list[Worker]] = defaultdict(list)
    names: dict[uuid.UUID, str] = {}
    for person, household, born, name in session.execute(
        select(Person.id, Person.household_id, Person.birth_year, Person.name)
        .where(Person.deleted.is_(False), Person.household_id.is_not(None))
        .order_by(Person.name, Person.id)
    ):
        names[person] = name
        if born is None or year - born >= WORKING_AGE:
            workers[household].append(Worker(person, frozenset(skills.get(person, ()))))
    return workers, names


def _windows(session: Session) -> dict[uuid.UUID, list[TimeWindow]]:
    found: dict[uuid.UUID, list[TimeWindow]] = defaultdict(list)
    for owner, weekday, on_date, lo, hi in session.execute(
        select(
            Availability.household_id,
            Availability.weekday,
            Availability.on_date,
            Availability.from_minute,
            Availability.to_minute,
        ).where(Availability.deleted.is_(False))
    ):
        found[owner].append(TimeWindow(weekday, on_date, lo, hi))
    return found


def load_window(ws: Workspace, start: dt.date, weeks: int) -> Loaded:
    """The shifts from ``start`` for ``weeks`` weeks, the households and what is kept."""
    end = start + dt.timedelta(days=7 * weeks - 1)
    statutes = work_statutes(ws)
    with ws.session() as session:
        rows = _shifts(session, start, end)
        existing = _existing(session, [s.id for s, _c in rows])
        rules = load_rules(session, statutes)
        exemptions = load_exemptions(session)
        workers, names = _workers(session, start.year)
        windows = _windows(session)
        households = session.execute(
            select(Household.id, Household.name, Household.joined_on)
            .where(Household.deleted.is_(False))
            .order_by(Household.name, Household.id)
        ).all()
    day_of = {s.id: s.starts_at.date() for s, _c in rows}
    kept_count: dict[uuid.UUID, int] = defaultdict(int)
    kept_minutes: dict[uuid.UUID, int] = defaultdict(int)
    busy: dict[uuid.UUID, dict[dt.date, list[uuid.UUID]]] = defaultdict(lambda: defaultdict(list))
    for e in existing:
        if e.kept:
            kept_count[e.shift] += 1
            kept_minutes[e.household] += e.minutes
            if e.person is not None:
                busy[e.household][day_of[e.shift]].append(e.person)
    slots = tuple(
        ShiftSlot(
            s.id,
            s.starts_at.date(),
            minute_of(s.starts_at),
            minute_of(s.starts_at) + s.minutes,
            max(0, s.people_needed - kept_count[s.id]),
            frozenset(split_skills(s.skills)) | frozenset(split_skills(c.skills)),
            c.unpopular,
            c.name,
        )
        for s, c in rows
    )
    candidates, idle = [], []
    for owner, name, joined in households:
        spans = tuple(exemptions.get(owner, ()))
        if joined is not None and joined > end:
            continue
        begins = max(start, joined) if joined else start
        target = owed_minutes(rules, begins, end, spans)
        if not workers.get(owner):
            idle.append((owner, name, target))
            continue
        # Before it joins, a household is not planned: treat those days as exempt.
        before = ((start, begins - dt.timedelta(days=1)),) if begins > start else ()
        candidates.append(
            Candidate(
                owner,
                name,
                target,
                tuple(workers[owner]),
                tuple(windows.get(owner, ())),
                spans + before,
                kept_minutes[owner],
                {d: tuple(p) for d, p in busy[owner].items()},
            )
        )
    return Loaded(
        start,
        end,
        slots,
        {s.id: s.people_needed for s, _c in rows},
        tuple(candidates),
        tuple(idle),
        tuple(existing),
        names,
    )
