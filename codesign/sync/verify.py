"""Checking received change lines: shape, hashes, the per-device chain and duplicates."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from codesign.errors import BadInput
from codesign.journal.entities import UNJOURNALED
from codesign.journal.policy import policy_for
from codesign.sync.merge import Incoming
from i18n import gettext as _
from models.base import Base
from models.tables import load_all

OPS = frozenset({"insert", "update", "delete", "restore"})
_KEY = re.compile(r"[0-9a-f-]{32,36}:[0-9]+")


@dataclass(frozen=True, slots=True)
class Verified:
    """The lines not held yet, and the chain links to remember for gaps."""

    new: tuple[Incoming, ...]
    links: tuple[tuple[str, int, str], ...]
    filled: tuple[tuple[str, int], ...]
    lines: tuple[list[Any], ...]  # the new changes' lines (see ``bundle.LINE_FIELDS``)


_IDS = re.compile(r"[0-9a-f]{32}\|[0-9a-f]{32}\|[0-9a-f]{32}\|([0-9a-f]{32})?\|[0-9a-f]{64}")


def _shape(line: list[Any]) -> bool:
    device, seq, hlc, author, entity, row, op, fields, base, group, label, digest, prev = line
    return (
        type(seq) is int
        and seq >= 1
        and type(hlc) is int
        and hlc >= 0
        and op in OPS
        and type(device) is str
        and type(row) is str
        and type(group) is str
        and type(digest) is str
        and (author is None or type(author) is str)
        and _IDS.fullmatch(f"{device}|{row}|{group}|{author or ''}|{digest}") is not None
        and type(entity) is str
        and type(fields) is str
        and type(base) is str
        and type(label) is str
        and type(prev) is str
    )


_RULES: dict[str, tuple[frozenset[str], bool] | None] = {}


def _entity_rules(entity: str) -> tuple[frozenset[str], bool] | None:
    """The columns of a journaled entity and whether it is append-only (None: not ours)."""
    if entity in _RULES:
        return _RULES[entity]
    load_all()  # every section's tables, imported or not yet
    tbl = Base.metadata.tables.get(entity)
    policy = policy_for(entity)
    if tbl is None or entity in UNJOURNALED or policy.local:
        _RULES[entity] = None
        return None
    _RULES[entity] = (frozenset(c.name for c in tbl.columns), policy.append_only)
    return _RULES[entity]


def _content(line: list[Any], label: str) -> Incoming:
    """Parse fields and base, and check them against the entity's table and policy."""
    entity = line[4]
    rules = _RULES.get(entity) or _entity_rules(entity)
    if rules is None:
        raise BadInput(
            _("change {key} is for {entity}, which this Minga does not know").format(
                key=f"{line[0]}:{line[1]}", entity=entity[:40]
            ),
            path=label,
        )
    columns, append_only = rules
    try:
        fields = orjson.loads(line[7])
        base = {} if line[8] == "{}" else orjson.loads(line[8])  # "{}": every insert
    except orjson.JSONDecodeError:
        fields = base = None
    if type(fields) is not dict or type(base) is not dict or not fields:
        raise _invalid(line, label)
    if not fields.keys() <= columns:
        unknown = min(set(fields) - columns)
        raise BadInput(
            _("change {key} sets {field}, which {entity} does not have").format(
                key=f"{line[0]}:{line[1]}", field=str(unknown)[:60], entity=entity
            ),
            path=label,
        )
    if line[6] == "insert":
        if base or str(fields.get("id", "")).replace("-", "") != line[5]:
            raise _invalid(line, label)
    elif append_only:
        raise BadInput(
            _("change {key} edits {entity}, which may only grow; the bundle was rejected").format(
                key=f"{line[0]}:{line[1]}", entity=entity
            ),
            path=label,
        )
    if base:
        for field, keys in base.items():
            if (
                field not in fields
                or type(keys) is not list
                or not all(type(k) is str and _KEY.fullmatch(k) for k in keys)
            ):
                raise _invalid(line, label)
    return Incoming(line, fields, base)


