"""Importing a bundle, in DESIGN.md's order, all or nothing.

Size and ratio checks while reading → decrypt → signature from a trusted
device (unknown devices wait in quarantine) → schema → member hashes, the
per-device chain and every change, with its author's role → clock skew →
backup → apply in one transaction → report.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.exc import IntegrityError

from codesign.auth import Action, require
from codesign.errors import BadInput, UnreadableFile
from codesign.journal.clock import COUNTER_BITS, MAX_SKEW_MS, wall_ms
from codesign.sync import bundle, keys, pairing
from codesign.sync.authz import check_authors
from codesign.sync.exporter import raw
from codesign.sync.manifest import Manifest, parse_manifest
from codesign.sync.merge import Applied, Incoming, apply_changes
from codesign.sync.report import Gap, ImportCancelled, ImportReport
from codesign.sync.state import gaps, held_ranges
from codesign.sync.verify import Verified, verify_lines
from codesign.workspace import Workspace, new_workspace, open_workspace
from i18n import gettext as _
from models.backup import backup_file
from models.paths import quarantine_dir

Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]


def read_bundle(path: Path, passphrase: bundle.Passphrase | None) -> bundle.RawBundle:
    """The bundle's members (66 when the file cannot be read, 65 when it is not a good bundle)."""
    try:
        size = path.stat().st_size
        if size > bundle.MAX_FILE_BYTES:
            raise BadInput(_("the bundle is too large"), path=path)
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error), path=path) from None
    return bundle.read_zip(data, str(path), passphrase)


def _quarantine(path: Path) -> Path:
    """Keep a copy of a bundle whose device nobody confirmed yet (once per content)."""
    folder = quarantine_dir() / "bundles"
    folder.mkdir(parents=True, exist_ok=True)
    digest = bundle.sha256(path.read_bytes())[:16]
    target = folder / f"{digest}-{path.name}"
    if not target.exists():
        shutil.copyfile(path, target)
    return target


def _release(path: Path) -> None:
    """A quarantined bundle that was imported no longer waits."""
    folder = quarantine_dir() / "bundles"
    if path.resolve().parent == folder.resolve():
        path.unlink(missing_ok=True)


def _trust_state(ws: Workspace, manifest: Manifest, label: str) -> str:
    """'trusted', 'revoked' or 'unknown' for the bundle's signing key."""
    if manifest.public_key == keys.public_bytes(keys.private_key()):
        return "trusted"
    if manifest.device == ws.device_id.hex:
        raise BadInput(_("the bundle claims to come from this laptop but does not"), path=label)
    with ws.session() as session:
        db = raw(session)
        rows = db.execute(
            "SELECT trusted, revoked, id FROM device WHERE public_key = ?", (manifest.public_key,)
        ).fetchall()
        claimed = db.execute(
            "SELECT public_key FROM device WHERE id = ?", (manifest.device,)
        ).fetchone()
    if claimed is not None and claimed[0] and bytes(claimed[0]) != manifest.public_key:
        raise BadInput(
            _("the bundle claims to come from {name} but is signed with another key").format(
                name=manifest.device_name or manifest.device[:8]
            ),
            path=label,
        )
    if any(revoked for _trusted, revoked, _device in rows):
        return "revoked"
    if any(trusted for trusted, _revoked, _device in rows):
        return "trusted"
    from codesign.sync.devices import is_pretrusted

    return "trusted" if is_pretrusted(ws, keys.fingerprint(manifest.public_key)) else "unknown"


def import_bundle(
    target: str | Path,
    bundle_path: Path,
    *,
    trust: str | None = None,
    passphrase: bundle.Passphrase | None = None,
    signed_in: Callable[[Workspace], None] | None = None,
    preview: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workspace: Workspace | None = None,
) -> ImportReport:
    """Import ``bundle_path`` into the cooperative file ``target`` (created when it is new)."""
    report = progress or (lambda _step, _done, _total: None)
    report(_("Reading the bundle"), 0, 5)
    raw_bundle = read_bundle(bundle_path, passphrase)
    label = str(bundle_path)
    manifest = parse_manifest(raw_bundle, label)
    fingerprint = keys.fingerprint(manifest.public_key)
    path = Path(target)
    joining = workspace is None and "://" not in str(target) and not path.exists()
    wanted = keys.normal_fingerprint(trust) if trust else None
    if wanted is not None and wanted != fingerprint:
        raise BadInput(
            _("the bundle is signed by {fingerprint}, not by the fingerprint given").format(
                fingerprint=fingerprint
            ),
            path=label,
        )
    if joining and wanted is None:
        return ImportReport(
            "quarantined",
            0,
            0,
            device=manifest.device,
            device_name=manifest.device_name,
            fingerprint=fingerprint,
        )
    # A new file is built under a temporary name and renamed when complete, so a
    # crash while joining leaves no half-made cooperative behind.
    building = path.with_name(path.name + ".joining")
    if joining:
        _remove(building)
        ws = new_workspace(building)
    else:
        ws = workspace or open_workspace(path)
    try:
        if signed_in is not None and workspace is None:
            signed_in(ws)
        job = _Job(
            ws,
            raw_bundle,
            manifest,
            fingerprint,
            str(bundle_path),
            wanted is not None,
            joining,
            preview,
            report,
            cancelled or (lambda: False),
        )
        result = _without_gc(lambda: _import_into(job, bundle_path))
        if not preview and result.status in ("imported", "already"):
            _release(bundle_path)
    except BaseException:
        if workspace is None:
            ws.close()
        if joining:
            _remove(building)
        raise
    if workspace is None:
        ws.close()
    if joining:
        _finish_join(ws, building, path, keep=not preview)
    return result


