"""The Mingas page: planning off the UI thread, the roster, check-in marks, balances, exports."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from codesign.people.service import add_person, set_passphrase
from codesign.work.attendance import assign_manually
from codesign.workspace import Workspace
from models.tables import Change
from tests.codesign.work_setup import commission, day, family, shift, weekly_hours
from ui.context import AppContext
from ui.pages.mingas import MingasPage

if TYPE_CHECKING:
    from conftest import MessageBoxes

TODAY = dt.date.today()
MONDAY = TODAY + dt.timedelta(days=7 - TODAY.weekday())


@pytest.fixture
def mingas(coop: Workspace) -> Workspace:
    """Three households owing 4 h a week, shifts next week and one today."""
    weekly_hours(coop, 4, since=TODAY - dt.timedelta(days=30))
    people = [
        family(coop, n, joined=TODAY - dt.timedelta(days=30))
        for n in ("Familia Lema", "Familia Peña", "Familia Quispe")
    ]
    comm = commission(coop, "Construcción")
    for offset in range(3):
        shift(coop, day(coop, MONDAY + dt.timedelta(days=offset)), comm, "08:00", "12:00")
    today_shift = shift(coop, day(coop, TODAY), comm, "08:00", "12:00", needed=2)
    assign_manually(coop, today_shift, people[0].household, people[0].person)
    return coop


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
    page.resize(1300, 800)
    return page


def changes(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_page_opens_in_spanish_with_balances_and_states(qtbot: QtBot, mingas: Workspace) -> None:
    """The tabs speak Spanish; every household has a balance line with its state."""
    page = make_page(qtbot, mingas)
    assert page.tabs.tabText(0) == "Turnos"
    assert page.tabs.tabText(2) == "Saldos"
    model = page.balances.table.model
    assert model.rowCount() == 3
    states = {model.index(r, 6).data() for r in range(3)}
    assert all(text.endswith(("al día", "alerta", "suspendida")) for text in states)


def test_planning_runs_off_the_ui_thread_and_explains_itself(
    qtbot: QtBot, mingas: Workspace
) -> None:
    """Plan roster fills next week's shifts; the roster shows them; each household explains."""
    page = make_page(qtbot, mingas)
    dialog = page.plan_dialog()
    dialog.limit.setValue(2)
    dialog.weeks.setValue(1)
    dialog.start_planning()
    assert dialog.running() or dialog.outcome is not None
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    assert dialog.outcome is not None
    assert dialog.outcome.max_deviation == 0
    roster = page.roster.roster.model
    assert roster.rowCount() == 4  # three planned plus today's
    assert page.roster.explain.model.rowCount() == 3
    owed = page.roster.explain.model.index(0, 1).data()
    assert owed == "4,0"  # next week: 4 h, in the cooperative's decimal comma


def test_cancel_keeps_a_valid_roster(qtbot: QtBot, mingas: Workspace) -> None:
    """Cancel right after starting: the search stops and the roster found so far is written."""
    page = make_page(qtbot, mingas)
    dialog = page.plan_dialog()
    dialog.limit.setValue(60)
    dialog.weeks.setValue(1)
    dialog.start_planning()
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    assert dialog.outcome is not None
    assert dialog.outcome.status in ("greedy", "cancelled", "optimal")
    assert dialog.outcome.assigned == 3  # next week's three shifts


def test_check_in_marks_are_journaled_and_move_the_balance(qtbot: QtBot, mingas: Workspace) -> None:
    """Present, then check-out now: two journaled updates; the household's worked hours grow."""
    page = make_page(qtbot, mingas)
    tab = page.checkin
    assert tab.table.proxy.rowCount() == 1
    tab.table.view.selectRow(0)
    before = changes(mingas)
    qtbot.mouseClick(tab.buttons["present"], Qt.MouseButton.LeftButton)
    assert changes(mingas) == before + 1
    tab.table.view.selectRow(0)
    qtbot.mouseClick(tab.buttons["out"], Qt.MouseButton.LeftButton)
    assert changes(mingas) == before + 2
    assert tab.table.model.index(0, 4).data() == "presente"
    worked = {
        page.balances.table.model.record(r).name: page.balances.table.model.record(r).worked
        for r in range(3)
    }
    assert worked["Familia Lema"] > 0
    page.context.undo_stack.undo()
    assert changes(mingas) == before + 3


def test_search_filters_the_check_in_list(qtbot: QtBot, mingas: Workspace) -> None:
    """Typing part of a name (without accents) keeps only the matching rows."""
    page = make_page(qtbot, mingas)
    page.checkin.table.search.setText("lema")
    assert page.checkin.table.proxy.rowCount() == 1
    page.checkin.table.search.setText("pena")
    assert page.checkin.table.proxy.rowCount() == 0


def test_member_cannot_plan_and_is_told_why(
    qtbot: QtBot, mingas: Workspace, message_boxes: MessageBoxes
) -> None:
    """A signed-in member gets the one error box naming the coordinator role; nothing is written."""
    _r, boss = add_person(mingas, name="Coordinadora", roles=("member", "coordinator"))
    _r, member = add_person(mingas, name="Socio", roles=("member",))
    set_passphrase(mingas, boss.person, "clave")
    mingas.actor = member.person
    page = make_page(qtbot, mingas)
    before = changes(mingas)
    dialog = page.plan_dialog()
    message_boxes.expect()
    dialog.start_planning()
    qtbot.waitUntil(lambda: bool(message_boxes.texts), timeout=30_000)
    assert "coordinador" in message_boxes.texts[0]
    assert changes(mingas) == before


