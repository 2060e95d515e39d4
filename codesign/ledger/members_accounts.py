"""Reading member accounts: expected, paid, arrears with ageing, and statements.

Dues are the charges on a household's receivable (1100) plus the plan
instalments due and not billed yet; payments are the credits. Payments settle
the oldest dues first, so what is left unpaid has an age: the days since it
fell due, grouped 0–30, 31–60, 61–90 and over 90.
"""

from __future__ import annotations

import datetime as dt
import uuid
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, case, cast, func, select

from codesign.ledger.members import (
    RECEIVABLE,
    Plan,
    due_dates,
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
    # (household as an int, reference): one plan's instalment is billed to many households
    billed: set[tuple[int, str]] = set()
    with ws.session() as session:
        for hid, day, text, ref, amount, txn in session.execute(query):
            out.setdefault(hid, []).append(Entry(day, text, ref, int(amount), True, txn))
            if ref.startswith("plan:") and amount > 0:
                billed.add((hid.int, ref))
    homes = _households(ws, household)
    applying = plans_by_household(list_plans(ws), [h[0] for h in homes])
    for hid, _name, _unit, joined in homes:
        number = hid.int
        out.setdefault(hid, []).extend(
            Entry(due, f"{plan.label()} {due:%Y-%m}", ref, plan.amount, False)
            for plan, due in household_dues(applying[hid], as_of, since=joined)
            if (number, ref := plan_reference(plan.id, due)) not in billed
        )
    for lines in out.values():
        lines.sort(key=_order)
    return out


def member_accounts(
    ws: Workspace, as_of: dt.date, household: uuid.UUID | None = None
) -> tuple[MemberAccount, ...]:
    """Each household's expected, paid and arrears by age at ``as_of``, by unit."""
    return accounts_and_balances(ws, as_of, as_of, household)[0]


def accounts_and_balances(
    ws: Workspace, as_of: dt.date, end: dt.date, household: uuid.UUID | None = None
) -> tuple[tuple[MemberAccount, ...], dict[uuid.UUID, int]]:
    """``member_accounts`` at ``as_of``, and each household's receivable at ``end``.

    The receivable at ``end`` is the ledger's alone (no unbilled dues), read in
    the same pass as the accounts, for reports that print both.

    Sums come from grouped queries; only the newest dues of the households that
    owe are walked, because with the oldest settled first what is unpaid is the
    newest dues adding up to the debt (the same answer as ``ageing``). Charges
    of one day fall in one age bucket, so they are read summed per day, and
    those older than the last bucket's start only as one sum.
    """
    homes = _households(ws, household)
    recent_from = as_of - dt.timedelta(days=BUCKETS[-1])
    billed, totals, recent = _ledger_sums(ws, as_of, recent_from, household, end)
    applying = plans_by_household(list_plans(ws), [h[0] for h in homes])
    schedule = _Schedule(as_of)
    out = []
    for hid, name, unit, joined in homes:
        key = hid.hex
        unbilled = [
            (due, amount)
            for due, amount, ref in schedule.dues(applying[hid], joined)
            if key not in billed.get(ref, ())
        ]
        charged, paid, older, _at_end = totals.get(key, (0, 0, 0, 0))
        expected = charged + sum(amount for _due, amount in unbilled)
        owed = expected - paid
        buckets = [0, 0, 0, 0]
        if owed > 0:
            for due, amount in sorted([*recent.get(key, ()), *unbilled], reverse=True):
                if due < recent_from:
                    older += amount
                    continue
                part = min(amount, owed)
                days = (as_of - due).days
                index = next((i for i, limit in enumerate(BUCKETS) if days <= limit), len(BUCKETS))
                buckets[index] += part
                owed -= part
                if not owed:
                    break
            buckets[-1] += min(owed, older)
        out.append(
            MemberAccount(
                hid, name, unit, expected, paid, (buckets[0], buckets[1], buckets[2], buckets[3])
            )
        )
    at_end = {uuid.UUID(hex=key): sums[3] for key, sums in totals.items()}
    return tuple(out), at_end


class _Schedule:
    """Plan due dates up to a date, worked out once per plan and shared by the households."""

    def __init__(self, through: dt.date) -> None:
        self.through = through
        self._dues: dict[uuid.UUID, tuple[list[dt.date], list[str]]] = {}

    def _plan(self, plan: Plan) -> tuple[list[dt.date], list[str]]:
        found = self._dues.get(plan.id)
        if found is None:
            days = list(due_dates(plan, self.through))
            found = self._dues[plan.id] = (days, [plan_reference(plan.id, d) for d in days])
        return found

    def dues(
        self, plans: Sequence[Plan], since: dt.date | None
    ) -> Iterator[tuple[dt.date, int, str]]:
        """(due date, amount, reference) as ``household_dues`` gives them, in its order."""
        own_from: dict[str, dt.date] = {}
        for plan in plans:
            if plan.household is not None:
                own_from[plan.kind] = min(own_from.get(plan.kind, plan.start), plan.start)
        for plan in plans:
            days, refs = self._plan(plan)
            first = bisect_left(days, since) if since is not None else 0
            cutoff = own_from.get(plan.kind) if plan.household is None else None
            last = bisect_left(days, cutoff) if cutoff is not None else len(days)
            for index in range(first, last):
                yield days[index], plan.amount, refs[index]


def _raw_rows(ws: Workspace, query: Any) -> list[tuple[Any, ...]]:
    """The query's rows as plain DB-API tuples (SQLite gives stored text, no conversion)."""
    with ws.session() as session:
        return [tuple(row) for row in session.connection().execute(query).tuples()]


def _ledger_sums(
    ws: Workspace, as_of: dt.date, recent_from: dt.date, household: uuid.UUID | None, end: dt.date
) -> tuple[
    dict[str, set[str]], dict[str, tuple[int, int, int, int]], dict[str, list[tuple[dt.date, int]]]
]:
    """Billed plan instalments (reference → the households billed); per household
    charged, paid, charged before ``recent_from`` and the balance at ``end``; and
    the charges from ``recent_from`` on, summed per day. Households by 32-digit hex id.

    The sums are every line of the receivable less the lines after the date
    (read through the date index), so no line is joined to its transaction twice.
    """
    from codesign.ledger.queries import after, raw_column, unindexed

    sqlite = ws.db.engine.dialect.name == "sqlite"
    tag = raw_column(Posting.household_id, sqlite)
    day = raw_column(LedgerTransaction.posted_on, sqlite)
    mine = [Account.code == RECEIVABLE, Posting.household_id.is_not(None)]
    if household is not None:
        mine.append(Posting.household_id == household)
    charge = case((Posting.amount > 0, Posting.amount), else_=0)
    payment = case((Posting.amount < 0, -Posting.amount), else_=0)
    every = (
        select(
            tag,
            charge.label("c"),
            payment.label("p"),
            charge.label("o"),
            Posting.amount.label("e"),
        )
        .join(Account, Account.id == Posting.account_id)
        .where(*mine)
    )
    past = LedgerTransaction.posted_on > as_of
    later = (
        select(
            tag,
            case((past, -charge), else_=0),
            case((past, -payment), else_=0),
            -charge,
            case((LedgerTransaction.posted_on > end, -Posting.amount), else_=0),
        )
        .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
        .join(Account, Account.id == unindexed(Posting.account_id, sqlite))
        .where(*mine, after(min(recent_from - dt.timedelta(days=1), end)))
    )
    both = every.union_all(later).subquery()
    key = both.c[0]
    totals = _raw_rows(
        ws,
        select(
            key, func.sum(both.c.c), func.sum(both.c.p), func.sum(both.c.o), func.sum(both.c.e)
        ).group_by(key),
    )
    # Per billed instalment, the households it was billed to: one row per reference,
    # since a plan's instalment carries the same reference for every household.
    homes = func.group_concat(tag) if sqlite else func.string_agg(cast(tag, String), ",")
    refs = _raw_rows(
        ws,
        select(LedgerTransaction.reference, homes)
        .select_from(Posting)
        .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
        .join(Account, Account.id == Posting.account_id)
        .where(
            *mine,
            LedgerTransaction.posted_on <= as_of,
            Posting.amount > 0,
            func.substr(LedgerTransaction.reference, 1, 5) == "plan:",
        )
        .group_by(LedgerTransaction.reference),
    )
    recent: dict[str, list[tuple[dt.date, int]]] = {}
    for hid, when, amount in _raw_rows(
        ws,
        select(tag, day, func.sum(Posting.amount))
        .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
        .join(Account, Account.id == unindexed(Posting.account_id, sqlite))
        .where(
            *mine,
            Posting.amount > 0,
            LedgerTransaction.posted_on >= recent_from,
            LedgerTransaction.posted_on <= as_of,
        )
        .group_by(tag, day),
    ):
        date = when if isinstance(when, dt.date) else dt.date.fromisoformat(when)
        recent.setdefault(_hex(hid), []).append((date, int(amount)))
    sums = {
        _hex(hid): (int(c or 0), int(p or 0), int(o or 0), int(e or 0))
        for hid, c, p, o, e in totals
    }
    billed = {str(ref): set(str(ids).replace("-", "").split(",")) for ref, ids in refs}
    return billed, sums, recent


def _hex(value: object) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value)


def arrears_list(ws: Workspace, as_of: dt.date) -> tuple[MemberAccount, ...]:
    """The households that owe at ``as_of``, largest debt first."""
    return owing_first(member_accounts(ws, as_of))


def owing_first(accounts: Iterable[MemberAccount]) -> tuple[MemberAccount, ...]:
    """The accounts that owe, largest debt first."""
    owing = [a for a in accounts if a.arrears > 0]
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
