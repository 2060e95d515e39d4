"""Decisions: bulk write of ten years of assemblies (≥ 100k rows/s) and the live assembly view.

Builds 600 households over 10 years, generates the demo's assemblies,
attendance, motions, votes and decisions (not timed), then times their
journaled bulk insert (rows plus their journal changes, commit included)
beside raw sqlite3 executemany of as many rows. Then times what the window
reads after each attendance click or vote on a 600-household assembly
(``assembly_detail`` + ``vote_state``) against raw SQL reading the same
attendance rows (best of 5; printed as a ratio, no budget in DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

BUDGET_ROWS_PER_SECOND = 100_000


def run() -> bool:
    """Print the bulk rate of the decisions demo and the live view's read time."""
    os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
    from sqlalchemy import select

    from codesign.cooperative import DEFAULT_STATUTES, create_cooperative
    from codesign.decisions import queries, votes
    from codesign.demo.decisions import decision_rows, write_decisions
    from codesign.demo.people import people_rows, write_people
    from models.tables import Household, Person
    from tests.benchmarks.bench_bulk import _raw_rate
    from tests.benchmarks.bench_ledger import _best

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "decisions.minga"
        ws = create_cooperative(path, name="Bench")
        try:
            today = dt.date.today()
            made = people_rows(
                random.Random(1), households=600, years=10, passphrase_hash="x", today=today
            )
            with ws.write("people") as w:
                write_people(w, made)
                homes = list(w.session.execute(select(Household.id, Household.joined_on)).tuples())
                people = list(w.session.scalars(select(Person.id)))
            tables = decision_rows(
                random.Random(1),
                homes,
                people,
                households=600,
                years=10,
                today=today,
                statutes=DEFAULT_STATUTES,
            )
            started = time.perf_counter()
            with ws.write("decisions") as w:
                count = write_decisions(w, tables)
            seconds = time.perf_counter() - started
            rows = 2 * count  # each row and its change
            rate = rows / seconds
            raw_rate = _raw_rate(folder, rows)
            within = rate >= BUDGET_ROWS_PER_SECOND
            print(
                f"bulk write, ten years of assemblies: {len(tables['assembly'])} assemblies, "
                f"{len(tables['motion'])} motions, {rows} rows incl. journal in {seconds:.2f} s "
                f"= {rate:,.0f} rows/s; raw sqlite3 {raw_rate:,.0f} rows/s "
                f"(ours/raw {rate / raw_rate:.2f}); ratio to budget "
                f"{rate / BUDGET_ROWS_PER_SECOND:.2f} ({'ok' if within else 'OVER'})"
            )
            assembly = max(
                (a for a in tables["assembly"] if a["status"] == "closed"),
                key=lambda a: a["held_on"],
            )["id"]
            detail = queries.assembly_detail(ws, assembly)
            event = detail.motions[0].vote_event
            assert event is not None
            ours = _best(
                lambda: (queries.assembly_detail(ws, assembly), votes.vote_state(ws, event))
            )
            conn = sqlite3.connect(path)
            try:
                homes_sql = "SELECT id, name, unit FROM household ORDER BY name"
                marked_sql = (
                    "SELECT household_id, status, proxy_holder_id, arrived_at, left_at"
                    " FROM assembly_attendance WHERE assembly_id = ?"
                )

                def floor() -> None:
                    conn.execute(homes_sql).fetchall()
                    conn.execute(marked_sql, (assembly.hex,)).fetchall()

                raw = _best(floor)
            finally:
                conn.close()
            print(
                f"live assembly view, {len(detail.attendance)} households: ours "
                f"{ours * 1000:.1f} ms, raw SQL attendance {raw * 1000:.1f} ms (best of 5); "
                f"ratio {ours / raw:.1f}"
            )
        finally:
            ws.close()
    return within
