"""Member accounts, budgets and attachments: what the ledger alone does not say.

Payment plans say what a household is expected to pay (the statutes' monthly
contribution for everyone, or a plan of its own); budget lines say what the
assembly approved per period and phase; blobs keep scanned receipts next to
the transactions they prove. Amounts are integer minor units.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

PLAN_KINDS = ("contribution", "loan", "entry", "share")


class PaymentPlan(Base):
    """Instalments a household owes: ``amount`` every ``every_months`` from ``start_on``.

    ``household_id`` empty means every household (the statutes' plan); a
    household's own plan of the same kind replaces it from its first due date.
    ``instalments`` empty means until the plan is ended.
    """

    __tablename__ = "payment_plan"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200), default="")
    account_code: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    start_on: Mapped[dt.date]
    instalments: Mapped[int | None] = mapped_column(Integer)
    every_months: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class BudgetLine(Base):
    """An approved amount for one account in a period ("2026" or "2026-05") and phase."""

    __tablename__ = "budget_line"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    period: Mapped[str] = mapped_column(String(7), index=True)
    phase: Mapped[str] = mapped_column(String(100), default="")
    account_code: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(String(200), default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Blob(Base):
    """Bytes of a file (a scanned receipt), named by its SHA-256 so copies are found."""

    __tablename__ = "blob"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Base):
    """A blob attached to a ledger transaction (a receipt, an invoice, a bank slip)."""

    __tablename__ = "attachment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    transaction_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ledger_transaction.id"), index=True
    )
    blob_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("blob.id"), index=True)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())
