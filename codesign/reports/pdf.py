"""PDF building blocks for Minga's reports: embedded fonts, styles, tables and images.

DejaVu Sans is embedded so every accent prints; reportlab is imported lazily.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


def register_fonts() -> None:
    """DejaVu Sans from matplotlib's own fonts: it has every accent we print."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


def styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "base": base,
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
        "bold_right": ParagraphStyle(
            "bold_right", parent=base, fontName=FONT_BOLD, alignment=TA_RIGHT
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=11, leading=14, textColor=colors.HexColor("#444444")
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=10,
            spaceAfter=6,
            textColor=colors.HexColor("#2f5f8f"),
        ),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
    }


def esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def table(
    rows: list[tuple[str, str, str]],
    total: tuple[str, str] | None,
    widths: tuple[float, float, float],
    styles: dict[str, Any],
    header: tuple[str, str, str] | None = None,
) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    body: list[list[Any]] = []
    if header:
        body.append(
            [
                Paragraph(esc(header[0]), styles["bold"]),
                Paragraph(esc(header[1]), styles["bold"]),
                Paragraph(esc(header[2]), styles["bold_right"]),
            ]
        )
    for code, text, amount in rows:
        body.append(
            [
                Paragraph(esc(code), styles["base"]),
                Paragraph(esc(text), styles["base"]),
                Paragraph(esc(amount), styles["right"]),
            ]
        )
    if total:
        body.append(
            [
                "",
                Paragraph(esc(total[0]), styles["bold"]),
                Paragraph(esc(total[1]), styles["bold_right"]),
            ]
        )
    table = Table(body, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")))
    if total:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#888888")))
    table.setStyle(TableStyle(commands))
    return table


def image(png: bytes, width: float) -> Any:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    reader = ImageReader(io.BytesIO(png))
    pixels_w, pixels_h = reader.getSize()
    return Image(io.BytesIO(png), width=width, height=width * pixels_h / pixels_w)