def _invalid(line: list[Any], label: str) -> BadInput:
    return BadInput(_("change {key} is not valid").format(key=f"{line[0]}:{line[1]}"), path=label)


def _verify_device(
    db: sqlite3.Connection,
    device: str,
    seqs: dict[int, list[Any]],
    label: str,
    out: tuple[list[Incoming], list[tuple[str, int, str]], list[tuple[str, int]]],
) -> None:
    """Check one device's lines against each other and against what this file holds."""
    new, links, filled = out
    low, high = min(seqs), max(seqs)
    local = dict(
        db.execute(
            "SELECT seq, hash FROM change WHERE device_id = ? AND seq BETWEEN ? AND ?",
            (device, low - 1, high + 1),
        ).fetchall()
    )
    finished: set[str] = set()  # groups already left behind: one service call never resumes
    current = ""
    before: str | None = None  # the hash of change seq - 1, when known
    previous = -1
    content = _content
    for seq in sorted(seqs):
        line = seqs[seq]
        if line[9] != current:
            if line[9] in finished:
                raise BadInput(
                    _("change {key} splits the changes of one action").format(
                        key=f"{device}:{seq}"
                    ),
                    path=label,
                )
            finished.add(current)
            current = line[9]
        if seq - 1 != previous:
            before = local.get(seq - 1)
        previous = seq
        if local and seq in local:
            if local[seq] != line[11]:
                raise BadInput(
                    _("change {key} differs from the one this file holds").format(
                        key=f"{device}:{seq}"
                    ),
                    path=label,
                )
            before = line[11]
            continue
        if seq == 1:
            broken = line[12] != ""
        else:
            broken = before is not None and before != line[12]
            if before is None:
                links.append((device, seq, line[12]))
        before = line[11]
        if broken:
            raise BadInput(
                _("change {key} breaks the chain").format(key=f"{device}:{seq}"), path=label
            )
        if local and seq + 1 not in seqs and seq + 1 in local:
            link = db.execute(
                "SELECT prev FROM chain_link WHERE device_id = ? AND seq = ?", (device, seq + 1)
            ).fetchone()
            if link is None or link[0] != line[11]:
                raise BadInput(
                    _("change {key} breaks the chain").format(key=f"{device}:{seq}"), path=label
                )
            filled.append((device, seq + 1))
        new.append(content(line, label))


def verify_lines(db: sqlite3.Connection, lines: Sequence[list[Any]], label: str) -> Verified:
    """Reject the bundle on any altered, malformed or clashing change; keep the new ones."""
    _RULES.clear()  # policies may have been registered since the last import
    by_device: dict[str, dict[int, list[Any]]] = defaultdict(dict)
    sha256, dumps, shape = hashlib.sha256, orjson.dumps, _shape
    run: str | None = None
    seqs: dict[int, list[Any]] = {}
    for number, line in enumerate(lines, start=1):
        if not shape(line):
            raise BadInput(_("change {n} is not valid").format(n=number), path=label)
        # The writer's chained hash (``writer.change_hash``), inlined: this loop runs per change.
        payload = b"\n".join(
            (line[12].encode(), dumps([*line[:7], line[9]]), line[7].encode(), line[8].encode())
        )
        if sha256(payload).hexdigest() != line[11]:
            raise BadInput(
                _("change {key} does not match its hash").format(key=f"{line[0]}:{line[1]}"),
                path=label,
            )
        if line[0] != run:  # lines come device by device
            run = line[0]
            seqs = by_device[run]
        if line[1] in seqs and seqs[line[1]][11] != line[11]:
            raise BadInput(
                _("the bundle holds change {key} twice, with different content").format(
                    key=f"{line[0]}:{line[1]}"
                ),
                path=label,
            )
        seqs[line[1]] = line
    new: list[Incoming] = []
    links: list[tuple[str, int, str]] = []
    filled: list[tuple[str, int]] = []
    for device, seqs in by_device.items():
        _verify_device(db, device, seqs, label, (new, links, filled))
    return Verified(tuple(new), tuple(links), tuple(filled), tuple(inc[0] for inc in new))
