"""Plan canvas: 10,000 units rendered into a QImage (zoomed frame ≤ 16 ms, whole site ≤ 50 ms).

Builds the canvas over the sample site with 10,000 units (about 12,000
features), then renders it into a 1280 × 800 QImage: the whole site fitted
in view, and a frame zoomed in ten times on the middle of the site (best of
15 each, after two warm-up frames). The floor is a bare QPainter drawing
every polygon of the site into the same image, with no scene at all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET_ZOOMED_MS = 16.0
BUDGET_WHOLE_MS = 50.0
UNITS = 10_000
SIZE = (1280, 800)


def _best(call: Callable[[], object], times: int = 15) -> float:
    for _i in range(2):
        call()
    best = float("inf")
    for _i in range(times):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run() -> bool:
    """Print the frame times and their ratios to the budget; True when within it."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
    from PySide6.QtWidgets import QApplication

    from plans.sample import sample_site
    from ui.plan_canvas import PlanCanvas
    from ui.plan_items import to_scene

    app = QApplication.instance() or QApplication([])
    plan = sample_site(UNITS, 1)
    canvas = PlanCanvas()
    canvas.resize(*SIZE)
    canvas.show()
    app.processEvents()
    canvas.set_plan(plan)
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    target = QRectF(0, 0, *SIZE)

    def frame() -> None:
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        canvas.render(painter, target, canvas.viewport().rect())
        painter.end()

    canvas.fit()
    whole = _best(frame)
    min_x, min_y, max_x, max_y = plan.bounds
    canvas.zoom_by(10.0)
    canvas.centerOn(to_scene((min_x + max_x) / 2, (min_y + max_y) / 2))
    zoomed = _best(frame)
    polygons = [QPolygonF([QPointF(x, -y) for x, y in f.geometry.exterior.coords]) for f in plan]
    scale = min(SIZE[0] / (max_x - min_x), SIZE[1] / (max_y - min_y))

    def bare() -> None:
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-min_x, max_y)
        pen = QPen(QColor("#7a5030"), 0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QColor("#f4e7d3"))
        for polygon in polygons:
            painter.drawPolygon(polygon)
        painter.end()

    floor = _best(bare)
    print(f"features: {len(plan.features)} ({UNITS} units), image {SIZE[0]} × {SIZE[1]}")
    print(f"bare QPainter, whole site: {floor:.1f} ms (floor)")
    print(
        f"whole site: {whole:.1f} ms = {whole / BUDGET_WHOLE_MS:.2f} × budget "
        f"({BUDGET_WHOLE_MS:.0f} ms); {whole / floor:.2f} × floor"
    )
    print(
        f"zoomed frame: {zoomed:.1f} ms = {zoomed / BUDGET_ZOOMED_MS:.2f} × budget "
        f"({BUDGET_ZOOMED_MS:.0f} ms)"
    )
    canvas.close()
    return whole <= BUDGET_WHOLE_MS and zoomed <= BUDGET_ZOOMED_MS


if __name__ == "__main__":
    run()
