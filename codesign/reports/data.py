"""The figures behind the treasury report, as SQL aggregates (fast on large books)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Date, Row, case, cast, func, select
from sqlalchemy.orm import Session

from codesign.errors import UsageError
from codesign.ledger import queries
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ledger import Account, LedgerTransaction, Posting
from models.tables import Household

# Bank and cash: asset accounts whose codes start with 10 (1000 Cash, 1010 Bank account).
CASH_PREFIX = "10"
RECEIVABLE = "1100"
TOP = 20


@dataclass(frozen=True, slots=True)
class Period:
    """A year ("2026") or a month ("2026-05"): its text, first and last day."""

    text: str
    start: dt.date
    end: dt.date

    @property
    def is_year(self) -> bool:
        """Whether the period is a whole year."""
        return len(self.text) == 4


def parse_period(text: str) -> Period:
    """``2026`` or ``2026-05``; anything else is a usage error."""
    value = text.strip()
    try:
        if len(value) == 4 and value.isdigit():
            year = int(value)
            return Period(value, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
            start = dt.date(int(value[:4]), int(value[5:]), 1)
            return Period(value, start, _month_end(start))
    except ValueError:
        pass
    raise UsageError(
        _("bad period {period}; use a year such as 2026 or a month such as 2026-05").format(
            period=text
        )
    )


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Line:
    """A named amount (minor units) shown as positive where it is natural to."""

    code: str
    name: str
    kind: str
    amount: int


@dataclass(frozen=True, slots=True)
class MonthFlow:
    """Money into and out of bank and cash in one month (minor units, out positive)."""

    month: dt.date
    inflow: int
    outflow: int

    @property
    def net(self) -> int:
        """In minus out."""
        return self.inflow - self.outflow


@dataclass(frozen=True, slots=True)
class TreasuryData:
    """Everything the treasury report prints."""

    period: Period
    balance_sheet: tuple[Line, ...]
    result_to_date: int
    income: tuple[Line, ...]
    expenses: tuple[Line, ...]
    cash_flow: tuple[MonthFlow, ...]
    contributions: tuple[Line, ...]
    contributions_total: int
    contributions_households: int
    arrears: tuple[Line, ...]
    arrears_total: int
    arrears_households: int
    transactions: int


def treasury_data(
    ws: Workspace,
    period: Period,
    *,
    closing: Sequence[queries.AccountBalance] | None = None,
    receivable: Mapping[uuid.UUID, int] | None = None,
    arrears: bool = True,
) -> TreasuryData:
    """Read the books for ``period`` with a handful of grouped queries.

    ``closing`` is ``queries.balances(ws, period.end)`` and ``receivable`` each
    household's 1100 balance at the period's end, when the caller has them.
    Without ``arrears`` the arrears fields are left empty (for a caller that
    reads them later with ``arrears_of``).
    """
    sheet: list[Line] = []
    result = 0
    if closing is None:
        closing = queries.balances(ws, period.end)
    for account in closing:
        if account.type in ("income", "expense"):
            result -= account.balance
        elif account.type == "asset":
            sheet.append(Line(account.code, account.name, account.type, account.balance))
        else:
            sheet.append(Line(account.code, account.name, account.type, -account.balance))
    in_period = (LedgerTransaction.posted_on >= period.start) & (
        LedgerTransaction.posted_on <= period.end
    )
    with ws.session() as session:
        flows = session.execute(
            select(Account.code, Account.name, Account.type, func.sum(Posting.amount))
            .join(Posting, Posting.account_id == Account.id)
            .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
            .where(in_period, Account.type.in_(("income", "expense")))
            .group_by(Account.code, Account.name, Account.type)
            .order_by(Account.code)
        ).all()
        income = tuple(
            Line(code, _(name), kind, -int(total))
            for code, name, kind, total in flows
            if kind == "income" and total
        )
        expenses = tuple(
            Line(code, _(name), kind, int(total))
            for code, name, kind, total in flows
            if kind == "expense" and total
        )
        cash_flow = _cash_flow(session, period)
        contributions, c_total, c_count = _contributions(session, period)
        owed: tuple[tuple[Line, ...], int, int] = ((), 0, 0)
        if arrears and receivable is None:
            owed = _arrears(session, period)
        elif arrears and receivable is not None:
            owed = _arrears_of(session, receivable)
        count = int(
            session.scalar(select(func.count()).select_from(LedgerTransaction).where(in_period))
            or 0
        )
    return TreasuryData(
        period,
        tuple(sheet),
        result,
        income,
        expenses,
        cash_flow,
        contributions,
        c_total,
        c_count,
        *owed,
        count,
    )


def _is_cash() -> object:
    return (Account.type == "asset") & Account.code.like(CASH_PREFIX + "%")


def _cash_flow(session: Session, period: Period) -> tuple[MonthFlow, ...]:
    """Twelve months ending with the period (a year: its months), netted per transaction."""
    first = period.start if period.is_year else month_start(period.start, 11)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        month = func.strftime("%Y-%m", LedgerTransaction.posted_on)
    else:
        month = func.to_char(cast(LedgerTransaction.posted_on, Date), "YYYY-MM")
    per_txn = (
        select(month.label("month"), func.sum(Posting.amount).label("net"))
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .join(Account, Account.id == Posting.account_id)
        .where(
            LedgerTransaction.posted_on >= first,
            LedgerTransaction.posted_on <= period.end,
            _is_cash(),  # type: ignore[arg-type]
        )
        # Grouped by the posting's column, SQLite starts from the date index.
        .group_by(Posting.transaction_id, month)
        .subquery()
    )
    rows = session.execute(
        select(
            per_txn.c.month,
            func.sum(case((per_txn.c.net > 0, per_txn.c.net), else_=0)),
            func.sum(case((per_txn.c.net < 0, -per_txn.c.net), else_=0)),
        ).group_by(per_txn.c.month)
    ).all()
    found = {str(m): (int(i or 0), int(o or 0)) for m, i, o in rows}
    out: list[MonthFlow] = []
    day = first
    while day <= period.end:
        inflow, outflow = found.get(f"{day:%Y-%m}", (0, 0))
        out.append(MonthFlow(day, inflow, outflow))
        day = month_start(day, -1)
    return tuple(out)


def _contributions(session: Session, period: Period) -> tuple[tuple[Line, ...], int, int]:
    """Money each household paid into bank or cash in the period; top 20, total, count."""
    total = func.sum(Posting.amount)
    rows = session.execute(
        select(Household.unit, Household.name, total)
        .select_from(LedgerTransaction)
        .join(Household, Household.id == LedgerTransaction.household_id)
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .join(Account, Account.id == Posting.account_id)
        .where(
            LedgerTransaction.posted_on >= period.start,
            LedgerTransaction.posted_on <= period.end,
            _is_cash(),  # type: ignore[arg-type]
            Posting.amount > 0,
        )
        .group_by(Household.id, Household.unit, Household.name)
        .order_by(total.desc(), Household.name)
    ).all()
    return _ranked(rows)


def _arrears(session: Session, period: Period) -> tuple[tuple[Line, ...], int, int]:
    """What each household owes on 1100 at the period's end (only debts); top 20, total, count."""
    total = func.sum(Posting.amount)
    rows = session.execute(
        select(Household.unit, Household.name, total)
        .select_from(Posting)
        .join(Household, Household.id == Posting.household_id)
        .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
        .join(Account, Account.id == Posting.account_id)
        .where(Account.code == RECEIVABLE, LedgerTransaction.posted_on <= period.end)
        .group_by(Household.id, Household.unit, Household.name)
        .having(total > 0)
        .order_by(total.desc(), Household.name)
    ).all()
    return _ranked(rows)


def arrears_of(
    ws: Workspace, receivable: Mapping[uuid.UUID, int]
) -> tuple[tuple[Line, ...], int, int]:
    """The arrears section's top households, total and count from each household's 1100."""
    with ws.session() as session:
        return _arrears_of(session, receivable)


def _arrears_of(
    session: Session, receivable: Mapping[uuid.UUID, int]
) -> tuple[tuple[Line, ...], int, int]:
    """As ``_arrears``, from each household's receivable already summed."""
    rows = [
        (unit, name, receivable[hid])
        for hid, unit, name in session.execute(
            select(Household.id, Household.unit, Household.name)
        ).tuples()
        if receivable.get(hid, 0) > 0
    ]
    rows.sort(key=lambda row: (-row[2], row[1]))
    return _ranked(rows)


def _ranked(
    rows: Sequence[Row[tuple[str, str, int]] | tuple[str, str, int]],
) -> tuple[tuple[Line, ...], int, int]:
    """Households already sorted by amount: the top ones, the total and how many."""
    lines = tuple(Line(unit or "", name, "household", int(amount)) for unit, name, amount in rows)
    return lines[:TOP], sum(line.amount for line in lines), len(lines)
