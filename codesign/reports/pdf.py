"""PDF building blocks for Minga's reports: embedded fonts, styles, tables and images.

DejaVu Sans is embedded so every accent prints; reportlab is imported lazily.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from i18n import gettext as _

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


class Document:
    """An A4 report whose every page carries the footer, the page count and the fingerprint."""

    def __init__(self, *, title: str, author: str, footer: str, fingerprint: str = "") -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        register_fonts()
        self.title = title
        self.author = author
        self.footer = footer
        self.margin = 18 * mm
        self.set_fingerprint(fingerprint)
        self.width = A4[0] - 2 * self.margin

    def set_fingerprint(self, fingerprint: str | Callable[[], str]) -> None:
        """The ledger fingerprint every page prints, or what gives it once it is computed.

        A function is called only when the pages are finished, so a report can
        lay its pages out while the fingerprint is still being worked out.
        """
        self._fingerprint = fingerprint

    @property
    def fingerprint_text(self) -> str:
        """The footer's fingerprint line (waits for the fingerprint if it is not known yet)."""
        value = self._fingerprint if isinstance(self._fingerprint, str) else self._fingerprint()
        self._fingerprint = value
        return _("Ledger fingerprint: {fingerprint}").format(fingerprint=value)

    def build(self, story: Sequence[Any]) -> tuple[bytes, int]:
        """The PDF bytes and how many pages it has."""
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.pdfgen.canvas import Canvas
        from reportlab.platypus import SimpleDocTemplate

        footer_left, document = self.footer, self
        counted: list[int] = []

        class FooterCanvas(Canvas):  # type: ignore[misc]
            """Draws each page's footer once the page count is known."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._saved: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 - reportlab's name
                self._saved.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._saved)
                counted.append(total)
                fingerprint_text = document.fingerprint_text
                for state in self._saved:
                    self.__dict__.update(state)
                    self._footer(total, fingerprint_text)
                    super().showPage()
                self.setSubject(fingerprint_text)
                super().save()

            def _footer(self, total: int, fingerprint_text: str) -> None:
                width = A4[0]
                self.saveState()
                self.setStrokeColorRGB(0.6, 0.6, 0.6)
                self.setLineWidth(0.4)
                self.line(18 * mm, 17 * mm, width - 18 * mm, 17 * mm)
                self.setFont(FONT, 8)
                self.setFillColorRGB(0.25, 0.25, 0.25)
                self.drawString(18 * mm, 13 * mm, footer_left)
                page = _("Page {page} of {pages}").format(page=self._pageNumber, pages=total)
                self.drawRightString(width - 18 * mm, 13 * mm, page)
                self.setFont(FONT, 6.5)
                self.drawString(18 * mm, 9 * mm, fingerprint_text)
                self.restoreState()

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=16 * mm,
            bottomMargin=24 * mm,
            title=self.title,
            author=self.author,
        )
        doc.build(list(story), canvasmaker=FooterCanvas)
        return buffer.getvalue(), counted[-1] if counted else 0


def wide_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: float = 0) -> Any:
    """Code, name and numbers: the first two columns left, the numbers right."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    body = [list(header), *(list(row) for row in rows)]
    columns = len(header)
    widths = None
    if width:
        numbers = (width * 0.55) / max(columns - 2, 1)
        widths = [width * 0.1, width * 0.35] + [numbers] * (columns - 2)
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")),
            ]
        )
    )
    return table
