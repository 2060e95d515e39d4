"""Attendance on site and hand edits of the roster.

A mark is a journaled update of the assignment (so a correction is another
update, and sync keeps both laptops' marks); the minutes credited follow
from the status and the check-in and check-out times.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.work.common import AssignmentId, ShiftId
from codesign.workspace import Workspace
from i18n import gettext as _
from models.tables import Person
from models.work import ASSIGNMENT_STATUSES, WORKED_STATUSES, Assignment, Shift


@dataclass(frozen=True, slots=True)
class Mark:
    """What the coordinator records for one assignment on site."""

    status: str
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None
    substitute: uuid.UUID | None = None
    substitute_name: str = ""


def credited_minutes(status: str, shift_minutes: int, mark: Mark) -> int:
    """The work a mark credits: check-out minus check-in, else the shift's length."""
    if status not in WORKED_STATUSES:
        return 0
    if mark.check_in is not None and mark.check_out is not None:
        return max(0, int((mark.check_out - mark.check_in).total_seconds() // 60))
    return shift_minutes


def _assignment(w: Writer, row: uuid.UUID) -> tuple[Assignment, Shift]:
    found = w.session.get(Assignment, row)
    if found is None or found.deleted:
        raise NotFound(_("no assignment {ref}").format(ref=row), path=w.ws.label)
    shift = w.session.get(Shift, found.shift_id)
    assert shift is not None
    return found, shift


def _check_mark(ws: Workspace, mark: Mark) -> None:
    if mark.status not in ASSIGNMENT_STATUSES:
        raise BadInput(_("unknown status {status}").format(status=mark.status), path=ws.label)
    if mark.check_in and mark.check_out and mark.check_out < mark.check_in:
        raise BadInput(_("check-out is before check-in"), path=ws.label)
    if mark.status == "substitute" and mark.substitute is None and not mark.substitute_name.strip():
        raise BadInput(_("name the person who worked instead"), path=ws.label)


def mark_attendance(ws: Workspace, assignment: AssignmentId, mark: Mark) -> WriteResult:
    """Record present, absent, excused or substitute, with check-in and check-out."""
    require(ws, Action.PLAN_WORK)
    _check_mark(ws, mark)
    with ws.write(_("Take attendance")) as w:
        row, shift = _assignment(w, assignment)
        if mark.substitute is not None and w.session.get(Person, mark.substitute) is None:
            raise NotFound(_("no person {ref}").format(ref=mark.substitute), path=ws.label)
        values = {
            "status": mark.status,
            "check_in": mark.check_in,
            "check_out": mark.check_out,
            "substitute_id": mark.substitute if mark.status == "substitute" else None,
            "substitute_name": mark.substitute_name.strip() if mark.status == "substitute" else "",
            "minutes": credited_minutes(mark.status, shift.minutes, mark),
        }
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        w.update("assignment", assignment, changed)
    return w.result()


def set_locked(ws: Workspace, assignment: AssignmentId, locked: bool) -> WriteResult:
    """Lock an assignment so a re-run of the roster keeps it."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Lock assignment") if locked else _("Unlock assignment")) as w:
        row, _shift = _assignment(w, assignment)
        if row.locked != locked:
            w.update("assignment", assignment, {"locked": locked})
    return w.result()


def assign_manually(
    ws: Workspace, shift: ShiftId, household: uuid.UUID, person: uuid.UUID | None = None
) -> tuple[WriteResult, AssignmentId]:
    """Put a household (and one of its people) on a shift by hand; re-runs keep it."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Assign by hand")) as w:
        found = w.session.get(Shift, shift)
        if found is None or found.deleted:
            raise NotFound(_("no shift {ref}").format(ref=shift), path=ws.label)
        _check_person(w, household, person)
        new = w.insert(
            "assignment",
            {
                "shift_id": shift,
                "household_id": household,
                "person_id": person,
                "status": "planned",
                "manual": True,
            },
        )
    return w.result(), AssignmentId(new)


def _check_person(w: Writer, household: uuid.UUID, person: uuid.UUID | None) -> None:
    if person is None:
        return
    owner = w.session.scalar(select(Person.household_id).where(Person.id == person))
    if owner != household:
        raise BadInput(_("that person is not in the household"), path=w.ws.label)


def reassign(
    ws: Workspace, assignment: AssignmentId, household: uuid.UUID, person: uuid.UUID | None
) -> WriteResult:
    """Change who works an assignment; it becomes a manual change that re-runs keep."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Change assignment")) as w:
        _row, _shift = _assignment(w, assignment)
        _check_person(w, household, person)
        w.update(
            "assignment",
            assignment,
            {"household_id": household, "person_id": person, "manual": True},
        )
    return w.result()


def unassign(ws: Workspace, assignment: AssignmentId) -> WriteResult:
    """Take an assignment off the roster (journaled; can be undone)."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Remove assignment")) as w:
        _assignment(w, assignment)
        w.remove("assignment", assignment)
    return w.result()
