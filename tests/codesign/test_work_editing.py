"""Editing commissions, shifts and tasks: checked like creation, assignments kept valid, undone."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.journal.undo import undo_group
from codesign.people.service import add_person, set_passphrase
from codesign.work.attendance import Mark, assign_manually, mark_attendance
from codesign.work.editing import commission_members, edit_commission, edit_shift, edit_task
from codesign.work.planning import add_member, add_task
from codesign.work.queries import commission_rows, shift_rows, task_rows
from codesign.workspace import Workspace
from models.ids import PersonId
from models.tables import Change
from models.work import Shift, Task, WorkDay
from tests.codesign.work_setup import MONDAY, commission, day, family, shift


def changes(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def _shift(ws: Workspace, shift_id: uuid.UUID) -> Shift:
    with ws.session() as session:
        row = session.get(Shift, shift_id)
        assert row is not None
        return row


def test_commission_name_skills_and_coordinators_change_and_undo(coop: Workspace) -> None:
    """A commission is renamed, its skills set, a member made coordinator; undo restores it all."""
    lema, pena = family(coop, "Familia Lema"), family(coop, "Familia Peña")
    comm = commission(coop, "Construccion", skills="albañilería")
    add_member(coop, comm, PersonId(lema.person), coordinator=True)
    add_member(coop, comm, PersonId(pena.person))
    result = edit_commission(
        coop,
        comm,
        name=" Construcción ",
        skills="Electricidad, albañilería",
        unpopular=True,
        coordinators=[pena.person],
    )
    (row,) = commission_rows(coop)
    assert (row.name, row.skills, row.unpopular) == (
        "Construcción",
        "albañilería, electricidad",
        True,
    )
    assert row.coordinators == ("Titular Familia Peña",)
    undo_group(coop, result.group)
    (row,) = commission_rows(coop)
    assert (row.name, row.skills, row.unpopular) == ("Construccion", "albañilería", False)
    assert row.coordinators == ("Titular Familia Lema",)
    assert [m.coordinator for m in commission_members(coop, comm)] == [True, False]


def test_commission_edits_are_refused_like_creation(coop: Workspace) -> None:
    """No name, an outsider as coordinator, an unknown commission, a member: refused, no write."""
    outsider = family(coop, "Familia Quispe")
    comm = commission(coop, "Cocina")
    before = changes(coop)
    with pytest.raises(BadInput, match="nombre"):
        edit_commission(coop, comm, name="  ")
    with pytest.raises(BadInput, match="Titular Familia Quispe"):
        edit_commission(coop, comm, name="Cocina", coordinators=[outsider.person])
    with pytest.raises(NotFound):
        edit_commission(coop, uuid.uuid4(), name="Cocina")  # type: ignore[arg-type]
    _r, boss = add_person(coop, name="Coordinadora", roles=("member", "coordinator"))
    _r, member = add_person(coop, name="Socio", roles=("member",))
    set_passphrase(coop, boss.person, "clave")
    coop.actor = member.person
    after_setup = changes(coop)
    with pytest.raises(NotPermitted):
        edit_commission(coop, comm, name="Cocina comunitaria")
    assert changes(coop) == after_setup
    assert after_setup > before  # only the people and the passphrase were written


def test_shift_times_people_and_skills_change_with_assignments_kept(coop: Workspace) -> None:
    """A shift with two assigned gets new times, 3 people and a skill; both stay assigned."""
    lema, pena = family(coop, "Familia Lema"), family(coop, "Familia Peña")
    comm = commission(coop)
    s = shift(coop, day(coop), comm, "08:00", "12:00", needed=2)
    for who in (lema, pena):
        assign_manually(coop, s, who.household, who.person)
    result = edit_shift(
        coop, s, start=dt.time(9), end=dt.time(13, 30), people_needed=3, skills="Pintura"
    )
    row = _shift(coop, s)
    assert (row.starts_at, row.ends_at, row.minutes) == (
        dt.datetime.combine(MONDAY, dt.time(9)),
        dt.datetime.combine(MONDAY, dt.time(13, 30)),
        270,
    )
    assert (row.people_needed, row.skills) == (3, "pintura")
    (listed,) = shift_rows(coop)
    assert listed.assigned == 2
    undo_group(coop, result.group)
    row = _shift(coop, s)
    assert (row.starts_at.hour, row.minutes, row.people_needed, row.skills) == (8, 240, 2, "")


def test_shift_needs_no_fewer_people_than_assigned(coop: Workspace) -> None:
    """Reducing people needed below those assigned is refused, naming how many; nothing written."""
    lema, pena = family(coop, "Familia Lema"), family(coop, "Familia Peña")
    s = shift(coop, day(coop), commission(coop), "08:00", "12:00", needed=3)
    for who in (lema, pena):
        assign_manually(coop, s, who.household, who.person)
    before = changes(coop)
    with pytest.raises(BadInput, match="2 personas"):
        edit_shift(coop, s, start=dt.time(8), end=dt.time(12), people_needed=1)
    with pytest.raises(BadInput, match="al menos una"):
        edit_shift(coop, s, start=dt.time(8), end=dt.time(12), people_needed=0)
    with pytest.raises(BadInput, match="termin"):
        edit_shift(coop, s, start=dt.time(12), end=dt.time(8), people_needed=3)
    assert changes(coop) == before
    edit_shift(coop, s, start=dt.time(8), end=dt.time(12), people_needed=2)
    assert _shift(coop, s).people_needed == 2


def test_attended_shift_keeps_day_and_times_but_takes_other_edits(coop: Workspace) -> None:
    """After attendance, new times or a new day are refused; people and skills still change."""
    lema = family(coop, "Familia Lema")
    s = shift(coop, day(coop), commission(coop), "08:00", "12:00", needed=2)
    _r, assignment = assign_manually(coop, s, lema.household, lema.person)
    mark_attendance(coop, assignment, Mark("present"))
    before = changes(coop)
    with pytest.raises(BadInput, match="asistencia"):
        edit_shift(coop, s, start=dt.time(9), end=dt.time(12), people_needed=2)
    with pytest.raises(BadInput, match="asistencia"):
        edit_shift(
            coop, s, start=dt.time(8), end=dt.time(12), people_needed=2, date=MONDAY.replace(day=3)
        )
    assert changes(coop) == before
    edit_shift(coop, s, start=dt.time(8), end=dt.time(12), people_needed=4, skills="pintura")
    assert (_shift(coop, s).people_needed, _shift(coop, s).skills) == (4, "pintura")


def test_shift_moves_to_another_day_and_place(coop: Workspace) -> None:
    """A new date and place put the shift on that work day (made if missing); undo moves it back."""
    s = shift(coop, day(coop), commission(coop), "08:00", "12:00")
    saturday = MONDAY + dt.timedelta(days=5)
    result = edit_shift(
        coop, s, start=dt.time(8), end=dt.time(12), people_needed=1, date=saturday, place="Huerto"
    )
    row = _shift(coop, s)
    with coop.session() as session:
        moved_to = session.get(WorkDay, row.work_day_id)
        assert moved_to is not None
        assert (moved_to.date, moved_to.place) == (saturday, "Huerto")
    assert row.starts_at == dt.datetime.combine(saturday, dt.time(8))
    undo_group(coop, result.group)
    (listed,) = shift_rows(coop)
    assert (listed.starts_at.date(), listed.place) == (MONDAY, "Obra")


def test_task_text_due_date_and_shift_change(coop: Workspace) -> None:
    """A task moves from a due date to a shift (taking its commission) and back; undo restores."""
    kitchen, works = commission(coop, "Cocina"), commission(coop, "Construcción")
    s = shift(coop, day(coop), works, "08:00", "12:00")
    _r, task = add_task(
        coop, description="Comprar arena", due_on=dt.date(2026, 3, 10), commission=kitchen
    )
    first = edit_task(coop, task, description="Comprar arena fina", shift=s)
    (row,) = task_rows(coop)
    assert (row.description, row.shift, row.commission, row.due) == (
        "Comprar arena fina",
        s,
        "Construcción",
        None,
    )
    edit_task(coop, task, description="Comprar arena fina", due_on=dt.date(2026, 3, 20))
    (row,) = task_rows(coop)
    assert (row.shift, row.due, row.commission) == (None, dt.date(2026, 3, 20), "Construcción")
    before = changes(coop)
    with pytest.raises(BadInput, match="descripción"):
        edit_task(coop, task, description=" ", due_on=dt.date(2026, 3, 20))
    with pytest.raises(BadInput, match="turno o una fecha"):
        edit_task(coop, task, description="Arena")
    with pytest.raises(NotFound):
        edit_task(coop, task, description="Arena", shift=uuid.uuid4())  # type: ignore[arg-type]
    assert changes(coop) == before
    undo_group(coop, first.group)
    with coop.session() as session:
        found = session.get(Task, task)
        assert found is not None
        assert (found.description, found.shift_id) == ("Comprar arena", None)


def test_an_edit_that_changes_nothing_writes_nothing(coop: Workspace) -> None:
    """Saving a form unchanged adds no change to the journal."""
    comm = commission(coop, "Cocina", skills="cocina")
    s = shift(coop, day(coop), comm, "08:00", "12:00", needed=2)
    before = changes(coop)
    assert not edit_commission(coop, comm, name="Cocina", skills="cocina").rows
    assert not edit_shift(coop, s, start=dt.time(8), end=dt.time(12), people_needed=2).rows
    assert changes(coop) == before


def test_work_day_moves_with_its_shifts_and_undo_moves_it_back(coop: Workspace) -> None:
    """A new date moves every shift of the day, times kept; a new place renames it; undo."""
    from codesign.work.editing import edit_work_day

    comm = commission(coop)
    monday = day(coop)
    shift(coop, monday, comm, "08:00", "12:00")
    shift(coop, monday, comm, "14:00", "18:00")
    tuesday = MONDAY + dt.timedelta(days=1)
    result = edit_work_day(coop, monday, date=tuesday, place=" Obra bloque B ")
    assert [(r.starts_at, r.place) for r in shift_rows(coop)] == [
        (dt.datetime.combine(tuesday, dt.time(8)), "Obra bloque B"),
        (dt.datetime.combine(tuesday, dt.time(14)), "Obra bloque B"),
    ]
    undo_group(coop, result.group)
    assert [(r.starts_at.date(), r.place) for r in shift_rows(coop)] == [(MONDAY, "Obra")] * 2


def test_work_day_moves_are_refused_after_attendance_or_onto_another_day(coop: Workspace) -> None:
    """Attendance taken keeps the date (the place may be renamed); a clash with a day is refused."""
    from codesign.work.editing import edit_work_day

    lema = family(coop, "Familia Lema")
    comm = commission(coop)
    monday = day(coop)
    s = shift(coop, monday, comm, "08:00", "12:00")
    day(coop, MONDAY + dt.timedelta(days=2), "Obra")
    _r, assignment = assign_manually(coop, s, lema.household, lema.person)
    before = changes(coop)
    with pytest.raises(BadInput, match="ya hay una jornada"):
        edit_work_day(coop, monday, date=MONDAY + dt.timedelta(days=2), place="Obra")
    mark_attendance(coop, assignment, Mark("present"))
    after_mark = changes(coop)
    assert after_mark == before + 1
    with pytest.raises(BadInput, match="asistencia"):
        edit_work_day(coop, monday, date=MONDAY + dt.timedelta(days=1), place="Obra")
    with pytest.raises(NotFound):
        edit_work_day(coop, uuid.uuid4(), date=MONDAY, place="Obra")  # type: ignore[arg-type]
    assert changes(coop) == after_mark
    edit_work_day(coop, monday, date=MONDAY, place="Obra bloque B")
    (row,) = shift_rows(coop)
    assert (row.starts_at.date(), row.place) == (MONDAY, "Obra bloque B")