def test_exports_from_the_page(qtbot: QtBot, mingas: Workspace, tmp_path: Path) -> None:
    """The roster exports as a calendar; the balances table as CSV."""
    page = make_page(qtbot, mingas)
    out = page.export_roster(tmp_path / "turnos.ics")
    assert out is not None and out.read_text().startswith("BEGIN:VCALENDAR")
    page.tabs.setCurrentWidget(page.balances)
    table = page.export_table(tmp_path / "saldos.csv")
    assert table is not None and "Familia Peña" in table.read_text(encoding="utf-8-sig")


def test_lock_and_change_person_survive_a_replan(qtbot: QtBot, mingas: Workspace) -> None:
    """Lock one planned row, hand another to a new person; planning again keeps both."""
    page = make_page(qtbot, mingas)
    dialog = page.plan_dialog()
    dialog.weeks.setValue(1)
    dialog.start_planning()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    tab = page.roster
    planned = [r for r in tab.roster.model.records() if r.starts_at.date() >= MONDAY]
    first, second = planned[0], planned[1]
    tab.roster.view.selectRow(
        tab.roster.proxy.mapFromSource(
            tab.roster.model.index(tab.roster.model.row_of(first.id), 0)
        ).row()
    )
    tab.toggle_lock()
    tab.roster.view.selectRow(
        tab.roster.proxy.mapFromSource(
            tab.roster.model.index(tab.roster.model.row_of(second.id), 0)
        ).row()
    )
    tab.change_person(f"Titular {first.household_name} — {first.household_name}")
    again = page.plan_dialog()
    again.weeks.setValue(1)
    again.start_planning()
    qtbot.waitUntil(lambda: again.outcome is not None, timeout=30_000)
    rows = {r.id: r for r in tab.roster.model.records()}
    assert rows[first.id].locked
    assert rows[second.id].manual
    assert rows[second.id].household_name == first.household_name
    assert "bloqueada" in tab.roster.model.index(tab.roster.model.row_of(first.id), 6).data()


def test_charts_are_drawn_off_the_ui_thread(qtbot: QtBot, mingas: Workspace) -> None:
    """Showing the charts tab starts a drawing thread; three images arrive."""
    page = make_page(qtbot, mingas)
    page.show()
    page.tabs.setCurrentWidget(page.charts)
    assert page.charts.drawing
    qtbot.waitUntil(lambda: not page.charts.drawing, timeout=30_000)
    assert all(not label.pixmap().isNull() for label in page.charts.images)


def test_retranslate_and_closing_the_file(qtbot: QtBot, mingas: Workspace) -> None:
    """A switch to Portuguese renames tabs, titles and states; closing the file empties it."""
    import i18n

    page = make_page(qtbot, mingas)
    i18n.set_language("pt_BR")
    page.retranslate()
    assert page.tabs.tabText(0) == "Escala"
    model = page.balances.table.model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Família"
    assert model.index(0, 6).data().endswith(("em dia", "alerta", "suspensa"))
    page.context.ws = None  # the window closes the file after the page is told
    page.refresh()
    assert model.rowCount() == 0
    assert not page.plan_action.isEnabled()


def test_calendar_for_one_household_has_only_its_events(
    qtbot: QtBot, mingas: Workspace, tmp_path: Path
) -> None:
    """Exporting for one household writes its assignments, with per-assignment UIDs."""
    import icalendar

    page = make_page(qtbot, mingas)
    out = page.export_roster(tmp_path / "lema.ics", "Familia: Familia Lema")
    assert out is not None
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["UID"]).startswith("assignment-")
    whole = page.export_roster(tmp_path / "todo.ics", "")
    assert whole is not None
    assert str(
        icalendar.Calendar.from_ical(whole.read_bytes()).walk("VEVENT")[0]["UID"]
    ).startswith("shift-")


def test_closing_the_dialog_while_planning_stops_the_search(
    qtbot: QtBot, mingas: Workspace
) -> None:
    """Escape during a search cancels it and waits: no planning thread outlives the dialog."""
    page = make_page(qtbot, mingas)
    dialog = page.plan_dialog()
    dialog.weeks.setValue(1)
    dialog.limit.setValue(60)
    dialog.start_planning()
    dialog.reject()
    assert not dialog.running()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)


def test_a_plan_can_be_undone(qtbot: QtBot, mingas: Workspace) -> None:
    """Ctrl+Z after planning takes the planned assignments off again (a journaled undo)."""
    page = make_page(qtbot, mingas)
    dialog = page.plan_dialog()
    dialog.weeks.setValue(1)
    dialog.limit.setValue(2)
    dialog.start_planning()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    assert page.roster.roster.model.rowCount() == 4
    page.context.undo_stack.undo()
    assert page.roster.roster.model.rowCount() == 1  # today's, added by hand before
    page.context.undo_stack.redo()
    assert page.roster.roster.model.rowCount() == 4
