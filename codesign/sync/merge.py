"""Applying received changes: rows, field heads and what they supersede.

For each field, heads = changes − superseded, where superseded is every
change named in some base. Both sets only grow, so the result depends on
the set of changes held, never on the order they arrived in. A field with
one head shows its value; with several it is a conflict, and the head
with the largest (HLC, device) is shown until a person resolves it.
"""

from __future__ import annotations

import operator
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from codesign.journal.bulk import _converter as python_converter
from codesign.journal.entities import _defaults, table
from codesign.journal.policy import policy_for
from codesign.sync.values import converters, uuid_text

_CHANGE_INSERT = (
    "INSERT INTO change (device_id, seq, hlc, author_id, entity, row_id, op, fields, base,"
    " group_id, label, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNK = 500


class Incoming(NamedTuple):
    """One received change: its line (see ``bundle.LINE_FIELDS``) and parsed fields and base.

    A named tuple rather than a frozen dataclass: a full bundle makes one per
    change, and a tuple is built several times faster.
    """

    line: list[Any]
    fields: dict[str, Any]
    base: dict[str, list[str]]

    @property
    def entity(self) -> str:
        """The table it changes."""
        return str(self.line[4])

    @property
    def row(self) -> str:
        """The row's id, 32-digit hex."""
        return str(self.line[5])


@dataclass(frozen=True, slots=True)
class Applied:
    """What applying did: rows whose values were merged, and fields left in conflict."""

    merged_rows: int
    conflicts: tuple[tuple[str, str, str], ...]


def _key_parts(key: str) -> tuple[str, int]:
    device, _sep, seq = key.rpartition(":")
    return device.replace("-", ""), int(seq)


def _insert_rows(db: sqlite3.Connection, entity: str, inserts: Sequence[Incoming]) -> None:
    """Insert the rows of insert changes, defaults filling columns an older schema lacked."""
    tbl = table(entity)
    names = [c.name for c in tbl.columns]
    convert = converters(tbl)
    static, computed = _defaults(entity)
    made = dict(computed)
    plan: list[tuple[str, Any, Any]] = []
    for name in names:
        to_db = python_converter(tbl.c[name].type)
        value = static.get(name)
        fallback = to_db(value) if to_db is not None and value is not None else value
        plan.append((name, convert[name], fallback))
    existing: set[str] = set()
    if db.execute(f'SELECT 1 FROM "{entity}" LIMIT 1').fetchone():  # noqa: S608 - our schema
        ids = [inc.row for inc in inserts]
        for start in range(0, len(ids), _CHUNK):
            part = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(part))
            sql = f'SELECT id FROM "{entity}" WHERE id IN ({marks})'  # noqa: S608 - our schema
            existing.update(row[0] for row in db.execute(sql, part))
    ids = [inc[0][5] for inc in inserts]
    if existing or len(set(ids)) != len(ids):  # some held already, or sent twice: first wins
        kept = []
        for inc, row in zip(inserts, ids, strict=True):
            if row not in existing:
                existing.add(row)
                kept.append(inc)
        inserts = kept
    getter = operator.itemgetter(*names)
    whole: list[Any] = []  # the usual case: every column journaled
    params: list[Sequence[Any]] = []
    for inc in inserts:
        try:
            whole.append(getter(inc[1]))
        except KeyError:  # an older schema's insert: defaults fill the new columns
            params.append(_filled(inc[1], plan, made, tbl))
    if whole:
        # Column by column: one C-level map per converted column instead of a Python
        # step per value (every converter keeps None as None).
        columns: list[Sequence[Any]] = list(zip(*whole, strict=True)) if len(names) > 1 else [whole]
        for i, (_name, conv, _fallback) in enumerate(plan):
            if conv is uuid_text:  # the most common by far: inlined
                columns[i] = [v.replace("-", "") if type(v) is str else v for v in columns[i]]
            elif conv is not None:
                columns[i] = list(map(conv, columns[i]))
        params.extend(zip(*columns, strict=True))
    quoted = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    db.executemany(f'INSERT INTO "{entity}" ({quoted}) VALUES ({marks})', params)  # noqa: S608


