"""Bulk writes: the people side of the ten-year demo (budget ≥ 100k rows/s).

Rows counted are the domain rows and their journal changes, written in one
transaction (commit included); generating the seeded rows is not timed.
Printed beside it: the whole ``minga demo`` time, and raw sqlite3
executemany of as many rows, measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

BUDGET_ROWS_PER_SECOND = 100_000


def _raw_rate(folder: Path, n: int) -> float:
    path = folder / "raw.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id CHAR(32) PRIMARY KEY, name TEXT, unit TEXT, n INTEGER)")
    rows = [(uuid.uuid4().hex, f"Familia {i}", f"B{i % 24}", i) for i in range(n)]
    started = time.perf_counter()
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    return n / seconds


def _bulk_rate(folder: Path, households: int) -> tuple[int, float]:
    from sqlalchemy import func, select

    from codesign.cooperative import create_cooperative
    from codesign.demo.people import people_rows, write_people
    from models.tables import Change

    ws = create_cooperative(folder / f"bulk-{households}.minga", name="Bench")
    try:
        made = people_rows(
            random.Random(1),
            households=households,
            years=10,
            passphrase_hash="x",
            today=dt.date.today(),
        )
        started = time.perf_counter()
        with ws.write("bench") as w:
            write_people(w, made)
        seconds = time.perf_counter() - started
        with ws.session() as session:
            changes = int(session.scalar(select(func.count()).select_from(Change)) or 0)
    finally:
        ws.close()
    rows = len(made.households) + len(made.people) + len(made.roles) + changes - 1
    return rows, seconds


def run() -> bool:
    """Print the demo time and the bulk rate at the ten-year size and ten times larger."""
    os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
    from codesign.demo import make_demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        summary = make_demo(folder / "ten-year.minga", households=600, years=10, seed=1)
        demo_seconds = time.perf_counter() - started
        print(
            f"minga demo --households 600 --years 10 (people side): {demo_seconds:.2f} s, "
            f"{summary['households']} households, {summary['people']} people"
        )
        ok = True
        for households in (600, 6000):
            rows, seconds = _bulk_rate(folder, households)
            rate = rows / seconds
            raw = _raw_rate(folder, rows)
            within = rate >= BUDGET_ROWS_PER_SECOND
            ok = ok and within
            print(
                f"bulk write, {households} households: {rows} rows in {seconds:.3f} s = "
                f"{rate:,.0f} rows/s; raw sqlite3 {raw:,.0f} rows/s (ours/raw "
                f"{rate / raw:.2f}); ratio to budget {rate / BUDGET_ROWS_PER_SECOND:.2f} "
                f"({'ok' if within else 'OVER'})"
            )
    return ok
