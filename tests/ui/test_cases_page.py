"""The Cases page: search as you type, detail in the window's language, map, compare, import."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

import i18n
from codesign.decisions.assemblies import create_assembly
from codesign.decisions.votes import add_motion
from codesign.workspace import Workspace
from models.cases import CaseLink, ReferenceCase
from ui.context import AppContext
from ui.pages.cases import SEARCH_DELAY_MS, CasesPage


def make_page(qtbot: QtBot, ws: Workspace) -> CasesPage:
    """A shown Cases page on ``ws``."""
    context = AppContext()
    context.set_workspace(ws)
    page = CasesPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def titles(page: CasesPage) -> list[str]:
    """The first column as shown."""
    return [str(page.model.index(r, 0).data()) for r in range(page.model.rowCount())]


def test_results_update_as_the_user_types(qtbot: QtBot, coop: Workspace) -> None:
    """Typing narrows the list after a short pause, without pressing Enter."""
    page = make_page(qtbot, coop)
    everything = page.model.rowCount()
    assert everything >= 15
    qtbot.keyClicks(page.search, "fideicom")
    qtbot.wait(SEARCH_DELAY_MS * 3)
    assert 0 < page.model.rowCount() < everything
    assert "Caño Martín Peña" in titles(page)[0]


def test_detail_follows_the_window_language(qtbot: QtBot, coop: Workspace) -> None:
    """The chosen case shows its Spanish text in Spanish and its Portuguese text in Portuguese."""
    page = make_page(qtbot, coop)
    page.search.setText("la borda")
    page.run_search()
    assert "cesión de uso" in page.detail.toPlainText()
    i18n.set_language("pt_BR")
    page.retranslate()
    assert "cessão de uso" in page.detail.toPlainText()


def test_filters_keep_only_matching_cases(qtbot: QtBot, coop: Workspace) -> None:
    """Choosing a country shows only that country's cases; clearing brings all back."""
    page = make_page(qtbot, coop)
    everything = page.model.rowCount()
    page.country.setCurrentIndex(page.country.findData("CH"))
    page.run_search()
    assert page.model.rowCount() == 2
    assert {page.model.hit(r).country for r in range(2)} == {"CH"}
    page.clear_filters()
    assert page.model.rowCount() == everything


