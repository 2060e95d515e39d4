"""The treasury report's monthly, budget and arrears charts (the report has twelve in all).

Each section is a list of flowables for the report's story; the figures are
read once in ``extra_figures`` so drawing never queries the books.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from codesign.ledger.budgets import BudgetComparison, budget_vs_actual
from codesign.ledger.members_accounts import accounts_and_balances, bucket_labels, owing_first
from codesign.ledger.queries import AccountBalance
from codesign.reports import charts
from codesign.reports.data import Line, Period, TreasuryData
from codesign.reports.figures import MonthFigures, monthly_figures
from codesign.workspace import Workspace
from i18n import gettext as _

TOP_OWING = 10


@dataclass(frozen=True, slots=True)
class ExtraFigures:
    """Figures only the charts need: months, budget, arrears by age and the largest debts."""

    months: tuple[MonthFigures, ...]
    budget: tuple[BudgetComparison, ...]
    ageing: tuple[int, int, int, int]
    owing: tuple[Line, ...]
    as_of: dt.date
    # Each household's receivable (1100, the ledger alone) at the period's end.
    receivable: tuple[tuple[uuid.UUID, int], ...] = ()


def extra_figures(
    ws: Workspace,
    period: Period,
    today: dt.date | None = None,
    *,
    closing: Sequence[AccountBalance] | Callable[[], Sequence[AccountBalance]] | None = None,
) -> ExtraFigures:
    """Read the figures for ``period``; arrears are aged at its end, or today if sooner.

    ``closing`` is ``queries.balances(ws, period.end)`` when the caller has it,
    or what gives it (asked for only after the member accounts are read).
    """
    as_of = max(min(period.end, today or dt.date.today()), period.start)
    accounts, receivable = accounts_and_balances(ws, as_of, max(period.end, as_of))
    owing = owing_first(accounts)
    totals = [0, 0, 0, 0]
    for account in owing:
        totals = [t + v for t, v in zip(totals, account.ageing, strict=True)]
    top = tuple(Line(a.unit, a.name, "household", a.arrears) for a in owing[:TOP_OWING])
    return ExtraFigures(
        monthly_figures(ws, period, closing=closing() if callable(closing) else closing),
        budget_vs_actual(ws, period.text),
        (totals[0], totals[1], totals[2], totals[3]),
        top,
        as_of,
        tuple(receivable.items()),
    )


class Ctx(Protocol):
    """What the sections use of the report's context."""

    @property
    def data(self) -> TreasuryData: ...
    @property
    def extra(self) -> ExtraFigures: ...
    @property
    def currency(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def width(self) -> float: ...

    def text(self, text: str, style: str) -> Any: ...
    def chart(self, png: bytes, share: float = 1.0) -> Any: ...
    def money(self, minor: int) -> str: ...


def _series(ctx: Ctx, pick: Callable[[MonthFigures], int]) -> list[int]:
    return [pick(m) for m in ctx.extra.months]


def _months(ctx: Ctx) -> list[dt.date]:
    return [m.month for m in ctx.extra.months]


def shares(ctx: Ctx) -> list[Any]:
    """Income and expenditure by account, as shares of their totals."""
    from reportlab.platypus import KeepTogether

    return [
        KeepTogether(
            [
                ctx.text(_("Income by account"), "bold"),
                ctx.chart(charts.share_chart(ctx.data.income, ctx.locale), 0.9),
            ]
        ),
        KeepTogether(
            [
                ctx.text(_("Expenditure by account"), "bold"),
                ctx.chart(charts.share_chart(ctx.data.expenses, ctx.locale), 0.9),
            ]
        ),
    ]


def balances_over_time(ctx: Ctx) -> list[Any]:
    """Bank and cash at each month end, income against expenditure, and the loan still owed."""
    from reportlab.platypus import KeepTogether, PageBreak

    months, cur, loc = _months(ctx), ctx.currency, ctx.locale
    cash = charts.month_chart(
        months,
        [(_("Bank and cash"), _series(ctx, lambda m: m.cash), charts.BLUE, "line")],
        cur,
        loc,
    )
    result = charts.month_chart(
        months,
        [
            (_("Income"), _series(ctx, lambda m: m.income), charts.GREEN, "bar"),
            (_("Expenditure"), _series(ctx, lambda m: m.expenses), charts.RED, "bar"),
        ],
        cur,
        loc,
    )
    loan = charts.month_chart(
        months,
        [(_("Construction loan owed"), _series(ctx, lambda m: m.loan), charts.RED, "line")],
        cur,
        loc,
    )
    return [
        PageBreak(),
        ctx.text(_("Month by month"), "h1"),
        KeepTogether(
            [ctx.text(_("Bank and cash at the end of each month"), "bold"), ctx.chart(cash)]
        ),
        KeepTogether([ctx.text(_("Income and expenditure per month"), "bold"), ctx.chart(result)]),
        KeepTogether(
            [
                ctx.text(_("Construction loan still owed (account 2100)"), "bold"),
                ctx.chart(loan),
            ]
        ),
    ]


def budget(ctx: Ctx) -> list[Any]:
    """Budget against actual per budgeted account, with the variance."""
    from reportlab.platypus import PageBreak

    from codesign.reports import pdf

    story: list[Any] = [PageBreak(), ctx.text(_("Budget vs actual"), "h1")]
    rows = ctx.extra.budget
    if not rows:
        return [*story, ctx.text(_("No budget has been set for this period."), "note")]
    png = charts.budget_chart(
        [(f"{r.code} {r.name}", r.budget, r.actual, r.favourable) for r in rows],
        ctx.currency,
        ctx.locale,
    )
    story += [
        ctx.chart(png),
        ctx.text(
            _("Grey: budget; green: as planned or better; red: less income or more spending."),
            "note",
        ),
    ]
    body = [
        (r.code, r.name, ctx.money(r.budget), ctx.money(r.actual), ctx.money(r.variance))
        for r in rows
    ]
    header = (_("Account"), _("Name"), _("Budget"), _("Actual"), _("Variance"))
    story.append(pdf.wide_table(header, body, ctx.width))
    return story


def dues(ctx: Ctx) -> list[Any]:
    """Member dues charged against dues paid, per month."""
    png = charts.month_chart(
        _months(ctx),
        [
            (_("Charged to households"), _series(ctx, lambda m: m.charged), charts.GREY, "bar"),
            (_("Paid by households"), _series(ctx, lambda m: m.paid), charts.GREEN, "bar"),
        ],
        ctx.currency,
        ctx.locale,
    )
    return [ctx.text(_("Contributions charged and paid per month"), "bold"), ctx.chart(png)]


def ageing(ctx: Ctx) -> list[Any]:
    """What households owe by age, and the largest debts."""
    from reportlab.platypus import KeepTogether

    extra = ctx.extra
    story: list[Any] = [
        KeepTogether(
            [
                ctx.text(_("Arrears by age"), "bold"),
                ctx.chart(
                    charts.ageing_chart(bucket_labels(), extra.ageing, ctx.currency, ctx.locale),
                    0.8,
                ),
            ]
        )
    ]
    if extra.owing:
        bars = charts.horizontal_bars(
            [Line(line.code, line.name, "liability", line.amount) for line in extra.owing],
            {"liability": charts.RED},
            ctx.currency,
            ctx.locale,
        )
        story.append(
            KeepTogether(
                [ctx.text(_("The households that owe most"), "bold"), ctx.chart(bars, 0.9)]
            )
        )
    return story
