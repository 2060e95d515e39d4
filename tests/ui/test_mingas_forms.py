"""The Mingas page's forms: new commission and shift, exemption, offset, availability, fines."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from codesign.workspace import Workspace
from models.ledger import LedgerTransaction
from models.tables import Change
from models.work import Availability, Commission, Exemption, Shift
from tests.codesign.work_setup import family, weekly_hours
from ui.context import AppContext
from ui.pages.mingas import MingasPage

if TYPE_CHECKING:
    from conftest import MessageBoxes


_CONTEXTS: list[AppContext] = []


@pytest.fixture(autouse=True)
def _clear_undo() -> Iterator[None]:
    """Clear each page's undo stack while its objects are alive (the stack owns its commands)."""
    yield
    while _CONTEXTS:
        _CONTEXTS.pop().undo_stack.clear()


def make_page(qtbot: QtBot, ws: Workspace) -> MingasPage:
    context = AppContext()
    _CONTEXTS.append(context)
    context.set_workspace(ws)
    page = MingasPage(context)
    qtbot.addWidget(page)
    return page


def count(ws: Workspace, model: type) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_new_commission_and_shift_forms(qtbot: QtBot, coop: Workspace) -> None:
    """The forms add a commission, then a shift on it; the tables show both."""
    page = make_page(qtbot, coop)
    form = page.planning_actions.new_commission()
    assert form is not None
    form.name.setText("Huertos")
    form.unpopular.setChecked(True)
    form.submit()
    assert count(coop, Commission) == 1
    assert page.planning.commissions.model.rowCount() == 1
    shift_form = page.planning_actions.new_shift()
    assert shift_form is not None
    assert shift_form.commission.count() == 1
    shift_form.place.setText("Huerto norte")
    shift_form.submit()
    assert count(coop, Shift) == 1
    assert page.planning.shifts.model.rowCount() == 1


