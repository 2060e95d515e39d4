"""The ledger: a chart of accounts, transactions and their postings.

Amounts are integer minor units (cents) so sums are exact. Transactions and
postings are append-only: a mistake is corrected by a reversing transaction,
never by an edit, so the books any member audits can only grow.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

ACCOUNT_TYPES = ("asset", "liability", "equity", "income", "expense")


class Account(Base):
    """One account of the cooperative's chart, found by its code."""

    __tablename__ = "account"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    # Not unique in SQL: two laptops may add the same code before they sync.
    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10))
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class LedgerTransaction(Base):
    """A dated, balanced set of postings; ``reverses_id`` links a correction to its original."""

    __tablename__ = "ledger_transaction"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    posted_on: Mapped[dt.date] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(100), default="")
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ledger_transaction.id"), index=True
    )
    # The bank's id for an imported statement line (FITID, or a hash of the line):
    # importing the same statement twice finds it and skips the line.
    bank_ref: Mapped[str] = mapped_column(String(100), default="", server_default="", index=True)


class Posting(Base):
    """One amount on one account; the postings of a transaction sum to zero."""

    __tablename__ = "posting"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    transaction_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ledger_transaction.id"), index=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
