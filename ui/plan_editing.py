"""Editing on the plan canvas: move, rotate and vertex-edit polygons, snapping to vertices and grid.

The editor never writes: each finished gesture emits ``feature_edited`` with
the new feature, and the page saves it as a new version through the
services (an undoable command). While a vertex is dragged the feature is
redrawn and ``preview`` reports it, so areas and sizes update live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import shapely
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)
from shapely import affinity
from shapely.geometry import Polygon
from shiboken6 import isValid
from typing_extensions import override

from models.ids import uuid7
from plans.features import Feature
from ui.plan_canvas import PlanCanvas
from ui.plan_items import FeatureItem, to_plan, to_scene

GRID_M = 0.1
SNAP_PX = 8.0


def snap_point(
    x: float, y: float, vertices: np.ndarray, tolerance: float, grid: float
) -> tuple[float, float]:
    """The nearest vertex within ``tolerance`` metres, else the nearest grid point."""
    if len(vertices):
        distances = np.hypot(vertices[:, 0] - x, vertices[:, 1] - y)
        best = int(np.argmin(distances))
        if distances[best] <= tolerance:
            return float(vertices[best, 0]), float(vertices[best, 1])
    if grid <= 0:
        return x, y
    return round(round(x / grid) * grid, 6), round(round(y / grid) * grid, 6)


def snap_offset(
    ring: np.ndarray, dx: float, dy: float, vertices: np.ndarray, *, tolerance: float, grid: float
) -> tuple[float, float]:
    """The move (dx, dy) adjusted so a vertex lands on another feature's vertex, else the grid."""
    moved = ring + np.array([dx, dy])
    if len(vertices):
        best = (tolerance + 1.0, 0.0, 0.0)
        for px, py in moved:
            distances = np.hypot(vertices[:, 0] - px, vertices[:, 1] - py)
            index = int(np.argmin(distances))
            if distances[index] < best[0]:
                best = (float(distances[index]), vertices[index, 0] - px, vertices[index, 1] - py)
        if best[0] <= tolerance:
            return dx + float(best[1]), dy + float(best[2])
    x0, y0 = float(moved[0, 0]), float(moved[0, 1])
    sx, sy = snap_point(x0, y0, np.empty((0, 2)), 0.0, grid)
    return dx + sx - x0, dy + sy - y0


class HandleItem(QGraphicsItem):
    """A square at one vertex; dragging it moves the vertex."""

    SIZE = 7.0

    def __init__(self, vertex: int, on_move: Callable[[HandleItem], None],
                 on_release: Callable[[HandleItem], None]) -> None:  # fmt: skip
        super().__init__()
        self.vertex = vertex
        self._on_move = on_move
        self._on_release = on_release
        # Dragged by hand, not ItemIsMovable: Qt would drag the selected feature along.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(120)
        self.setCursor(Qt.CursorShape.SizeAllCursor)

    @override
    def boundingRect(self) -> QRectF:
        """Qt: the square, in pixels."""
        half = self.SIZE / 2 + 1
        return QRectF(-half, -half, 2 * half, 2 * half)

    @override
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Qt: a white square with a blue outline."""
        painter.setPen(QPen(QColor("#1565c0"), 1.5))
        painter.setBrush(QColor("#ffffff"))
        half = self.SIZE / 2
        painter.drawRect(QRectF(-half, -half, self.SIZE, self.SIZE))

    @override
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Qt: start dragging the vertex."""
        event.accept()

    @override
    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Qt: the vertex follows the pointer; the polygon follows the vertex."""
        self.setPos(event.scenePos())
        self._on_move(self)

    @override
    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Qt: the drag is over."""
        self._on_release(self)