def _filled(
    fields: dict[str, Any], plan: list[tuple[str, Any, Any]], made: dict[str, Any], tbl: Any
) -> list[Any]:
    """A row from an insert that lacks some columns: their defaults, as SQLite stores them."""
    values = []
    for name, conv, fallback in plan:
        if name in fields:
            raw = fields[name]
            values.append(raw if conv is None or raw is None else conv(raw))
            continue
        make = made.get(name)
        if make is None:
            values.append(fallback)
            continue
        to_db = python_converter(tbl.c[name].type)
        value = make(None)
        values.append(to_db(value) if to_db is not None else value)
    return values


def _apply_heads(db: sqlite3.Connection, updates: Sequence[Incoming]) -> None:
    """Superseded grows by every base; heads gain each update not already superseded."""
    superseded = []
    for inc in updates:
        for field, keys in inc.base.items():
            for key in keys:
                device, seq = _key_parts(key)
                superseded.append((inc.entity, inc.row, field, device, seq))
    db.executemany("INSERT OR IGNORE INTO field_superseded VALUES (?, ?, ?, ?, ?)", superseded)
    db.executemany(
        "DELETE FROM field_head WHERE entity = ? AND row_id = ? AND field = ?"
        " AND device_id = ? AND seq = ?",
        superseded,
    )
    heads = [
        (inc.entity, inc.row, field, inc.line[0], inc.line[1])
        for inc in updates
        for field in inc.fields
    ]
    db.executemany(
        "INSERT OR IGNORE INTO field_head SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS ("
        "SELECT 1 FROM field_superseded WHERE entity = ?1 AND row_id = ?2 AND field = ?3"
        " AND device_id = ?4 AND seq = ?5)",
        heads,
    )


def materialize(db: sqlite3.Connection, entity: str, row: str) -> bool:
    """Set a row's values from its heads; False when its insert has not arrived yet."""
    tbl = table(entity)
    found = db.execute(
        "SELECT 1 FROM change WHERE entity = ? AND row_id = ? AND op = 'insert' LIMIT 1",
        (entity, row),
    ).fetchone()
    if found is None:
        return False
    closed_when = policy_for(entity).closed_when
    if closed_when is not None and _freeze(db, entity, row, closed_when):
        return True
    winners: dict[str, tuple[int, str, int, str, Any]] = {}
    for field, hlc, device, seq, op, fields in db.execute(
        "SELECT h.field, c.hlc, c.device_id, c.seq, c.op, c.fields FROM field_head h"
        " JOIN change c ON c.device_id = h.device_id AND c.seq = h.seq"
        " WHERE h.entity = ? AND h.row_id = ?",
        (entity, row),
    ):
        if field not in tbl.c:
            continue
        value = orjson.loads(fields).get(field)
        best = winners.get(field)
        if best is None or (hlc, device) > (best[0], best[1]):
            winners[field] = (hlc, device, seq, op, value)
    if not winners:
        return True
    values = {field: w[4] for field, w in winners.items()}
    if "deleted" in tbl.c:
        values["deleted"] = _deleted_after_edits(db, entity, row, winners.get("deleted"))
    convert = converters(tbl)
    names = sorted(values)
    params = [_stored(convert[n], values[n]) for n in names]
    assignments = ", ".join(f'"{n}" = ?' for n in names)
    db.execute(f'UPDATE "{entity}" SET {assignments} WHERE id = ?', [*params, row])  # noqa: S608
    return True


