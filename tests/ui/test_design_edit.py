"""Editing on the canvas: snapping, moving, vertex-editing, rotating; each an undoable version."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shapely.geometry import box

from codesign.auth import sign_in
from codesign.design import proposals, queries, workflow
from codesign.people import service
from codesign.workspace import Workspace
from plans.features import Feature, Plan
from ui.context import AppContext
from ui.pages.design import DesignPage
from ui.plan_editing import snap_offset, snap_point
from ui.plan_items import to_scene

PASS = "clave-segura"


def drawing() -> Plan:
    """A site, unit u1 (5..11 × 5..11) and a neighbour n1 starting at x = 12."""
    return Plan(
        (
            Feature("site", "Terreno", box(0, 0, 40, 30), id="site"),
            Feature("unit", "B01-01", box(5, 5, 11, 11), id="u1"),
            Feature("unit", "B01-02", box(12, 5, 18, 11), id="n1"),
            Feature("path", "Pasaje", box(5, 11, 35, 14), id="p1"),
        )
    )


@pytest.fixture
def page(qtbot: QtBot, coop: Workspace) -> DesignPage:
    """Rosa Lema signed in, her draft proposal chosen, editing on."""
    _r, rosa = service.add_person(coop, name="Rosa Lema", household="Familia Lema")
    _r, arch = service.add_person(coop, name="Ana Quishpe", roles=["member", "architect"])
    service.set_passphrase(coop, rosa.person, PASS)
    service.set_passphrase(coop, arch.person, PASS)
    sign_in(coop, "Rosa Lema", PASS)
    proposals.create_proposal(coop, title="Casa Lema", plan=drawing())
    context = AppContext()
    context.set_workspace(coop)
    made = DesignPage(context)
    qtbot.addWidget(made)
    made.resize(1400, 800)
    made.show()
    made.select_proposal(0)
    assert made.edit_action.isEnabled()
    made.edit_action.setChecked(True)
    return made


def newest_plan(page: DesignPage) -> Plan:
    ws = page.context.workspace()
    record = queries.list_proposals(ws)[0]
    assert record.latest_version is not None
    return proposals.version_plan(ws, record.latest_version)


def release(page: DesignPage) -> None:
    viewport = page.canvas.viewport()
    event = QMouseEvent(
        QEvent.Type.MouseButtonRelease,
        QPointF(10, 10),
        QPointF(viewport.mapToGlobal(QPointF(10, 10))),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def test_snap_to_a_vertex_before_the_grid() -> None:
    """A point near a vertex lands on it; elsewhere it lands on the 10 cm grid."""
    vertices = np.array([[12.0, 5.0], [18.0, 5.0]])
    assert snap_point(11.93, 5.04, vertices, 0.2, 0.1) == (12.0, 5.0)
    assert snap_point(3.04, 7.96, vertices, 0.2, 0.1) == (3.0, 8.0)
    ring = np.array([[5.0, 5.0], [11.0, 5.0], [11.0, 11.0], [5.0, 11.0]])
    assert snap_offset(ring, 0.93, 0.02, vertices, tolerance=0.2, grid=0.1) == pytest.approx(
        (1.0, 0.0)
    )


def test_move_saves_a_snapped_version_and_undo_restores(page: DesignPage) -> None:
    """Dragging u1 0.93 m east snaps it against n1; undo saves the original as version 3."""
    canvas = page.canvas
    [item] = canvas.plan_scene.find_items(["u1"])
    canvas.select_feature("u1")
    item.setPos(QPointF(0.93, -0.02))  # what a drag leaves before the button is released
    release(page)
    moved = newest_plan(page).find("u1")
    assert moved is not None and moved.geometry.bounds == pytest.approx((6.0, 5.0, 12.0, 11.0))
    ws = page.context.workspace()
    assert queries.list_proposals(ws)[0].versions == 2
    page.context.undo_stack.undo()
    assert queries.list_proposals(ws)[0].versions == 3
    assert newest_plan(page) == drawing()
    page.context.undo_stack.redo()
    assert newest_plan(page).find("u1").geometry.bounds == pytest.approx((6.0, 5.0, 12.0, 11.0))  # type: ignore[union-attr]


def test_vertex_edit_changes_the_area_live_and_saves(page: DesignPage) -> None:
    """Dragging u1's corner to (11.47, 12.02) shows the new area, then saves it on the grid."""
    canvas = page.canvas
    canvas.select_feature("u1")
    editor = page.editor
    assert len(editor.handles) == 4
    corner = next(h for h in editor.handles if editor._ring[h.vertex] == (11.0, 11.0))
    corner.setPos(to_scene(11.47, 12.02))
    editor._handle_moved(corner)
    assert "m²" in page.selection_info.text()
    editor._handle_released(corner)
    edited = newest_plan(page).find("u1")
    assert edited is not None
    assert (11.5, 12.0) in [tuple(round(v, 6) for v in p) for p in edited.geometry.exterior.coords]


def test_rotate_and_editing_closed_after_submit(page: DesignPage) -> None:
    """Rotating saves a version; once submitted, editing is switched off."""
    page.canvas.select_feature("u1")
    page.rotate_action.trigger()
    turned = newest_plan(page).find("u1")
    assert turned is not None and turned.geometry.area == pytest.approx(36.0)
    ws = page.context.workspace()
    workflow.submit(ws, queries.list_proposals(ws)[0].id)
    page.refresh()
    assert not page.edit_action.isEnabled() and not page.editor.enabled


def test_draw_a_room_by_clicking(qtbot: QtBot, page: DesignPage) -> None:
    """Four clicks and Enter draw a snapped room; it is saved as a version and undo removes it."""
    canvas = page.canvas
    page.draw_actions["room"].trigger()
    assert page.editor.is_drawing()
    for x, y in ((20.02, 20.0), (24.0, 20.04), (24.0, 23.0), (19.98, 23.0)):
        qtbot.mouseClick(
            canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(to_scene(x, y))
        )
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert not page.editor.is_drawing()
    rooms = newest_plan(page).of_kind("room")
    assert len(rooms) == 1 and rooms[0].area == pytest.approx(12.0, abs=0.05)
    assert rooms[0].label == "Ambiente 1"
    page.context.undo_stack.undo()
    assert newest_plan(page).of_kind("room") == ()


def test_rename_a_feature(page: DesignPage) -> None:
    """Renaming u1 saves a version with the new label; the rule check then uses it."""
    from ui.design_edit import rename_selected

    page.canvas.select_feature("u1")
    rename_selected(page, "B07-03")
    renamed = newest_plan(page).find("u1")
    assert renamed is not None and renamed.label == "B07-03"
    assert renamed.geometry.equals(drawing().find("u1").geometry)  # type: ignore[union-attr]


def test_students_of_a_room_feed_the_classroom_rule(page: DesignPage) -> None:
    """A 9 m² room given 10 students breaks the 1.5 m² per student rule after the save."""
    from ui.design_edit import set_count_selected

    page.draw_actions["room"].trigger()
    for x, y in ((20.0, 20.0), (23.0, 20.0), (23.0, 23.0), (20.0, 23.0)):
        page.editor.add_point(x, y)
    assert page.editor.finish_drawing()
    room = newest_plan(page).of_kind("room")[0]
    rules = [v.rule for v in page.review.rules_model._records]
    assert "classroom_area" not in rules
    page.canvas.select_feature(room.id)
    set_count_selected(page, 10)
    assert newest_plan(page).of_kind("room")[0].attr("students") == 10
    after = [v.rule for v in page.review.rules_model._records]
    assert after == [*rules, "classroom_area"]
