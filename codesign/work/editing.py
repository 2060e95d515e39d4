"""Editing what was planned: a commission, a work day, a shift (day, times, people), a task.

Each edit is one journaled update (undo writes the values back) checked like
the creation it corrects. A shift keeps its assignments valid: it never needs
fewer people than are assigned, and once attendance was taken on it its day
and times stay as they were, since the hours credited came from them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.work.common import CommissionId, ShiftId, WorkDayId, join_skills
from codesign.workspace import Workspace
from i18n import N_, ngettext
from i18n import gettext as _
from models.tables import Person
from models.work import Assignment, Commission, CommissionMember, Shift, Task, WorkDay

NAME_MAX = 200


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A person in a commission, for choosing its coordinators."""

    id: uuid.UUID
    person: uuid.UUID
    name: str
    skills: str
    coordinator: bool


def commission_members(ws: Workspace, commission: uuid.UUID) -> tuple[MemberRow, ...]:
    """The live members of ``commission``, by name."""
    with ws.session() as session:
        rows = session.execute(
            select(
                CommissionMember.id,
                CommissionMember.person_id,
                Person.name,
                CommissionMember.skills,
                CommissionMember.coordinator,
            )
            .join(Person, Person.id == CommissionMember.person_id)
            .where(
                CommissionMember.commission_id == commission,
                CommissionMember.deleted.is_(False),
                Person.deleted.is_(False),
            )
            .order_by(Person.name, CommissionMember.id)
        ).all()
    return tuple(MemberRow(*r) for r in rows)


def _changed(row: object, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(row, k) != v}


_MISSING = {
    Commission: N_("no commission {ref}"),
    WorkDay: N_("no work day {ref}"),
    Shift: N_("no shift {ref}"),
    Task: N_("no task {ref}"),
}


_Row = TypeVar("_Row", Commission, WorkDay, Shift, Task)


def _live(w: Writer, model: type[_Row], row_id: uuid.UUID) -> _Row:
    """The row, refused with "no … {ref}" when it does not exist or was removed."""
    found = w.session.get(model, row_id)
    if found is None or found.deleted:
        raise NotFound(_(_MISSING[model]).format(ref=row_id), path=w.ws.label)
    return found


def edit_commission(
    ws: Workspace,
    commission: CommissionId,
    *,
    name: str,
    skills: Iterable[str] | str = (),
    unpopular: bool = False,
    coordinators: Iterable[uuid.UUID] | None = None,
) -> WriteResult:
    """Rename a commission, set its skills and unpopular flag, and who of its members leads it.

    ``coordinators`` (people already in the commission) replaces the current
    ones; None leaves them as they are.
    """
    require(ws, Action.PLAN_WORK)
    if not name.strip():
        raise BadInput(_("a commission needs a name"), path=ws.label)
    if len(name.strip()) > NAME_MAX:
        raise BadInput(
            _("the name is too long ({n} characters; at most {max})").format(
                n=len(name.strip()), max=NAME_MAX
            ),
            path=ws.label,
        )
    with ws.write(_("Edit commission")) as w:
        row = _live(w, Commission, commission)
        values = {
            "name": name.strip(),
            "skills": join_skills(list(skills) if not isinstance(skills, str) else skills),
            "unpopular": unpopular,
        }
        w.update("commission", commission, _changed(row, values))
        if coordinators is not None:
            _set_coordinators(w, commission, set(coordinators))
    return w.result()


def _set_coordinators(w: Writer, commission: uuid.UUID, leads: set[uuid.UUID]) -> None:
    members = w.session.execute(
        select(CommissionMember.id, CommissionMember.person_id, CommissionMember.coordinator).where(
            CommissionMember.commission_id == commission, CommissionMember.deleted.is_(False)
        )
    ).all()
    outsiders = leads - {person for _m, person, _c in members}
    if outsiders:
        name = w.session.scalar(select(Person.name).where(Person.id == min(outsiders)))
        raise BadInput(
            _("{person} is not in the commission; add them as a member first").format(
                person=name or min(outsiders)
            ),
            path=w.ws.label,
        )
    for member, person, coordinator in members:
        if coordinator != (person in leads):
            w.update("commission_member", member, {"coordinator": person in leads})


