"""The side panel of a plan sheet: legend, areas, rule results, open comments, title block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codesign.design.style import COMMENT_COLOUR, KIND_STYLES, VIOLATION_COLOUR
from codesign.reports import pdf
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import format_date, format_decimal, format_number

if TYPE_CHECKING:
    from codesign.reports.design_data import SheetData
    from codesign.reports.design_sheet import Frame

MM = 72.0 / 25.4
TITLE_BLOCK_H = 46 * MM
MAX_FINDINGS = 14
MAX_PINS = 6
MAX_UNITS = 10


def _m2(value: float | None, locale: str) -> str:
    return "—" if value is None else format_decimal(value, locale, places=2) + " m²"


def _share(value: float | None, locale: str) -> str:
    return "—" if value is None else format_decimal(100 * value, locale, places=1) + " %"


def area_rows(data: SheetData) -> list[tuple[str, str]]:
    """The area table: what the sheet says about sizes, in the locale's numbers."""
    m, loc = data.measurements, data.locale
    rows = [
        (_("Site"), _m2(m.site_area_m2 or None, loc)),
        (_("Built"), _m2(m.built_area_m2, loc)),
        (_("Built coverage"), _share(m.built_coverage, loc)),
        (_("Green areas"), _m2(m.green_area_m2, loc)),
        (_("Green share"), _share(m.green_share, loc)),
        (_("Paths"), _m2(m.path_area_m2, loc)),
        (_("Common spaces"), _m2(m.common_area_m2, loc)),
        (_("Units"), format_number(m.unit_count, loc)),
        (_("Area of units"), _m2(m.unit_area_m2, loc)),
        (_("Area per unit"), _m2(m.area_per_unit_m2, loc)),
    ]
    if m.people:
        rows.append((_("Area per person"), _m2(m.area_per_person_m2, loc)))
    if m.students:
        rows.append((_("Classroom area per student"), _m2(m.classroom_m2_per_student, loc)))
    if 0 < len(m.units) <= MAX_UNITS:
        rows.extend((f"  {label}", _m2(area, loc)) for label, area in m.units)
    return rows


class _Cursor:
    """Writes down the panel from the top, keeping clear of the title block."""

    def __init__(self, canvas: Any, frame: Frame) -> None:
        self.c = canvas
        self.x = frame.x
        self.width = frame.width
        self.y = frame.y + frame.height
        self.floor = frame.y + TITLE_BLOCK_H + 3 * MM

    def room(self, height: float) -> bool:
        return self.y - height >= self.floor

    def heading(self, text: str) -> None:
        self.y -= 11
        self.c.setFillColorRGB(0.18, 0.37, 0.56)
        self.c.setFont(pdf.FONT_BOLD, 9)
        self.c.drawString(self.x, self.y, text)
        self.y -= 3

    def row(self, left: str, right: str, *, bold: bool = False) -> None:
        self.y -= 9
        self.c.setFillColorRGB(0.1, 0.1, 0.1)
        self.c.setFont(pdf.FONT_BOLD if bold else pdf.FONT, 7)
        self.c.drawString(self.x, self.y, left)
        self.c.drawRightString(self.x + self.width, self.y, right)

    def paragraph(self, text: str, indent: float = 0.0, size: float = 6.8) -> bool:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        style = ParagraphStyle("p", fontName=pdf.FONT, fontSize=size, leading=size * 1.25)
        para = Paragraph(pdf.esc(text), style)
        _w, height = para.wrap(self.width - indent, 1000)
        if not self.room(height + 2):
            return False
        self.y -= height + 2
        para.drawOn(self.c, self.x + indent, self.y)
        return True

    def badge(self, text: str, colour: str, *, round_: bool) -> None:
        from reportlab.lib.colors import HexColor

        self.c.setFillColor(HexColor(colour))
        r = 1.9 * MM
        cy = self.y + 7
        if round_:
            self.c.circle(self.x + r, cy - r, r, stroke=0, fill=1)
        else:
            self.c.roundRect(self.x, cy - 2 * r, 2 * r + 3, 2 * r, 1, stroke=0, fill=1)
        self.c.setFillColorRGB(1, 1, 1)
        self.c.setFont(pdf.FONT_BOLD, 5)
        self.c.drawCentredString(self.x + r + (0 if round_ else 1.5), cy - r - 1.8, text)


