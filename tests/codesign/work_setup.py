"""Small cooperatives for the work tests, built through the services (journaled)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from codesign.people.service import add_household, add_person
from codesign.work.availability import Window, add_availability
from codesign.work.common import CommissionId, ShiftId, WorkDayId
from codesign.work.obligations import add_hours_rule
from codesign.work.planning import add_commission, add_member, add_shift, add_work_day
from codesign.workspace import Workspace

MONDAY = dt.date(2026, 3, 2)


@dataclass(frozen=True, slots=True)
class Family:
    """A household and its one adult."""

    household: uuid.UUID
    person: uuid.UUID
    name: str


def family(ws: Workspace, name: str, *, joined: dt.date = dt.date(2025, 1, 1)) -> Family:
    """A household with one adult, joined long ago."""
    _r, household = add_household(ws, name=name, joined_on=joined)
    _r, added = add_person(ws, name=f"Titular {name}", household=str(household), birth_year=1980)
    return Family(household, added.person, name)


def commission(
    ws: Workspace, name: str = "Construcción", *, skills: str = "", unpopular: bool = False
) -> CommissionId:
    """A commission."""
    return add_commission(ws, name=name, skills=skills, unpopular=unpopular)[1]


def day(ws: Workspace, date: dt.date = MONDAY, place: str = "Obra") -> WorkDayId:
    """A work day."""
    return add_work_day(ws, date=date, place=place)[1]


def shift(
    ws: Workspace,
    work_day: WorkDayId,
    comm: CommissionId,
    start: str,
    end: str,
    *,
    needed: int = 1,
    skills: str = "",
) -> ShiftId:
    """A shift from ``start`` to ``end`` (HH:MM)."""
    return add_shift(
        ws,
        work_day,
        comm,
        start=dt.time.fromisoformat(start),
        end=dt.time.fromisoformat(end),
        people_needed=needed,
        skills=skills,
    )[1]


def weekly_hours(ws: Workspace, hours: int, since: dt.date = dt.date(2025, 1, 1)) -> None:
    """Every household owes ``hours`` a week from ``since``."""
    add_hours_rule(ws, hours=hours, period="week", from_date=since, phase="Construcción")


def skilled(ws: Workspace, comm: CommissionId, who: Family, skills: str) -> None:
    """Give ``who`` the skills through a commission membership."""
    add_member(ws, comm, who.person, skills=skills)  # type: ignore[arg-type]


def available(ws: Workspace, who: Family, weekday: int, start: int, end: int) -> None:
    """``who`` can work on ``weekday`` from ``start`` to ``end`` (minutes)."""
    add_availability(ws, [Window(who.household, weekday, None, start, end)])