def edit_shift(
    ws: Workspace,
    shift: ShiftId,
    *,
    start: dt.time,
    end: dt.time,
    people_needed: int,
    skills: Iterable[str] | str = (),
    date: dt.date | None = None,
    place: str | None = None,
) -> WriteResult:
    """Change a shift's times, people needed and skills, or move it to another day or place.

    Assigned people stay on it: a new skill does not take anyone off (the next
    roster plan uses it for the places it fills). Refused: fewer people needed
    than are assigned, and a new day or time once attendance was taken.
    """
    require(ws, Action.PLAN_WORK)
    if people_needed < 1:
        raise BadInput(_("a shift needs at least one person"), path=ws.label)
    with ws.write(_("Edit shift")) as w:
        row = _live(w, Shift, shift)
        day = w.session.get(WorkDay, row.work_day_id)
        assert day is not None
        date = date or day.date
        place = day.place if place is None else place.strip()
        starts, ends = dt.datetime.combine(date, start), dt.datetime.combine(date, end)
        if ends <= starts:
            raise BadInput(_("a shift must end after it starts"), path=ws.label)
        statuses = list(
            w.session.scalars(
                select(Assignment.status).where(
                    Assignment.shift_id == shift, Assignment.deleted.is_(False)
                )
            )
        )
        if people_needed < len(statuses):
            raise BadInput(
                ngettext(
                    "{n} person is assigned to this shift; it cannot need fewer"
                    " (remove an assignment in the roster first)",
                    "{n} people are assigned to this shift; it cannot need fewer"
                    " (remove assignments in the roster first)",
                    len(statuses),
                ).format(n=len(statuses)),
                path=ws.label,
            )
        moved = (starts, ends) != (row.starts_at, row.ends_at) or place != day.place
        if moved and any(status != "planned" for status in statuses):
            raise BadInput(
                _("attendance was taken on this shift; its day, place and times stay as they were"),
                path=ws.label,
            )
        values: dict[str, Any] = {
            "starts_at": starts,
            "ends_at": ends,
            "minutes": int((ends - starts).total_seconds() // 60),
            "people_needed": people_needed,
            "skills": join_skills(list(skills) if not isinstance(skills, str) else skills),
        }
        if (date, place) != (day.date, day.place):
            values["work_day_id"] = _work_day(w, date, place)
        w.update("shift", shift, _changed(row, values))
    return w.result()


def edit_work_day(ws: Workspace, work_day: WorkDayId, *, date: dt.date, place: str) -> WriteResult:
    """Move a whole work day (every shift on it keeps its times) or rename its place.

    Refused once attendance was taken on one of its shifts, and when another
    work day is already at that place on that date (its shifts would be split).
    """
    require(ws, Action.PLAN_WORK)
    place = place.strip()
    with ws.write(_("Edit work day")) as w:
        day = _live(w, WorkDay, work_day)
        if (date, place) == (day.date, day.place):
            return w.result()
        other = w.session.scalar(
            select(WorkDay.id).where(
                WorkDay.date == date,
                WorkDay.place == place,
                WorkDay.deleted.is_(False),
                WorkDay.id != work_day,
            )
        )
        if other is not None:
            raise BadInput(
                _(
                    "there is already a work day at {place} on {date}; move its shifts instead"
                ).format(place=place or "—", date=date.isoformat()),
                path=ws.label,
            )
        shifts = list(
            w.session.scalars(
                select(Shift).where(Shift.work_day_id == work_day, Shift.deleted.is_(False))
            )
        )
        taken = w.session.scalar(
            select(Assignment.id)
            .where(
                Assignment.shift_id.in_([s.id for s in shifts]),
                Assignment.deleted.is_(False),
                Assignment.status != "planned",
            )
            .limit(1)
        )
        if taken is not None and date != day.date:
            raise BadInput(
                _("attendance was taken on this work day; its date stays as it was"),
                path=ws.label,
            )
        w.update("work_day", work_day, _changed(day, {"date": date, "place": place}))
        shift_by = date - day.date
        if shift_by:
            for row in shifts:
                w.update(
                    "shift",
                    row.id,
                    {"starts_at": row.starts_at + shift_by, "ends_at": row.ends_at + shift_by},
                )
    return w.result()


def _work_day(w: Writer, date: dt.date, place: str) -> uuid.UUID:
    """The live work day on ``date`` at ``place``, made when there is none (as when adding)."""
    found = w.session.scalar(
        select(WorkDay.id).where(
            WorkDay.date == date, WorkDay.place == place, WorkDay.deleted.is_(False)
        )
    )
    if found is not None:
        return found
    return w.insert("work_day", {"date": date, "place": place, "commissions": ""})


def edit_task(
    ws: Workspace,
    task: uuid.UUID,
    *,
    description: str,
    shift: ShiftId | None = None,
    due_on: dt.date | None = None,
    commission: CommissionId | None = None,
) -> WriteResult:
    """Change a task's text, and tie it to a shift or give it a due date instead."""
    require(ws, Action.PLAN_WORK)
    if not description.strip():
        raise BadInput(_("a task needs a description"), path=ws.label)
    if shift is None and due_on is None:
        raise BadInput(_("a task needs a shift or a due date"), path=ws.label)
    with ws.write(_("Edit task")) as w:
        row = _live(w, Task, task)
        if shift is not None:
            commission, due_on = CommissionId(_live(w, Shift, shift).commission_id), None
        elif commission is not None:
            _live(w, Commission, commission)
        values = {
            "description": description.strip(),
            "shift_id": shift,
            "due_on": due_on,
            "commission_id": commission if commission is not None else row.commission_id,
        }
        w.update("task", task, _changed(row, values))
    return w.result()