def _freeze(db: sqlite3.Connection, entity: str, row: str, closed_when: Any) -> bool:
    """Keep a closed row as it was when closed; edits after the close are refused and flagged.

    The close is the earliest change (by HLC, device) whose fields satisfy
    the entity's ``closed_when``; each field keeps the newest value set up to
    it. Both depend only on the changes held, never on their order.
    """
    changes = db.execute(
        "SELECT hlc, device_id, seq, fields FROM change WHERE entity = ? AND row_id = ?"
        " ORDER BY hlc, device_id",
        (entity, row),
    ).fetchall()
    parsed = [(hlc, device, seq, orjson.loads(fields)) for hlc, device, seq, fields in changes]
    closing = next((i for i, c in enumerate(parsed) if closed_when(c[3])), None)
    db.execute(
        "DELETE FROM sync_flag WHERE entity = ? AND row_id = ? AND kind = 'refused'", (entity, row)
    )
    if closing is None:
        return False
    tbl = table(entity)
    values: dict[str, Any] = {}
    for _hlc, _device, _seq, fields in parsed[: closing + 1]:
        values.update((k, v) for k, v in fields.items() if k in tbl.c and k != "id")
    later = parsed[closing + 1 :]
    if later:
        db.execute(
            "INSERT INTO sync_flag VALUES (?, ?, 'refused', ?, ?)",
            (entity, row, later[-1][1], later[-1][2]),
        )
    convert = converters(tbl)
    names = sorted(values)
    params = [_stored(convert[n], values[n]) for n in names]
    assignments = ", ".join(f'"{n}" = ?' for n in names)
    db.execute(f'UPDATE "{entity}" SET {assignments} WHERE id = ?', [*params, row])  # noqa: S608
    return True


def _stored(convert: Any, value: Any) -> Any:
    return value if convert is None else convert(value)


def _deleted_after_edits(
    db: sqlite3.Connection, entity: str, row: str, winner: tuple[int, str, int, str, Any] | None
) -> bool:
    """Whether the row stays deleted: not when another field was edited after the delete.

    Such an edit keeps the row and flags it, so a person decides.
    """
    db.execute(
        "DELETE FROM sync_flag WHERE entity = ? AND row_id = ? AND kind = 'edited'", (entity, row)
    )
    if winner is None or not winner[4]:
        return bool(winner[4]) if winner else False
    later = db.execute(
        "SELECT device_id, seq FROM change WHERE entity = ? AND row_id = ? AND op = 'update'"
        " AND hlc > ? ORDER BY hlc DESC LIMIT 1",
        (entity, row, winner[0]),
    ).fetchone()
    if later is None:
        return True
    db.execute(
        "INSERT INTO sync_flag VALUES (?, ?, 'edited', ?, ?)", (entity, row, later[0], later[1])
    )
    return False


def apply_changes(db: sqlite3.Connection, changes: Iterable[Incoming]) -> Applied:
    """Journal the changes, insert new rows, move heads and merge the touched rows."""
    incoming = list(changes)
    db.executemany(_CHANGE_INSERT, [inc[0][:12] for inc in incoming])
    inserts: dict[str, list[Incoming]] = defaultdict(list)
    updates: list[Incoming] = []
    for inc in incoming:
        line = inc[0]
        if line[6] == "insert":
            inserts[line[4]].append(inc)
        else:
            updates.append(inc)
    touched: set[tuple[str, str]] = set()
    for entity, rows in inserts.items():
        had_heads = db.execute(
            "SELECT 1 FROM field_head WHERE entity = ? LIMIT 1", (entity,)
        ).fetchone()
        _insert_rows(db, entity, rows)
        if had_heads:
            touched.update((entity, inc[0][5]) for inc in rows)
    _apply_heads(db, updates)
    touched.update((inc[0][4], inc[0][5]) for inc in updates)
    merged = sum(materialize(db, entity, row) for entity, row in sorted(touched))
    conflicts = []
    for entity, row in sorted(touched):
        for (field,) in db.execute(
            "SELECT field FROM field_head WHERE entity = ? AND row_id = ?"
            " GROUP BY field HAVING count(*) > 1",
            (entity, row),
        ):
            conflicts.append((entity, row, str(field)))
    return Applied(merged, tuple(conflicts))


def refuses_update(entity: str) -> bool:
    """Whether the entity's rows may never be edited (append-only)."""
    return policy_for(entity).append_only
