"""Reading member accounts: expected, paid, arrears with ageing, and statements.

Dues are the charges on a household's receivable (1100) plus the plan
instalments due and not billed yet; payments are the credits. Payments settle
the oldest dues first, so what is left unpaid has an age: the days since it
fell due, grouped 0–30, 31–60, 61–90 and over 90.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from codesign.ledger.members import (
    RECEIVABLE,
    Plan,
    household_dues,
    list_plans,
    plan_reference,
    plans_by_household,
)
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ledger import Account, LedgerTransaction, Posting
from models.tables import Household

BUCKETS = (30, 60, 90)  # upper bounds in days; the last bucket is everything older


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a household's account: a charge (positive) or a payment (negative)."""

    date: dt.date
    description: str
    reference: str
    amount: int
    billed: bool = True
    transaction: uuid.UUID | None = None

    @property
    def charge(self) -> int:
        """What the line adds to the debt."""
        return max(self.amount, 0)

    @property
    def payment(self) -> int:
        """What the line pays off."""
        return max(-self.amount, 0)


@dataclass(frozen=True, slots=True)
class MemberAccount:
    """One household's expected, paid and owed at a date, with the age of what is owed."""

    household: uuid.UUID
    name: str
    unit: str
    expected: int
    paid: int
    ageing: tuple[int, int, int, int]

    @property
    def balance(self) -> int:
        """Expected minus paid: positive owed, negative paid in advance."""
        return self.expected - self.paid

    @property
    def arrears(self) -> int:
        """What is owed (never negative)."""
        return sum(self.ageing)


@dataclass(frozen=True, slots=True)
class Statement:
    """A household's account over a period: opening balance, the lines, closing balance."""

    household: uuid.UUID
    name: str
    unit: str
    start: dt.date
    end: dt.date
    opening: int
    lines: tuple[Entry, ...]
    ageing: tuple[int, int, int, int]

    @property
    def closing(self) -> int:
        """The opening balance plus every line."""
        return self.opening + sum(line.amount for line in self.lines)

    @property
    def charges(self) -> int:
        """Everything charged in the period."""
        return sum(line.charge for line in self.lines)

    @property
    def payments(self) -> int:
        """Everything paid in the period."""
        return sum(line.payment for line in self.lines)


def bucket_labels() -> tuple[str, str, str, str]:
    """The ageing columns' titles in the UI language."""
    return (_("0–30 days"), _("31–60 days"), _("61–90 days"), _("over 90 days"))


def ageing(entries: Iterable[Entry], as_of: dt.date) -> tuple[int, int, int, int]:
    """What is unpaid at ``as_of`` by age, payments settling the oldest dues first."""
    paid = sum(e.payment for e in entries if e.date <= as_of)
    buckets = [0, 0, 0, 0]
    for entry in sorted((e for e in entries if e.charge and e.date <= as_of), key=_order):
        settled = min(paid, entry.charge)
        paid -= settled
        left = entry.charge - settled
        if not left:
            continue
        days = (as_of - entry.date).days
        index = next((i for i, limit in enumerate(BUCKETS) if days <= limit), len(BUCKETS))
        buckets[index] += left
    return buckets[0], buckets[1], buckets[2], buckets[3]


def _order(entry: Entry) -> tuple[dt.date, bool, str]:
    """By date, charges before payments of the same day."""
    return entry.date, entry.amount < 0, entry.reference


def _households(
    ws: Workspace, only: uuid.UUID | None
) -> list[tuple[uuid.UUID, str, str, dt.date | None]]:
    query = select(Household.id, Household.name, Household.unit, Household.joined_on).where(
        Household.deleted.is_(False)
    )
    if only is not None:
        query = query.where(Household.id == only)
    with ws.session() as session:
        rows = session.execute(query.order_by(Household.unit, Household.name)).tuples().all()
    return [(hid, name, unit or "", joined) for hid, name, unit, joined in rows]


def entries(
    ws: Workspace, as_of: dt.date, household: uuid.UUID | None = None
) -> dict[uuid.UUID, list[Entry]]:
    """Every household's account lines up to ``as_of``: ledger lines and unbilled dues."""
    query = (
        select(
            Posting.household_id,
            LedgerTransaction.posted_on,
            LedgerTransaction.description,
            LedgerTransaction.reference,
            Posting.amount,
            LedgerTransaction.id,
        )
        .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
        .join(Account, Account.id == Posting.account_id)
        .where(
            Account.code == RECEIVABLE,
            Posting.household_id.is_not(None),
            LedgerTransaction.posted_on <= as_of,
        )
    )
    if household is not None:
        query = query.where(Posting.household_id == household)
    out: dict[uuid.UUID, list[Entry]] = {}
    billed: set[str] = set()
    with ws.session() as session:
        for hid, day, text, ref, amount, txn in session.execute(query):
            out.setdefault(hid, []).append(Entry(day, text, ref, int(amount), True, txn))
            if ref.startswith("plan:"):
                billed.add(ref)
    homes = _households(ws, household)
    applying = plans_by_household(list_plans(ws), [h[0] for h in homes])
    for hid, _name, _unit, joined in homes:
        out.setdefault(hid, []).extend(
            Entry(due, f"{plan.label()} {due:%Y-%m}", ref, plan.amount, False)
            for plan, due in household_dues(applying[hid], as_of, since=joined)
            if (ref := plan_reference(plan.id, due)) not in billed
        )
    for lines in out.values():
        lines.sort(key=_order)
    return out


