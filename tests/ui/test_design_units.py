"""The window's DXF import asks the drawing's units: header unit first, size warning, areas."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from codesign.auth import sign_in
from codesign.design import queries
from codesign.people import service
from codesign.workspace import Workspace
from tests.codesign.drawing_helpers import site_drawing
from ui.context import AppContext
from ui.design_actions import import_dialog, import_plan_file
from ui.design_dialogs import LayerMapDialog
from ui.pages.design import DesignPage

if TYPE_CHECKING:
    from conftest import MessageBoxes

PASS = "clave-segura"


@pytest.fixture
def page(qtbot: QtBot, coop: Workspace) -> DesignPage:
    """The Design page for Rosa Lema, signed in, of Familia Lema."""
    _r, rosa = service.add_person(coop, name="Rosa Lema", household="Familia Lema")
    service.set_passphrase(coop, rosa.person, PASS)
    sign_in(coop, "Rosa Lema", PASS)
    context = AppContext()
    context.set_workspace(coop)
    shown = DesignPage(context)
    qtbot.addWidget(shown)
    shown.resize(1400, 800)
    shown.show()
    return shown


def dialog_for(qtbot: QtBot, page: DesignPage, path: Path) -> LayerMapDialog:
    dialog = import_dialog(page, path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def test_cm_drawing_without_insunits_imported_in_centimetres(
    qtbot: QtBot, page: DesignPage, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """Centimetres chosen in the dialog: a 1200 m² site, a 36 m² unit and a 90 m² path."""
    path = site_drawing(tmp_path / "terreno-cm.dxf", None, 100)
    seen: list[str] = []

    def answer() -> None:
        dialog = page.findChild(LayerMapDialog)
        assert dialog is not None and dialog.units_box is not None
        seen.append(dialog.units_box.header_label.text())
        seen.append(dialog.units())  # type: ignore[arg-type]
        seen.append(dialog.units_box.size_label.text())
        dialog.units_box.choose("cm")
        seen.append(dialog.units_box.size_label.text())
        dialog.accept()

    QTimer.singleShot(0, answer)
    message_boxes.expect()  # an error would be closed and kept, failing the test
    import_plan_file(page, path)
    assert message_boxes.texts == []
    assert seen == [
        "La cabecera del dibujo no dice sus unidades.",
        "m",
        "En metros (m) el dibujo mide 4 km × 3 km.",
        "En centímetros (cm) el dibujo mide 40 m × 30 m.",
    ]
    chosen = page.selected_proposal()
    assert chosen is not None and chosen.title == "terreno-cm"
    areas = {f.kind: round(f.area, 6) for f in page.canvas.plan().features}
    assert areas == {"site": 1200.0, "unit": 36.0, "path": 90.0}
    unit = page.canvas.plan().of_kind("unit")[0]
    assert unit.label == "B01-01"
    assert unit.geometry.bounds == pytest.approx((5, 5, 11, 11))


@pytest.mark.parametrize(
    ("code", "unit", "per_metre"), [(4, "mm", 1000), (5, "cm", 100), (6, "m", 1), (2, "ft", 1)]
)
def test_the_units_choice_follows_insunits(
    qtbot: QtBot, page: DesignPage, tmp_path: Path, code: int, unit: str, per_metre: float
) -> None:
    """A header that says its unit has it chosen first, and the size shown is in that unit."""
    dialog = dialog_for(qtbot, page, site_drawing(tmp_path / f"{unit}.dxf", code, per_metre))
    assert dialog.units() == unit
    assert dialog.units_box is not None
    assert dialog.units_box.header_label.text().startswith("La cabecera del dibujo dice que")
    assert dialog.units_box.combo.currentText() in dialog.units_box.header_label.text()
    assert dialog.units_box.warning_text() == ""


def test_a_header_unit_read_in_another_unit(
    qtbot: QtBot, page: DesignPage, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """A drawing saying metres but chosen as centimetres imports a hundredth of each side."""
    path = site_drawing(tmp_path / "metros.dxf", 6, 100)  # 4000 × 3000 "metres"
    dialog = dialog_for(qtbot, page, path)
    assert dialog.units() == "m"
    dialog.units_box.choose("cm")  # type: ignore[union-attr]
    message_boxes.expect()
    import_plan_file(page, path, layer_map=dialog.layer_map(), units=dialog.units())
    assert message_boxes.texts == []
    site = page.canvas.plan().of_kind("site")[0]
    assert site.area == pytest.approx(1200.0)


def test_warning_when_the_size_is_not_a_sites(
    qtbot: QtBot, page: DesignPage, tmp_path: Path
) -> None:
    """A mm drawing without $INSUNITS read as metres is 40 km across: warned, until mm is chosen."""
    dialog = dialog_for(qtbot, page, site_drawing(tmp_path / "mm.dxf", None, 1000))
    box = dialog.units_box
    assert box is not None and box.unit() == "m"
    warning = box.warning_text()
    assert warning.startswith("Un terreno de 40 km de lado a lado")
    assert "En milímetros (mm) mediría 40 m de lado a lado." in warning
    assert not box.warning.isHidden()
    box.choose("mm")
    assert box.warning_text() == "" and box.warning.isHidden()
    assert box.size_label.text() == "En milímetros (mm) el dibujo mide 40 m × 30 m."


def test_broken_dxf_gives_one_error_and_changes_nothing(
    qtbot: QtBot, page: DesignPage, coop: Workspace, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """A DXF cut short: the dialog offers no units, the import shows one error naming the
    file and the reason, and the cooperative file is not written."""
    import hashlib

    whole = site_drawing(tmp_path / "entero.dxf", None, 100).read_bytes()
    broken = tmp_path / "cortado.dxf"
    broken.write_bytes(whole[: len(whole) // 2])
    dialog = dialog_for(qtbot, page, broken)  # the author household is still asked
    assert dialog.units_box is None and dialog.units() is None
    file = coop.path
    assert file is not None

    def fingerprint() -> str:
        files = (file, file.with_name(file.name + "-wal"))
        return hashlib.sha256(b"".join(p.read_bytes() for p in files if p.exists())).hexdigest()

    before, rows = fingerprint(), page.model.rowCount()
    message_boxes.expect()
    import_plan_file(page, broken, ask_layers=False, units="cm")
    assert len(message_boxes.texts) == 1
    assert "cortado.dxf" in message_boxes.texts[0]
    assert "incompleto" in message_boxes.texts[0]
    assert fingerprint() == before
    assert page.model.rowCount() == rows == len(queries.list_proposals(coop)) == 0
