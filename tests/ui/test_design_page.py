"""The Design page and the plan canvas with real widgets: pan, zoom, layers, selection, review."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shapely.geometry import box

from codesign.auth import sign_in, sign_out
from codesign.design import comments, proposals, queries, workflow
from codesign.people import service
from codesign.workspace import Workspace
from plans.features import Feature, Plan
from plans.sample import sample_site
from ui.context import AppContext
from ui.design_actions import open_compare
from ui.pages.design import DesignPage
from ui.plan_canvas import PlanCanvas
from ui.plan_items import FeatureItem, MarkerItem, to_scene

if TYPE_CHECKING:
    from conftest import MessageBoxes

PASS = "clave-segura"


def unit_plan(width: float = 6.0) -> Plan:
    """A site with unit B01-01 (width × 6 m), two rooms, a path and a garden."""
    return Plan(
        (
            Feature("site", "Terreno", box(0, 0, 40, 30), id="site"),
            Feature("unit", "B01-01", box(5, 5, 5 + width, 11), id="u1"),
            Feature("room", "Sala", box(5, 5, 8, 11), id="r1"),
            Feature("path", "Pasaje", box(5, 11, 35, 14), id="p1"),
            Feature("green", "Huerto", box(5, 15, 35, 25), id="g1"),
        )
    )


@pytest.fixture
def review(coop: Workspace) -> Workspace:
    """An architect, Rosa Lema (3-person household on B01-01) and her submitted proposal."""
    _r, arch = service.add_person(coop, name="Ana Quishpe", roles=["member", "architect"])
    _r, rosa = service.add_person(coop, name="Rosa Lema", household="Familia Lema")
    service.add_person(coop, name="Juan Lema", household="Familia Lema")
    service.add_person(coop, name="Nina Lema", household="Familia Lema")
    service.update_household(coop, rosa.household, unit="B01-01")
    service.set_passphrase(coop, rosa.person, PASS)
    service.set_passphrase(coop, arch.person, PASS)
    sign_in(coop, "Rosa Lema", PASS)
    _r, made = proposals.create_proposal(coop, title="Casa Lema", plan=unit_plan())
    sign_in(coop, "Ana Quishpe", PASS)
    comments.add_comment(coop, made.version, x=6, y=6, text="Amplíen el dormitorio")
    sign_in(coop, "Rosa Lema", PASS)
    proposals.save_version(coop, made.proposal, unit_plan(10.0))
    workflow.submit(coop, made.proposal)
    sign_out(coop)
    return coop


def make_page(qtbot: QtBot, ws: Workspace) -> DesignPage:
    context = AppContext()
    context.set_workspace(ws)
    page = DesignPage(context)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    return page


def choose(page: DesignPage, title: str) -> None:
    for row in range(page.model.rowCount()):
        if page.model.record(row).title == title:
            page.select_proposal(row)
            return
    raise AssertionError(title)


def make_canvas(qtbot: QtBot, plan: Plan) -> PlanCanvas:
    canvas = PlanCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(800, 600)
    canvas.show()
    canvas.set_plan(plan)
    return canvas


def wheel(canvas: PlanCanvas, steps: int) -> None:
    centre = QPointF(canvas.viewport().rect().center())
    event = QWheelEvent(
        centre,
        canvas.viewport().mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), event)


def test_wheel_and_keys_zoom_and_pan(qtbot: QtBot) -> None:
    """The wheel and +/− zoom, arrows pan, F fits the whole plan again."""
    canvas = make_canvas(qtbot, unit_plan())
    fitted = canvas.scale_factor()
    wheel(canvas, 2)
    assert canvas.scale_factor() == pytest.approx(fitted * 1.25**2)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.scale_factor() == pytest.approx(fitted * 1.25)
    before = canvas.horizontalScrollBar().value()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.horizontalScrollBar().value() > before
    qtbot.keyClick(canvas, Qt.Key.Key_F)
    assert canvas.scale_factor() == pytest.approx(fitted)
    x0, y0, x1, y1 = canvas.visible_plan_rect()
    assert x0 <= 0 and y0 <= 0 and x1 >= 40 and y1 >= 30


def test_layer_toggle_hides_a_kind(qtbot: QtBot) -> None:
    """Hiding the green layer hides its features and nothing else."""
    canvas = make_canvas(qtbot, unit_plan())
    canvas.set_layer_visible("green", False)
    shown = {i.feature.kind: i.isVisible() for i in canvas.plan_scene.items_by_index}
    assert shown == {"site": True, "unit": True, "room": True, "path": True, "green": False}
    canvas.set_layer_visible("green", True)
    assert all(i.isVisible() for i in canvas.plan_scene.items_by_index)


def test_click_selects_and_reports_area(qtbot: QtBot, review: Workspace) -> None:
    """Clicking the garden selects it and the page shows its area and size in Spanish numbers."""
    page = make_page(qtbot, review)
    choose(page, "Casa Lema")
    canvas = page.canvas
    point = canvas.mapFromScene(to_scene(30, 20))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert [f.label for f in canvas.selected_features()] == ["Huerto"]
    assert "300,00 m²" in page.selection_info.text()
    assert "30,00 × 10,00 m" in page.selection_info.text()


def test_comment_marker_and_violations_on_the_canvas(qtbot: QtBot, review: Workspace) -> None:
    """Version 1 breaks the minimum area (red outline and marker 1) and shows the comment pin."""
    page = make_page(qtbot, review)
    choose(page, "Casa Lema")
    page.version_box.setCurrentIndex(0)
    markers = page.canvas.plan_scene.markers
    assert sorted((m.comment, m.text) for m in markers) == [(False, "1"), (True, "C1")]
    unit = page.canvas.plan_scene.find_items(["u1"])[0]
    assert unit.accent is not None
    assert page.review.rules_model.rowCount() == 1
    page.version_box.setCurrentIndex(1)
    assert [m.text for m in page.canvas.plan_scene.markers] == ["C1"]
    assert page.review.comments_model.record(0).carried


def test_approve_button_follows_the_role(qtbot: QtBot, review: Workspace) -> None:
    """Approve is off for the member and on for the architect, whose click approves."""
    page = make_page(qtbot, review)
    sign_in(review, "Rosa Lema", PASS)
    page.context.workspace_changed.emit()
    choose(page, "Casa Lema")
    assert not page.review.buttons["approve"].isEnabled()
    sign_in(review, "Ana Quishpe", PASS)
    page.context.workspace_changed.emit()
    choose(page, "Casa Lema")
    button = page.review.buttons["approve"]
    assert button.isEnabled() and page.review.buttons["request_changes"].isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    record = queries.list_proposals(review)[0]
    assert record.status == "approved"
    assert page.selected_proposal() is not None
    assert page.selected_proposal().status == "approved"  # type: ignore[union-attr]
    assert not any(b.isEnabled() for b in page.review.buttons.values())


def test_refused_step_shows_one_error(
    qtbot: QtBot, review: Workspace, message_boxes: MessageBoxes
) -> None:
    """A member forcing an approval gets the not-permitted message; the status stays."""
    page = make_page(qtbot, review)
    sign_in(review, "Rosa Lema", PASS)
    choose(page, "Casa Lema")
    message_boxes.expect()
    page.review.take_step("approve")
    assert len(message_boxes.texts) == 1 and "arquitect" in message_boxes.texts[0].lower()
    assert queries.list_proposals(review)[0].status == "submitted"


def test_pin_a_comment_by_clicking(qtbot: QtBot, review: Workspace) -> None:
    """Pick a point on the canvas and a comment is pinned there on the shown version."""
    page = make_page(qtbot, review)
    sign_in(review, "Ana Quishpe", PASS)
    choose(page, "Casa Lema")
    page.canvas.pick_point()
    page.canvas.point_picked.disconnect()
    page.canvas.point_picked.connect(lambda x, y: page.review.add_comment_at(x, y, "Revisar aquí"))
    point = page.canvas.mapFromScene(to_scene(20, 20))
    qtbot.mouseClick(page.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    texts = [c.text for c in page.review.comments_model._records]
    assert "Revisar aquí" in texts
    pins = [m for m in page.canvas.plan_scene.markers if isinstance(m, MarkerItem) and m.comment]
    assert len(pins) == 2


def test_compare_versions_outlines_changes(qtbot: QtBot, review: Workspace) -> None:
    """Comparing version 2 with 1 outlines the changed unit and shows +24 m² of units."""
    page = make_page(qtbot, review)
    choose(page, "Casa Lema")
    dialog = open_compare(page, show=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.comparison.changed == ("u1",)
    unit = dialog.right.plan_scene.find_items(["u1"])[0]
    assert unit.accent is not None
    keys = [i.key for i in dialog.comparison.indicators]
    row = keys.index("units_m2")
    assert dialog.indicators.index(row, 3).data() == "+24,00"
    dialog.overlay.setChecked(True)
    assert len(dialog.left.plan().features) == 5


def test_export_sheet_and_svg(qtbot: QtBot, review: Workspace, tmp_path: Path) -> None:
    """Export writes the shown version as a PDF sheet and as SVG."""
    page = make_page(qtbot, review)
    choose(page, "Casa Lema")
    page.export_dialog(path=tmp_path / "hoja.pdf")
    page.export_dialog(path=tmp_path / "plano.svg")
    assert (tmp_path / "hoja.pdf").read_bytes().startswith(b"%PDF")
    assert "<svg" in (tmp_path / "plano.svg").read_text(encoding="utf-8")


def test_overview_of_a_large_site_selects_by_click(qtbot: QtBot) -> None:
    """A 2,000-unit site fitted in view paints through the overview; a click still selects."""
    plan = sample_site(2600, 1)
    canvas = make_canvas(qtbot, plan)
    assert canvas.in_overview()
    assert not any(i.isVisible() for i in canvas.plan_scene.items_by_index)
    unit = plan.of_kind("unit")[0]
    centre = unit.geometry.centroid
    qtbot.mouseClick(
        canvas.viewport(),
        Qt.MouseButton.LeftButton,
        pos=canvas.mapFromScene(to_scene(centre.x, centre.y)),
    )
    assert [f.id for f in canvas.selected_features()] == [unit.id]
    for _step in range(12):
        canvas.zoom_by(1.25)
    assert not canvas.in_overview()
    selected = [i for i in canvas.plan_scene.selectedItems() if isinstance(i, FeatureItem)]
    assert [i.feature.id for i in selected] == [unit.id]


def test_dxf_import_maps_layers_in_the_dialog(
    qtbot: QtBot, review: Workspace, tmp_path: Path
) -> None:
    """The dialog lists the layers with their guess; choosing unit for A-101 imports it."""
    import ezdxf

    from ui.design_actions import import_plan_file
    from ui.design_dialogs import LayerMapDialog

    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    space = doc.modelspace()
    space.add_lwpolyline(
        [(0, 0), (8, 0), (8, 8), (0, 8)], close=True, dxfattribs={"layer": "A-101"}
    )
    space.add_lwpolyline(
        [(0, 9), (8, 9), (8, 11), (0, 11)], close=True, dxfattribs={"layer": "Camino"}
    )
    doc.saveas(tmp_path / "capas.dxf")
    dialog = LayerMapDialog(
        [("A-101", None), ("Camino", "path")],
        households=[("Familia Lema", "h-lema"), ("Familia Pilco", "h-pilco")],
        household="h-pilco",
    )
    qtbot.addWidget(dialog)
    assert dialog.household() == "h-pilco"
    assert dialog.combos["Camino"].currentText() == "Por su nombre: camino"
    dialog.choose("A-101", "unit")
    assert dialog.layer_map() == {"A-101": "unit"}
    sign_in(review, "Rosa Lema", PASS)
    page = make_page(qtbot, review)
    import_plan_file(page, tmp_path / "capas.dxf", layer_map=dialog.layer_map())
    chosen = page.selected_proposal()
    assert chosen is not None and chosen.title == "capas"
    kinds = sorted(f.kind for f in page.canvas.plan().features)
    assert kinds == ["path", "unit"]


def test_compare_two_proposals(qtbot: QtBot, review: Workspace) -> None:
    """A variant compared with its parent (offered first among proposals) shows no changes."""
    from ui.design_actions import compare_choices

    sign_in(review, "Rosa Lema", PASS)
    parent = queries.list_proposals(review)[0]
    sign_in(review, "Ana Quishpe", PASS)
    proposals.create_variant(review, parent.id, household="Familia Lema")
    page = make_page(qtbot, review)
    choose(page, "Casa Lema (variante)")
    choices = compare_choices(page)
    assert choices[0][0] == "Casa Lema"
    dialog = open_compare(page, base=choices[0][1], show=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.comparison.changes.same
    assert dialog.left_title.text() == "A: Casa Lema"


def test_export_the_proposals_table(qtbot: QtBot, review: Workspace, tmp_path: Path) -> None:
    """The proposals list saves as CSV with `;` for the Ecuadorian locale and translated titles."""
    from ui.design_actions import export_table

    page = make_page(qtbot, review)
    assert export_table(page, tmp_path / "propuestas.csv") == 1
    text = (tmp_path / "propuestas.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("Propuesta;Familia;Alcance;Estado")
    assert "Casa Lema;Familia Lema;vivienda;enviada;2" in text


def test_rules_dialog_and_saving_rules(
    qtbot: QtBot, review: Workspace, message_boxes: MessageBoxes
) -> None:
    """The dialog reads and writes a RuleSet; the architect's stricter rules break version 2."""
    from plans.rules import RuleSet
    from ui.design_actions import edit_rules
    from ui.design_dialogs import RulesDialog

    dialog = RulesDialog(RuleSet())
    qtbot.addWidget(dialog)
    assert dialog.rules() == RuleSet()
    dialog.areas.setText("1: 30, 3: 65")
    dialog.coverage.setValue(0)
    stricter = dialog.rules()
    assert stricter.min_unit_area_m2 == ((1, 30.0), (3, 65.0)) and stricter.max_coverage is None
    page = make_page(qtbot, review)
    sign_in(review, "Rosa Lema", PASS)
    message_boxes.expect()
    assert not edit_rules(page, stricter)
    assert len(message_boxes.texts) == 1
    sign_in(review, "Ana Quishpe", PASS)
    assert edit_rules(page, stricter)
    choose(page, "Casa Lema")
    assert [v.rule for v in page.review.rules_model._records] == ["min_unit_area"]


