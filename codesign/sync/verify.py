"""Checking received change lines: shape, hashes, the per-device chain and duplicates."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from codesign.errors import BadInput
from codesign.journal.entities import UNJOURNALED
from codesign.journal.writer import change_hash
from codesign.sync.merge import Incoming
from codesign.sync.policy import policy_for
from i18n import gettext as _
from models.base import Base

OPS = frozenset({"insert", "update", "delete", "restore"})
_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"[0-9a-f-]{32,36}:[0-9]+")


@dataclass(frozen=True, slots=True)
class Verified:
    """The lines not held yet, and the chain links to remember for gaps."""

    new: tuple[Incoming, ...]
    links: tuple[tuple[str, int, str], ...]
    filled: tuple[tuple[str, int], ...]


def _shape(line: list[Any]) -> bool:
    device, seq, hlc, author, entity, row, op, fields, base, group, label, digest, prev = line
    return (
        isinstance(device, str)
        and _HEX32.fullmatch(device) is not None
        and type(seq) is int
        and seq >= 1
        and type(hlc) is int
        and hlc >= 0
        and (author is None or (isinstance(author, str) and _HEX32.fullmatch(author) is not None))
        and isinstance(entity, str)
        and isinstance(row, str)
        and _HEX32.fullmatch(row) is not None
        and op in OPS
        and isinstance(fields, str)
        and isinstance(base, str)
        and isinstance(group, str)
        and _HEX32.fullmatch(group) is not None
        and isinstance(label, str)
        and isinstance(digest, str)
        and _HEX64.fullmatch(digest) is not None
        and isinstance(prev, str)
    )


def _content(line: list[Any], label: str) -> Incoming:
    """Parse fields and base, and check them against the entity's table and policy."""
    where = f"{line[0]}:{line[1]}"
    entity = line[4]
    tbl = Base.metadata.tables.get(entity)
    policy = policy_for(entity)
    if tbl is None or entity in UNJOURNALED or policy.local:
        raise BadInput(
            _("change {key} is for {entity}, which this Minga does not know").format(
                key=where, entity=entity[:40]
            ),
            path=label,
        )
    try:
        fields = orjson.loads(line[7])
        base = orjson.loads(line[8])
    except orjson.JSONDecodeError:
        raise BadInput(_("change {key} is not valid").format(key=where), path=label) from None
    if not isinstance(fields, dict) or not isinstance(base, dict) or not fields:
        raise BadInput(_("change {key} is not valid").format(key=where), path=label)
    unknown = [f for f in fields if f not in tbl.c]
    if unknown:
        raise BadInput(
            _("change {key} sets {field}, which {entity} does not have").format(
                key=where, field=str(unknown[0])[:60], entity=entity
            ),
            path=label,
        )
    if line[6] == "insert":
        if str(fields.get("id", "")).replace("-", "") != line[5] or base:
            raise BadInput(_("change {key} is not valid").format(key=where), path=label)
    elif policy.append_only:
        raise BadInput(
            _("change {key} edits {entity}, which may only grow; the bundle was rejected").format(
                key=where, entity=entity
            ),
            path=label,
        )
    for field, keys in base.items():
        if (
            field not in fields
            or not isinstance(keys, list)
            or not all(isinstance(k, str) and _KEY.fullmatch(k) for k in keys)
        ):
            raise BadInput(_("change {key} is not valid").format(key=where), path=label)
    return Incoming(line, fields, base)


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
    for seq in sorted(seqs):
        line = seqs[seq]
        key = f"{device}:{seq}"
        if seq in local:
            if local[seq] != line[11]:
                raise BadInput(
                    _("change {key} differs from the one this file holds").format(key=key),
                    path=label,
                )
            continue
        before = seqs[seq - 1][11] if seq - 1 in seqs else local.get(seq - 1)
        broken = (seq == 1 and line[12] != "") or (
            seq > 1 and before is not None and before != line[12]
        )
        if broken:
            raise BadInput(_("change {key} breaks the chain").format(key=key), path=label)
        if seq > 1 and before is None:
            links.append((device, seq, line[12]))
        if seq + 1 not in seqs and seq + 1 in local:
            link = db.execute(
                "SELECT prev FROM chain_link WHERE device_id = ? AND seq = ?", (device, seq + 1)
            ).fetchone()
            if link is None or link[0] != line[11]:
                raise BadInput(_("change {key} breaks the chain").format(key=key), path=label)
            filled.append((device, seq + 1))
        new.append(_content(line, label))


def verify_lines(db: sqlite3.Connection, lines: Sequence[list[Any]], label: str) -> Verified:
    """Reject the bundle on any altered, malformed or clashing change; keep the new ones."""
    by_device: dict[str, dict[int, list[Any]]] = defaultdict(dict)
    for number, line in enumerate(lines, start=1):
        if not _shape(line):
            raise BadInput(_("change {n} is not valid").format(n=number), path=label)
        header = [*line[:7], line[9]]
        if change_hash(line[12], header, line[7].encode(), line[8].encode()) != line[11]:
            raise BadInput(
                _("change {key} does not match its hash").format(key=f"{line[0]}:{line[1]}"),
                path=label,
            )
        seqs = by_device[line[0]]
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
    new.sort(key=lambda inc: (inc.line[2], inc.line[0], inc.line[1]))
    return Verified(tuple(new), tuple(links), tuple(filled))
