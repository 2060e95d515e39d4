"""Assembly minutes as a PDF: attendance, quorum, agenda, motions and results, decisions,
follow-ups and the signature lines. One assembly per section, each on a new page.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codesign.cooperative import cooperative_info
from codesign.decisions import queries, register
from codesign.decisions.numbering import shared_numbers_query
from codesign.decisions.queries import AssemblyDetail, MotionRecord
from codesign.errors import BadInput
from codesign.files import check_folder, replacing
from codesign.reports import pdf
from codesign.reports.data import parse_period
from codesign.workspace import Workspace
from i18n import N_, ngettext, pgettext
from i18n import gettext as _
from i18n.formatting import format_date, format_datetime, format_number

RULE_LABELS = {
    "simple": N_("simple majority"),
    "absolute": N_("absolute majority"),
    "two_thirds": N_("two-thirds majority"),
    "three_quarters": N_("three-quarters majority"),
    "unanimity": N_("unanimity"),
    "consensus": N_("consensus"),
}
METHOD_LABELS = {
    "show_of_hands": N_("show of hands"),
    "roll_call": N_("roll call"),
    "secret": N_("secret ballot"),
}
RESULT_LABELS = {"passed": N_("passed"), "failed": N_("failed"), "": N_("not voted")}
ATTENDANCE_LABELS = {"present": N_("present"), "absent": N_("absent"), "proxy": N_("by proxy")}
FOLLOW_UP_LABELS = {"open": N_("open"), "done": N_("done"), "cancelled": N_("cancelled")}


@dataclass(frozen=True, slots=True)
class MinutesResult:
    """Where the minutes went, how many pages and how many assemblies they hold."""

    path: Path
    pages: int
    assemblies: int


def kind_label(kind: str) -> str:
    """ "Ordinary assembly" or "Extraordinary assembly", translated."""
    if kind == "extraordinary":
        return _("Extraordinary assembly")
    return _("Ordinary assembly")


def minutes_report(
    ws: Workspace,
    out: Path,
    *,
    period: str | None = None,
    assemblies: Sequence[uuid.UUID] = (),
    locale: str | None = None,
) -> MinutesResult:
    """Write the minutes of ``assemblies``, of those held in ``period``, or of the latest held."""
    out = check_folder(out)
    info = cooperative_info(ws)
    loc = locale or info.locale
    if assemblies:
        chosen = list(assemblies)
    elif period:
        span = parse_period(period)
        found = queries.list_assemblies(ws, start=span.start, end=span.end)
        chosen = [a.id for a in reversed(found)]
    else:
        # The latest assembly that met: one only convened has no minutes yet.
        found = queries.list_assemblies(ws)
        held = [a for a in found if a.status != "planned"] or found
        chosen = [a.id for a in held[:1]]
    if not chosen:
        raise BadInput(_("there is no assembly to write minutes for"), path=ws.label)
    details = [queries.assembly_detail(ws, a) for a in chosen]
    content, pages = _render(ws, details, info.name, loc)
    with replacing(out) as temporary:
        temporary.write_bytes(content)
    return MinutesResult(out, pages, len(details))


def _render(
    ws: Workspace, details: list[AssemblyDetail], name: str, locale: str
) -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    pdf.register_fonts()
    styles = pdf.styles()
    pages: list[int] = []

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(pdf.FONT, 8)
        canvas.setFillColorRGB(0.25, 0.25, 0.25)
        canvas.drawString(18 * mm, 12 * mm, name + " · " + _("Minutes"))
        canvas.drawRightString(A4[0] - 18 * mm, 12 * mm, _("Page {page}").format(page=doc.page))
        canvas.restoreState()
        pages.append(doc.page)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=22 * mm,
        title=_("Minutes"),
        author=name,
    )
    story: list[Any] = []
    for index, detail in enumerate(details):
        if index:
            story.append(PageBreak())
        story.extend(_Section(ws, detail, name, locale, doc.width, styles).story())
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), max(pages) if pages else 0


@dataclass(frozen=True, slots=True)
class _Section:
    ws: Workspace
    detail: AssemblyDetail
    name: str
    locale: str
    width: float
    styles: dict[str, Any]

    def text(self, text: str, style: str = "base") -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(pdf.esc(text), self.styles[style])

    def grid(self, rows: list[list[str]], widths: list[float], header: bool = True) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        body = [
            [self.text(cell, "bold" if header and r == 0 else "base") for cell in row]
            for r, row in enumerate(rows)
        ]
        table = Table(
            body, colWidths=[self.width * w for w in widths], repeatRows=1 if header else 0
        )
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        if header:
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")))
        table.setStyle(TableStyle(commands))
        return table

    def number(self, value: int) -> str:
        return format_number(value, self.locale)

    def clock(self, value: Any) -> str:
        return format_datetime(value, self.locale, "HH:mm") if value else "—"

    def time(self, value: Any) -> str:
        return format_datetime(value, self.locale, "short") if value else "—"

    def story(self) -> list[Any]:
        from reportlab.platypus import Spacer

        d = self.detail
        a = d.assembly
        title = a.title or kind_label(a.kind)
        out: list[Any] = [
            self.text(_("Minutes") + " — " + title, "title"),
            self.text(
                f"{kind_label(a.kind)} · {format_date(a.held_on, self.locale, 'full')}"
                + (f" · {a.place}" if a.place else ""),
                "subtitle",
            ),
            Spacer(1, 6),
        ]
        out += self._calls()
        out += self._attendance()
        if d.agenda:
            out.append(self.text(_("Agenda"), "h1"))
            for i, item in enumerate(d.agenda_items, 1):
                out.append(self.text(f"{i}. {item.title}"))
                out += [self.text(line, "note") for line in item.notes.splitlines() if line]
        out += self._motions()
        out += self._decisions()
        out += self._signatures()
        return out

    def _calls(self) -> list[Any]:
        a = self.detail.assembly
        lines = [
            _("First call: {time}").format(time=self.time(a.first_call_at)),
            _("Second call: {time}").format(time=self.time(a.second_call_at)),
        ]
        if a.opened_on_call:
            lines.append(
                _("The assembly opened on the first call")
                if a.opened_on_call == 1
                else _("The assembly opened on the second call")
            )
        opening = self.detail.opening
        if opening is not None and a.opened_at is not None:
            lines.append(
                _(
                    "Opened at {time} with {represented} households represented "
                    "({present} present, {proxies} by proxy); {needed} were needed."
                ).format(
                    time=self.clock(a.opened_at),
                    represented=self.number(opening.represented),
                    present=self.number(opening.in_room),
                    proxies=self.number(opening.by_proxy),
                    needed=self.number(opening.needed),
                )
            )
        return [self.text(line) for line in lines]

    def _attendance(self) -> list[Any]:
        d = self.detail
        rows = d.attendance
        attended = [r for r in rows if r.status == "present"]
        proxies = [r for r in rows if r.status == "proxy"]
        absent = len(rows) - len(attended) - len(proxies)
        q = d.quorum
        out = [
            self.text(_("Attendance and quorum"), "h1"),
            self.text(
                _(
                    "{present} households present, {proxies} represented by proxy and {absent} "
                    "absent, of {total} member households."
                ).format(
                    present=format_number(len(attended), self.locale),
                    proxies=format_number(len(proxies), self.locale),
                    absent=format_number(absent, self.locale),
                    total=format_number(q.households, self.locale),
                )
            ),
            self.text(
                _("Quorum on call {call}: {needed} households needed.").format(
                    call=q.call, needed=format_number(q.needed, self.locale)
                )
            ),
        ]
        if attended:
            # Two households per line: a 600-household assembly stays a few pages long.
            title = [_("Household"), _("Arrived"), _("Left")]
            cells = [[r.name, self.clock(r.arrived_at), self.clock(r.left_at)] for r in attended]
            if len(cells) % 2:
                cells.append(["", "", ""])
            half = len(cells) // 2
            table = [[*title, "", *title]]
            table += [[*cells[i], "", *cells[half + i]] for i in range(half)]
            out.append(self.grid(table, [0.28, 0.1, 0.1, 0.04, 0.28, 0.1, 0.1]))
        if proxies:
            out.append(self.text(_("Proxies"), "bold"))
            table = [[_("Household"), pgettext("proxy", "Represented by")]]
            table += [[r.name, r.proxy_holder_name] for r in proxies]
            out.append(self.grid(table, [0.5, 0.5]))
        return out

    def _motions(self) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer

        found = self.detail.motions
        if not found:
            return []
        out: list[Any] = [self.text(_("Motions and votes"), "h1")]
        out.extend(KeepTogether([*self._motion(m), Spacer(1, 5)]) for m in found)
        return out

    def _motion(self, m: MotionRecord) -> list[Any]:
        parts = [self.text(_("Motion {number}").format(number=m.number) + ": " + m.text, "bold")]
        who = []
        if m.amends_number is not None:
            who.append(_("Amends motion {number}").format(number=m.amends_number))
        if m.proposer:
            who.append(_("Proposed by {name}").format(name=m.proposer))
        if m.seconder:
            who.append(_("seconded by {name}").format(name=m.seconder))
        who.append(_("Rule: {rule}").format(rule=_(RULE_LABELS.get(m.majority, m.majority))))
        parts.append(self.text(" · ".join(who)))
        if m.vote_status == "closed":
            number = self.number
            rows = [
                [_("Method"), _("Yes"), _("No"), _("Abstentions"), _("Represented"), _("Result")],
                [
                    _(METHOD_LABELS.get(m.method, m.method)),
                    number(m.yes),
                    number(m.no),
                    number(m.abstain),
                    number(m.represented),
                    _(RESULT_LABELS.get(m.result, m.result)).upper(),
                ],
            ]
            parts.append(self.grid(rows, [0.22, 0.1, 0.1, 0.18, 0.18, 0.22]))
        else:
            parts.append(self.text(_(RESULT_LABELS[""])))
        return parts

    def _decisions(self) -> list[Any]:
        found = self.detail.decisions
        if not found:
            return []
        out: list[Any] = [self.text(_("Decisions"), "h1")]
        table = [[_("No."), _("Decision"), _("Result")]]
        table += [[str(n), text, _(RESULT_LABELS.get(r, r))] for _i, n, text, r in found]
        out.append(self.grid(table, [0.08, 0.74, 0.18]))
        with self.ws.session() as session:
            given_twice = set(session.scalars(shared_numbers_query()))
        shared = sorted(given_twice & {n for _i, n, _t, _r in found})
        if shared:  # laptops numbered decisions before syncing: resolve before signing
            out.append(
                self.text(
                    ngettext(
                        "Number {numbers} is also given to another decision of the register:"
                        " give one of them the next number before signing these minutes.",
                        "Numbers {numbers} are also given to other decisions of the register:"
                        " give one of each the next number before signing these minutes.",
                        len(shared),
                    ).format(numbers=", ".join(map(str, shared))),
                    "bold",
                )
            )
        actions = [f for i, *_rest in found for f in register.follow_ups(self.ws, decision=i)]
        if actions:
            out.append(self.text(_("Follow-up actions"), "h1"))
            table = [[_("No."), _("Action"), _("Responsible"), _("Due"), _("Status")]]
            table += [
                [
                    str(f.decision_number),
                    f.description,
                    f.responsible,
                    format_date(f.due_on, self.locale, "short") if f.due_on else "—",
                    _(FOLLOW_UP_LABELS.get(f.status, f.status)),
                ]
                for f in actions
            ]
            out.append(self.grid(table, [0.08, 0.42, 0.22, 0.14, 0.14]))
        return out

    def _signatures(self) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

        cells = [["", "", ""], [self.text(_("President")), "", self.text(_("Secretary"))]]
        table = Table(cells, colWidths=[self.width * 0.4, self.width * 0.2, self.width * 0.4])
        table.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, 1), (0, 1), 0.6, (0, 0, 0)),
                    ("LINEABOVE", (2, 1), (2, 1), 0.6, (0, 0, 0)),
                    ("TOPPADDING", (0, 0), (-1, 0), 28),
                ]
            )
        )
        return [KeepTogether([Spacer(1, 16), self.text(_("Signatures"), "h1"), table])]
