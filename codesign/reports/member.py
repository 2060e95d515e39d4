"""Member statements and the arrears list with ageing, as a PDF with the ledger fingerprint.

One household: its statement alone (nobody else's debts are printed). All
households: the arrears list first, then one statement per household, each
starting on a new page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codesign.cooperative import cooperative_info
from codesign.errors import NotFound
from codesign.files import check_folder, write_atomic
from codesign.ledger import queries
from codesign.ledger.members_accounts import (
    MemberAccount,
    Statement,
    arrears_list,
    bucket_labels,
    statements,
)
from codesign.people.service import find_household_id
from codesign.reports import pdf
from codesign.reports.data import parse_period
from codesign.reports.treasury import ReportResult, period_label
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_date, format_money, format_number

ADVANCE_NOTE = N_(
    "Positive balances are owed to the cooperative; negative ones are paid in advance."
)


@dataclass(frozen=True, slots=True)
class _Ctx:
    currency: str
    locale: str
    width: float
    styles: dict[str, Any]

    def money(self, minor: int) -> str:
        return format_money(minor, self.currency, self.locale)

    def date(self, day: dt.date) -> str:
        return format_date(day, self.locale, "short")


def member_report(
    ws: Workspace,
    out: Path,
    *,
    period: str,
    household: str | None = None,
    locale: str | None = None,
    today: dt.date | None = None,
) -> ReportResult:
    """Write statements for ``period`` (and, for every household, the arrears list) to ``out``."""
    chosen = parse_period(period)
    out = check_folder(out)
    info = cooperative_info(ws)
    loc = locale or info.locale
    household_id: uuid.UUID | None = None
    if household:
        with ws.session() as session:
            household_id = find_household_id(session, household, label=ws.label)
        if household_id is None:
            raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)
    end = min(chosen.end, today or dt.date.today())
    end = max(end, chosen.start)
    found = statements(ws, chosen.start, end, household_id)
    owing = arrears_list(ws, end) if household_id is None else ()
    print_ = queries.fingerprint(ws)
    label = period_label(chosen, loc)
    title = _("Member statements") if household_id is None else _("Statement of account")
    document = pdf.Document(
        title=f"{title} — {label}",
        author=info.name,
        footer=f"{info.name} · {label}",
        fingerprint=print_,
    )
    ctx = _Ctx(info.currency, loc, document.width, pdf.styles())
    story: list[Any] = [
        _para(title, ctx, "title"),
        _para(f"{info.name} — {label}", ctx, "subtitle"),
    ]
    if household_id is None:
        story += _arrears_section(owing, end, ctx)
    for n, statement in enumerate(found):
        story += _statement_section(statement, ctx, first=n == 0 and household_id is not None)
    content, pages = document.build(story)
    write_atomic(out, content)
    return ReportResult(out, pages, print_)


def _para(text: str, ctx: _Ctx, style: str) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(pdf.esc(text), ctx.styles[style])


def _grid(body: list[list[str]], widths: Sequence[float], right_from: int, totals: bool) -> Any:
    """A plain-text table (fast for hundreds of pages) with numbers aligned right."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(body, colWidths=list(widths), repeatRows=1)
    grey = colors.HexColor("#888888")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), pdf.FONT, 8),
        ("FONT", (0, 0), (-1, 0), pdf.FONT_BOLD, 8),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, grey),
    ]
    if totals:
        commands += [
            ("FONT", (0, -1), (-1, -1), pdf.FONT_BOLD, 8),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, grey),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _arrears_section(owing: Sequence[MemberAccount], end: dt.date, ctx: _Ctx) -> list[Any]:
    buckets = bucket_labels()
    header = [_("Unit"), _("Household"), *buckets, _("Owed")]
    body = [header]
    totals = [0, 0, 0, 0]
    for account in owing:
        body.append(
            [
                account.unit,
                _short(account.name, 30),
                *(ctx.money(v) if v else "" for v in account.ageing),
                ctx.money(account.arrears),
            ]
        )
        totals = [t + v for t, v in zip(totals, account.ageing, strict=True)]
    body.append(["", _("Total"), *(ctx.money(v) for v in totals), ctx.money(sum(totals))])
    w = ctx.width
    # The last age ("más de 90 días") is the widest title in Spanish: it gets the room.
    widths = [w * 0.08, w * 0.21, w * 0.13, w * 0.13, w * 0.14, w * 0.17, w * 0.14]
    note = _(
        "{count} households owe at {date}; payments settle the oldest dues first, "
        "and each debt is aged by the days since it fell due."
    ).format(count=format_number(len(owing), ctx.locale), date=format_date(end, ctx.locale, "long"))
    return [
        _para(_("Arrears with ageing"), ctx, "h1"),
        _para(note, ctx, "note"),
        _grid(body, widths, 2, totals=True),
    ]


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _statement_section(statement: Statement, ctx: _Ctx, *, first: bool) -> list[Any]:
    from reportlab.platypus import KeepTogether, PageBreak, Spacer

    name = f"{statement.unit} {statement.name}".strip()
    span = _("From {start} to {end}").format(
        start=format_date(statement.start, ctx.locale, "long"),
        end=format_date(statement.end, ctx.locale, "long"),
    )
    body = [[_("Date"), _("Description"), _("Reference"), _("Charge"), _("Payment"), _("Balance")]]
    running = statement.opening
    body.append(["", _("Opening balance"), "", "", "", ctx.money(running)])
    for line in statement.lines:
        running += line.amount
        text = (
            line.description
            if line.billed
            else _("{text} (due, not billed)").format(text=line.description)
        )
        body.append(
            [
                ctx.date(line.date),
                _short(text, 40),
                "" if line.reference.startswith("plan:") else _short(line.reference, 16),
                ctx.money(line.charge) if line.charge else "",
                ctx.money(line.payment) if line.payment else "",
                ctx.money(running),
            ]
        )
    body.append(
        [
            "",
            _("Closing balance"),
            "",
            ctx.money(statement.charges),
            ctx.money(statement.payments),
            ctx.money(statement.closing),
        ]
    )
    w = ctx.width
    widths = [w * 0.11, w * 0.40, w * 0.13, w * 0.12, w * 0.12, w * 0.12]
    ages = [["", *bucket_labels()], [_("Owed by age"), *(ctx.money(v) for v in statement.ageing)]]
    story: list[Any] = (
        [Spacer(1, 6)] if first else [PageBreak(), _para(_("Statement of account"), ctx, "h1")]
    )
    story += [
        _para(name, ctx, "bold"),
        _para(span, ctx, "note"),
        Spacer(1, 4),
        _grid(body, widths, 3, totals=True),
        Spacer(1, 6),
        KeepTogether(
            [
                _grid(ages, [w * 0.2] + [w * 0.2] * 4, 1, totals=False),
                Spacer(1, 3),
                _para(_(ADVANCE_NOTE), ctx, "note"),
            ]
        ),
    ]
    return story
