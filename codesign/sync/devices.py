"""The laptops this cooperative exchanges bundles with: trust, revocation, last exchange."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.sync import bundle, keys
from codesign.sync.exporter import local_public_key, raw
from codesign.sync.state import gaps, held_ranges
from codesign.workspace import Workspace
from i18n import gettext as _
from models.paths import quarantine_dir

PRETRUSTED = "trusted_fingerprints"


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """One device as the Sync page and ``minga device`` show it."""

    id: uuid.UUID
    name: str
    fingerprint: str
    trusted: bool
    revoked: bool
    local: bool
    last_received: str
    last_sent: str
    gaps: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Waiting:
    """A quarantined bundle: signed by a device nobody has confirmed yet."""

    path: Path
    device: str
    name: str
    fingerprint: str


def this_device(ws: Workspace) -> DeviceInfo:
    """This file's device on this laptop, with the laptop's fingerprint."""
    local_public_key(ws)
    return next(d for d in list_devices(ws) if d.local)


def list_devices(ws: Workspace) -> tuple[DeviceInfo, ...]:
    """Every device whose changes or bundles this file has seen, this one first."""
    with ws.session() as session:
        db = raw(session)
        peers = {
            r[0]: (r[1], r[2])
            for r in db.execute("SELECT device_id, last_received, last_sent FROM sync_peer")
        }
        held = held_ranges(db)
        result = []
        for device, name, public, trusted, revoked in db.execute(
            "SELECT id, name, public_key, trusted, revoked FROM device"
        ).fetchall():
            received, sent = peers.get(device, ("", ""))
            result.append(
                DeviceInfo(
                    uuid.UUID(hex=device),
                    str(name),
                    keys.fingerprint(bytes(public)) if public else "",
                    bool(trusted),
                    bool(revoked),
                    device == ws.device_id.hex,
                    str(received),
                    str(sent),
                    tuple(gaps(held.get(device, []))) if device in held else (),
                )
            )
    return tuple(sorted(result, key=lambda d: (not d.local, d.name, str(d.id))))


def _pretrusted(db: Any) -> dict[str, str]:
    """Confirmed fingerprints and the name the committee gave each ("" when none).

    Older files kept a plain list of fingerprints.
    """
    row = db.execute("SELECT value FROM meta WHERE key = ?", (PRETRUSTED,)).fetchone()
    stored = orjson.loads(row[0]) if row else {}
    if isinstance(stored, list):
        return {str(fp): "" for fp in stored}
    return {str(fp): str(name) for fp, name in stored.items()}


def _save_pretrusted(db: Any, listed: dict[str, str]) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
        " SET value = excluded.value",
        (PRETRUSTED, orjson.dumps(listed).decode()),
    )


def is_pretrusted(ws: Workspace, fingerprint: str) -> bool:
    """Whether someone confirmed this fingerprint before any bundle from it arrived."""
    with ws.session() as session:
        return fingerprint in _pretrusted(raw(session))


def keep_chosen_names(db: Any) -> None:
    """Give devices the names the committee chose when trusting them.

    A bundle's manifest names its devices as their owners did; the name given
    with ``device trust --name`` wins over it, also for a device not seen yet.
    """
    chosen = {fp: name for fp, name in _pretrusted(db).items() if name}
    if not chosen:
        return
    for device, public in db.execute("SELECT id, public_key FROM device").fetchall():
        name = chosen.get(keys.fingerprint(bytes(public))) if public else None
        if name:
            db.execute("UPDATE device SET name = ? WHERE id = ?", (name, device))


def trust_device(ws: Workspace, fingerprint: str, name: str | None = None) -> int:
    """Confirm a device by the fingerprint read aloud; return how many known devices it covers.

    A fingerprint of a device not seen yet is remembered, so its first
    bundle imports without waiting.
    """
    require(ws, Action.TRUST_DEVICES)
    wanted = keys.normal_fingerprint(fingerprint)
    if len(wanted.replace("-", "")) != 16:
        raise BadInput(_("a fingerprint has 16 letters and digits"), path=ws.label)
    with ws.session() as session, session.begin():
        db = raw(session)
        matched = 0
        for device, public in db.execute("SELECT id, public_key FROM device").fetchall():
            if public and keys.fingerprint(bytes(public)) == wanted:
                matched += 1
                db.execute("UPDATE device SET trusted = 1, revoked = 0 WHERE id = ?", (device,))
        listed = _pretrusted(db)
        listed[wanted] = name.strip()[:200] if name and name.strip() else listed.get(wanted, "")
        _save_pretrusted(db, listed)
        keep_chosen_names(db)
    return matched


def revoke_device(ws: Workspace, device: uuid.UUID) -> None:
    """Stop accepting bundles signed by ``device``'s key (changes already merged stay)."""
    require(ws, Action.TRUST_DEVICES)
    if device == ws.device_id:
        raise BadInput(_("this laptop cannot revoke itself"), path=ws.label)
    with ws.session() as session, session.begin():
        db = raw(session)
        found = db.execute("SELECT public_key FROM device WHERE id = ?", (device.hex,)).fetchone()
        if found is None:
            raise NotFound(_("no device {id}").format(id=device), path=ws.label)
        db.execute(
            "UPDATE device SET trusted = 0, revoked = 1 WHERE id = ? OR (public_key = ?"
            " AND length(public_key) > 0)",
            (device.hex, found[0]),
        )
        if found[0]:
            fp = keys.fingerprint(bytes(found[0]))
            listed = _pretrusted(db)
            listed.pop(fp, None)
            _save_pretrusted(db, listed)


def quarantined() -> tuple[Waiting, ...]:
    """Bundles waiting in quarantine for a device to be confirmed."""
    folder = quarantine_dir() / "bundles"
    found = []
    for path in sorted(folder.glob("*"), reverse=True) if folder.is_dir() else []:
        try:
            raw_bundle = bundle.read_zip(path.read_bytes(), str(path))
            manifest = raw_bundle.manifest
            public = bytes.fromhex(str(manifest["public_key"]))
        except (OSError, BadInput, KeyError, ValueError):
            continue
        found.append(
            Waiting(
                path,
                str(manifest.get("device")),
                str(manifest.get("device_name", "")),
                keys.fingerprint(public),
            )
        )
    return tuple(found)
