"""The treasury report: balance sheet, income and expenditure, cash flow, contributions, arrears.

Numbers and dates follow ``locale`` (the cooperative's by default); texts
follow the current UI language. Every page prints the ledger fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codesign.cooperative import cooperative_info
from codesign.files import check_folder, write_atomic
from codesign.ledger import queries
from codesign.reports import charts, pdf, treasury_charts
from codesign.reports.data import (
    Line,
    Period,
    TreasuryData,
    arrears_of,
    parse_period,
    treasury_data,
)
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n.formatting import format_date, format_money, format_number

KIND_COLOURS = {
    "asset": charts.BLUE,
    "liability": charts.RED,
    "equity": charts.GREEN,
    "income": charts.GREEN,
    "expense": charts.RED,
}


@dataclass(frozen=True, slots=True)
class ReportResult:
    """Where the report went, how many pages it has, and the fingerprint it prints."""

    path: Path
    pages: int
    fingerprint: str


def period_label(period: Period, locale: str) -> str:
    """ "Año 2026" or "Mayo de 2026" in the UI language and the locale's month names."""
    if period.is_year:
        return _("Year {year}").format(year=period.text)
    month = format_date(period.start, locale, "LLLL y")
    return month[:1].upper() + month[1:]


def treasury_report(
    ws: Workspace, out: Path, *, period: str, locale: str | None = None
) -> ReportResult:
    """Write the treasury report for ``period`` ("2026" or "2026-05") to ``out`` as a PDF."""
    chosen = parse_period(period)
    out = check_folder(out)
    info = cooperative_info(ws)
    loc = locale or info.locale
    label = period_label(chosen, loc)
    document = pdf.Document(
        title=_("Treasury report") + f" — {label}",
        author=info.name,
        footer=f"{info.name} · {label}",
    )
    # The fingerprint is worked out from the books by a child process, and the
    # charts' figures on other connections, while the first sections are drawn.
    fingerprint = queries.start_fingerprint(ws)
    with ThreadPoolExecutor(3, thread_name_prefix="treasury") as pool:
        balances = pool.submit(queries.balances, ws, chosen.end)
        extra = pool.submit(treasury_charts.extra_figures, ws, chosen, closing=balances.result)
        closing = balances.result()
        owed = pool.submit(lambda: arrears_of(ws, dict(extra.result().receivable)))
        data = treasury_data(ws, chosen, closing=closing, arrears=False)
        ctx = _Ctx(
            data, extra, owed, info.name, info.currency, loc, label, document.width, pdf.styles()
        )
        story = _story(ctx)
        # The pages are laid out while the fingerprint is finished; their footers wait for it.
        document.set_fingerprint(fingerprint)
        content, pages = document.build(story)
    printed = fingerprint()
    write_atomic(out, content)
    return ReportResult(out, pages, printed)


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What every section needs: the figures, where and how to print them."""

    data: TreasuryData
    pending: Future[treasury_charts.ExtraFigures]
    owed: Future[tuple[tuple[Line, ...], int, int]]
    name: str
    currency: str
    locale: str
    label: str
    width: float
    styles: dict[str, Any]

    @property
    def extra(self) -> treasury_charts.ExtraFigures:
        """The charts' figures, once read (the first sections are drawn meanwhile)."""
        return self.pending.result()

    @property
    def arrears(self) -> tuple[tuple[Line, ...], int, int]:
        """The arrears section's households, total owed and how many owe."""
        return self.owed.result()

    def money(self, minor: int) -> str:
        return format_money(minor, self.currency, self.locale)

    @property
    def cols(self) -> tuple[float, float, float]:
        return (self.width * 0.12, self.width * 0.63, self.width * 0.25)

    @property
    def end(self) -> str:
        return format_date(self.data.period.end, self.locale, "long")

    def text(self, text: str, style: str) -> Any:
        """A paragraph in one of the report's styles (h1, bold, note...)."""
        from reportlab.platypus import Paragraph

        return Paragraph(pdf.esc(text), self.styles[style])

    def lines(
        self,
        lines: Iterable[Line],
        total: tuple[str, int] | None,
        header: tuple[str, str, str] | None = None,
    ) -> Any:
        """Code, name and amount per line, with an optional total row."""
        rows = [(line.code, line.name, self.money(line.amount)) for line in lines]
        total_row = (total[0], self.money(total[1])) if total else None
        return pdf.table(rows, total_row, self.cols, self.styles, header)

    def chart(self, png: bytes, share: float = 1.0) -> Any:
        """A chart across ``share`` of the text width."""
        return pdf.image(png, self.width * share)


def _story(ctx: _Ctx) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    data, name, locale, label, styles = ctx.data, ctx.name, ctx.locale, ctx.label, ctx.styles
    start = format_date(data.period.start, locale, "long")
    story: list[Any] = [
        Paragraph(pdf.esc(_("Treasury report")), styles["title"]),
        Paragraph(pdf.esc(f"{name} — {label}"), styles["subtitle"]),
        Paragraph(
            pdf.esc(
                _("From {start} to {end}; {count} transactions in the period.").format(
                    start=start, end=ctx.end, count=format_number(data.transactions, locale)
                )
            ),
            styles["note"],
        ),
        Spacer(1, 6),
    ]
    sections = (
        _balance_sheet,
        _income_expenditure,
        treasury_charts.shares,
        _cash_flow,
        treasury_charts.balances_over_time,
        treasury_charts.budget,
        _contributions,
        treasury_charts.dues,
        _arrears,
        treasury_charts.ageing,
    )
    for section in sections:
        story.extend(section(ctx))
    return story


