"""The graphics items of the plan canvas: one per feature, a layer per kind, and markers.

Scene coordinates are plan metres with y turned down (scene y = −plan y),
so texts are drawn upright without flipping the view. Pens are cosmetic
(one pixel whatever the zoom) and labels are drawn only when they fit, so a
whole site of 10,000 units stays cheap to paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from typing_extensions import override

from codesign.design.style import COMMENT_COLOUR, RESOLVED_COLOUR, VIOLATION_COLOUR, kind_style

if TYPE_CHECKING:
    from plans.features import Feature

LABEL_KINDS = frozenset({"unit", "room", "common", "green", "plot"})
LABEL_PX = 11.0
SELECTED = QColor("#1565c0")
LABEL_COLOUR = QColor("#3a2a1a")
_FONT: list[QFont] = []
_METRICS: list[QFontMetricsF] = []


def label_font() -> QFont:
    """The font of feature labels (made once, after the application exists)."""
    if not _FONT:
        font = QFont()
        font.setPixelSize(int(LABEL_PX))
        _FONT.append(font)
    return _FONT[0]


def label_metrics() -> QFontMetricsF:
    """Metrics of the label font."""
    if not _METRICS:
        _METRICS.append(QFontMetricsF(label_font()))
    return _METRICS[0]


VIOLATION = QColor(VIOLATION_COLOUR)


def to_scene(x: float, y: float) -> QPointF:
    """A plan point (metres, y north) in scene coordinates."""
    return QPointF(x, -y)


def to_plan(point: QPointF) -> tuple[float, float]:
    """A scene point back in plan metres."""
    return (point.x(), -point.y())


def ring_polygon(ring: Any) -> QPolygonF:
    """A shapely ring as a Qt polygon in scene coordinates (numpy, not shapely's slow iterator)."""
    import shapely

    return QPolygonF([QPointF(x, -y) for x, y in shapely.get_coordinates(ring).tolist()])


class FeatureItem(QGraphicsItem):
    """One feature: its polygon (holes kept), label, and a selection or accent outline."""

    def __init__(self, index: int, feature: Feature) -> None:
        super().__init__()
        self.index = index
        self.feature = feature
        self.accent: QColor | None = None  # a broken rule or a change being compared
        style = kind_style(feature.kind)
        self._brush = QBrush(QColor(style.fill))
        self._pen = QPen(QColor(style.stroke), 0)
        self._pen.setCosmetic(True)
        self.set_geometry(feature)
        self.setZValue(style.z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)

    def set_geometry(self, feature: Feature) -> None:
        """Show ``feature``'s (new) geometry."""
        self.prepareGeometryChange()
        self.feature = feature
        geometry = feature.geometry
        self._outer = ring_polygon(geometry.exterior)
        self._holes = tuple(ring_polygon(r) for r in geometry.interiors)
        self._bounds = self._outer.boundingRect()
        self._path: QPainterPath | None = None
        self._anchor: QPointF | None = None
        self._label_px = 0.0
        self.update()

    def has_holes(self) -> bool:
        """Whether the polygon has holes (drawn as a path)."""
        return bool(self._holes)

    def polygon(self) -> QPolygonF:
        """The outer ring in scene coordinates."""
        return self._outer

    def _shape_path(self) -> QPainterPath:
        if self._path is None:
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.OddEvenFill)
            path.addPolygon(self._outer)
            for hole in self._holes:
                path.addPolygon(hole)
            self._path = path
        return self._path

    @override
    def boundingRect(self) -> QRectF:
        """Qt: the polygon's box."""
        return self._bounds

    @override
    def shape(self) -> QPainterPath:
        """Qt: clicks hit the polygon, not holes or its box."""
        return self._shape_path()

    @override
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Qt: fill and outline; a thick outline when selected or breaking a rule; the label."""
        painter.setBrush(self._brush)
        pen = self._pen
        if self.isSelected() or self.accent is not None:
            pen = QPen(SELECTED if self.isSelected() or self.accent is None else self.accent, 2.5)
            pen.setCosmetic(True)
        painter.setPen(pen)
        if self._holes:
            painter.drawPath(self._shape_path())
        else:
            painter.drawPolygon(self._outer)
        if self.feature.kind in LABEL_KINDS and self.feature.label:
            self._label(painter)

    def _label(self, painter: QPainter) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        width_px, height_px = self._bounds.width() * lod, self._bounds.height() * lod
        if height_px < LABEL_PX * 1.6 or width_px < LABEL_PX * 2:
            return
        if self._anchor is None:  # measured once: shapely and font metrics are not free
            point = self.feature.geometry.representative_point()
            self._anchor = QPointF(point.x, -point.y)
            self._label_px = float(label_metrics().horizontalAdvance(self.feature.label))
        if self._label_px > width_px * 0.95:
            return
        painter.save()
        painter.setFont(label_font())
        painter.translate(self._anchor)
        painter.scale(1 / lod, 1 / lod)
        painter.setPen(LABEL_COLOUR)
        box = QRectF(-width_px / 2, -LABEL_PX, width_px, 2 * LABEL_PX)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.feature.label)
        painter.restore()


class MarkerItem(QGraphicsItem):
    """A numbered pin that keeps its size on screen: a broken rule (round) or a comment."""

    RADIUS = 9.0

    def __init__(self, text: str, x: float, y: float, *, comment: bool, resolved: bool = False):
        super().__init__()
        self.text = text
        self.comment = comment
        self.resolved = resolved
        self.key: object = None
        self.setPos(to_scene(x, y))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(100 if comment else 90)
        if comment:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)

    @override
    def boundingRect(self) -> QRectF:
        """Qt: the pin around its point, in pixels."""
        r = self.RADIUS + 2
        return QRectF(-r, -r, 2 * r + 6, 2 * r)

    @override
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Qt: a filled circle (rule) or rounded tag (comment) with its number."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = VIOLATION_COLOUR if not self.comment else COMMENT_COLOUR
        if self.resolved:
            colour = RESOLVED_COLOUR
        painter.setBrush(QColor(colour))
        outline = QPen(QColor("#ffffff") if not self.isSelected() else SELECTED, 2)
        painter.setPen(outline)
        r = self.RADIUS
        if self.comment:
            painter.drawRoundedRect(QRectF(-r, -r, 2 * r + 6, 2 * r), 4, 4)
            box = QRectF(-r, -r, 2 * r + 6, 2 * r)
        else:
            painter.drawEllipse(QPointF(0, 0), r, r)
            box = QRectF(-r, -r, 2 * r, 2 * r)
        font = QFont(painter.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text)
