"""Month-by-month figures behind the treasury charts: one grouped query over the months.

The months are those of the cash-flow chart (a year's twelve, or the twelve
ending with a month), so every monthly chart in a report shares one axis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Date, case, cast, func, select

from codesign.ledger import queries
from codesign.ledger.members import RECEIVABLE
from codesign.reports.data import CASH_PREFIX, Period, month_start
from codesign.workspace import Workspace
from models.ledger import Account, LedgerTransaction, Posting

LOAN = "2100"


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One month's totals (minor units, natural signs) and balances at its end."""

    month: dt.date
    income: int
    expenses: int
    charged: int
    paid: int
    cash: int
    loan: int


def monthly_figures(
    ws: Workspace,
    period: Period,
    *,
    closing: Sequence[queries.AccountBalance] | None = None,
) -> tuple[MonthFigures, ...]:
    """Income, expenses, member dues charged and paid, cash and loan balances per month.

    The balances before the first month are those at the period's end
    (``closing``, read when not given) less the months' postings.
    """
    first = period.start if period.is_year else month_start(period.start, 11)
    if closing is None:
        closing = queries.balances(ws, period.end)
    opening: dict[str, int] = {}
    for balance in closing:
        opening[balance.code] = opening.get(balance.code, 0) + balance.balance
    with ws.session() as session:
        if session.get_bind().dialect.name == "sqlite":
            month = func.strftime("%Y-%m", LedgerTransaction.posted_on)
        else:
            month = func.to_char(cast(LedgerTransaction.posted_on, Date), "YYYY-MM")
        rows = session.execute(
            select(
                month,
                Account.code,
                Account.type,
                func.sum(case((Posting.amount > 0, Posting.amount), else_=0)),
                func.sum(case((Posting.amount < 0, -Posting.amount), else_=0)),
            )
            .join(Posting, Posting.transaction_id == LedgerTransaction.id)
            .join(Account, Account.id == Posting.account_id)
            .where(LedgerTransaction.posted_on >= first, LedgerTransaction.posted_on <= period.end)
            .group_by(month, Account.code, Account.type)
        ).all()
    per: dict[str, dict[str, int]] = {}
    for key, code, kind, debits, credits in rows:
        debit, credit = int(debits or 0), int(credits or 0)
        opening[code] = opening.get(code, 0) - (debit - credit)
        slot = per.setdefault(
            str(key), dict.fromkeys(("inc", "exp", "chg", "pay", "cash", "loan"), 0)
        )
        if kind == "income":
            slot["inc"] += credit - debit
        elif kind == "expense":
            slot["exp"] += debit - credit
        if code == RECEIVABLE:
            slot["chg"] += debit
            slot["pay"] += credit
        if kind == "asset" and code.startswith(CASH_PREFIX):
            slot["cash"] += debit - credit
        if code == LOAN:
            slot["loan"] += credit - debit
    cash = sum(v for code, v in opening.items() if code.startswith(CASH_PREFIX))
    loan = -opening.get(LOAN, 0)
    out: list[MonthFigures] = []
    day = first
    while day <= period.end:
        slot = per.get(f"{day:%Y-%m}", {})
        cash += slot.get("cash", 0)
        loan += slot.get("loan", 0)
        out.append(
            MonthFigures(
                day,
                slot.get("inc", 0),
                slot.get("exp", 0),
                slot.get("chg", 0),
                slot.get("pay", 0),
                cash,
                loan,
            )
        )
        day = month_start(day, -1)
    return tuple(out)
