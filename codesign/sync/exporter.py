"""Writing a bundle: what the peer lacks (or everything), signed by this laptop."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from codesign.errors import UnreadableFile, UsageError
from codesign.sync import bundle, keys, pairing
from codesign.sync.state import Ranges, held_ranges, peer_known, subtract
from codesign.workspace import Workspace
from i18n import gettext as _
from models.migrate import SCHEMA_HEAD
from models.tables import Cooperative, Device

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Exported:
    """What a bundle carries."""

    path: Path
    changes: int
    devices: int
    full: bool
    encrypted: bool


def raw(session: Any) -> sqlite3.Connection:
    """The SQLite connection under a session (sync reads and writes it directly)."""
    if session.get_bind().dialect.name != "sqlite":
        raise UsageError(_("sync works on cooperative files, not on server databases yet"))
    dbapi = session.connection().connection.dbapi_connection
    assert isinstance(dbapi, sqlite3.Connection)
    return dbapi


def local_public_key(ws: Workspace) -> bytes:
    """This laptop's public key, recorded on this file's device row."""
    public = keys.public_bytes(keys.private_key())
    with ws.session() as session, session.begin():
        device = session.get(Device, ws.device_id)
        if device is not None and device.public_key != public:
            device.public_key = public
    return public


def _to_send(
    db: sqlite3.Connection, ours: dict[str, Ranges], peer: str | None
) -> dict[str, Ranges]:
    if peer is not None:
        peers = [peer]
    else:
        peers = [str(r[0]) for r in db.execute("SELECT device_id FROM sync_peer")]
    if not peers:
        return ours
    result: dict[str, Ranges] = {}
    for device, runs in ours.items():
        wanted: set[tuple[int, int]] = set()
        for each in peers:
            wanted.update(subtract(runs, peer_known(db, each).get(device, [])))
        if wanted:
            result[device] = _merge_runs(sorted(wanted))
    return result


def _merge_runs(runs: Ranges) -> Ranges:
    merged: Ranges = []
    for low, high in runs:
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _lines(db: sqlite3.Connection, send: dict[str, Ranges]) -> Iterator[list[Any]]:
    for device, runs in sorted(send.items()):
        for low, high in runs:
            prev = _prev_hash(db, device, low)
            for row in db.execute(
                "SELECT device_id, seq, hlc, author_id, entity, row_id, op, fields, base,"
                " group_id, label, hash FROM change WHERE device_id = ? AND seq BETWEEN ? AND ?"
                " ORDER BY seq",
                (device, low, high),
            ):
                yield [*row, prev]
                prev = row[11]


def _noting_blobs(lines: Iterator[list[Any]], rows: list[str]) -> Iterator[list[Any]]:
    """Pass the lines on, noting the stored files they insert (their bytes travel apart)."""
    for line in lines:
        if line[4] == "blob" and line[6] == "insert":
            rows.append(str(line[5]))
        yield line


def _blob_bytes(db: sqlite3.Connection, rows: list[str]) -> dict[str, bytes]:
    """The bytes of the stored files inserted by the changes sent, by SHA-256."""
    found: dict[str, bytes] = {}
    for start in range(0, len(rows), 500):
        part = rows[start : start + 500]
        marks = ",".join("?" * len(part))
        sql = f"SELECT sha256, data FROM blob WHERE id IN ({marks})"  # noqa: S608 - fixed names
        found.update((str(digest), bytes(data)) for digest, data in db.execute(sql, part))
    return found


def _prev_hash(db: sqlite3.Connection, device: str, seq: int) -> str:
    if seq <= 1:
        return ""
    for sql in (
        "SELECT hash FROM change WHERE device_id = ? AND seq = ?",
        "SELECT prev FROM chain_link WHERE device_id = ? AND seq = ?",
    ):
        found = db.execute(sql, (device, seq - 1 if "change" in sql else seq)).fetchone()
        if found is not None:
            return str(found[0])
    return ""


def export_bundle(
    ws: Workspace,
    out: Path,
    *,
    full: bool = False,
    peer: uuid.UUID | None = None,
    passphrase: str | None = None,
) -> Exported:
    """Write a signed bundle of what ``peer`` (or every known peer) lacks; ``full``: everything."""
    key = keys.private_key()
    public = local_public_key(ws)
    with ws.session() as session:
        db = raw(session)
        coop = session.scalars(select(Cooperative.id).limit(1)).first()
        if coop is None:
            raise UsageError(_("the file holds no cooperative yet"), path=ws.label)
        ours = held_ranges(db)
        send = ours if full else _to_send(db, ours, peer.hex if peer else None)
        names = {d.id.hex: d for d in session.scalars(select(Device))}
        blob_rows: list[str] = []
        changes, count = bundle.compress_lines(_noting_blobs(_lines(db, send), blob_rows))
        blobs = _blob_bytes(db, blob_rows)
    me = names.get(ws.device_id.hex)
    manifest = {
        "format": bundle.FORMAT,
        "schema": SCHEMA_HEAD,
        "cooperative": coop.hex,
        "device": ws.device_id.hex,
        "device_name": me.name if me else "",
        "public_key": public.hex(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "full": full or send == ours,
        "for": peer.hex if peer else None,
        "ranges": {d: [list(r) for r in rs] for d, rs in send.items()},
        "known": {d: [list(r) for r in rs] for d, rs in ours.items()},
        "devices": {
            d: {"name": names[d].name, "public_key": names[d].public_key.hex()}
            for d in sorted(send)
            if d in names
        },
        "changes": count,
    }
    data = bundle.build_zip(manifest, changes, blobs, lambda m: keys.sign(key, m))
    if passphrase:
        data = bundle.encrypt(data, passphrase)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise UnreadableFile(error.strerror or str(error), path=out) from None
    if peer is not None:
        with ws.session() as session, session.begin():
            raw(session).execute(
                "INSERT INTO sync_peer (device_id, known, last_received, last_sent)"
                " VALUES (?, '{}', '', ?) ON CONFLICT (device_id) DO UPDATE SET last_sent ="
                " excluded.last_sent",
                (peer.hex, manifest["created"]),
            )
    pairing.record(ws.device_id, ws.label, ws._seq)
    return Exported(out, count, len(send), bool(manifest["full"]), bool(passphrase))