def test_broken_plan_in_the_window_shows_one_error(
    qtbot: QtBot, review: Workspace, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """Importing a binary .dxf shows one error naming the file; no proposal is added."""
    from ui.design_actions import import_plan_file

    broken = tmp_path / "basura.dxf"
    broken.write_bytes(bytes(range(256)) * 4)
    sign_in(review, "Rosa Lema", PASS)
    page = make_page(qtbot, review)
    before = page.model.rowCount()
    message_boxes.expect()
    import_plan_file(page, broken, ask_layers=False)
    assert len(message_boxes.texts) == 1 and "basura.dxf" in message_boxes.texts[0]
    assert page.model.rowCount() == before == len(queries.list_proposals(review))


def test_architect_review_from_dxf_to_sheet(
    qtbot: QtBot, review: Workspace, tmp_path: Path
) -> None:
    """A member's DXF: check, comment, request changes, new version, compare, approve, print."""
    import ezdxf

    from ui.design_actions import import_plan_file

    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4  # millimetres
    space = doc.modelspace()
    space.add_lwpolyline(
        [(0, 0), (40000, 0), (40000, 30000), (0, 30000)],
        close=True,
        dxfattribs={"layer": "TERRENO"},
    )
    space.add_lwpolyline(
        [(5000, 5000), (11000, 5000), (11000, 11000), (5000, 11000)],
        close=True,
        dxfattribs={"layer": "VIVIENDA"},
    )
    space.add_text("B01-01", dxfattribs={"layer": "VIVIENDA", "insert": (6000, 7000)})
    space.add_lwpolyline(
        [(5000, 11000), (35000, 11000), (35000, 14000), (5000, 14000)],
        close=True,
        dxfattribs={"layer": "CAMINO"},
    )
    space.add_lwpolyline(
        [(5000, 15000), (35000, 15000), (35000, 25000), (5000, 25000)],
        close=True,
        dxfattribs={"layer": "VERDE"},
    )
    doc.saveas(tmp_path / "lema.dxf")
    sign_in(review, "Ana Quishpe", PASS)
    page = make_page(qtbot, review)
    import_plan_file(page, tmp_path / "lema.dxf", layer_map={}, household="Familia Lema")
    chosen = page.selected_proposal()
    assert chosen is not None and chosen.title == "lema"
    assert [v.rule for v in page.review.rules_model._records] == ["min_unit_area"]
    page.review.add_comment_at(8, 8, "Falta área para tres personas")
    page.review.take_step("submit")
    page.review.take_step("request_changes", "Amplíen la vivienda a 60 m²")
    sign_in(review, "Rosa Lema", PASS)
    proposals.save_version(review, chosen.id, unit_plan(10.0))
    workflow.submit(review, chosen.id)
    sign_in(review, "Ana Quishpe", PASS)
    page.refresh()
    assert page.review.rules_model.rowCount() == 0
    assert page.review.comments_model.record(0).carried
    dialog = open_compare(page, show=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.comparison.changes.changed
    page.review.take_step("approve")
    assert queries.get_proposal(review, chosen.id).status == "approved"
    page.export_dialog(path=tmp_path / "lema.pdf")
    assert (tmp_path / "lema.pdf").read_bytes().startswith(b"%PDF")
