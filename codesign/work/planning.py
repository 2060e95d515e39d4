"""Commissions and their members; work days, shifts and tasks.

Each call is one journaled write and needs the coordinator (or set-up mode).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.work.common import CommissionId, ShiftId, WorkDayId, join_skills
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ids import PersonId
from models.work import Commission, CommissionMember, Shift, WorkDay


def _live(w: Writer, model: type[Commission] | type[WorkDay] | type[Shift], row: uuid.UUID) -> None:
    found = w.session.get(model, row)
    if found is None or bool(getattr(found, "deleted", True)):
        raise NotFound(_("no such row {ref}").format(ref=row), path=w.ws.label)


def add_commission(
    ws: Workspace,
    *,
    name: str,
    skills: Iterable[str] | str = (),
    unpopular: bool = False,
    description: str = "",
) -> tuple[WriteResult, CommissionId]:
    """A new commission; ``unpopular`` ones are spread evenly by the roster."""
    require(ws, Action.PLAN_WORK)
    if not name.strip():
        raise BadInput(_("a commission needs a name"), path=ws.label)
    with ws.write(_("Add commission")) as w:
        new = w.insert(
            "commission",
            {
                "name": name.strip(),
                "skills": join_skills(list(skills) if not isinstance(skills, str) else skills),
                "unpopular": unpopular,
                "description": description.strip(),
            },
        )
    return w.result(), CommissionId(new)


def add_member(
    ws: Workspace,
    commission: CommissionId,
    person: PersonId,
    *,
    skills: Iterable[str] | str = (),
    coordinator: bool = False,
) -> tuple[WriteResult, uuid.UUID]:
    """Put a person in a commission with the skills they bring."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Add commission member")) as w:
        _live(w, Commission, commission)
        already = w.session.scalar(
            select(CommissionMember.id).where(
                CommissionMember.commission_id == commission,
                CommissionMember.person_id == person,
                CommissionMember.deleted.is_(False),
            )
        )
        if already is not None:
            raise BadInput(_("that person is already in the commission"), path=ws.label)
        new = w.insert(
            "commission_member",
            {
                "commission_id": commission,
                "person_id": person,
                "skills": join_skills(list(skills) if not isinstance(skills, str) else skills),
                "coordinator": coordinator,
            },
        )
    return w.result(), new


def remove_member(ws: Workspace, member: uuid.UUID) -> WriteResult:
    """Take a person out of a commission (journaled; can be undone)."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Remove commission member")) as w:
        w.remove("commission_member", member)
    return w.result()


def add_work_day(
    ws: Workspace, *, date: dt.date, place: str = "", commissions: Iterable[str] = ()
) -> tuple[WriteResult, WorkDayId]:
    """A day of collective work at ``place``."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Add work day")) as w:
        new = w.insert(
            "work_day",
            {"date": date, "place": place.strip(), "commissions": ", ".join(commissions)},
        )
    return w.result(), WorkDayId(new)


def add_shift(
    ws: Workspace,
    work_day: WorkDayId,
    commission: CommissionId,
    *,
    start: dt.time,
    end: dt.time,
    people_needed: int = 1,
    skills: Iterable[str] | str = (),
) -> tuple[WriteResult, ShiftId]:
    """A shift of ``commission`` on ``work_day`` from ``start`` to ``end``."""
    require(ws, Action.PLAN_WORK)
    if people_needed < 1:
        raise BadInput(_("a shift needs at least one person"), path=ws.label)
    with ws.write(_("Add shift")) as w:
        day = w.session.get(WorkDay, work_day)
        if day is None or day.deleted:
            raise NotFound(_("no work day {ref}").format(ref=work_day), path=ws.label)
        _live(w, Commission, commission)
        starts = dt.datetime.combine(day.date, start)
        ends = dt.datetime.combine(day.date, end)
        if ends <= starts:
            raise BadInput(_("a shift must end after it starts"), path=ws.label)
        new = w.insert(
            "shift",
            {
                "work_day_id": work_day,
                "commission_id": commission,
                "starts_at": starts,
                "ends_at": ends,
                "minutes": int((ends - starts).total_seconds() // 60),
                "people_needed": people_needed,
                "skills": join_skills(list(skills) if not isinstance(skills, str) else skills),
            },
        )
    return w.result(), ShiftId(new)


def schedule_shift(
    ws: Workspace,
    *,
    date: dt.date,
    place: str,
    commission: CommissionId,
    start: dt.time,
    end: dt.time,
    people_needed: int = 1,
    skills: Iterable[str] | str = (),
) -> tuple[WriteResult, ShiftId]:
    """A shift on ``date`` at ``place``, on that day's work day (made when there is none)."""
    require(ws, Action.PLAN_WORK)
    if people_needed < 1:
        raise BadInput(_("a shift needs at least one person"), path=ws.label)
    starts, ends = dt.datetime.combine(date, start), dt.datetime.combine(date, end)
    if ends <= starts:
        raise BadInput(_("a shift must end after it starts"), path=ws.label)
    with ws.write(_("Add shift")) as w:
        _live(w, Commission, commission)
        day = w.session.scalar(
            select(WorkDay.id).where(
                WorkDay.date == date, WorkDay.place == place.strip(), WorkDay.deleted.is_(False)
            )
        )
        if day is None:
            day = w.insert("work_day", {"date": date, "place": place.strip(), "commissions": ""})
        new = w.insert(
            "shift",
            {
                "work_day_id": day,
                "commission_id": commission,
                "starts_at": starts,
                "ends_at": ends,
                "minutes": int((ends - starts).total_seconds() // 60),
                "people_needed": people_needed,
                "skills": join_skills(list(skills) if not isinstance(skills, str) else skills),
            },
        )
    return w.result(), ShiftId(new)


def remove_shift(ws: Workspace, shift: ShiftId) -> WriteResult:
    """Take a shift off the plan with its planned assignments; attendance already taken stays."""
    from models.work import Assignment

    require(ws, Action.PLAN_WORK)
    with ws.write(_("Remove shift")) as w:
        _live(w, Shift, shift)
        rows = w.session.execute(
            select(Assignment.id, Assignment.status).where(
                Assignment.shift_id == shift, Assignment.deleted.is_(False)
            )
        ).all()
        if any(status != "planned" for _row, status in rows):
            raise BadInput(
                _("attendance was taken on this shift; it stays in the record"), path=ws.label
            )
        for row, _status in rows:
            w.remove("assignment", row)
        w.remove("shift", shift)
    return w.result()


def add_task(
    ws: Workspace,
    *,
    description: str,
    shift: ShiftId | None = None,
    due_on: dt.date | None = None,
    commission: CommissionId | None = None,
) -> tuple[WriteResult, uuid.UUID]:
    """A task tied to a shift, or due by a date."""
    require(ws, Action.PLAN_WORK)
    if not description.strip():
        raise BadInput(_("a task needs a description"), path=ws.label)
    if shift is None and due_on is None:
        raise BadInput(_("a task needs a shift or a due date"), path=ws.label)
    with ws.write(_("Add task")) as w:
        if shift is not None:
            found = w.session.get(Shift, shift)
            if found is None or found.deleted:
                raise NotFound(_("no shift {ref}").format(ref=shift), path=ws.label)
            commission = commission or CommissionId(found.commission_id)
        new = w.insert(
            "task",
            {
                "description": description.strip(),
                "shift_id": shift,
                "due_on": due_on,
                "commission_id": commission,
            },
        )
    return w.result(), new