def _legend(cur: _Cursor, data: SheetData) -> None:
    from reportlab.lib.colors import HexColor

    present = {f.kind for f in data.plan.features}
    kinds = [k for k in KIND_STYLES if k in present]
    cur.heading(_("Legend"))
    column = cur.width / 2
    for index, kind in enumerate(kinds):
        if index % 2 == 0:
            cur.y -= 10
        x = cur.x + (index % 2) * column
        style = KIND_STYLES[kind]
        cur.c.setFillColor(HexColor(style.fill))
        cur.c.setStrokeColor(HexColor(style.stroke))
        cur.c.setLineWidth(0.6)
        cur.c.rect(x, cur.y - 1, 6 * MM, 3 * MM, stroke=1, fill=1)
        cur.c.setFillColorRGB(0.1, 0.1, 0.1)
        cur.c.setFont(pdf.FONT, 7)
        cur.c.drawString(x + 7.5 * MM, cur.y, _(style.label))


def _findings(cur: _Cursor, data: SheetData) -> None:
    count = len(data.findings)
    cur.heading(_("Rule check"))
    if not count:
        cur.paragraph("✓ " + _("Every rule passes."), size=7.5)
        return
    cur.paragraph(
        ngettext(
            "{n} rule broken, marked on the drawing:",
            "{n} rules broken, marked on the drawing:",
            count,
        ).format(n=count),
        size=7.5,
    )
    for number, finding in enumerate(data.findings[:MAX_FINDINGS], start=1):
        top = cur.y
        if not cur.paragraph(finding.text, indent=6 * MM):
            break
        saved, cur.y = cur.y, top - 9
        cur.badge(str(number), VIOLATION_COLOUR, round_=True)
        cur.y = saved
    if count > MAX_FINDINGS:
        cur.paragraph(_("… and {n} more.").format(n=count - MAX_FINDINGS))


def _pins(cur: _Cursor, data: SheetData) -> None:
    if not data.pins:
        return
    cur.heading(_("Open comments"))
    for number, pin in enumerate(data.pins[:MAX_PINS], start=1):
        top = cur.y
        text = f"{pin.author}: {pin.text}" if pin.author else pin.text
        if not cur.paragraph(text, indent=7 * MM):
            break
        saved, cur.y = cur.y, top - 9
        cur.badge(f"C{number}", COMMENT_COLOUR, round_=False)
        cur.y = saved
    if len(data.pins) > MAX_PINS:
        cur.paragraph(_("… and {n} more.").format(n=len(data.pins) - MAX_PINS))


def _title_block(canvas: Any, data: SheetData, frame: Frame, scale: int) -> None:
    x, y, width = frame.x - 4 * MM, frame.y - 3 * MM, frame.width + 8 * MM
    canvas.setStrokeColorRGB(0.2, 0.2, 0.2)
    canvas.setLineWidth(0.8)
    canvas.line(x, y + TITLE_BLOCK_H, x + width, y + TITLE_BLOCK_H)
    left = frame.x
    top = y + TITLE_BLOCK_H - 4 * MM
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    canvas.setFont(pdf.FONT_BOLD, 8)
    canvas.drawString(left, top - 4, data.cooperative[:60])
    canvas.setFont(pdf.FONT_BOLD, 12)
    canvas.drawString(left, top - 18, data.title[:40])
    rows = [
        (_("Household"), data.household or "—"),
        (_("Version"), f"{data.version} · {data.status}"),
        (_("Author"), data.author or "—"),
        (_("Saved on"), format_date(data.saved_on, data.locale, "long")),
        (_("Printed on"), format_date(data.printed_on, data.locale, "long")),
        (_("Scale"), f"1:{scale}"),
    ]
    line = top - 30
    for label, value in rows:
        canvas.setFont(pdf.FONT, 6.5)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        canvas.drawString(left, line, label)
        canvas.setFont(pdf.FONT, 7.5)
        canvas.setFillColorRGB(0.05, 0.05, 0.05)
        canvas.drawString(left + 22 * MM, line, value[:48])
        line -= 9.5


def draw_panel(canvas: Any, data: SheetData, frame: Frame, scale: int) -> None:
    """Fill the side panel; sections that do not fit are cut with a note, never overlapped."""
    cur = _Cursor(canvas, frame)
    _legend(cur, data)
    cur.y -= 4
    cur.heading(_("Areas"))
    for label, value in area_rows(data):
        if not cur.room(12):
            break
        cur.row(label, value)
    cur.y -= 4
    _findings(cur, data)
    cur.y -= 4
    _pins(cur, data)
    _title_block(canvas, data, frame, scale)
