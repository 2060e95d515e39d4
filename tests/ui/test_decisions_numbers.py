"""The register tab flags decision numbers given twice and gives one the next free number."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from codesign.decisions import register
from codesign.workspace import Workspace
from tests.codesign.decisions_helpers import DAY, populate
from tests.ui.test_decisions_page import make_page
from ui.decisions_register import RegisterTab

SHOTS = Path("/work/notes/shots")


def clash(ws: Workspace) -> tuple[uuid.UUID, uuid.UUID]:
    """Decisions 1 and 2, and another 2 written as a second laptop would have (journaled)."""
    populate(ws, 4)
    register.record_decision(ws, text="Aprobar el reglamento interno", decided_on=DAY)
    _r, cement, _n = register.record_decision(ws, text="Comprar cemento y varilla", decided_on=DAY)
    with ws.write("otra computadora") as w:
        paint = w.insert(
            "decision",
            {"number": 2, "decided_on": DAY, "text": "Pintar la casa comunal", "result": "passed"},
        )
    return cement, paint


def register_tab(qtbot: QtBot, ws: Workspace) -> tuple[RegisterTab, object]:
    """The page with the register tab shown."""
    page = make_page(qtbot, ws)
    page.tabs.setCurrentIndex(1)
    return page.register_tab, page


def select(tab: RegisterTab, decision: uuid.UUID) -> None:
    """Select ``decision`` in the register."""
    tab.view.selectRow(tab.model.row_of(decision))


def test_shared_number_flagged_and_given_the_next(qtbot: QtBot, coop: Workspace) -> None:
    """Both decisions numbered 2 show ⚠ and a banner; Give next number makes one 3; undo too."""
    cement, paint = clash(coop)
    tab, page = register_tab(qtbot, coop)
    assert tab.shared_banner.isVisible() and "El número 2" in tab.shared_banner.text()
    assert page.tabs.tabText(1) == "Registro de decisiones ⚠"  # type: ignore[attr-defined]
    assert "Dolores Simbaña" in tab.shared_banner.toolTip()
    column = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    assert column == ["2 ⚠", "2 ⚠", "1"]
    tip = tab.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "también tiene el número 2" in tip
    select(tab, register.search_decisions(coop, "reglamento")[0].id)
    assert not tab.renumber_button.isEnabled()
    select(tab, paint)
    assert tab.renumber_button.isEnabled()
    if SHOTS.is_dir():
        QApplication.processEvents()  # lay out the banner and the count before the shot
        page.grab().save(str(SHOTS / "agenda-register-shared.png"))  # type: ignore[attr-defined]
    tab.renumber_button.click()
    assert {d.text: d.number for d in register.search_decisions(coop)} == {
        "Aprobar el reglamento interno": 1,
        "Comprar cemento y varilla": 2,
        "Pintar la casa comunal": 3,
    }
    assert not tab.shared_banner.isVisible()
    assert page.tabs.tabText(1) == "Registro de decisiones"  # type: ignore[attr-defined]
    assert [tab.model.index(r, 0).data() for r in range(3)] == ["3", "2", "1"]
    assert tab.selected() == paint and not tab.renumber_button.isEnabled()
    stack = page.context.undo_stack  # type: ignore[attr-defined]
    assert stack.undoText() == "Dar a la decisión 2 el siguiente número libre"
    stack.undo()
    assert tab.shared_banner.isVisible()
    assert {d.number for d in register.search_decisions(coop) if d.id in (cement, paint)} == {2}


def test_no_banner_without_shared_numbers(qtbot: QtBot, coop: Workspace) -> None:
    """A register whose numbers are all distinct shows no banner and no ⚠."""
    populate(coop, 4)
    register.record_decision(coop, text="Aprobar el reglamento interno", decided_on=DAY)
    tab, _page = register_tab(qtbot, coop)
    assert not tab.shared_banner.isVisible()
    assert tab.model.index(0, 0).data() == "1"
    tab.view.selectRow(0)
    assert not tab.renumber_button.isEnabled()
