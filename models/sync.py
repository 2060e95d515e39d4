"""Local sync bookkeeping: superseded changes, chain links, peers and flags.

None of these tables is journaled: they describe what this copy of the
file has seen, and every laptop derives its own from the changes it holds.
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class FieldSuperseded(Base):
    """A change named in the base of another change of the same field.

    Heads are the changes of a field minus these, so a change that arrives
    after the one that superseded it never becomes a head again.
    """

    __tablename__ = "field_superseded"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


class ChainLink(Base):
    """The previous hash of a received change whose predecessor this file lacks (a gap)."""

    __tablename__ = "chain_link"

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    prev: Mapped[str] = mapped_column(String(64))


class SyncPeer(Base):
    """What a peer device held when it last sent us a bundle, and when we exchanged."""

    __tablename__ = "sync_peer"

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    known: Mapped[str] = mapped_column(Text, default="{}")
    last_received: Mapped[str] = mapped_column(String(40), default="")
    last_sent: Mapped[str] = mapped_column(String(40), default="")


class SyncFlag(Base):
    """A row merged with a caveat, e.g. edited on one laptop after another deleted it."""

    __tablename__ = "sync_flag"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    device_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