def test_backwards_shift_shows_the_error_and_keeps_the_form(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """A shift ending before it starts is refused in the one error box; nothing is written."""
    from PySide6.QtCore import QTime

    page = make_page(qtbot, coop)
    form = page.planning_actions.new_commission()
    assert form is not None
    form.name.setText("Cocina")
    form.submit()
    shift_form = page.planning_actions.new_shift()
    assert shift_form is not None
    shift_form.start.setTime(QTime(14, 0))
    shift_form.end.setTime(QTime(9, 0))
    before = count(coop, Change)
    message_boxes.expect()
    shift_form.submit()
    assert message_boxes.texts
    assert count(coop, Change) == before
    assert shift_form.result() == 0


def test_exemption_and_offset_for_the_selected_household(qtbot: QtBot, coop: Workspace) -> None:
    """Exemption… records an exemption; Offset balance… brings the balance to zero."""
    weekly_hours(coop, 5, since=dt.date.today() - dt.timedelta(days=28))
    family(coop, "Familia Lema", joined=dt.date.today() - dt.timedelta(days=28))
    page = make_page(qtbot, coop)
    page.balances.table.view.selectRow(0)
    form = page.balance_actions.exemption()
    assert form is not None
    form.submit()
    assert count(coop, Exemption) == 1
    page.balances.table.view.selectRow(0)
    page.balance_actions.offset("acuerdo de asamblea")
    line = page.balances.table.model.record(0)
    assert line.balance == 0


def test_availability_import_lists_bad_rows_and_writes_nothing(
    qtbot: QtBot, coop: Workspace, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """A file with a bad row shows the rows in a box and imports nothing; a good one imports."""
    from ui.work_forms import import_availability_file

    family(coop, "Familia Lema")
    page = make_page(qtbot, coop)
    bad = tmp_path / "mal.csv"
    bad.write_text(
        "familia;dia;desde;hasta\nFamilia Lema;sábado;08:00;12:00\nNadie;lunes;8:00;9:00\n",
        encoding="utf-8",
    )
    message_boxes.expect()
    assert import_availability_file(page.context, page, bad) is None
    assert "3" in message_boxes.texts[0]
    assert count(coop, Availability) == 0
    good = tmp_path / "bien.csv"
    good.write_text("familia;dia;desde;hasta\nFamilia Lema;sábado;08:00;12:00\n", encoding="utf-8")
    assert import_availability_file(page.context, page, good) == 1


def test_fines_proposed_then_posted(qtbot: QtBot, coop: Workspace) -> None:
    """Propose fines makes last month's fines; Post fines writes them to the ledger once."""
    weekly_hours(coop, 5, since=dt.date.today() - dt.timedelta(days=90))
    family(coop, "Familia Lema", joined=dt.date.today() - dt.timedelta(days=90))
    page = make_page(qtbot, coop)
    assert page.balance_actions.propose() == 1
    assert page.balance_actions.post() == 1
    assert page.balance_actions.post() == 0
    assert count(coop, LedgerTransaction) == 1


def test_member_task_and_hours_rule_forms(qtbot: QtBot, coop: Workspace) -> None:
    """Member… adds a person with skills, Task… a task on the shift, Hours rule… a phase."""
    from models.work import CommissionMember, HoursRule, Task

    lema = family(coop, "Familia Lema")
    page = make_page(qtbot, coop)
    commission_form = page.planning_actions.new_commission()
    assert commission_form is not None
    commission_form.name.setText("Electricidad")
    commission_form.skills.setText("electricidad")
    commission_form.submit()
    page.planning.commissions.view.selectRow(0)
    member = page.planning_actions.new_member()
    assert member is not None
    member.person.setCurrentIndex(member.person.findText("Titular Familia Lema — Familia Lema"))
    member.coordinator.setChecked(True)
    member.submit()
    with coop.session() as session:
        row = session.scalars(select(CommissionMember)).one()
    assert (row.person_id, row.skills, row.coordinator) == (lema.person, "electricidad", True)
    assert page.planning.commissions.model.record(0).coordinators == ("Titular Familia Lema",)
    shift_form = page.planning_actions.new_shift()
    assert shift_form is not None
    shift_form.submit()
    page.planning.shifts.view.selectRow(0)
    task = page.planning_actions.new_task()
    assert task is not None
    task.description.setText("Revisar el tablero del bloque B")
    task.submit()
    assert count(coop, Task) == 1
    rule = page.planning_actions.new_rule()
    assert rule is not None
    rule.phase.setText("Construcción")
    rule.hours.setValue(12)
    rule.submit()
    with coop.session() as session:
        saved = session.scalars(select(HoursRule)).one()
    assert (saved.minutes, saved.period, saved.to_date) == (12 * 60, "week", None)


def test_hours_bank_button_carries_last_month_once(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """Hours bank carries last month's extra hours; a second press is refused, nothing written."""
    from codesign.work.obligations import add_adjustment

    weekly_hours(coop, 1, since=dt.date.today() - dt.timedelta(days=120))
    lema = family(coop, "Familia Lema", joined=dt.date.today() - dt.timedelta(days=120))
    last_month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    add_adjustment(coop, lema.household, minutes=100 * 60, on_date=last_month.replace(day=1))
    page = make_page(qtbot, coop)
    assert page.balance_actions.bank() == 1
    before = count(coop, Change)
    message_boxes.expect()
    assert page.balance_actions.bank() is None
    assert message_boxes.texts
    assert count(coop, Change) == before


def test_task_due_by_a_date_when_no_shift_is_selected(qtbot: QtBot, coop: Workspace) -> None:
    """Task… without a selected shift asks for a due date and a commission."""
    from models.work import Task

    page = make_page(qtbot, coop)
    form = page.planning_actions.new_commission()
    assert form is not None
    form.name.setText("Mantenimiento de la escuela")
    form.submit()
    task = page.planning_actions.new_task()
    assert task is not None
    task.description.setText("Pintar el aula 3 antes del inicio de clases")
    task.submit()
    with coop.session() as session:
        saved = session.scalars(select(Task)).one()
    assert saved.shift_id is None
    assert saved.due_on is not None
    assert saved.commission_id is not None


def test_remove_shift_takes_its_plan_but_never_attendance(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """A planned shift goes with its assignments (undo brings them back); a marked one stays."""
    from codesign.work.attendance import Mark, assign_manually, mark_attendance
    from tests.codesign.work_setup import commission, day, shift

    lema = family(coop, "Familia Lema")
    comm = commission(coop)
    today = dt.date.today()
    planned = shift(coop, day(coop, today + dt.timedelta(days=3)), comm, "08:00", "12:00")
    marked = shift(coop, day(coop, today + dt.timedelta(days=4)), comm, "08:00", "12:00")
    assign_manually(coop, planned, lema.household, lema.person)
    _r, row = assign_manually(coop, marked, lema.household, lema.person)
    mark_attendance(coop, row, Mark("absent"))
    page = make_page(qtbot, coop)
    shifts = page.planning.shifts
    shifts.view.selectRow(0)
    page.planning_actions.remove_shift()
    with coop.session() as session:
        live = session.scalars(select(Shift.id).where(Shift.deleted.is_(False))).all()
    assert live == [marked]
    page.context.undo_stack.undo()
    assert shifts.model.rowCount() == 2
    shifts.view.selectRow(1)
    before = count(coop, Change)
    message_boxes.expect()
    page.planning_actions.remove_shift()
    assert message_boxes.texts
    assert count(coop, Change) == before