def _finish_join(ws: Workspace, building: Path, path: Path, *, keep: bool) -> None:
    """Give the complete new file its name (or drop it after a preview)."""
    if not keep:
        _remove(building)
        return
    for suffix in ("-wal", "-shm", ""):
        side = building.with_name(building.name + suffix)
        if side.exists():
            side.replace(path.with_name(path.name + suffix))
    building.with_name(building.name + ".lock").unlink(missing_ok=True)
    pairing.record(ws.device_id, str(path), 0)


def _without_gc(work: Callable[[], ImportReport]) -> ImportReport:
    """Run ``work`` with the cycle collector paused.

    An import holds hundreds of thousands of small objects, none of them
    cyclic; the collector would rescan them all again and again for nothing.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return work()
    finally:
        if collecting:
            gc.enable()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class _Job:
    """One import: the open file, the bundle as read, and how it was asked for."""

    ws: Workspace
    raw: bundle.RawBundle
    manifest: Manifest
    fingerprint: str
    label: str
    trust: bool
    joining: bool
    preview: bool
    report: Progress
    cancelled: Cancelled

    def summary(self, status: str) -> ImportReport:
        """A report with nothing applied."""
        m = self.manifest
        return ImportReport(
            status, 0, 0, device=m.device, device_name=m.device_name, fingerprint=self.fingerprint
        )

    def check_cancel(self) -> None:
        """Stop here, nothing written, when the person cancelled."""
        if self.cancelled():
            raise ImportCancelled(_("import cancelled; nothing was changed"), path=self.label)


def _admitted(job: _Job, bundle_path: Path) -> bool:
    """Whether the signer may be merged now; False when its bundle waits in quarantine."""
    state = "trusted" if job.joining else _trust_state(job.ws, job.manifest, job.label)
    if state == "revoked":
        raise BadInput(
            _("the bundle is signed by {name}, a revoked device").format(
                name=job.manifest.device_name or job.fingerprint
            ),
            path=job.label,
        )
    if state == "unknown" and not job.trust:
        if not job.preview:
            _quarantine(bundle_path)
        return False
    if state == "unknown" and not job.joining:
        require(job.ws, Action.TRUST_DEVICES)
    return True


def _verified(job: _Job) -> Verified:
    """Member hashes, then every change line against the chain and this file."""
    bundle.check_members(job.raw, job.label)
    job.report(_("Checking the changes"), 1, 5)
    lines = bundle.decompress_lines(job.raw.members[bundle.CHANGES], job.label)
    if len(lines) != job.manifest.changes:
        raise BadInput(
            _("the bundle holds a different number of changes than it says"), path=job.label
        )
    job.check_cancel()
    with job.ws.session() as session:
        db = raw(session)
        coop = db.execute("SELECT id FROM cooperative LIMIT 1").fetchone()
        if coop is not None and coop[0] != job.manifest.cooperative:
            raise BadInput(_("the bundle is from another cooperative"), path=job.label)
        return verify_lines(db, lines, job.label)


def _apply(job: _Job, checked: Verified) -> tuple[Applied, tuple[Gap, ...]]:
    """Everything in one transaction, committed (or rolled back for a preview)."""
    session = job.ws.session()
    db = raw(session)
    # A file being joined is still under its temporary name: a crash loses nothing,
    # so it is written without waiting for the disk; FULL again before it is renamed.
    db.execute("PRAGMA cache_size = -65536")
    if job.joining:
        db.execute("PRAGMA synchronous = OFF")
        # No write-ahead log either: every page would be written twice, then copied.
        db.execute("PRAGMA journal_mode = MEMORY")
    try:
        db.execute("PRAGMA defer_foreign_keys = ON")
        _record_devices(db, job.manifest, trusted=True)
        rebuild = _drop_indexes(db) if job.joining else []
        _with_blob_bytes(db, job, checked.new)
        applied = apply_changes(db, checked.new)
        for sql in rebuild:
            db.execute(sql)
        db.executemany("INSERT INTO chain_link VALUES (?, ?, ?)", checked.links)
        db.executemany("DELETE FROM chain_link WHERE device_id = ? AND seq = ?", checked.filled)
        check_authors(session, checked.new, job.label)
        _record_peer(db, job.manifest)
        missing = _gaps(db, {line[0] for line in checked.lines})
        job.check_cancel()
        if job.preview:
            session.rollback()
        else:
            session.commit()
    except IntegrityError:
        session.rollback()
        raise BadInput(
            _("the bundle refers to rows it does not hold; import the missing bundles first"),
            path=job.label,
        ) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        if job.joining:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA cache_size = -2000")
        session.close()
    return applied, missing


def _import_into(job: _Job, bundle_path: Path) -> ImportReport:
    if not _admitted(job, bundle_path):
        return job.summary("quarantined")
    checked = _verified(job)
    if not checked.new:
        if not job.preview:  # the signer is trusted now, and what it holds guides exports
            with job.ws.session() as session, session.begin():
                _record_devices(raw(session), job.manifest, trusted=True)
                _record_peer(raw(session), job.manifest)
        return job.summary("already")
    # physical_ms(hlc) - now > MAX_SKEW_MS, as one comparison of the HLC itself
    ahead = (wall_ms() + MAX_SKEW_MS + 1) << COUNTER_BITS
    skewed = Counter(line[0] for line in checked.lines if line[2] >= ahead)
    job.report(_("Backing up the file"), 2, 5)
    backup = None
    if not job.preview and not job.joining and job.ws.path is not None:
        backup = backup_file(job.ws.path, "before-sync-import")
    job.check_cancel()
    job.report(_("Applying the changes"), 3, 5)
    applied, missing = _apply(job, checked)
    job.report(_("Done"), 5, 5)
    if not job.preview:  # following the newest HLC is following each in turn
        newest = max((line[2] for line in checked.lines if line[0] not in skewed), default=0)
        job.ws.clock.observe(newest)
    names = {d: info.get("name", "") for d, info in job.manifest.devices.items()}
    skew = tuple(
        _(
            "{name} is more than 24 hours ahead ({count} changes); its clock was not followed"
        ).format(name=names.get(d) or d[:8], count=n)
        for d, n in sorted(skewed.items())
    )
    m = job.manifest
    return ImportReport(
        "imported",
        len(checked.new),
        len(applied.conflicts),
        missing,
        skew,
        dict(Counter(line[4] for line in checked.lines)),
        m.device,
        m.device_name,
        job.fingerprint,
        applied.conflicts,
        backup,
    )


def _with_blob_bytes(db: Any, job: _Job, new: Sequence[Incoming]) -> None:
    """Give each new stored file its bytes from the bundle's ``blobs/`` (checked there by hash)."""
    for inc in new:
        if inc.line[4] != "blob" or inc.line[6] != "insert":
            continue
        digest = str(inc.fields.get("sha256", ""))
        data = job.raw.members.get(bundle.BLOB_PREFIX + digest)
        if data is None:
            local = db.execute(
                "SELECT data FROM blob WHERE sha256 = ? LIMIT 1", (digest,)
            ).fetchone()
            if local is None:
                raise BadInput(
                    _("the bundle lacks the bytes of the attached file {name}").format(
                        name=inc.fields.get("name", digest)
                    ),
                    path=job.label,
                )
            data = bytes(local[0])
        inc.fields["data"] = data


