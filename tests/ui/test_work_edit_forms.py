"""The planning forms in edit mode: commission, shift and task, refusals shown, undo restores."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from codesign.work.attendance import assign_manually
from codesign.work.planning import add_member, add_task
from codesign.workspace import Workspace
from models.ids import PersonId
from models.tables import Change
from models.work import Shift, Task
from tests.codesign.work_setup import commission, day, family, shift
from tests.ui.work_page import clear_undo, make_page  # noqa: F401 - clear_undo is autouse
from ui.work_edit_forms import TaskEditForm

if TYPE_CHECKING:
    from conftest import MessageBoxes

TODAY = dt.date.today()
MONDAY = TODAY + dt.timedelta(days=7 - TODAY.weekday())


@pytest.fixture
def planned(coop: Workspace) -> Workspace:
    """A commission with two members, next Monday's shift with both assigned, a task due."""
    lema, pena = family(coop, "Familia Lema"), family(coop, "Familia Peña")
    comm = commission(coop, "Construcción", skills="albañilería")
    add_member(coop, comm, PersonId(lema.person), coordinator=True)
    add_member(coop, comm, PersonId(pena.person))
    s = shift(coop, day(coop, MONDAY), comm, "08:00", "12:00", needed=2)
    for who in (lema, pena):
        assign_manually(coop, s, who.household, who.person)
    commission(coop, "Cocina")  # listed first: the forms must pick the row's own commission
    add_task(
        coop, description="Comprar arena", due_on=MONDAY + dt.timedelta(days=3), commission=comm
    )
    return coop


def changes(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_commission_form_edits_name_and_coordinators_and_undo_restores(
    qtbot: QtBot, planned: Workspace
) -> None:
    """Edit commission… is filled in; a new name and coordinator show in the table; undo."""
    page = make_page(qtbot, planned, "planning")
    page.planning.commissions.view.selectRow(1)  # Cocina, then Construcción
    form = page.planning_actions.edit_commission()
    assert form is not None
    assert form.windowTitle() == "Editar la comisión Construcción"
    assert (form.name.text(), form.skills.text()) == ("Construcción", "albañilería")
    assert form.coordinators() != ()
    for row in range(form.leads.rowCount()):
        item = form.leads.item(row)
        checked = item.text() == "Titular Familia Peña"
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    form.name.setText("Obra gruesa")
    form.submit()
    row = next(r for r in page.planning.commissions.model.records() if r.name != "Cocina")
    assert (row.name, row.coordinators) == ("Obra gruesa", ("Titular Familia Peña",))
    assert page.context.undo_stack.undoText() == "Editar comisión"
    page.context.undo_stack.undo()
    row = next(r for r in page.planning.commissions.model.records() if r.name != "Cocina")
    assert (row.name, row.coordinators) == ("Construcción", ("Titular Familia Lema",))


def test_shift_form_refuses_fewer_people_than_assigned_then_saves(
    qtbot: QtBot, planned: Workspace, message_boxes: MessageBoxes
) -> None:
    """Editing a shift says who stays; fewer people than assigned is refused, the form stays."""
    page = make_page(qtbot, planned, "planning")
    page.planning.shifts.view.selectRow(0)
    form = page.planning_actions.edit_shift()
    assert form is not None
    form.show()
    assert "2 personas asignadas" in form.note.text()
    assert not form.commission.isEnabled()
    assert (form.commission.currentText(), form.commission.count()) == ("Construcción", 2)
    before = changes(planned)
    form.people.setValue(1)
    message_boxes.expect()
    form.submit()
    assert "2 personas" in message_boxes.texts[0]
    assert form.isVisible()
    assert changes(planned) == before
    form.people.setValue(3)
    form.start.setTime(QTime(9, 0))
    form.skills.setText("Pintura")
    form.submit()
    (row,) = page.planning.shifts.model.records()
    assert (row.starts_at.hour, row.needed, row.assigned, row.skills) == (9, 3, 2, "pintura")
    page.context.undo_stack.undo()
    with planned.session() as session:
        found = session.scalars(select(Shift)).one()
    assert (found.starts_at.hour, found.people_needed, found.skills) == (8, 2, "")


def test_task_form_moves_a_task_onto_a_shift_by_double_click(
    qtbot: QtBot, planned: Workspace
) -> None:
    """Double-clicking a task opens its form; choosing a shift ties the task to it."""
    page = make_page(qtbot, planned, "planning")
    tasks = page.planning.tasks
    assert tasks.proxy.rowCount() == 1
    tasks.view.selectRow(0)
    tasks.view.doubleClicked.emit(tasks.proxy.index(0, 0))
    (form,) = page.findChildren(TaskEditForm)
    assert form.description.text() == "Comprar arena"
    assert form.due.isEnabled()
    assert form.commission.currentText() == "Construcción"
    form.on_shift.setCurrentIndex(1)
    assert not form.due.isEnabled()
    form.description.setText("Comprar arena fina")
    form.submit()
    (row,) = tasks.model.records()
    assert (row.description, row.commission) == ("Comprar arena fina", "Construcción")
    assert row.starts_at is not None and row.starts_at.date() == MONDAY
    page.context.undo_stack.undo()
    with planned.session() as session:
        found = session.scalars(select(Task)).one()
    assert (found.description, found.shift_id) == ("Comprar arena", None)


def test_saving_an_unchanged_form_adds_nothing_to_undo(qtbot: QtBot, planned: Workspace) -> None:
    """OK on an untouched edit form writes nothing and leaves the undo stack empty."""
    page = make_page(qtbot, planned, "planning")
    page.planning.shifts.view.selectRow(0)
    form = page.planning_actions.edit_shift()
    assert form is not None
    before = changes(planned)
    form.submit()
    assert changes(planned) == before
    assert page.context.undo_stack.count() == 0


def test_work_day_form_moves_the_day(qtbot: QtBot, planned: Workspace) -> None:
    """Edit work day… moves the selected shift's day with its shifts; undo moves it back."""
    from ui.work_tabs import qdate

    page = make_page(qtbot, planned, "planning")
    page.planning.shifts.view.selectRow(0)
    form = page.planning_actions.edit_work_day()
    assert form is not None
    assert form.place.text() == "Obra"
    form.date.setDate(qdate(MONDAY + dt.timedelta(days=1)))
    form.place.setText("Obra bloque B")
    form.submit()
    (row,) = page.planning.shifts.model.records()
    assert (row.starts_at.date(), row.starts_at.hour, row.place, row.assigned) == (
        MONDAY + dt.timedelta(days=1),
        8,
        "Obra bloque B",
        2,
    )
    page.context.undo_stack.undo()
    (row,) = page.planning.shifts.model.records()
    assert (row.starts_at.date(), row.place) == (MONDAY, "Obra")