class PlanEditor(QObject):
    """Move, rotate and vertex-edit on a canvas; emits the edited feature, never writes."""

    feature_edited = Signal(int, object)  # index in the plan, the new Feature
    feature_drawn = Signal(object)  # a new Feature to add
    preview = Signal(object)  # the Feature as it is being dragged or drawn

    def __init__(self, canvas: PlanCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.enabled = False
        self.grid = GRID_M
        self.handles: list[HandleItem] = []
        self._editing: FeatureItem | None = None
        self._ring: list[tuple[float, float]] = []
        self._drawing: str | None = None  # the kind being drawn
        self._points: list[tuple[float, float]] = []
        self._sketch: QGraphicsPolygonItem | None = None
        canvas.viewport().installEventFilter(self)
        canvas.installEventFilter(self)  # Enter and Escape while drawing
        canvas.plan_scene.selectionChanged.connect(self._selection_changed)

    def set_enabled(self, on: bool) -> None:
        """Turn editing on or off (items become movable; one selected feature shows handles)."""
        self.enabled = on
        for item in self.canvas.plan_scene.items_by_index:
            item.setFlag(
                QGraphicsItem.GraphicsItemFlag.ItemIsMovable, on and item.feature.kind != "site"
            )
        self._selection_changed()

    def refresh(self) -> None:
        """After the canvas shows a new plan: movable flags and handles again."""
        self.set_enabled(self.enabled)

    def _tolerance(self) -> float:
        return SNAP_PX / max(self.canvas.scale_factor(), 1e-9)

    def _other_vertices(self, skip: int) -> np.ndarray:
        rings = [
            shapely.get_coordinates(item.feature.geometry.exterior)
            for item in self.canvas.plan_scene.items_by_index
            if item.index != skip and item.isVisible()
        ]
        return np.concatenate(rings) if rings else np.empty((0, 2))

    # -- moving ------------------------------------------------------------------------

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Clicks while drawing add vertices; after a drag of items, their offset is an edit."""
        if self._drawing is not None and watched in (self.canvas.viewport(), self.canvas):
            return self._draw_event(event)
        if (
            self.enabled
            and event.type() == QEvent.Type.MouseMove
            and watched is self.canvas.viewport()
        ):
            for item in self.canvas.selected_items()[:1]:
                if not item.pos().isNull():  # live: where the dragged feature would go
                    moved = affinity.translate(
                        item.feature.geometry, item.pos().x(), -item.pos().y()
                    )
                    self.preview.emit(replace(item.feature, geometry=moved))
        if (
            self.enabled
            and event.type() == QEvent.Type.MouseButtonRelease
            and watched is self.canvas.viewport()
        ):
            for item in self.canvas.selected_items():
                if not item.pos().isNull():
                    self._finish_move(item)
        return False

    def _finish_move(self, item: FeatureItem) -> None:
        dx, dy = item.pos().x(), -item.pos().y()
        item.setPos(QPointF(0, 0))
        ring = shapely.get_coordinates(item.feature.geometry.exterior)
        others = self._other_vertices(item.index)
        dx, dy = snap_offset(ring, dx, dy, others, tolerance=self._tolerance(), grid=self.grid)
        if abs(dx) < 1e-9 and abs(dy) < 1e-9:
            return
        moved = affinity.translate(item.feature.geometry, dx, dy)
        self.feature_edited.emit(item.index, replace(item.feature, geometry=moved))

    def rotate_selected(self, degrees: float) -> None:
        """Rotate the selected feature around its centroid."""
        items = self.canvas.selected_items()
        if not self.enabled or len(items) != 1:
            return
        item = items[0]
        turned = affinity.rotate(item.feature.geometry, degrees, origin="centroid")
        self.feature_edited.emit(item.index, replace(item.feature, geometry=turned))

    # -- vertices ----------------------------------------------------------------------

    def _clear_handles(self) -> None:
        for handle in self.handles:
            self.canvas.plan_scene.removeItem(handle)
        self.handles = []
        self._editing = None

    def _selection_changed(self) -> None:
        if not isValid(self.canvas) or not isValid(self.canvas.plan_scene):
            return  # the canvas is being destroyed (the scene announces its last selection)
        self._clear_handles()
        items = self.canvas.selected_items() if self.enabled else []
        if len(items) != 1 or items[0].feature.kind == "site":
            return
        item = items[0]
        self._editing = item
        self._ring = [
            (float(x), float(y))
            for x, y in shapely.get_coordinates(item.feature.geometry.exterior)[:-1]
        ]
        for index, (x, y) in enumerate(self._ring):
            handle = HandleItem(index, self._handle_moved, self._handle_released)
            handle.setPos(to_scene(x, y))
            self.canvas.plan_scene.addItem(handle)
            self.handles.append(handle)

    def _polygon_with(self, handle: HandleItem) -> Polygon | None:
        if self._editing is None:
            return None
        ring = list(self._ring)
        ring[handle.vertex] = to_plan(handle.pos())
        holes = [list(r.coords) for r in self._editing.feature.geometry.interiors]
        polygon = Polygon(ring, holes)
        return polygon if polygon.is_valid and polygon.area > 0 else None

    def _handle_moved(self, handle: HandleItem) -> None:
        polygon = self._polygon_with(handle)
        if polygon is not None and self._editing is not None:
            feature: Feature = replace(self._editing.feature, geometry=polygon)
            self.preview.emit(feature)

    def _handle_released(self, handle: HandleItem) -> None:
        item = self._editing
        if item is None:
            return
        x, y = to_plan(handle.pos())
        x, y = snap_point(x, y, self._other_vertices(item.index), self._tolerance(), self.grid)
        handle.setPos(to_scene(x, y))
        polygon = self._polygon_with(handle)
        if polygon is None:  # a crossing or empty ring: put the vertex back
            handle.setPos(to_scene(*self._ring[handle.vertex]))
            return
        if polygon.equals_exact(item.feature.geometry, 1e-9):
            return
        self.feature_edited.emit(item.index, replace(item.feature, geometry=polygon))

    # -- drawing -----------------------------------------------------------------------

    def start_drawing(self, kind: str) -> None:
        """Clicks add the vertices of a new ``kind`` polygon; double-click or Enter ends it."""
        self.cancel_drawing()
        self._drawing = kind
        self._points = []
        pen = QPen(QColor("#1565c0"), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._sketch = QGraphicsPolygonItem()
        self._sketch.setPen(pen)
        self._sketch.setZValue(110)
        self.canvas.plan_scene.addItem(self._sketch)
        self.canvas.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def is_drawing(self) -> bool:
        """Whether clicks are adding vertices of a new polygon."""
        return self._drawing is not None

    def cancel_drawing(self) -> None:
        """Stop drawing without adding anything."""
        if self._sketch is not None and isValid(self._sketch):
            self.canvas.plan_scene.removeItem(self._sketch)
        self._sketch = None
        self._drawing = None
        self._points = []
        if isValid(self.canvas):
            self.canvas.viewport().unsetCursor()

    def add_point(self, x: float, y: float) -> None:
        """Add a vertex at plan point (x, y), snapped to vertices or the grid."""
        x, y = snap_point(x, y, self._other_vertices(-1), self._tolerance(), self.grid)
        if not self._points or self._points[-1] != (x, y):
            self._points.append((x, y))
        if self._sketch is not None:
            self._sketch.setPolygon(QPolygonF([to_scene(px, py) for px, py in self._points]))
        if len(self._points) >= 3 and self._drawing is not None:
            polygon = Polygon(self._points)
            if polygon.is_valid:
                self.preview.emit(Feature(self._drawing, "", polygon))

    def finish_drawing(self) -> bool:
        """Emit the drawn polygon (three vertices at least, not crossing itself)."""
        kind, points = self._drawing, list(self._points)
        self.cancel_drawing()
        if kind is None or len(points) < 3:
            return False
        polygon = Polygon(points)
        if not polygon.is_valid or polygon.area <= 0:
            return False
        self.feature_drawn.emit(
            Feature(kind, "", shapely.normalize(polygon), id=f"new-{uuid7().hex[-12:]}")
        )
        return True

    def _draw_event(self, event: QEvent) -> bool:
        if isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            point = self.canvas.mapToScene(event.position().toPoint())
            if event.type() == QEvent.Type.MouseButtonPress:
                self.add_point(*to_plan(point))
                return True
            if event.type() == QEvent.Type.MouseButtonDblClick:
                self.finish_drawing()
                return True
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.finish_drawing()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.cancel_drawing()
                return True
        return False
