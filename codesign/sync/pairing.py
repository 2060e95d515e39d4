"""Which cooperative file each device id belongs to on this laptop.

A file restored from a backup (or copied from another laptop) would reuse
change numbers its device already sent out. When a bundle is exported the
data dir remembers, per device id, the file it lives in and the highest
change number sent; a file that does not match (or whose device row holds
another laptop's key) gets a new device id (DESIGN.md, Clocks). Nothing is
written here on open, so reading a file leaves the data dir as it was.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import orjson

from codesign.sync.keys import PUBLIC_FILE
from models.paths import data_dir

PAIRINGS_FILE = "devices.json"


def _home() -> Path:
    """The data dir, without creating it (reading a file must not make folders)."""
    home = os.environ.get("MINGA_HOME")
    return Path(home) if home else data_dir()


def _load() -> dict[str, dict[str, object]]:
    try:
        data = orjson.loads((_home() / PAIRINGS_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _where(target: str) -> str:
    if "://" in target:
        return target
    return str(Path(target).resolve())


def matches(device: uuid.UUID, target: str, issued: int, public_key: bytes = b"") -> bool:
    """Whether ``device`` may go on numbering changes in ``target`` on this laptop.

    Not when the laptop paired it with another file or sent more of its
    changes than the file holds (a restored copy), nor when the device row
    carries another laptop's key (a copied file).
    """
    entry = _load().get(device.hex)
    if entry is not None:
        seq = entry.get("seq", 0)
        return entry.get("file") == _where(target) and isinstance(seq, int) and seq <= issued
    if public_key:
        try:
            mine = (_home() / PUBLIC_FILE).read_text().strip()
        except OSError:
            return False  # the device signed bundles with a key this laptop never had
        return mine == public_key.hex()
    return True


def record(device: uuid.UUID, target: str, issued: int) -> None:
    """Remember that ``device`` lives in ``target`` and has issued ``issued`` changes."""
    pairs = _load()
    entry = pairs.get(device.hex, {})
    old_seq = entry.get("seq", 0)
    seq = max(issued, old_seq if isinstance(old_seq, int) else 0)
    where = _where(target)
    if entry.get("file") == where and entry.get("seq") == seq:
        return
    pairs[device.hex] = {"file": where, "seq": seq}
    path = data_dir() / PAIRINGS_FILE
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        tmp.write_bytes(orjson.dumps(pairs, option=orjson.OPT_INDENT_2))
        tmp.replace(path)
