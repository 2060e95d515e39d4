"""The plan canvas: a QGraphicsView over a version's features, with markers and layers.

Wheel and +/− zoom around the pointer, arrow keys and the middle button
(or Space with the left button) pan, Home or F fits the plan. Selecting a
feature reports its area and size; rule violations outline the feature in
red with a numbered marker, and review comments are pins. ``pick_point``
turns the next click into a point (where a new comment goes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget
from shiboken6 import isValid
from typing_extensions import override

from ui.plan_items import VIOLATION, FeatureItem, MarkerItem, to_plan, to_scene
from ui.plan_overview import OVERVIEW_MIN_VISIBLE, FeatureFinder, OverviewItem

if TYPE_CHECKING:
    from plans.features import Feature, Plan
    from plans.rules import Violation

ZOOM_STEP = 1.25
MIN_SCALE = 1e-3
MAX_SCALE = 2000.0
PAN_FRACTION = 0.1


class PlanScene(QGraphicsScene):
    """The features of one plan (an item each, and the overview of them all), plus markers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items_by_index: list[FeatureItem] = []
        self.markers: list[MarkerItem] = []
        self._plan: Plan | None = None  # plans load with the first drawing, not at start-up
        self.overview = OverviewItem()
        self.overview.hide()
        self.addItem(self.overview)
        self.finder = FeatureFinder(())

    @property
    def plan(self) -> Plan:
        """The plan shown (an empty one before any)."""
        if self._plan is None:
            from plans.features import Plan

            self._plan = Plan(())
        return self._plan

    def clear_plan(self) -> None:
        """Show nothing."""
        self.clear_markers()
        for item in self.items_by_index:
            self.removeItem(item)
        self.items_by_index = []
        self.overview.set_items(())
        self.finder = FeatureFinder(())
        self._plan = None

    def set_plan(self, plan: Plan) -> None:
        """Show ``plan`` instead of what was shown."""
        self.clear_plan()
        self._plan = plan
        self.items_by_index = [FeatureItem(i, f) for i, f in enumerate(plan.features)]
        for item in self.items_by_index:
            self.addItem(item)
        self.overview.set_items(self.items_by_index)
        self.finder = FeatureFinder(self.items_by_index)
        min_x, min_y, max_x, max_y = plan.bounds if plan.features else (0, 0, 10, 10)
        margin = max(max_x - min_x, max_y - min_y, 10.0) * 0.5
        self.setSceneRect(
            QRectF(
                to_scene(min_x - margin, max_y + margin),
                to_scene(max_x + margin, min_y - margin),
            )
        )

    def find_items(self, keys: Iterable[str]) -> list[FeatureItem]:
        """The items whose feature id, else label, is one of ``keys``."""
        wanted = set(keys)
        return [
            item
            for item in self.items_by_index
            if (item.feature.id and item.feature.id in wanted) or item.feature.label in wanted
        ]

    def clear_markers(self) -> None:
        """Remove every marker."""
        for marker in self.markers:
            self.removeItem(marker)
        self.markers = []

    def add_marker(self, marker: MarkerItem) -> None:
        """Show a marker above the features."""
        self.addItem(marker)
        self.markers.append(marker)


