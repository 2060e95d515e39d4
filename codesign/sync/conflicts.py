"""Conflicts: fields with several heads, and rows edited after another laptop deleted them.

Resolving writes an ordinary change whose base names every head, so it
syncs like any edit and ends the conflict on every laptop that receives it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import orjson

from codesign.auth import require
from codesign.errors import BadInput, NotFound
from codesign.journal.clock import physical_ms
from codesign.journal.codec import decode
from codesign.journal.entities import table
from codesign.journal.policy import policy_for
from codesign.journal.writer import WriteResult
from codesign.sync.exporter import raw
from codesign.workspace import Workspace
from i18n import gettext as _

DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Head:
    """One competing value: which change set it, on which laptop, by whom and when."""

    value: Any
    change: str
    device: str
    device_name: str
    author: str | None
    author_name: str
    when: dt.datetime
    shown: bool
    hlc: int = 0


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field of a row with more than one head (``field`` 'deleted': edited after a delete)."""

    entity: str
    row: uuid.UUID
    field: str
    heads: tuple[Head, ...]
    title: str

    @property
    def edited_after_delete(self) -> bool:
        """Whether this is a row edited on one laptop after another deleted it."""
        return self.field == DELETED

    def as_json(self) -> dict[str, Any]:
        """The command line's object: values shown-first, plus who and when."""
        return {
            "entity": self.entity,
            "id": str(self.row),
            "field": self.field,
            "values": [h.value for h in self.heads],
            "heads": [
                {
                    "value": h.value,
                    "change": h.change,
                    "device": h.device_name or h.device,
                    "author": h.author_name,
                    "when": h.when.isoformat(timespec="seconds"),
                }
                for h in self.heads
            ],
        }


def _when(hlc: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(physical_ms(hlc) / 1000).replace(microsecond=0)


def _title(db: Any, entity: str, row: str) -> str:
    tbl = table(entity)
    for column in ("name", "description", "code", "title"):
        if column in tbl.c:
            found = db.execute(
                f'SELECT "{column}" FROM "{entity}" WHERE id = ?',  # noqa: S608 - our schema
                (row,),
            ).fetchone()
            if found is not None:
                return str(found[0])
    return row[:8]


def list_conflicts(ws: Workspace) -> tuple[Conflict, ...]:
    """Every open conflict, newest first."""
    with ws.session() as session:
        db = raw(session)
        names = dict(db.execute("SELECT id, name FROM device").fetchall())
        people = {}
        grouped: dict[tuple[str, str, str], list[Head]] = defaultdict(list)
        rows = db.execute(
            "SELECT h.entity, h.row_id, h.field, c.device_id, c.seq, c.hlc, c.author_id, c.fields"
            " FROM field_head h JOIN change c ON c.device_id = h.device_id AND c.seq = h.seq"
            " WHERE (h.entity, h.row_id, h.field) IN (SELECT entity, row_id, field FROM field_head"
            " GROUP BY entity, row_id, field HAVING count(*) > 1)"
        ).fetchall()
        flagged = db.execute(
            "SELECT f.entity, f.row_id, f.device_id, f.seq, c.hlc, c.author_id"
            " FROM sync_flag f JOIN change c ON c.device_id = f.device_id AND c.seq = f.seq"
            " WHERE f.kind = 'edited'"
        ).fetchall()
        authors = {r[6] for r in rows} | {r[5] for r in flagged}
        for author in authors - {None}:
            found = db.execute("SELECT name FROM person WHERE id = ?", (author,)).fetchone()
            people[author] = str(found[0]) if found else ""
        for entity, row, field, device, seq, hlc, author, fields in rows:
            grouped[(entity, row, field)].append(
                _head(orjson.loads(fields).get(field), (device, seq, hlc, author), names, people)
            )
        for entity, row, device, seq, hlc, author in flagged:
            deleting = _deleting_head(db, entity, row)
            live = db.execute(
                f'SELECT deleted FROM "{entity}" WHERE id = ?',  # noqa: S608 - our schema
                (row,),
            ).fetchone()
            if deleting is None or live is None or live[0]:
                continue
            grouped[(entity, row, DELETED)] = [
                _head(True, deleting, names, people),
                _head(False, (device, seq, hlc, author), names, people),
            ]
        result = []
        for (entity, row, field), heads in grouped.items():
            ordered = sorted(heads, key=lambda h: (h.hlc, h.device), reverse=True)
            if field != DELETED:
                ordered = _mark_shown(ordered)
            result.append(
                Conflict(entity, uuid.UUID(hex=row), field, tuple(ordered), _title(db, entity, row))
            )
    return tuple(sorted(result, key=lambda c: c.heads[0].when, reverse=True))


def _mark_shown(heads: list[Head]) -> list[Head]:
    return [
        Head(
            h.value,
            h.change,
            h.device,
            h.device_name,
            h.author,
            h.author_name,
            h.when,
            i == 0,
            h.hlc,
        )
        for i, h in enumerate(heads)
    ]


def _head(
    value: Any,
    change: tuple[str, int, int, str | None],
    names: dict[str, str],
    people: dict[str, str],
) -> Head:
    device, seq, hlc, author = change
    return Head(
        value,
        f"{uuid.UUID(hex=device)}:{seq}",
        device,
        str(names.get(device, "")),
        author,
        people.get(author, "") if author else "",
        _when(hlc),
        False,
        hlc,
    )


def _deleting_head(db: Any, entity: str, row: str) -> tuple[str, int, int, str | None] | None:
    best = db.execute(
        "SELECT c.device_id, c.seq, c.hlc, c.author_id, c.fields FROM field_head h"
        " JOIN change c ON c.device_id = h.device_id AND c.seq = h.seq"
        " WHERE h.entity = ? AND h.row_id = ? AND h.field = 'deleted'"
        " ORDER BY c.hlc DESC, c.device_id DESC LIMIT 1",
        (entity, row),
    ).fetchone()
    if best is None or not orjson.loads(best[4]).get(DELETED):
        return None
    return str(best[0]), int(best[1]), int(best[2]), best[3]


def resolve_conflict(
    ws: Workspace, entity: str, row: uuid.UUID, field: str, value: Any
) -> WriteResult:
    """Choose (or type) the value of a conflicting field; the change's base names every head."""
    try:
        tbl = table(entity)
    except KeyError:
        raise NotFound(_("no entity {entity}").format(entity=entity), path=ws.label) from None
    if field not in tbl.c or field == "id":
        raise BadInput(
            _("{entity} has no field {field}").format(entity=entity, field=field), path=ws.label
        )
    policy = policy_for(entity)
    if policy.append_only:
        raise BadInput(_("{entity} may only grow").format(entity=entity), path=ws.label)
    if policy.action is not None:
        require(ws, policy.action)
    with ws.write(_("Resolve a conflict")) as w:
        exists = w.session.execute(tbl.select().where(tbl.c.id == row)).first()
        if exists is None:
            raise NotFound(_("no such row {id}").format(id=row), path=ws.label)
        w.update(entity, row, {field: decode(tbl.c[field], value)})
        if field == DELETED:
            raw(w.session).execute(
                "DELETE FROM sync_flag WHERE entity = ? AND row_id = ?", (entity, row.hex)
            )
    return w.result()
