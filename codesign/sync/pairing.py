"""Which cooperative file each device id belongs to on this laptop.

A file restored from a backup (or copied from another laptop) would reuse
change numbers its device already sent out. The data dir remembers, per
device id, the file it lives in and the highest change number it issued;
a file that does not match gets a new device id (DESIGN.md, Clocks).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import orjson

from models.paths import data_dir

PAIRINGS_FILE = "devices.json"


def _path() -> Path:
    return data_dir() / PAIRINGS_FILE


def _load() -> dict[str, dict[str, object]]:
    try:
        data = orjson.loads(_path().read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _where(target: str) -> str:
    if "://" in target:
        return target
    return str(Path(target).resolve())


def matches(device: uuid.UUID, target: str, issued: int) -> bool:
    """Whether ``device`` is the one this laptop paired with ``target`` and nothing is missing.

    A device never seen here matches only while it has issued no change.
    """
    entry = _load().get(device.hex)
    if entry is None:
        return issued == 0
    seq = entry.get("seq", 0)
    return entry.get("file") == _where(target) and isinstance(seq, int) and seq <= issued


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
    path = _path()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        tmp.write_bytes(orjson.dumps(pairs, option=orjson.OPT_INDENT_2))
        tmp.replace(path)