class PlanCanvas(QGraphicsView):
    """Pan, zoom, layers, selection with live measures, markers and picking a point."""

    selection_changed = Signal(object)  # tuple[Feature, ...]
    point_picked = Signal(float, float)  # plan metres
    comment_clicked = Signal(object)  # the comment's key
    zoom_changed = Signal(float)  # pixels per metre

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan_scene = PlanScene(self)
        self.setScene(self.plan_scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(self.palette().base())
        self._picking = False
        self._panning: QPointF | None = None
        self._space = False
        self._overview = False
        self._auto_fit = True  # fit again on resize until the user zooms or pans
        self._quiet = False  # mode switches move the selection without announcing it
        self.hidden_kinds: set[str] = set()
        self.plan_scene.selectionChanged.connect(self._selection_changed)

    # -- content -----------------------------------------------------------------------

    def set_plan(self, plan: Plan, *, fit: bool = True) -> None:
        """Show ``plan``; fit it to the view unless ``fit`` is False (keeps the zoom)."""
        self._overview = False
        self.plan_scene.overview.hide()
        self.plan_scene.set_plan(plan)
        for item in self.plan_scene.items_by_index:
            if item.feature.kind in self.hidden_kinds:
                item.setVisible(False)
        if fit:
            self.fit()
        self._update_mode()
        self.selection_changed.emit(())

    def clear(self) -> None:
        """Show no plan."""
        self._overview = False
        self.plan_scene.overview.hide()
        self.plan_scene.clear_plan()
        self.selection_changed.emit(())

    def plan(self) -> Plan:
        """The plan shown."""
        return self.plan_scene.plan

    def set_violations(self, violations: Sequence[Violation]) -> None:
        """Outline the features breaking a rule and mark each violation with its number."""
        scene = self.plan_scene
        for marker in [m for m in scene.markers if not m.comment]:
            scene.removeItem(marker)
            scene.markers.remove(marker)
        keys = {v.feature_id or v.feature for v in violations}
        for item in scene.items_by_index:
            item.accent = None
        for item in scene.find_items(keys):
            if item.feature.kind != "site":
                item.accent = VIOLATION
        for number, violation in enumerate(violations, start=1):
            x, y = violation.where
            scene.add_marker(MarkerItem(str(number), x, y, comment=False))
        scene.update()

    def set_comments(self, pins: Sequence[tuple[object, str, float, float, bool]]) -> None:
        """Comment pins: (key, text on the pin, x, y, resolved)."""
        scene = self.plan_scene
        for marker in [m for m in scene.markers if m.comment]:
            scene.removeItem(marker)
            scene.markers.remove(marker)
        for key, text, x, y, resolved in pins:
            marker = MarkerItem(text, x, y, comment=True, resolved=resolved)
            marker.key = key
            scene.add_marker(marker)

    def highlight(self, keys: Iterable[str], colour: QColor) -> None:
        """Outline the features named by ``keys`` in ``colour`` (changes being compared)."""
        for item in self.plan_scene.find_items(keys):
            item.accent = colour
        self.plan_scene.update()

    def set_layer_visible(self, kind: str, visible: bool) -> None:
        """Show or hide every feature of ``kind``."""
        if visible:
            self.hidden_kinds.discard(kind)
        else:
            self.hidden_kinds.add(kind)
        overview = self.plan_scene.overview
        overview.hidden_kinds = frozenset(self.hidden_kinds)
        overview.update()
        if not self._overview:
            for item in self.plan_scene.items_by_index:
                if item.feature.kind == kind:
                    item.setVisible(visible)
        if not visible:
            overview.selected = {
                i
                for i in overview.selected
                if self.plan_scene.items_by_index[i].feature.kind != kind
            }
            self.selection_changed.emit(self.selected_features())

    def layer_visible(self, kind: str) -> bool:
        """Whether the features of ``kind`` are shown."""
        return kind not in self.hidden_kinds

    def in_overview(self) -> bool:
        """Whether the whole-site overview paints the features (zoomed far out)."""
        return self._overview

    def selected_items(self) -> list[FeatureItem]:
        """The items of the selected features."""
        if self._overview:
            items = self.plan_scene.items_by_index
            return [items[i] for i in sorted(self.plan_scene.overview.selected)]
        return [i for i in self.plan_scene.selectedItems() if isinstance(i, FeatureItem)]

    def selected_features(self) -> tuple[Feature, ...]:
        """The features selected now."""
        return tuple(item.feature for item in self.selected_items())

    def select_feature(self, key: str) -> bool:
        """Select the feature whose id or label is ``key`` and bring it into view."""
        found = self.plan_scene.find_items([key])[:1]
        self._select(found)
        for item in found:
            self.ensureVisible(item)
        return bool(found)

    def _select(self, items: list[FeatureItem]) -> None:
        if self._overview:
            self.plan_scene.overview.selected = {item.index for item in items}
            self.plan_scene.overview.update()
            self.selection_changed.emit(self.selected_features())
            return
        self._quiet = True
        self.plan_scene.clearSelection()
        for item in items:
            item.setSelected(True)
        self._quiet = False
        self._selection_changed()

    def _selection_changed(self) -> None:
        if self._quiet or not isValid(self.plan_scene):
            return
        selected = [i for i in self.plan_scene.selectedItems() if isinstance(i, MarkerItem)]
        if selected and selected[0].comment:
            self.comment_clicked.emit(selected[0].key)
        self.selection_changed.emit(self.selected_features())

    def _update_mode(self) -> None:
        """Paint through the overview when thousands of features are in view."""
        overview = False
        if len(self.plan_scene.items_by_index) > OVERVIEW_MIN_VISIBLE:
            plan = self.plan_scene.plan
            min_x, min_y, max_x, max_y = plan.bounds
            v0, v1, v2, v3 = self.visible_plan_rect()
            shown = max(0.0, min(max_x, v2) - max(min_x, v0)) * max(
                0.0, min(max_y, v3) - max(min_y, v1)
            )
            total = max((max_x - min_x) * (max_y - min_y), 1e-9)
            overview = len(plan.features) * shown / total > OVERVIEW_MIN_VISIBLE
        if overview == self._overview:
            return
        scene = self.plan_scene
        items = scene.items_by_index
        selected = self.selected_items()
        self._quiet = True
        if overview:
            scene.clearSelection()
            for item in items:
                item.setVisible(False)
            scene.overview.selected = {item.index for item in selected}
            scene.overview.show()
        else:
            scene.overview.hide()
            for item in items:
                item.setVisible(item.feature.kind not in self.hidden_kinds)
            for item in selected:
                item.setSelected(True)
        self._overview = overview
        self._quiet = False

    # -- zoom and pan ------------------------------------------------------------------

    def scale_factor(self) -> float:
        """Pixels per metre at the current zoom."""
        return float(self.transform().m11())

    def fit(self) -> None:
        """Show the whole plan."""
        if not self.plan_scene.items_by_index:
            return
        min_x, min_y, max_x, max_y = self.plan_scene.plan.bounds
        rect = QRectF(to_scene(min_x, max_y), to_scene(max_x, min_y))
        self.fitInView(rect.adjusted(-1, -1, 1, 1), Qt.AspectRatioMode.KeepAspectRatio)
        self._auto_fit = True
        self._update_mode()
        self.zoom_changed.emit(self.scale_factor())

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, within sensible limits."""
        target = self.scale_factor() * factor
        if not MIN_SCALE <= target <= MAX_SCALE:
            return
        self.scale(factor, factor)
        self._auto_fit = False
        self._update_mode()
        self.zoom_changed.emit(self.scale_factor())

    def pan_by(self, dx: float, dy: float) -> None:
        """Scroll by fractions of the visible width and height."""
        self._auto_fit = False
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + int(dx * self.viewport().width()))
        v.setValue(v.value() + int(dy * self.viewport().height()))

    def visible_plan_rect(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of what is on screen, in plan metres."""
        rect = self.mapToScene(self.viewport().rect()).boundingRect()
        x0, y1 = to_plan(rect.topLeft())
        x1, y0 = to_plan(rect.bottomRight())
        return (x0, y0, x1, y1)

    @override
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom around the pointer."""
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+/− zoom, arrows pan, Home or F fits, Space held pans with the left button."""
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (-PAN_FRACTION, 0.0),
            Qt.Key.Key_Right: (PAN_FRACTION, 0.0),
            Qt.Key.Key_Up: (0.0, -PAN_FRACTION),
            Qt.Key.Key_Down: (0.0, PAN_FRACTION),
        }
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_F):
            self.fit()
        elif key in moves:
            self.pan_by(*moves[Qt.Key(key)])
        elif key == Qt.Key.Key_Escape and self._picking:
            self._picking = False
            self.viewport().unsetCursor()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    @override
    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Releasing Space ends panning mode."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    # -- picking a point and panning with the mouse -------------------------------------

    def pick_point(self) -> None:
        """Make the next left click pick a point (``point_picked``); Escape cancels."""
        self._picking = True
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def is_picking(self) -> bool:
        """Whether the next click picks a point."""
        return self._picking

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Pick, start panning (middle button, or Space + left), or select."""
        left = event.button() == Qt.MouseButton.LeftButton
        if left and self._picking:
            self._picking = False
            self.viewport().unsetCursor()
            x, y = to_plan(self.mapToScene(event.position().toPoint()))
            self.point_picked.emit(x, y)
            event.accept()
            return
        if event.button() == Qt.MouseButton.MiddleButton or (left and self._space):
            self._panning = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if (
            left
            and self._overview
            and not isinstance(self.itemAt(event.position().toPoint()), MarkerItem)
        ):
            x, y = to_plan(self.mapToScene(event.position().toPoint()))
            found = self.plan_scene.finder.at(x, y, self.hidden_kinds)
            self._select([found] if found is not None else [])
            event.accept()
            return
        super().mousePressEvent(event)

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag the plan while panning."""
        if self._panning is not None:
            delta = event.position() - self._panning
            self._panning = event.position()
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(h.value() - int(delta.x()))
            v.setValue(v.value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Stop panning."""
        if self._panning is not None:
            self._panning = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        """A larger window may show enough features to switch to the overview."""
        super().resizeEvent(event)
        if self._auto_fit and self.plan_scene.items_by_index:
            self.fit()
        self._update_mode()
