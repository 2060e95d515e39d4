"""Work balances over ~150,000 attendance records (budget ≤ 0.2 s), beside a raw SQL GROUP BY.

Builds the people and the mingas of the ten-year demo (600 households,
10 years) in a temporary file, prints the bulk rate of writing the work
rows with their journal changes (budget ≥ 100k rows/s), then times
``balances`` (owed, worked, adjusted and state for every household; best of
5) against a raw sqlite3 ``GROUP BY`` of the worked minutes on the same file.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench_bulk import _raw_rate
from tests.benchmarks.bench_ledger import _best

BUDGET_SECONDS = 0.2
BUDGET_ROWS_PER_SECOND = 100_000


def run() -> bool:
    """Build, then time the balances against raw SQL."""
    folder = Path(tempfile.mkdtemp(prefix="minga-bench-work-"))
    os.environ["MINGA_HOME"] = str(folder / "home")
    try:
        from codesign.cooperative import create_cooperative
        from codesign.demo.people import people_rows, write_people
        from codesign.demo.work import work_rows, write_work
        from codesign.work.balances import balances

        path = folder / "work.minga"
        ws = create_cooperative(path, name="Bench")
        today = dt.date.today()
        made = people_rows(
            random.Random(1), households=600, years=10, passphrase_hash="x", today=today
        )
        with ws.write("people") as w:
            write_people(w, made)
        with ws.write("work") as w:
            made_rows = work_rows(
                w,
                random.Random(1),
                household_ids=[h["id"] for h in made.households],
                years=10,
                today=today,
            )
            started = time.perf_counter()
            write_work(w, made_rows)
        write_seconds = time.perf_counter() - started  # commit included
        rows = 2 * sum(len(v) for v in made_rows.values())  # each row and its change
        counts = {k: len(made_rows[k]) for k in ("work_day", "shift", "assignment")}
        records = counts["assignment"]
        ours = _best(lambda: balances(ws))
        ws.close()
        con = sqlite3.connect(path)
        sql = (
            "SELECT household_id, sum(minutes) FROM assignment"
            " WHERE deleted = 0 AND status IN ('present', 'substitute') GROUP BY household_id"
        )
        raw = _best(lambda: con.execute(sql).fetchall())
        con.close()
        rate = rows / write_seconds
        raw_rate = _raw_rate(folder, rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"   {counts['work_day']} work days, {counts['shift']} shifts, {records} attendance records"
    )
    print(
        f"   bulk write: {rows} rows incl. journal in {write_seconds:.2f} s = {rate:,.0f} rows/s;"
        f" raw sqlite3 {raw_rate:,.0f} rows/s (ours/raw {rate / raw_rate:.2f});"
        f" budget ≥ {BUDGET_ROWS_PER_SECOND:,}"
    )
    print(
        f"   balances {ours * 1000:.1f} ms vs raw GROUP BY {raw * 1000:.1f} ms"
        f" (ratio {ours / raw:.1f}); budget {BUDGET_SECONDS * 1000:.0f} ms"
    )
    return ours <= BUDGET_SECONDS and rate >= BUDGET_ROWS_PER_SECOND


if __name__ == "__main__":
    run()