def _balance_sheet(ctx: _Ctx) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    data = ctx.data
    story: list[Any] = [ctx.text(_("Balance sheet at {date}").format(date=ctx.end), "h1")]
    groups = (
        ("asset", _("Assets")),
        ("liability", _("Liabilities")),
        ("equity", _("Equity")),
    )
    totals: dict[str, int] = {}
    for kind, title in groups:
        lines = [line for line in data.balance_sheet if line.kind == kind]
        rows = [(line.code, line.name, ctx.money(line.amount)) for line in lines if line.amount]
        subtotal = sum(line.amount for line in lines)
        if kind == "equity":
            rows.append(("", _("Result not yet closed"), ctx.money(data.result_to_date)))
            subtotal += data.result_to_date
        totals[kind] = subtotal
        table = pdf.table(rows, (_("Total"), ctx.money(subtotal)), ctx.cols, ctx.styles)
        story.append(KeepTogether([ctx.text(title, "bold"), table, Spacer(1, 4)]))
    equity_and_debt = totals["liability"] + totals["equity"]
    story.append(ctx.lines([], (_("Liabilities and equity"), equity_and_debt)))
    composition = [line for line in data.balance_sheet if line.amount]
    if composition:
        bars = charts.horizontal_bars(composition, KIND_COLOURS, ctx.currency, ctx.locale)
        story += [
            Spacer(1, 6),
            ctx.text(_("Balance sheet composition"), "bold"),
            ctx.chart(bars),
            ctx.text(_("Blue: assets; red: liabilities; green: equity."), "note"),
        ]
    return story


def _income_expenditure(ctx: _Ctx) -> list[Any]:
    from reportlab.platypus import PageBreak, Spacer

    data = ctx.data
    income_total = sum(line.amount for line in data.income)
    expense_total = sum(line.amount for line in data.expenses)
    story: list[Any] = [
        PageBreak(),
        ctx.text(_("Income and expenditure"), "h1"),
        ctx.text(_("Income"), "bold"),
        ctx.lines(data.income, (_("Total income"), income_total)),
        Spacer(1, 4),
        ctx.text(_("Expenditure"), "bold"),
        ctx.lines(data.expenses, (_("Total expenditure"), expense_total)),
        Spacer(1, 4),
        ctx.lines([], (_("Result of the period"), income_total - expense_total)),
    ]
    both: list[Line] = [*data.income, *data.expenses]
    if both:
        bars = charts.horizontal_bars(both, KIND_COLOURS, ctx.currency, ctx.locale)
        story += [
            Spacer(1, 6),
            ctx.chart(bars, 0.9),
            ctx.text(_("Green: income; red: expenditure."), "note"),
        ]
    return story


def _cash_flow(ctx: _Ctx) -> list[Any]:
    from reportlab.platypus import PageBreak

    flow = charts.cash_flow_chart(ctx.data.cash_flow, ctx.currency, ctx.locale)
    return [
        PageBreak(),
        ctx.text(_("Cash flow"), "h1"),
        ctx.text(_("Money into and out of bank and cash accounts, per month."), "note"),
        ctx.chart(flow),
        _flow_table(ctx.data, ctx.money, ctx.locale, ctx.width, ctx.styles),
    ]


def _contributions(ctx: _Ctx) -> list[Any]:
    from reportlab.platypus import PageBreak

    data = ctx.data
    note = _(
        "Payments from households into bank and cash in the period; "
        "the {top} largest of {count} households."
    ).format(top=len(data.contributions), count=data.contributions_households)
    return [
        PageBreak(),
        ctx.text(_("Contributions per household"), "h1"),
        ctx.text(note, "note"),
        ctx.lines(
            data.contributions,
            (_("Total from all households"), data.contributions_total),
            (_("Unit"), _("Household"), _("Paid")),
        ),
    ]


def _arrears(ctx: _Ctx) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    lines, total, households = ctx.arrears
    note = _(
        "Contributions receivable (account 1100) still owed; "
        "the {top} largest of {count} households that owe."
    ).format(top=len(lines), count=households)
    story = [
        ctx.text(_("Arrears at {date}").format(date=ctx.end), "h1"),
        ctx.text(note, "note"),
        ctx.lines(
            lines,
            (_("Total owed"), total),
            (_("Unit"), _("Household"), _("Owed")),
        ),
    ]
    # The section moves to the next page whole rather than leave its total alone there.
    return [Spacer(1, 8), KeepTogether(story)]


def _flow_table(
    data: TreasuryData, money: Any, locale: str, width: float, styles: dict[str, Any]
) -> Any:
    """Month, in, out and net, one row a month and a total."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    def row(cells: list[str], bold: bool = False) -> list[Any]:
        left, right = ("bold", "bold_right") if bold else ("base", "right")
        return [Paragraph(pdf.esc(cells[0]), styles[left])] + [
            Paragraph(pdf.esc(cell), styles[right]) for cell in cells[1:]
        ]

    body = [row([_("Month"), _("In"), _("Out"), _("Net")], bold=True)]
    for flow in data.cash_flow:
        month = format_date(flow.month, locale, "LLLL y")
        body.append(
            row(
                [
                    month[:1].upper() + month[1:],
                    money(flow.inflow),
                    money(flow.outflow),
                    money(flow.net),
                ]
            )
        )
    inflow = sum(flow.inflow for flow in data.cash_flow)
    outflow = sum(flow.outflow for flow in data.cash_flow)
    body.append(
        row([_("Total"), money(inflow), money(outflow), money(inflow - outflow)], bold=True)
    )
    table = Table(body, colWidths=[width * 0.31] + [width * 0.23] * 3, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#888888")),
            ]
        )
    )
    return table
