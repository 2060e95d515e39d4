"""Hashing the ledger's canonical rows straight from SQLite, also as a child process.

Run as ``python -m codesign.ledger.fingerprint_worker`` it reads
``{"path", "sql", "lines"}`` as JSON on stdin and prints the fingerprint. It
imports only sqlite3, hashlib and orjson so it starts in a few milliseconds.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path
from typing import Any

import orjson

# Characters whose JSON escaping could differ between SQLite and orjson, and numbers.
_PROBE = ("".join(map(chr, range(0x80))) + "ñé€😀\u2028\u2029\ufeff", 1, -12345, None)


def _sqlite_writes_orjson(cursor: Any) -> bool:
    """Whether this SQLite's ``json_array`` writes the probe byte for byte as orjson does."""
    try:
        row = cursor.execute("SELECT json_array(?, ?, ?, ?)", _PROBE).fetchone()
    except Exception:  # no JSON functions in this SQLite build
        return False
    return isinstance(row[0], str) and row[0].encode() == orjson.dumps(_PROBE)


def hash_sqlite(cursor: Any, sql: str, lines: str, digest: Any) -> None:
    """Feed ``digest`` one JSON line per row of ``sql``, as orjson writes the stored values.

    SQLite builds each line itself (``json_array``) when it writes JSON exactly as
    orjson does, so Python handles one string a row instead of nine values; the
    bytes hashed are the same either way. ``lines`` is ``sql`` selecting
    ``json_array`` of its columns.
    """
    if _sqlite_writes_orjson(cursor):
        cursor.execute(lines)
        while chunk := cursor.fetchmany(50_000):
            digest.update(("\n".join([row[0] for row in chunk]) + "\n").encode())
        return
    # Plain DB-API tuples of stored text: orjson writes a tuple as the same JSON list.
    cursor.execute(sql)
    dumps = orjson.dumps
    while chunk := cursor.fetchmany(20_000):
        digest.update(b"\n".join([dumps(row) for row in chunk]) + b"\n")


def main() -> int:
    """Read the request, hash the rows of a read-only connection, print the hex digest."""
    request = orjson.loads(sys.stdin.buffer.read())
    uri = Path(request["path"]).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        digest = hashlib.sha256()
        hash_sqlite(connection.cursor(), request["sql"], request["lines"], digest)
    finally:
        connection.close()
    sys.stdout.write(digest.hexdigest() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