def test_clicking_a_marker_shows_its_case(qtbot: QtBot, coop: Workspace) -> None:
    """A click on a case's marker on the map shows that case."""
    page = make_page(qtbot, coop)
    page.tabs.setCurrentWidget(page.map)
    qtbot.wait(10)
    slug_ids = {page.model.hit(r).slug: page.model.hit(r).id for r in range(page.model.rowCount())}
    target = slug_ids["baan-mankong-codi"]
    marker = page.map.markers[target]
    point = page.map.mapFromScene(marker.scenePos())
    qtbot.mouseClick(page.map.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert page.current == target
    assert "Baan Mankong" in page.detail.toPlainText()
    assert page.map.case_at(QPointF(point)) == target


def test_compare_shows_ours_beside_the_selection(qtbot: QtBot, coop: Workspace) -> None:
    """Compare puts our cooperative first, then each selected case, with a chart."""
    page = make_page(qtbot, coop)
    selection = page.view.selectionModel()
    selection.clearSelection()
    for row in (0, 1):
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    page.compare_selected()
    model = page.compare_view.model
    assert model.rowCount() == 3
    assert model.headerData(0, Qt.Orientation.Vertical) == "Cooperativa de Prueba"
    assert model.index(0, 3).data() == "20"  # hours owed from the statutes
    assert not page.compare_view.chart.pixmap().isNull()


def write_csv(path: Path) -> Path:
    """A CSV with its own headers: one good row, one bad."""
    path.write_text(
        "Código,Nombre,País,Familias\nnueva-1,Cooperativa Nueva,UY,30\nnueva-2,Mala,uruguay,x\n",
        encoding="utf-8",
    )
    return path


def test_import_dialog_maps_columns_and_lists_problems(
    qtbot: QtBot, coop: Workspace, tmp_path: Path
) -> None:
    """The dialog guesses the columns, lists each bad field, and imports the good row on consent."""
    page = make_page(qtbot, coop)
    dialog = page.import_dialog()
    qtbot.addWidget(dialog)
    dialog.open_source(write_csv(tmp_path / "lista.csv"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert dialog.mapping() == {
        "id": "Código",
        "title": "Nombre",
        "country": "País",
        "households": "Familias",
    }
    assert {(e.row, e.field) for e in dialog.errors} == {(3, "country"), (3, "households")}
    assert dialog.errors_model.rowCount() == 2
    dialog.confirm_partial = lambda: False  # type: ignore[method-assign]
    dialog.import_rows()
    with coop.session() as session:
        assert (
            session.scalars(select(ReferenceCase).where(ReferenceCase.slug == "nueva-1")).all()
            == []
        )
    dialog.confirm_partial = lambda: True  # type: ignore[method-assign]
    dialog.import_rows()
    assert dialog.outcome is not None and dialog.outcome.imported == 1
    page.search.setText("cooperativa nueva")
    page.run_search()
    assert "nueva-1" in {h.slug for h in page.model.records()}
    page.context.undo_stack.undo()
    page.run_search()
    assert "nueva-1" not in {h.slug for h in page.model.records()}


def test_saved_mapping_is_kept_in_the_file(qtbot: QtBot, coop: Workspace, tmp_path: Path) -> None:
    """A mapping saved by name is offered again and applied."""
    page = make_page(qtbot, coop)
    dialog = page.import_dialog()
    qtbot.addWidget(dialog)
    dialog.open_source(write_csv(tmp_path / "lista.csv"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    dialog.field_combos["city"].setCurrentIndex(dialog.field_combos["city"].findData("Nombre"))
    dialog.mapping_name.setText("Federación")
    dialog.save_current_mapping()
    again = page.import_dialog()
    qtbot.addWidget(again)
    again.open_source(tmp_path / "lista.csv")
    again.saved.setCurrentIndex(again.saved.findData("Federación"))
    again.apply_saved()
    assert again.mapping()["city"] == "Nombre"


def test_bad_package_in_the_dialog_changes_nothing(
    qtbot: QtBot, coop: Workspace, tmp_path: Path
) -> None:
    """A broken zip shows its problem in the dialog and cannot be imported."""
    page = make_page(qtbot, coop)
    dialog = page.import_dialog()
    qtbot.addWidget(dialog)
    broken = tmp_path / "roto.zip"
    broken.write_bytes(b"PK\x03\x04 cut")
    dialog.open_source(broken)
    qtbot.waitUntil(lambda: "roto.zip" in dialog.summary.text(), timeout=5000)
    assert not dialog.import_button.isEnabled()


def test_export_writes_a_package(qtbot: QtBot, coop: Workspace, tmp_path: Path) -> None:
    """Export from the page writes a zip that holds every case shown."""
    page = make_page(qtbot, coop)
    count = page.export_to(tmp_path / "casos.zip", selected_only=False)
    assert count == page.model.rowCount()
    assert (tmp_path / "casos.zip").stat().st_size > 1000


def test_attach_says_when_there_is_nothing_and_links_a_motion(
    qtbot: QtBot, coop: Workspace
) -> None:
    """Without motions the dialog says so; once one is put, a case can be attached to it."""
    page = make_page(qtbot, coop)
    dialog = page.attach_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.targets == () and not dialog.empty.isHidden()
    _result, assembly = create_assembly(coop, held_on=dt.date(2026, 5, 9), place="Casa comunal")
    motion = add_motion(coop, assembly, "Comprar el terreno")[1]
    dialog = page.attach_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert [t.label for t in dialog.targets] == ["1. Comprar el terreno"]
    dialog.note.setText("Ver cómo lo hicieron")
    dialog.attach()
    with coop.session() as session:
        link = session.scalars(select(CaseLink)).one()
    assert (link.target_entity, link.target_id, link.case_id) == ("motion", motion, page.current)


@pytest.mark.parametrize("language", ["es", "pt_BR"])
def test_page_texts_are_translated(qtbot: QtBot, coop: Workspace, language: str) -> None:
    """Tab titles and actions are in the window's language."""
    i18n.set_language(language)
    page = make_page(qtbot, coop)
    assert page.tabs.tabText(1) == "Mapa"
    assert page.compare_action.text() != "Compare"
