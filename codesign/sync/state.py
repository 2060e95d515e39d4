"""What this file holds of each device's changes, and what each peer held when it last wrote."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

import orjson

Ranges = list[tuple[int, int]]


def held_ranges(db: sqlite3.Connection, devices: Iterable[str] | None = None) -> dict[str, Ranges]:
    """Per device (hex), the runs of consecutive seqs this file holds."""
    wanted = (
        list(devices)
        if devices is not None
        else [str(r[0]) for r in db.execute("SELECT DISTINCT device_id FROM change")]
    )
    result: dict[str, Ranges] = {}
    for device in wanted:
        count, top = db.execute(
            "SELECT count(*), max(seq) FROM change WHERE device_id = ?", (device,)
        ).fetchone()
        if not count:
            continue
        low = db.execute("SELECT min(seq) FROM change WHERE device_id = ?", (device,)).fetchone()[0]
        if top - low + 1 == count:
            result[device] = [(int(low), int(top))]
            continue
        result[device] = [
            (int(a), int(b))
            for a, b in db.execute(
                "SELECT min(seq), max(seq) FROM (SELECT seq, seq - row_number() OVER"
                " (ORDER BY seq) AS run FROM change WHERE device_id = ?) GROUP BY run ORDER BY 1",
                (device,),
            )
        ]
    return result


def subtract(ours: Ranges, theirs: Ranges) -> Ranges:
    """The seqs in ``ours`` that ``theirs`` does not cover, as runs."""
    result: Ranges = []
    for low, high in ours:
        start = low
        for t_low, t_high in sorted(theirs):
            if t_high < start or t_low > high:
                continue
            if t_low > start:
                result.append((start, t_low - 1))
            start = max(start, t_high + 1)
        if start <= high:
            result.append((start, high))
    return result


def gaps(ranges: Ranges) -> Ranges:
    """The missing runs between held runs (and before the first, from seq 1)."""
    missing: Ranges = []
    expected = 1
    for low, high in sorted(ranges):
        if low > expected:
            missing.append((expected, low - 1))
        expected = max(expected, high + 1)
    return missing


def encode_ranges(ranges: Mapping[str, Ranges]) -> bytes:
    """Ranges as JSON text for the manifest and the peer table."""
    return orjson.dumps({d: [list(r) for r in rs] for d, rs in ranges.items()})


def decode_ranges(data: object) -> dict[str, Ranges]:
    """Ranges read back from JSON (an empty map for anything malformed)."""
    if not isinstance(data, dict):
        return {}
    result: dict[str, Ranges] = {}
    for device, runs in data.items():
        if not isinstance(device, str) or not isinstance(runs, list):
            return {}
        parsed: Ranges = []
        for run in runs:
            if (
                not isinstance(run, list)
                or len(run) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in run)
            ):
                return {}
            parsed.append((run[0], run[1]))
        result[device] = parsed
    return result


def peer_known(db: sqlite3.Connection, peer: str) -> dict[str, Ranges]:
    """What ``peer`` held when its last bundle was written."""
    row = db.execute("SELECT known FROM sync_peer WHERE device_id = ?", (peer,)).fetchone()
    return decode_ranges(orjson.loads(row[0])) if row else {}