def member_accounts(
    ws: Workspace, as_of: dt.date, household: uuid.UUID | None = None
) -> tuple[MemberAccount, ...]:
    """Each household's expected, paid and arrears by age at ``as_of``, by unit.

    Sums come from one grouped query; only the newest charges of the households
    that owe are walked, because with the oldest settled first what is unpaid
    is the newest dues adding up to the debt (the same answer as ``ageing``).
    """
    homes = _households(ws, household)
    billed, totals, charges = _ledger_sums(ws, as_of, household)
    applying = plans_by_household(list_plans(ws), [h[0] for h in homes])
    out = []
    for hid, name, unit, joined in homes:
        key = hid.hex
        unbilled = [
            (due, plan.amount)
            for plan, due in household_dues(applying[hid], as_of, since=joined)
            if plan_reference(plan.id, due) not in billed
        ]
        charged, paid = totals.get(key, (0, 0))
        expected = charged + sum(amount for _due, amount in unbilled)
        owed = expected - paid
        buckets = [0, 0, 0, 0]
        if owed > 0:
            dues = sorted([*charges.get(key, ()), *unbilled], reverse=True)
            for due, amount in dues:
                part = min(amount, owed)
                days = (as_of - due).days
                index = next((i for i, limit in enumerate(BUCKETS) if days <= limit), len(BUCKETS))
                buckets[index] += part
                owed -= part
                if not owed:
                    break
        out.append(
            MemberAccount(
                hid, name, unit, expected, paid, (buckets[0], buckets[1], buckets[2], buckets[3])
            )
        )
    return tuple(out)


def _ledger_sums(
    ws: Workspace, as_of: dt.date, household: uuid.UUID | None
) -> tuple[set[str], dict[str, tuple[int, int]], dict[str, list[tuple[dt.date, int]]]]:
    """Billed plan references, (charged, paid) per household, and every charge per household.

    Households are keyed by their 32-digit hex id; values are read as stored.
    """
    from codesign.ledger.queries import raw_column

    with ws.session() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        tag = raw_column(Posting.household_id, sqlite)
        day = raw_column(LedgerTransaction.posted_on, sqlite)
        where = [
            Account.code == RECEIVABLE,
            Posting.household_id.is_not(None),
            LedgerTransaction.posted_on <= as_of,
        ]
        if household is not None:
            where.append(Posting.household_id == household)
        base = (
            select(tag, day, Posting.amount, LedgerTransaction.reference)
            .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
            .join(Account, Account.id == Posting.account_id)
            .where(*where)
        )
        billed: set[str] = set()
        totals: dict[str, list[int]] = {}
        charges: dict[str, list[tuple[dt.date, int]]] = {}
        days: dict[object, dt.date] = {}
        for hid, when, amount, ref in session.connection().execute(base).tuples():
            key = hid if isinstance(hid, str) else hid.hex
            pair = totals.setdefault(key, [0, 0])
            if amount > 0:
                pair[0] += amount
                date = days.get(when)
                if date is None:
                    date = days[when] = (
                        when if isinstance(when, dt.date) else dt.date.fromisoformat(when)
                    )
                charges.setdefault(key, []).append((date, int(amount)))
                if ref.startswith("plan:"):
                    billed.add(ref)
            else:
                pair[1] -= amount
    return billed, {k: (int(v[0]), int(v[1])) for k, v in totals.items()}, charges


def arrears_list(ws: Workspace, as_of: dt.date) -> tuple[MemberAccount, ...]:
    """The households that owe at ``as_of``, largest debt first."""
    owing = [a for a in member_accounts(ws, as_of) if a.arrears > 0]
    return tuple(sorted(owing, key=lambda a: (-a.arrears, a.unit, a.name)))


def statements(
    ws: Workspace, start: dt.date, end: dt.date, household: uuid.UUID | None = None
) -> tuple[Statement, ...]:
    """Statements from ``start`` to ``end`` for one household or every household."""
    lines = entries(ws, end, household)
    out = []
    for hid, name, unit, _joined in _households(ws, household):
        mine = lines.get(hid, [])
        opening = sum(e.amount for e in mine if e.date < start)
        period = tuple(e for e in mine if e.date >= start)
        out.append(Statement(hid, name, unit, start, end, opening, period, ageing(mine, end)))
    return tuple(out)


def _running(plan: Plan, day: dt.date) -> bool:
    """Whether the plan has started by ``day`` and still has instalments then."""
    if plan.start > day:
        return False
    if plan.instalments is None:
        return True
    months = (day.year - plan.start.year) * 12 + day.month - plan.start.month
    return months < plan.instalments * plan.every_months


def expected_instalments(
    ws: Workspace, households: Sequence[uuid.UUID], as_of: dt.date
) -> dict[uuid.UUID, tuple[int, int]]:
    """Per household: what it owes at ``as_of`` and its regular instalment (for bank matching)."""
    accounts = {a.household: a for a in member_accounts(ws, as_of)}
    applying = plans_by_household(list_plans(ws), households)
    out = {}
    for hid in households:
        account = accounts.get(hid)
        mine = applying.get(hid, ())
        own_kinds = {p.kind for p in mine if p.household is not None and _running(p, as_of)}
        instalment = sum(
            p.amount
            for p in mine
            if p.kind in ("contribution", "loan")
            and _running(p, as_of)
            and (p.household is not None or p.kind not in own_kinds)
        )
        out[hid] = (account.arrears if account else 0, instalment)
    return out
