"""Budgets: what the assembly approved per period and phase, against what the books show.

A year's report counts the year's lines and its months' lines; a month's
report counts its own lines and a twelfth of the year's. Actual amounts have
their natural sign (income and liabilities as credits, expenses as debits),
so a positive variance on an expense is an overrun.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.ledger.accounts import require_account
from codesign.reports.data import Period, parse_period
from codesign.workspace import Workspace
from i18n import gettext as _
from models.finance import BudgetLine
from models.ledger import Account, LedgerTransaction, Posting

CREDIT_TYPES = ("income", "liability", "equity")


@dataclass(frozen=True, slots=True)
class BudgetRecord:
    """One budget line as the window lists it."""

    id: uuid.UUID
    period: str
    phase: str
    account: str
    amount: int
    note: str


@dataclass(frozen=True, slots=True)
class BudgetComparison:
    """One account's budget, actual and variance (minor units) in a period."""

    code: str
    name: str
    type: str
    budget: int
    actual: int

    @property
    def variance(self) -> int:
        """Actual minus budget."""
        return self.actual - self.budget

    @property
    def favourable(self) -> bool:
        """More income than planned, or less spending."""
        if self.type in CREDIT_TYPES:
            return self.variance >= 0
        return self.variance <= 0

    @property
    def used(self) -> float | None:
        """Actual as a share of the budget (None without a budget)."""
        return self.actual / self.budget if self.budget else None


def set_budget_line(
    ws: Workspace,
    *,
    period: str,
    account: str,
    amount: int,
    phase: str = "",
    note: str = "",
    line: uuid.UUID | None = None,
) -> tuple[WriteResult, uuid.UUID]:
    """Add a budget line, or change ``line``; the period is checked like a report's."""
    require(ws, Action.POST_LEDGER)
    parse_period(period)
    if amount < 0:
        raise BadInput(_("a budget amount cannot be negative"), path=ws.label)
    values = {
        "period": period.strip(),
        "phase": phase.strip(),
        "account_code": account.strip(),
        "amount": amount,
        "note": note.strip(),
    }
    with ws.write(_("Set a budget line")) as w:
        require_account(w, str(values["account_code"]))
        if line is None:
            new_id = w.insert("budget_line", values)
            return w.result(), new_id
        row = w.session.get(BudgetLine, line)
        if row is None or row.deleted:
            raise NotFound(_("no budget line {ref}").format(ref=line), path=ws.label)
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        w.update("budget_line", line, changed)
    return w.result(), line


def remove_budget_line(ws: Workspace, line: uuid.UUID) -> WriteResult:
    """Remove a budget line (undoable)."""
    require(ws, Action.POST_LEDGER)
    with ws.write(_("Remove a budget line")) as w:
        if w.session.get(BudgetLine, line) is None:
            raise NotFound(_("no budget line {ref}").format(ref=line), path=ws.label)
        w.remove("budget_line", line)
    return w.result()


def _in_period(period: Period) -> tuple[str, ...]:
    if period.is_year:
        return (period.text, *(f"{period.text}-{m:02d}" for m in range(1, 13)))
    return (period.text, period.text[:4])


def list_budget_lines(ws: Workspace, period: str | None = None) -> tuple[BudgetRecord, ...]:
    """The live lines (of ``period`` and the periods inside or around it), by account."""
    query = select(BudgetLine).where(BudgetLine.deleted.is_(False))
    if period:
        query = query.where(BudgetLine.period.in_(_in_period(parse_period(period))))
    query = query.order_by(BudgetLine.period, BudgetLine.phase, BudgetLine.account_code)
    with ws.session() as session:
        return tuple(
            BudgetRecord(r.id, r.period, r.phase, r.account_code, r.amount, r.note)
            for r in session.scalars(query)
        )


def phases(ws: Workspace) -> tuple[str, ...]:
    """Every phase named on a live line."""
    with ws.session() as session:
        rows = session.scalars(
            select(BudgetLine.phase).where(BudgetLine.deleted.is_(False)).distinct()
        )
        return tuple(sorted(p for p in rows if p))


def budget_vs_actual(
    ws: Workspace, period: str, *, phase: str | None = None
) -> tuple[BudgetComparison, ...]:
    """Each budgeted account's budget and actual in ``period``.

    The books are not split by phase: ``phase`` narrows the budget, not the actual.
    """
    chosen = parse_period(period)
    budgets: dict[str, int] = {}
    for line in list_budget_lines(ws, period):
        if phase is not None and line.phase != phase:
            continue
        amount = line.amount
        if not chosen.is_year and len(line.period) == 4:
            amount = amount // 12
        budgets[line.account] = budgets.get(line.account, 0) + amount
    if not budgets:
        return ()
    return _compare(ws, chosen, budgets)


def _compare(
    ws: Workspace, period: Period, budgets: dict[str, int]
) -> tuple[BudgetComparison, ...]:
    sums = (
        select(Posting.account_id, func.sum(Posting.amount).label("total"))
        .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
        .where(
            LedgerTransaction.posted_on >= period.start, LedgerTransaction.posted_on <= period.end
        )
        .group_by(Posting.account_id)
        .subquery()
    )
    query = (
        select(Account.code, Account.name, Account.type, func.coalesce(sums.c.total, 0))
        .outerjoin(sums, sums.c.account_id == Account.id)
        .where(Account.code.in_(list(budgets)))
        .order_by(Account.code)
    )
    actual: dict[str, tuple[str, str, int]] = {}
    with ws.session() as session:
        for code, name, kind, total in session.execute(query):
            name_, kind_, sofar = actual.get(code, (name, kind, 0))
            actual[code] = (name_, kind_, sofar + int(total))
    out = []
    for code in sorted(budgets):
        name, kind, total = actual.get(code, (code, "expense", 0))
        natural = -total if kind in CREDIT_TYPES else total
        out.append(BudgetComparison(code, _(name), kind, budgets[code], natural))
    return tuple(out)
