"""Simulated laptops for the sync tests: each its own data dir (key) and cooperative file."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from codesign.cooperative import create_cooperative
from codesign.journal.writer import change_hash
from codesign.sync import bundle, keys
from codesign.sync.exporter import export_bundle
from codesign.sync.importer import ImportReport, import_bundle
from codesign.workspace import Workspace, open_workspace

LOCAL_TABLES = ("meta", "device", "sync_peer", "alembic_version")


class Laptop:
    """One laptop: a MINGA_HOME of its own and a cooperative file in it."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.home = root / name / "home"
        self.file = root / name / "coop.minga"
        self.home.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def env(self) -> Iterator[None]:
        """Run the block as this laptop (its data dir and key)."""
        saved = os.environ.get("MINGA_HOME")
        os.environ["MINGA_HOME"] = str(self.home)
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop("MINGA_HOME", None)
            else:
                os.environ["MINGA_HOME"] = saved

    @contextlib.contextmanager
    def open(self) -> Iterator[Workspace]:
        """The laptop's cooperative, open."""
        with self.env(), open_workspace(self.file) as ws:
            yield ws

    def create(self, name: str = "Cooperativa Sol") -> None:
        """Make the first laptop's cooperative."""
        with self.env():
            create_cooperative(self.file, name=name).close()

    @property
    def fingerprint(self) -> str:
        """This laptop's key fingerprint."""
        with self.env():
            return keys.fingerprint(keys.public_bytes(keys.private_key()))

    def export(self, out: Path, *, full: bool = False, **kw: Any) -> Path:
        """Write a bundle."""
        with self.open() as ws:
            export_bundle(ws, out, full=full, **kw)
        return out

    def receive(self, path: Path, *, trust: str | None = None, **kw: Any) -> ImportReport:
        """Import a bundle."""
        with self.env():
            return import_bundle(self.file, path, trust=trust, **kw)

    def trust(self, other: Laptop) -> None:
        """Confirm ``other``'s fingerprint, as read aloud by its owner."""
        from codesign.sync.devices import trust_device

        with self.open() as ws:
            trust_device(ws, other.fingerprint)

    def join(self, peer: Laptop, out: Path) -> ImportReport:
        """Join from a full bundle of ``peer``; both confirm each other's fingerprint."""
        peer.export(out, full=True)
        report = self.receive(out, trust=peer.fingerprint)
        peer.trust(self)
        return report


def _normal(value: Any) -> Any:
    """JSON objects compared by content, not by key order."""
    if isinstance(value, str) and value.startswith("{") and not value.startswith('{"'[:1] * 2):
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def logical_dump(path: Path, *, with_local: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted: equal dumps mean the same cooperative."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if with_local or r[0] not in LOCAL_TABLES
        ]
        return {
            name: sorted(
                (tuple(_normal(v) for v in row) for row in conn.execute(f'SELECT * FROM "{name}"')),
                key=repr,
            )
            for name in names
        }
    finally:
        conn.close()


def state(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The shared, logical state: rows, journal, heads (not this laptop's own bookkeeping)."""
    dump = logical_dump(path, with_local=False)
    dump.pop("chain_link", None)
    dump.pop("field_superseded", None)
    # The case search index is derived from the cases and built on each laptop when first
    # needed, with its own row numbers.
    for name in [n for n in dump if n.startswith("reference_case_fts")]:
        dump.pop(name)
    return dump


def forge(
    source: Path,
    out: Path,
    home: Path,
    edit_lines: Callable[[list[list[Any]]], list[list[Any]]] | None = None,
    edit_manifest: Callable[[dict[str, Any]], None] | None = None,
    members: Callable[[dict[str, bytes]], None] | None = None,
    blobs: Callable[[dict[str, bytes]], None] | None = None,
) -> Path:
    """Rewrite a bundle (lines re-chained, manifest re-signed with the key in ``home``)."""
    raw = bundle.read_zip(source.read_bytes(), str(source))
    lines = bundle.decompress_lines(raw.members[bundle.CHANGES], str(source))
    if edit_lines is not None:
        lines = edit_lines(lines)
        prev: dict[str, str] = {}
        for line in lines:
            line[12] = prev.get(line[0], line[12])
            header = [*line[:7], line[9]]
            line[11] = change_hash(line[12], header, line[7].encode(), line[8].encode())
            prev[line[0]] = line[11]
    changes, count = bundle.compress_lines(lines)
    manifest = {k: v for k, v in raw.manifest.items() if k != "members"}
    manifest["changes"] = count
    key = keys.private_key(home)
    manifest["public_key"] = keys.public_bytes(key).hex()
    if edit_manifest is not None:
        edit_manifest(manifest)
    extra = {k[len(bundle.BLOB_PREFIX) :]: v for k, v in raw.members.items() if k != bundle.CHANGES}
    if blobs is not None:
        blobs(extra)
    data = bundle.build_zip(manifest, changes, extra, key.sign)
    if members is not None:
        import io
        import zipfile

        parts: dict[str, bytes] = {}
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                parts[info.filename] = zf.read(info)
        members(parts)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, blob in parts.items():
                zf.writestr(name, blob)
        data = buf.getvalue()
    out.write_bytes(data)
    return out
