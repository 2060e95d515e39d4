"""``minga report FILE design``: the site plan sheet, household sheets, the proposals register."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from codesign.cooperative import cooperative_info
from codesign.design.queries import list_proposals
from codesign.design.records import SCOPE_LABELS, STATUS_LABELS, ProposalRecord
from codesign.errors import BadInput
from codesign.people.service import find_household_id
from codesign.reports import pdf
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n.formatting import format_date, format_number

MM = 72.0 / 25.4
ROW_H = 10.5


def write_pdf(
    out: Path, size: tuple[float, float], draw: Callable[[Any], None], *, title: str, author: str
) -> int:
    """Draw pages with ``draw(canvas)`` and write them to ``out`` atomically; return the pages."""
    from reportlab.pdfgen.canvas import Canvas

    from codesign.files import write_atomic

    pdf.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("Minga")
    draw(canvas)
    pages = int(canvas.getPageNumber()) - 1
    canvas.save()
    write_atomic(out, buffer.getvalue())
    return pages


def _site_proposal(records: tuple[ProposalRecord, ...]) -> ProposalRecord | None:
    """The approved site plan, else the newest site proposal."""
    sites = [r for r in records if r.scope == "site" and r.latest_version is not None]
    approved = [r for r in sites if r.status == "approved"]
    chosen = approved or sites
    return chosen[0] if chosen else None


def _register(canvas: Any, records: tuple[ProposalRecord, ...], size: tuple[float, float],
              cooperative: str, locale: str) -> None:  # fmt: skip
    """The proposals as a table, as many pages as it takes, with counts by status."""
    width, height = size
    left, right = 14 * MM, width - 14 * MM
    columns = (
        (_("Proposal"), 0.0),
        (_("Scope"), 0.34),
        (_("Household"), 0.44),
        (_("Status"), 0.68),
        (_("Versions"), 0.80),
        (_("Open comments"), 0.87),
    )
    counts = Counter(r.status for r in records)

    def header() -> float:
        canvas.setFont(pdf.FONT_BOLD, 14)
        canvas.setFillColorRGB(0.1, 0.1, 0.1)
        canvas.drawString(left, height - 18 * MM, _("Design proposals"))
        canvas.setFont(pdf.FONT, 8)
        summary = " · ".join(
            f"{_(STATUS_LABELS[s])}: {format_number(counts[s], locale)}"
            for s in STATUS_LABELS
            if counts[s]
        )
        canvas.drawString(left, height - 24 * MM, f"{cooperative} — {summary}")
        y = height - 32 * MM
        canvas.setFont(pdf.FONT_BOLD, 7.5)
        for title, share in columns:
            canvas.drawString(left + share * (right - left), y, title)
        canvas.setLineWidth(0.5)
        canvas.line(left, y - 3, right, y - 3)
        return y - ROW_H - 3

    y = header()
    canvas.setFont(pdf.FONT, 7.5)
    for record in records:
        if y < 16 * MM:
            canvas.showPage()
            y = header()
            canvas.setFont(pdf.FONT, 7.5)
        values = (
            record.title[:52],
            _(SCOPE_LABELS.get(record.scope, record.scope)),
            record.household[:36],
            _(STATUS_LABELS[record.status]),
            format_number(record.versions, locale),
            format_number(record.open_comments, locale),
        )
        for (_title, share), value in zip(columns, values, strict=True):
            canvas.drawString(left + share * (right - left), y, value)
        y -= ROW_H
    canvas.setFont(pdf.FONT, 6.5)
    canvas.drawString(left, 10 * MM, format_date(_today(), locale, "long"))
    canvas.showPage()


def _today() -> Any:
    import datetime as dt

    return dt.date.today()


def design_report(
    ws: Workspace, out: Path, *, household: str | None = None, locale: str | None = None
) -> int:
    """Write the design report; return its page count."""
    from reportlab.lib.pagesizes import A4, landscape

    from codesign.reports.design_data import sheet_data
    from codesign.reports.design_sheet import draw_sheet, paper_for

    info = cooperative_info(ws)
    loc = locale or info.locale
    household_id = None
    if household:
        with ws.session() as session:
            household_id = find_household_id(session, household, label=ws.label)
        if household_id is None:
            raise BadInput(_("no household {ref}").format(ref=household), path=ws.label)
    records = list_proposals(ws, household=household_id)
    if household_id is None:
        site = _site_proposal(records)
        sheets = [site] if site is not None else []
    else:
        sheets = [r for r in records if r.latest_version is not None]
    datas = [sheet_data(ws, r.latest_version, locale=loc) for r in sheets if r.latest_version]

    def draw(canvas: Any) -> None:
        for data in datas:
            _paper, size = paper_for(data, "auto")
            canvas.setPageSize(size)
            draw_sheet(canvas, data, size)
            canvas.showPage()
        canvas.setPageSize(landscape(A4))
        _register(canvas, records, landscape(A4), info.name, loc)

    return write_pdf(Path(out), landscape(A4), draw, title=_("Design report"), author=info.name)
