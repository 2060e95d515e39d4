"""The cooperative, people, households, roles, devices and the journal.

Rows that sync carry a client-made UUIDv7 key and a ``deleted`` flag: a
removal is a journaled change, never a SQL DELETE, so it can be undone and
synced like any other edit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

ROLE_NAMES = ("member", "committee", "treasurer", "secretary", "architect", "coordinator")
PRIVILEGED_ROLES = ("committee", "treasurer", "secretary", "architect", "coordinator")
COOPERATIVE_KINDS = ("housing", "school", "mixed")


class Meta(Base):
    """Facts about this copy of the file (local device, clock); never synced."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Cooperative(Base):
    """The one cooperative a file holds, with its statutes."""

    __tablename__ = "cooperative"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="housing")
    country: Mapped[str] = mapped_column(String(2), default="EC")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    locale: Mapped[str] = mapped_column(String(16), default="es_EC")
    statutes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_on: Mapped[dt.date]


class Household(Base):
    """The unit that votes, owes work hours and pays contributions."""

    __tablename__ = "household"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200), index=True)
    unit: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    joined_on: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Person(Base):
    """A member of a household; phone, email and document are private contact data."""

    __tablename__ = "person"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    document: Mapped[str] = mapped_column(String(50), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    passphrase_hash: Mapped[str] = mapped_column(String(200), default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class RoleAssignment(Base):
    """A role a person holds from ``start_on`` until ``end_on`` (open-ended when None)."""

    __tablename__ = "role_assignment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), index=True)
    start_on: Mapped[dt.date]
    end_on: Mapped[dt.date | None]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Device(Base):
    """A laptop that writes to this cooperative; its key signs its bundles."""

    __tablename__ = "device"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    trusted: Mapped[bool] = mapped_column(default=False)
    revoked: Mapped[bool] = mapped_column(default=False)


class Change(Base):
    """One journaled change: ``fields`` set on one row, seen against ``base``.

    ``fields`` and ``base`` are JSON text; ``base`` maps each field to the
    ``"device:seq"`` keys of the changes the editor had seen for it.
    """

    __tablename__ = "change"

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hlc: Mapped[int] = mapped_column(BigInteger)
    author_id: Mapped[uuid.UUID | None]
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]
    op: Mapped[str] = mapped_column(String(10))
    fields: Mapped[str] = mapped_column(Text)
    base: Mapped[str] = mapped_column(Text, default="{}")
    group_id: Mapped[uuid.UUID] = mapped_column(index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_change_row", "entity", "row_id"),)


class FieldHead(Base):
    """A change that is a current head of one field of one row.

    A field never edited after its row was inserted has no rows here: its
    head is the row's insert change.
    """

    __tablename__ = "field_head"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


# Each domain's tables live in a module of their own, imported when first needed:
# declaring ~50 mapped classes costs ~0.1 s, which the window's start-up does not
# pay for sections nobody opened. ``load_all`` registers every table on the metadata.
DOMAIN_MODULES = (
    "models.cases",  # reference cases, attachments and links
    "models.decisions",  # assemblies, motions, votes and the register
    "models.design",  # sites, proposals, versions and review comments
    "models.finance",  # payment plans, budgets and attachments
    "models.ledger",  # accounts, transactions and postings
    "models.sync",  # sync bookkeeping: superseded changes, peers, flags
    "models.work",  # commissions, work days, shifts and attendance
)


def load_all() -> None:
    """Import every domain's models, so the metadata holds the whole schema."""
    import importlib

    for name in DOMAIN_MODULES:
        importlib.import_module(name)
