"""Render ui/icons/minga.svg to the PNG sizes desktops and installers use.

Run ``QT_QPA_PLATFORM=offscreen python packaging/render_icons.py`` after
changing the SVG and commit the PNGs (the build does not need Qt's SVG
support then, and every platform gets the same pixels).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "ui" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(svg: Path, size: int, target: Path) -> None:
    """Draw ``svg`` at ``size`` × ``size`` pixels into the PNG ``target``."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"{target}: cannot write")


def main() -> int:
    """Render every size of the application icon."""
    _app = QGuiApplication(sys.argv[:1])
    for size in SIZES:
        render(ICONS / "minga.svg", size, ICONS / f"minga-{size}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
