"""A4 documents with a "page N of M" footer, written whole or not at all."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from codesign.files import replacing
from codesign.reports import pdf
from i18n import gettext as _

MARGIN_MM = 16


def grid(
    rows: list[list[str]],
    widths: list[float],
    header: bool = True,
    right: frozenset[int] = frozenset(),
) -> Any:
    """A table of paragraphs in the report font; the first row bold and repeated.

    Columns in ``right`` (numbers) are aligned right.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    styles = pdf.styles()

    def style(n: int, column: int) -> Any:
        name = "bold" if header and n == 0 else "base"
        if column in right:
            name = "bold_right" if name == "bold" else "right"
        return styles[name]

    body = [
        [Paragraph(pdf.esc(cell), style(n, c)) for c, cell in enumerate(row)]
        for n, row in enumerate(rows)
    ]
    table = Table(body, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f5f8")]),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")))
    table.setStyle(TableStyle(commands))
    return table


def write_pdf(out: Path, title: str, footer: str, story: Callable[[float], list[Any]]) -> int:
    """Build ``story(text width)`` into ``out``; return the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    pdf.register_fonts()
    pages: list[int] = []

    def draw_footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(pdf.FONT, 8)
        canvas.setFillColorRGB(0.25, 0.25, 0.25)
        canvas.drawString(MARGIN_MM * mm, 10 * mm, footer)
        canvas.drawRightString(
            A4[0] - MARGIN_MM * mm, 10 * mm, _("Page {page}").format(page=doc.page)
        )
        canvas.restoreState()
        pages.append(doc.page)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=20 * mm,
        title=title,
        author=footer,
    )
    doc.build(story(doc.width), onFirstPage=draw_footer, onLaterPages=draw_footer)
    with replacing(out) as temporary:
        temporary.write_bytes(buffer.getvalue())
    return max(pages, default=0)
