"""The agenda panel of the assembly view: edit, reorder, remove, undo and redo, closed ones."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from codesign.decisions import agenda, assemblies, votes
from codesign.workspace import Workspace
from tests.codesign.decisions_helpers import Setup, arrive, populate
from tests.ui.test_decisions_page import make_page
from ui.decisions_agenda import AgendaItemDialog, AgendaPanel

if TYPE_CHECKING:
    from conftest import MessageBoxes

SHOTS = Path("/work/notes/shots")


def shoot(widget: object, name: str) -> None:
    """Save a screenshot for people to look at (when the notes folder exists)."""
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"agenda-{name}.png"))  # type: ignore[attr-defined]


def shown(panel: AgendaPanel) -> list[str]:
    """The titles the panel lists, in order."""
    return [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]


def stored(ws: Workspace, setup: Setup) -> list[str]:
    """The titles the file holds, in order."""
    return [item.title for item in agenda.agenda_items(ws, setup.assembly)]


def open_panel(qtbot: QtBot, ws: Workspace) -> tuple[AgendaPanel, object]:
    """The page with the agenda tab shown; returns the agenda panel and the page."""
    page = make_page(qtbot, ws)
    page.assembly_view.tabs.setCurrentIndex(1)
    return page.assembly_view.agenda, page


def test_edit_then_undo_and_redo(qtbot: QtBot, coop: Workspace) -> None:
    """Editing the selected point changes the list and the file; undo and redo go through it."""
    setup = populate(coop, 4)
    panel, page = open_panel(qtbot, coop)
    panel.view.selectRow(0)
    panel.edit_selected("Informe económico de abril", "Saldo de caja y deudas por familia")
    assert shown(panel)[0] == "Informe económico de abril"
    assert panel.model.index(0, 2).data() == "Saldo de caja y deudas por familia"
    stack = page.context.undo_stack  # type: ignore[attr-defined]
    assert stack.undoText() == "Editar un punto del orden del día"
    stack.undo()
    assert (
        stored(coop, setup)[0] == "Informe de tesorería"
        and shown(panel)[0] == stored(coop, setup)[0]
    )
    stack.redo()
    assert stored(coop, setup)[0] == "Informe económico de abril"
    shoot(page, "edited")


def test_move_keeps_the_point_selected_and_undoes(qtbot: QtBot, coop: Workspace) -> None:
    """Down moves the selected point one place and keeps it selected; undo puts it back."""
    setup = populate(coop, 4)
    agenda.add_agenda_item(coop, setup.assembly, "Varios")
    panel, page = open_panel(qtbot, coop)
    panel.view.selectRow(0)
    assert not panel.up_button.isEnabled() and panel.down_button.isEnabled()
    panel.down_button.click()
    assert shown(panel) == ["Presupuesto de obra", "Informe de tesorería", "Varios"]
    assert panel.selected() is not None and panel.selected().title == "Informe de tesorería"  # type: ignore[union-attr]
    panel.move_selected(1)
    assert stored(coop, setup) == ["Presupuesto de obra", "Varios", "Informe de tesorería"]
    assert not panel.down_button.isEnabled()
    page.context.undo_stack.undo()  # type: ignore[attr-defined]
    page.context.undo_stack.undo()  # type: ignore[attr-defined]
    assert stored(coop, setup) == ["Informe de tesorería", "Presupuesto de obra", "Varios"]


def test_add_and_remove_with_undo(qtbot: QtBot, coop: Workspace) -> None:
    """An added point is removed by undo and comes back (the same row) on redo; removal undoes."""
    setup = populate(coop, 4)
    panel, page = open_panel(qtbot, coop)
    stack = page.context.undo_stack  # type: ignore[attr-defined]
    panel.add_item("Elección de la comisión de vigilancia", "Tres titulares y dos suplentes")
    added = agenda.agenda_items(coop, setup.assembly)[-1].id
    assert panel.selected_id() == added
    stack.undo()
    assert len(shown(panel)) == 2
    stack.redo()
    assert agenda.agenda_items(coop, setup.assembly)[-1].id == added
    panel.view.selectRow(0)
    panel.remove_button.click()
    assert shown(panel) == ["Presupuesto de obra", "Elección de la comisión de vigilancia"]
    stack.undo()
    assert stored(coop, setup)[0] == "Informe de tesorería"


def test_a_point_with_motions_is_not_removed(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """Remove on a point holding a motion shows why and leaves the agenda and undo stack alone."""
    setup = populate(coop, 4)
    first = agenda.agenda_items(coop, setup.assembly)[0].id
    votes.add_motion(coop, setup.assembly, "Aprobar el informe", agenda_item=first)
    panel, page = open_panel(qtbot, coop)
    panel.view.selectRow(0)
    assert panel.model.index(0, 3).data() == "1"
    message_boxes.expect()
    panel.remove_selected()
    assert any("tiene 1 moción" in text for text in message_boxes.texts)
    assert len(shown(panel)) == 2 and page.context.undo_stack.count() == 0  # type: ignore[attr-defined]


def test_closed_assembly_agenda_is_read_only(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """Closed: the buttons are off and say why; undoing an earlier edit is refused, shown."""
    setup = populate(coop, 4)
    arrive(coop, setup, range(4))
    assemblies.open_assembly(coop, setup.assembly, 1)
    panel, page = open_panel(qtbot, coop)
    panel.view.selectRow(1)
    panel.edit_selected("Presupuesto de obra 2026")
    assemblies.close_assembly(coop, setup.assembly)
    page.assembly_view.reload()  # type: ignore[attr-defined]
    panel.view.selectRow(0)
    for button in (panel.add_button, panel.edit_button, panel.up_button, panel.remove_button):
        assert not button.isEnabled()
    assert "acta es definitiva" in panel.edit_button.toolTip()
    shoot(page, "closed")
    message_boxes.expect()
    page.context.undo_stack.undo()  # type: ignore[attr-defined]
    assert any("cerrada" in text for text in message_boxes.texts)
    assert stored(coop, setup)[1] == "Presupuesto de obra 2026"


def test_the_dialog_gives_title_and_text(qtbot: QtBot) -> None:
    """The item dialog starts from the point's values and returns what was typed."""
    dialog = AgendaItemDialog(None, "Informe", "Saldo")
    qtbot.addWidget(dialog)
    assert dialog.values() == ("Informe", "Saldo")
    dialog.title.setText("Informe de obra")
    dialog.notes.setPlainText("Avance del bloque B")
    assert dialog.values() == ("Informe de obra", "Avance del bloque B")
    assert dialog.title.maxLength() == agenda.TITLE_LENGTH
    dialog.show()
    shoot(dialog, "dialog")


def test_keyboard_moves_and_removes_in_the_list(qtbot: QtBot, coop: Workspace) -> None:
    """With the agenda list focused, Alt+Down moves the point down and Delete removes it."""
    from PySide6.QtCore import Qt

    setup = populate(coop, 4)
    panel, page = open_panel(qtbot, coop)
    page.activateWindow()  # type: ignore[attr-defined]
    qtbot.waitUntil(page.isActiveWindow)  # type: ignore[attr-defined]
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert stored(coop, setup) == ["Presupuesto de obra", "Informe de tesorería"]
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert stored(coop, setup) == ["Presupuesto de obra"]
