"""The plan sheet: one landscape page with the drawing at a true scale and what it needs to be read.

The drawing is printed at the largest standard scale (1:N) that fits,
with a scale bar and north arrow; the side panel holds the legend, the area
table, the rule results numbered as on the drawing, open comments and the
title block (cooperative, proposal, version, author, date).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codesign.design.records import VersionId
from codesign.design.style import COMMENT_COLOUR, VIOLATION_COLOUR, drawing_order, kind_style
from codesign.reports import pdf
from codesign.reports.design_data import SheetData, sheet_data
from codesign.reports.design_panel import draw_panel
from codesign.workspace import Workspace
from i18n import gettext as _

MM = 72.0 / 25.4
SCALES = (20, 25, 50, 75, 100, 125, 200, 250, 500, 750, 1000, 1250, 2000, 2500, 5000, 7500)
BAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)
MARGIN = 10 * MM
A3_FEATURES = 300  # larger drawings go on A3


@dataclass(frozen=True, slots=True)
class SheetResult:
    """Where the sheet went and at which scale it was drawn."""

    path: Path
    pages: int
    scale: int
    paper: str


@dataclass(frozen=True, slots=True)
class Frame:
    """A rectangle on the page, in points."""

    x: float
    y: float
    width: float
    height: float


def choose_scale(extent_m: tuple[float, float], frame_pt: tuple[float, float]) -> int:
    """The smallest standard 1:N at which ``extent_m`` (width, height in metres) fits."""
    width, height = (max(v, 0.01) for v in extent_m)
    needed = max(width * 1000 * MM / frame_pt[0], height * 1000 * MM / frame_pt[1])
    factor = 1
    while True:
        for scale in SCALES:
            if scale * factor >= needed:
                return scale * factor
        factor *= 10


def paper_for(data: SheetData, paper: str) -> tuple[str, tuple[float, float]]:
    """("A4" or "A3", landscape size in points); ``auto`` picks A3 for large drawings."""
    from reportlab.lib.pagesizes import A3, A4, landscape

    chosen = paper.upper()
    if chosen == "AUTO":
        chosen = "A3" if len(data.plan.features) > A3_FEATURES else "A4"
    return chosen, landscape(A3 if chosen == "A3" else A4)


def draw_sheet(canvas: Any, data: SheetData, page: tuple[float, float]) -> int:
    """Draw one sheet on the current page of ``canvas``; return the scale N of 1:N."""
    page_w, page_h = page
    panel_w = (88 if page_w < 1000 else 105) * MM
    canvas.setStrokeColorRGB(0.2, 0.2, 0.2)
    canvas.setLineWidth(0.8)
    canvas.rect(MARGIN, MARGIN, page_w - 2 * MARGIN, page_h - 2 * MARGIN)
    panel_x = page_w - MARGIN - panel_w
    canvas.line(panel_x, MARGIN, panel_x, page_h - MARGIN)
    area = Frame(
        MARGIN + 6 * MM, MARGIN + 14 * MM, panel_x - MARGIN - 12 * MM, page_h - 2 * MARGIN - 22 * MM
    )
    min_x, min_y, max_x, max_y = data.plan.bounds
    scale = choose_scale((max_x - min_x, max_y - min_y), (area.width, area.height))
    _draw_plan(canvas, data, area, scale)
    _scale_bar(canvas, MARGIN + 6 * MM, MARGIN + 6 * MM, scale, data.locale)
    _north_arrow(canvas, panel_x - 12 * MM, page_h - MARGIN - 16 * MM)
    draw_panel(
        canvas,
        data,
        Frame(panel_x + 4 * MM, MARGIN + 3 * MM, panel_w - 8 * MM, page_h - 2 * MARGIN - 6 * MM),
        scale,
    )
    return scale


def _hex(canvas: Any, colour: str, *, fill: bool) -> None:
    from reportlab.lib.colors import HexColor

    if fill:
        canvas.setFillColor(HexColor(colour))
    else:
        canvas.setStrokeColor(HexColor(colour))


def _draw_plan(canvas: Any, data: SheetData, area: Frame, scale: int) -> None:
    """Every feature at 1:scale, centred in ``area``; violation and comment markers on top."""
    min_x, min_y, max_x, max_y = data.plan.bounds
    k = 1000 * MM / scale  # points per metre
    ox = area.x + (area.width - (max_x - min_x) * k) / 2 - min_x * k
    oy = area.y + (area.height - (max_y - min_y) * k) / 2 - min_y * k

    def at(x: float, y: float) -> tuple[float, float]:
        return ox + x * k, oy + y * k

    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(area.x - 4 * MM, area.y - 4 * MM, area.width + 8 * MM, area.height + 8 * MM)
    canvas.clipPath(clip, stroke=0, fill=0)
    features = sorted(data.plan.features, key=lambda f: drawing_order(f.kind))
    for feature in features:
        style = kind_style(feature.kind)
        _hex(canvas, style.fill, fill=True)
        _hex(canvas, style.stroke, fill=False)
        canvas.setLineWidth(style.width)
        path = canvas.beginPath()
        for ring in (feature.geometry.exterior, *feature.geometry.interiors):
            points = [at(x, y) for x, y in ring.coords]
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            path.close()
        canvas.drawPath(path, stroke=1, fill=1, fillMode=0)
    _labels(canvas, features, at, k)
    for number, finding in enumerate(data.findings, start=1):
        _marker(canvas, at(finding.x, finding.y), str(number), VIOLATION_COLOUR, round_=True)
    for number, pin in enumerate(data.pins, start=1):
        _marker(canvas, at(pin.x, pin.y), f"C{number}", COMMENT_COLOUR, round_=False)
    canvas.restoreState()


def _labels(canvas: Any, features: list[Any], at: Any, k: float) -> None:
    """Labels of units, rooms and common spaces where they fit inside their shape."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    canvas.setFillColorRGB(0.2, 0.15, 0.1)
    from shapely import STRtree

    rooms = STRtree([f.geometry.representative_point() for f in features if f.kind == "room"])
    for feature in features:
        if feature.kind not in ("unit", "room", "common") or not feature.label:
            continue
        min_x, min_y, max_x, max_y = feature.geometry.bounds
        width_pt, height_pt = (max_x - min_x) * k, (max_y - min_y) * k
        size = min(7.0, height_pt * 0.4)
        if size < 3.0:
            continue
        while size >= 3.0 and stringWidth(feature.label, pdf.FONT, size) > width_pt * 0.9:
            size -= 0.5
        if size < 3.0:
            continue
        point = feature.geometry.representative_point()
        x, y = at(point.x, point.y)
        if feature.kind != "room" and len(rooms.query(feature.geometry, "contains")):
            x, y = at((min_x + max_x) / 2, max_y)  # its rooms are labelled inside: go on top
            y -= size * 1.4
        canvas.setFont(pdf.FONT, size)
        canvas.drawCentredString(x, y - size / 3, feature.label)