def _drop_indexes(db: Any) -> list[str]:
    """Drop the secondary indexes of an empty new file; return how to build them again.

    Building an index once over sorted rows is several times faster than
    keeping it up to date through hundreds of thousands of random inserts.
    """
    found = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in found:
        db.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _name, sql in found]


def _record_devices(db: Any, manifest: Manifest, *, trusted: bool) -> None:
    for device, info in manifest.devices.items():
        db.execute(
            "INSERT INTO device (id, name, public_key, trusted, revoked) VALUES (?, ?, ?, 0, 0)"
            " ON CONFLICT (id) DO NOTHING",
            (device, str(info.get("name", ""))[:200], bytes.fromhex(info.get("public_key", ""))),
        )
    db.execute(
        "INSERT INTO device (id, name, public_key, trusted, revoked) VALUES (?, ?, ?, ?, 0)"
        " ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key,"
        " name = excluded.name, trusted = max(device.trusted, excluded.trusted)",
        (manifest.device, manifest.device_name[:200], manifest.public_key, int(trusted)),
    )
    if trusted:
        db.execute("UPDATE device SET trusted = 1 WHERE public_key = ?", (manifest.public_key,))
    from codesign.sync.devices import keep_chosen_names

    keep_chosen_names(db)


def _record_peer(db: Any, manifest: Manifest) -> None:
    db.execute(
        "INSERT INTO sync_peer (device_id, known, last_received, last_sent) VALUES (?, ?, ?, '')"
        " ON CONFLICT (device_id) DO UPDATE SET known = excluded.known,"
        " last_received = excluded.last_received",
        (
            manifest.device,
            orjson.dumps({d: [list(r) for r in rs] for d, rs in manifest.known.items()}).decode(),
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        ),
    )


def _gaps(db: Any, devices: set[str]) -> tuple[Gap, ...]:
    names = dict(db.execute("SELECT id, name FROM device").fetchall())
    found = []
    for device, runs in sorted(held_ranges(db, devices).items()):
        for first, last in gaps(runs):
            found.append(Gap(device, str(names.get(device, "")), first, last))
    return tuple(found)
