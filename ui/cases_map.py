"""An offline world map with a marker per case; clicking a marker chooses that case.

Countries come from the bundled Natural Earth outlines (public domain),
drawn once into a QGraphicsScene in an equirectangular projection (x =
longitude, y = −latitude, in degrees). Markers keep their size on screen
while the map zooms; colours come from the palette so dark themes work.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)
from typing_extensions import override

from codesign.cases.search import CaseHit
from codesign.cases.worldmap import ATTRIBUTION, countries
from ui.cases_models import hit_title

MARKER = 9.0  # pixels
CASE_ROLE = 0


def _country_path() -> QPainterPath:
    path = QPainterPath()
    for country in countries():
        for ring in country.rings:
            if not ring:
                continue
            path.moveTo(ring[0][0], -ring[0][1])
            for x, y in ring[1:]:
                path.lineTo(x, -y)
            path.closeSubpath()
    return path


class WorldMap(QGraphicsView):
    """The map; ``case_clicked`` carries the id of the case whose marker was clicked."""

    case_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.markers: dict[uuid.UUID, QGraphicsEllipseItem] = {}
        self.selected: uuid.UUID | None = None
        palette = self.palette()
        self.setBackgroundBrush(QBrush(palette.color(QPalette.ColorRole.Base)))
        land = QGraphicsPathItem(_country_path())
        land.setBrush(QBrush(palette.color(QPalette.ColorRole.Midlight)))
        outline = QPen(palette.color(QPalette.ColorRole.Mid), 0)
        outline.setCosmetic(True)
        land.setPen(outline)
        land.setZValue(0)
        self.scene().addItem(land)
        self.scene().setSceneRect(QRectF(-180, -90, 360, 180))
        self.attribution = QGraphicsSimpleTextItem(ATTRIBUTION)
        self.attribution.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.attribution.setBrush(QBrush(palette.color(QPalette.ColorRole.PlaceholderText)))
        self.attribution.setPos(-178, 84)
        self.attribution.setZValue(3)
        self.scene().addItem(self.attribution)
        self._fitted = False

    def set_cases(self, hits: Sequence[CaseHit]) -> None:
        """One marker per case that has coordinates."""
        scene = self.scene()
        for item in self.markers.values():
            scene.removeItem(item)
        self.markers.clear()
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        edge = QPen(self.palette().color(QPalette.ColorRole.Base), 1.5)
        for hit in hits:
            if hit.latitude is None or hit.longitude is None:
                continue
            item = QGraphicsEllipseItem(-MARKER / 2, -MARKER / 2, MARKER, MARKER)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setPos(QPointF(hit.longitude, -hit.latitude))
            item.setBrush(QBrush(colour))
            item.setPen(edge)
            item.setToolTip(f"{hit_title(hit)} — {hit.city}")
            item.setData(CASE_ROLE, hit.id)
            item.setZValue(2)
            item.setCursor(Qt.CursorShape.PointingHandCursor)
            scene.addItem(item)
            self.markers[hit.id] = item
        self.highlight(self.selected)

    def highlight(self, case_id: uuid.UUID | None) -> None:
        """Draw the chosen case's marker larger and on top."""
        self.selected = case_id
        accent = QColor(self.palette().color(QPalette.ColorRole.Highlight)).darker(160)
        normal = self.palette().color(QPalette.ColorRole.Highlight)
        for marker_id, item in self.markers.items():
            chosen = marker_id == case_id
            item.setScale(1.7 if chosen else 1.0)
            item.setZValue(4 if chosen else 2)
            item.setBrush(QBrush(accent if chosen else normal))

    def case_at(self, point: QPointF) -> uuid.UUID | None:
        """The case whose marker is under a point of the view, if any."""
        for item in self.items(point.toPoint()):
            value = item.data(CASE_ROLE)
            if isinstance(value, uuid.UUID):
                return value
        return None

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Qt: a click on a marker chooses its case; elsewhere the map pans."""
        if event.button() == Qt.MouseButton.LeftButton:
            found = self.case_at(event.position())
            if found is not None:
                self.highlight(found)
                self.case_clicked.emit(found)
                event.accept()
                return
        super().mousePressEvent(event)

    @override
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Qt: the wheel zooms around the pointer."""
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self._fitted = True
        self.scale(factor, factor)

    @override
    def resizeEvent(self, event: object) -> None:
        """Qt: show the whole world until the reader zooms."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        if not self._fitted:
            self.fitInView(QRectF(-180, -60, 360, 145), Qt.AspectRatioMode.KeepAspectRatio)
