"""Writes rows and their journal changes in one transaction.

Every service write goes through a ``Writer``: it numbers the change for
this device, stamps the HLC time and author, records the base (the heads
the editor had seen) and chains the hash to the device's previous change.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import and_, delete, insert, select, tuple_, update

from codesign.journal.bulk import insert_rows, is_sqlite
from codesign.journal.entities import JOURNAL_OMITS, complete_row, table
from models.ids import GroupId, uuid7
from models.tables import Change, FieldHead

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from codesign.workspace import Workspace


@dataclass(frozen=True, slots=True)
class ChangeKey:
    """A change's identity: which device made it, and its number there."""

    device: uuid.UUID
    seq: int

    def __str__(self) -> str:
        return f"{self.device}:{self.seq}"

    @classmethod
    def parse(cls, text: str) -> ChangeKey:
        """The key written as ``device:seq``."""
        device, _sep, seq = text.rpartition(":")
        return cls(uuid.UUID(device), int(seq))


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one service call changed, so views refresh only what they show."""

    group: GroupId
    label: str
    entities: frozenset[str]
    rows: tuple[uuid.UUID, ...]

    def touches(self, *entities: str) -> bool:
        """Whether any of ``entities`` changed."""
        return not self.entities.isdisjoint(entities)


BIG_WRITE = 10_000  # rows in one insert_many from which the page cache is enlarged
BIG_CACHE_KIB = 65_536


def _json_default(value: object) -> object:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot journal a {type(value).__name__}")


def dump_fields(fields: Mapping[str, Any]) -> bytes:
    """Canonical JSON of field values (sorted keys; UUIDs and dates as ISO strings)."""
    return orjson.dumps(fields, default=_json_default, option=orjson.OPT_SORT_KEYS)


def _without(row: Mapping[str, Any], omit: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in omit}


def change_hash(prev: str, header: Sequence[Any], fields: bytes, base: bytes) -> str:
    """SHA-256 chaining a change to the same device's previous one.

    ``header`` is ``[device, seq, hlc, author, entity, row, op, group]`` with
    ids as 32-digit hex; ``fields`` and ``base`` are their canonical JSON.
    """
    payload = b"\n".join((prev.encode(), orjson.dumps(list(header)), fields, base))
    return hashlib.sha256(payload).hexdigest()


class Writer:
    """The journaled writes of one service call: one transaction, one group."""

    def __init__(self, ws: Workspace, session: Session, label: str) -> None:
        self.ws = ws
        self.session = session
        self.label = label
        self.group = GroupId(uuid7())
        self.entities: set[str] = set()
        self.rows: list[uuid.UUID] = []
        self._device_hex = ws.device_id.hex
        self._group_hex = self.group.hex
        self._author_hex = ws.actor.hex if ws.actor else None

    def result(self) -> WriteResult:
        """The summary a service returns."""
        return WriteResult(self.group, self.label, frozenset(self.entities), tuple(self.rows))

    def insert(self, entity: str, values: Mapping[str, Any]) -> uuid.UUID:
        """Insert one row (its id made here when missing) and journal it."""
        return self.insert_many(entity, [values])[0]

    def insert_many(self, entity: str, rows: Iterable[Mapping[str, Any]]) -> list[uuid.UUID]:
        """Bulk insert with one executemany for the rows and one for their changes."""
        full = [complete_row(entity, row) for row in rows]
        if not full:
            return []
        insert_rows(self.session, table(entity), full)
        if len(full) >= BIG_WRITE and is_sqlite(self.session):
            # Large inserts otherwise spill the page cache into the WAL mid-transaction.
            self.session.connection().exec_driver_sql(f"PRAGMA cache_size=-{BIG_CACHE_KIB}")
        omit = JOURNAL_OMITS.get(entity)
        journaled = full if omit is None else [_without(row, omit) for row in full]
        self._flush_changes(self._insert_changes(entity, journaled))
        self.entities.add(entity)
        ids = [row["id"] for row in full]
        self.rows.extend(ids)
        return ids

    def _insert_changes(
        self, entity: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[tuple[Any, ...]]:
        """The insert changes of ``rows``, numbered, stamped and chained in one pass.

        Same changes as ``_change`` makes one by one: consecutive seqs, strictly
        increasing HLC values (the first from the clock), each hash chained to the
        previous one over the same header, fields and base bytes.
        """
        ws = self.ws
        count = len(rows)
        first_seq = ws.next_seq()
        ws._seq = first_seq + count - 1
        first_hlc = ws.clock.tick()
        ws.clock.last = first_hlc + count - 1
        author = "null" if self._author_hex is None else f'"{self._author_hex}"'
        # The header's canonical JSON (as orjson writes it): ids are hex and names
        # plain identifiers, so no character needs escaping.
        head = f'["{self._device_hex}",'
        tail = f',"{entity}",'
        group_tail = f',"insert","{self._group_hex}"]'
        dumps, sha256 = orjson.dumps, hashlib.sha256
        prev = ws.last_hash.encode()
        out: list[tuple[Any, ...]] = []
        append = out.append
        device, author_hex, group, label = (
            self._device_hex,
            self._author_hex,
            self._group_hex,
            self.label,
        )
        for n, row in enumerate(rows):
            seq, hlc = first_seq + n, first_hlc + n
            row_hex = row["id"].hex
            fields = dumps(row, default=_json_default, option=orjson.OPT_SORT_KEYS)
            header = f'{head}{seq},{hlc},{author}{tail}"{row_hex}"{group_tail}'.encode()
            digest = sha256(b"\n".join((prev, header, fields, b"{}"))).hexdigest()
            prev = digest.encode()
            append(
                (
                    device,
                    seq,
                    hlc,
                    author_hex,
                    entity,
                    row_hex,
                    "insert",
                    fields.decode(),
                    "{}",
                    group,
                    label,
                    digest,
                )
            )
        ws.last_hash = prev.decode()
        return out

    def update(self, entity: str, row_id: uuid.UUID, values: Mapping[str, Any]) -> None:
        """Set fields of one row; the change's base is the fields' current heads."""
        if not values:
            return
        tbl = table(entity)
        self.session.execute(update(tbl).where(tbl.c.id == row_id).values(**values))
        op = "update"
        if set(values) == {"deleted"}:
            op = "delete" if values["deleted"] else "restore"
        base = self.heads(entity, row_id, values.keys())
        change = self._change(entity, row_id, op, values, base)
        self._flush_changes([change])
        key = (self.ws.device_id, change[1])
        self.session.execute(
            delete(FieldHead).where(
                FieldHead.entity == entity,
                FieldHead.row_id == row_id,
                FieldHead.field.in_(list(values)),
            )
        )
        self.session.execute(
            insert(FieldHead),
            [
                {"entity": entity, "row_id": row_id, "field": f, "device_id": key[0], "seq": key[1]}
                for f in values
            ],
        )
        self.entities.add(entity)
        self.rows.append(row_id)

    def remove(self, entity: str, row_id: uuid.UUID) -> None:
        """Mark a row deleted (a journaled change that can be undone and synced)."""
        self.update(entity, row_id, {"deleted": True})

    def heads(self, entity: str, row_id: uuid.UUID, fields: Iterable[str]) -> dict[str, list[str]]:
        """The current head changes of each field (the insert change when never edited)."""
        wanted = list(fields)
        found: dict[str, list[str]] = {f: [] for f in wanted}
        rows = self.session.execute(
            select(FieldHead.field, FieldHead.device_id, FieldHead.seq).where(
                FieldHead.entity == entity,
                FieldHead.row_id == row_id,
                FieldHead.field.in_(wanted),
            )
        )
        for field, device, seq in rows:
            found[field].append(str(ChangeKey(device, seq)))
        if any(not keys for keys in found.values()):
            insert_key = self.session.execute(
                select(Change.device_id, Change.seq)
                .where(Change.entity == entity, Change.row_id == row_id, Change.op == "insert")
                .limit(1)
            ).first()
            if insert_key is not None:
                for keys in found.values():
                    if not keys:
                        keys.append(str(ChangeKey(insert_key[0], insert_key[1])))
        return {f: sorted(keys) for f, keys in found.items() if keys}

    def _change(
        self,
        entity: str,
        row_id: uuid.UUID,
        op: str,
        fields: Mapping[str, Any],
        base: dict[str, list[str]],
    ) -> tuple[Any, ...]:
        """One change as a tuple in the column order of the ``change`` table."""
        ws = self.ws
        seq = ws.next_seq()
        hlc = ws.clock.tick()
        fields_json = dump_fields(fields)
        base_json = orjson.dumps(base, option=orjson.OPT_SORT_KEYS) if base else b"{}"
        row_hex = row_id.hex
        header = [
            self._device_hex,
            seq,
            hlc,
            self._author_hex,
            entity,
            row_hex,
            op,
            self._group_hex,
        ]
        digest = change_hash(ws.last_hash, header, fields_json, base_json)
        ws.last_hash = digest
        return (
            self._device_hex,
            seq,
            hlc,
            self._author_hex,
            entity,
            row_hex,
            op,
            fields_json.decode(),
            base_json.decode(),
            self._group_hex,
            self.label,
            digest,
        )

    def _flush_changes(self, changes: list[tuple[Any, ...]]) -> None:
        """Insert change tuples (ids as hex) with one executemany."""
        if is_sqlite(self.session):
            dbapi = self.session.connection().connection.dbapi_connection
            assert dbapi is not None
            dbapi.executemany(_CHANGE_INSERT, changes)
            return
        names = [c.name for c in Change.__table__.columns]
        ids = {"device_id", "author_id", "row_id", "group_id"}
        self.session.execute(
            insert(Change),
            [
                {
                    n: uuid.UUID(v) if n in ids and v is not None else v
                    for n, v in zip(names, c, strict=True)
                }
                for c in changes
            ],
        )


_CHANGE_INSERT = (
    "INSERT INTO change (device_id, seq, hlc, author_id, entity, row_id, op, fields, base,"
    " group_id, label, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def load_changes(session: Session, keys: Iterable[str]) -> list[Change]:
    """The changes named by ``device:seq`` keys."""
    parsed = [ChangeKey.parse(k) for k in keys]
    if not parsed:
        return []
    return list(
        session.scalars(
            select(Change).where(
                tuple_(Change.device_id, Change.seq).in_([(k.device, k.seq) for k in parsed])
                if len(parsed) > 1
                else and_(Change.device_id == parsed[0].device, Change.seq == parsed[0].seq)
            )
        )
    )