def _marker(canvas: Any, xy: tuple[float, float], text: str, colour: str, *, round_: bool) -> None:
    x, y = xy
    radius = 2.4 * MM
    _hex(canvas, colour, fill=True)
    canvas.setStrokeColorRGB(1, 1, 1)
    canvas.setLineWidth(0.6)
    if round_:
        canvas.circle(x, y, radius, stroke=1, fill=1)
    else:
        canvas.roundRect(x - radius, y - radius, 2 * radius + 2, 2 * radius, 1.2, stroke=1, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(pdf.FONT_BOLD, 5.5)
    canvas.drawCentredString(x + (0 if round_ else 1), y - 2, text)


def bar_length(scale: int, target_mm: float = 50.0) -> float:
    """The longest round number of metres whose bar is at most ``target_mm`` on paper."""
    best = float(BAR_STEPS[0])
    for step in BAR_STEPS:
        if step * 1000 / scale <= target_mm:
            best = float(step)
    return best


def _scale_bar(canvas: Any, x: float, y: float, scale: int, locale: str) -> None:
    """Four alternating segments labelled in metres, and the scale as 1:N."""
    length_m = bar_length(scale)
    length_pt = length_m * 1000 * MM / scale
    segment = length_pt / 4
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(0, 0, 0)
    for index in range(4):
        canvas.setFillColorRGB(*((0, 0, 0) if index % 2 == 0 else (1, 1, 1)))
        canvas.rect(x + index * segment, y, segment, 1.6 * MM, stroke=1, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(pdf.FONT, 6.5)
    canvas.drawCentredString(x, y + 2.6 * MM, "0")
    canvas.drawCentredString(x + length_pt / 2, y + 2.6 * MM, _metres(length_m / 2, locale))
    canvas.drawCentredString(x + length_pt, y + 2.6 * MM, _metres(length_m, locale) + " m")
    canvas.setFont(pdf.FONT_BOLD, 8)
    canvas.drawString(x + length_pt + 5 * MM, y, _("Scale 1:{n}").format(n=scale))


def _metres(value: float, locale: str) -> str:
    from i18n.formatting import format_decimal

    return format_decimal(value, locale, places=0 if value == int(value) else 1, grouping=False)


def _north_arrow(canvas: Any, x: float, y: float) -> None:
    """An arrow pointing to the plan's north (local y up)."""
    size = 9 * MM
    canvas.setLineWidth(0.6)
    canvas.setStrokeColorRGB(0, 0, 0)
    path = canvas.beginPath()
    path.moveTo(x, y + size / 2)
    path.lineTo(x - size / 4, y - size / 2)
    path.lineTo(x, y - size / 4)
    path.close()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=1, fill=1)
    path = canvas.beginPath()
    path.moveTo(x, y + size / 2)
    path.lineTo(x + size / 4, y - size / 2)
    path.lineTo(x, y - size / 4)
    path.close()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.drawPath(path, stroke=1, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(pdf.FONT_BOLD, 9)
    canvas.drawCentredString(x, y + size / 2 + 1.5 * MM, _("N"))
    canvas.circle(x, y, size * 0.62, stroke=1, fill=0)


def design_sheet(
    ws: Workspace,
    version: VersionId,
    out: Path,
    *,
    paper: str = "auto",
    locale: str | None = None,
) -> SheetResult:
    """Write the plan sheet of ``version`` to ``out`` (A4 or A3 landscape)."""
    from codesign.reports.design_report import write_pdf

    data = sheet_data(ws, version, locale=locale)
    chosen, size = paper_for(data, paper)
    scales: list[int] = []

    def draw(canvas: Any) -> None:
        scales.append(draw_sheet(canvas, data, size))
        canvas.showPage()

    title = _("Plan sheet") + f" — {data.title}"
    pages = write_pdf(Path(out), size, draw, title=title, author=data.cooperative)
    return SheetResult(Path(out), pages, scales[0], chosen)
