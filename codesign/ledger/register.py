"""The ledger register: transactions newest first, each with its postings summarised.

Two queries per page of results (the transactions, then their postings), so
a window can show 120,000 transactions by reading them in batches as the
reader scrolls (``offset`` and ``limit``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import aliased

from codesign.workspace import Workspace
from models.ledger import Account, LedgerTransaction, Posting
from models.tables import Household


@dataclass(frozen=True, slots=True)
class PostingLine:
    """One posting of a transaction: account code, its untranslated name, minor units."""

    code: str
    name: str
    amount: int


@dataclass(frozen=True, slots=True)
class TransactionRecord:
    """One transaction as the register shows it; ``amount`` is the sum of its debits."""

    id: uuid.UUID
    posted_on: dt.date
    description: str
    reference: str
    household: str
    household_id: uuid.UUID | None
    reverses_id: uuid.UUID | None
    reverses_description: str
    reverses_posted_on: dt.date | None
    reversed_by: uuid.UUID | None
    postings: tuple[PostingLine, ...]

    @property
    def amount(self) -> int:
        """The money moved: the sum of the debits (the credits mirror it when balanced)."""
        return sum(p.amount for p in self.postings if p.amount > 0)

    @property
    def balance(self) -> int:
        """The sum of all postings; 0 for every well-formed transaction."""
        return sum(p.amount for p in self.postings)

    def accounts_text(self) -> str:
        """Debited account codes, an arrow, then credited ones: "1010 ← 4000"."""
        debits = sorted({p.code for p in self.postings if p.amount > 0})
        credits = sorted({p.code for p in self.postings if p.amount < 0})
        return f"{', '.join(debits)} ← {', '.join(credits)}"


def _filtered(
    query: Select,  # type: ignore[type-arg]
    text: str | None,
    account: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> Select:  # type: ignore[type-arg]
    txn = LedgerTransaction
    if text and text.strip():
        for word in text.split():
            pattern = f"%{word}%"
            query = query.where(
                or_(
                    txn.description.ilike(pattern),
                    txn.reference.ilike(pattern),
                    Household.name.ilike(pattern),
                )
            )
    if account:
        query = query.where(
            exists()
            .where(Posting.transaction_id == txn.id)
            .where(Posting.account_id == Account.id)
            .where(Account.code == account)
        )
    if date_from is not None:
        query = query.where(txn.posted_on >= date_from)
    if date_to is not None:
        query = query.where(txn.posted_on <= date_to)
    return query


def list_transactions(
    ws: Workspace,
    *,
    text: str | None = None,
    account: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[TransactionRecord, ...]:
    """Transactions newest first (by date, then by id), filtered.

    ``text`` matches every word in the description, reference or household
    name (case-insensitive); ``account`` keeps transactions with a posting
    to that account code; dates are inclusive.
    """
    txn = LedgerTransaction
    reversal = aliased(LedgerTransaction)
    original = aliased(LedgerTransaction)
    reversed_by = (
        select(reversal.id)
        .where(reversal.reverses_id == txn.id)
        .order_by(reversal.id)
        .limit(1)
        .scalar_subquery()
    )
    query = select(
        txn.id,
        txn.posted_on,
        txn.description,
        txn.reference,
        Household.name,
        txn.household_id,
        txn.reverses_id,
        original.description,
        original.posted_on,
        reversed_by,
    ).outerjoin(Household, Household.id == txn.household_id)
    query = query.outerjoin(original, original.id == txn.reverses_id)
    query = _filtered(query, text, account, date_from, date_to)
    query = query.order_by(txn.posted_on.desc(), txn.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with ws.session() as session:
        headers = session.execute(query).all()
        ids = [row[0] for row in headers]
        lines: dict[uuid.UUID, list[PostingLine]] = defaultdict(list)
        if ids:
            postings = (
                select(Posting.transaction_id, Account.code, Account.name, Posting.amount)
                .join(Account, Account.id == Posting.account_id)
                .where(Posting.transaction_id.in_(ids))
                .order_by(Posting.transaction_id, Posting.amount.desc(), Account.code)
            )
            for txn_id, code, name, amount in session.execute(postings):
                lines[txn_id].append(PostingLine(code, name, int(amount)))
    return tuple(
        TransactionRecord(
            txn_id,
            day,
            description,
            reference or "",
            household or "",
            household_id,
            reverses_id,
            reverses_description or "",
            reverses_posted_on,
            reversed,
            tuple(lines.get(txn_id, ())),
        )
        for (
            txn_id,
            day,
            description,
            reference,
            household,
            household_id,
            reverses_id,
            reverses_description,
            reverses_posted_on,
            reversed,
        ) in headers
    )


def count_transactions(
    ws: Workspace,
    *,
    text: str | None = None,
    account: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> int:
    """How many transactions ``list_transactions`` would give with the same filters."""
    query = select(func.count(LedgerTransaction.id)).outerjoin(
        Household, Household.id == LedgerTransaction.household_id
    )
    query = _filtered(query, text, account, date_from, date_to)
    with ws.session() as session:
        return int(session.scalar(query) or 0)


@dataclass(frozen=True, slots=True)
class AccountChoice:
    """A live account for pickers: code, untranslated name and type."""

    code: str
    name: str
    type: str


def list_accounts(ws: Workspace) -> tuple[AccountChoice, ...]:
    """The live accounts of the chart, by code."""
    query = (
        select(Account.code, Account.name, Account.type)
        .where(Account.deleted.is_(False))
        .order_by(Account.code)
    )
    with ws.session() as session:
        return tuple(AccountChoice(c, n, t) for c, n, t in session.execute(query))
