"""Ledger: balances on the ten-year books (budget ≤ 2 × raw SQL, ≤ 0.1 × hledger bal).

Builds the ten-year demo (600 households, 10 years, ~120,000 transactions) in
a temporary MINGA_HOME, then times ``queries.balances`` against a raw sqlite3
``GROUP BY`` on the same file (best of 5 each), and ``hledger bal`` on the same
books when hledger is installed. Also prints the bulk rate of the demo's books
(transactions and postings plus their journal changes, commit included;
generating the seeded rows is not timed, as in bench_bulk; budget ≥ 100k
rows/s) beside raw sqlite3 executemany of as many rows.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BUDGET_RAW_RATIO = 2.0
BUDGET_HLEDGER_RATIO = 0.1
BUDGET_ROWS_PER_SECOND = 100_000


def _best(call: Callable[[], object], times: int = 5) -> float:
    best = float("inf")
    for _i in range(times):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def _bulk_rate(folder: Path) -> tuple[int, int, float]:
    """(transactions, rows incl. journal, seconds) for the ten-year books alone."""
    from codesign.cooperative import create_cooperative
    from codesign.demo.ledger import account_ids, ledger_rows, write_ledger
    from codesign.demo.people import people_rows, write_people

    ws = create_cooperative(folder / "books-only.minga", name="Bench", kind="mixed")
    try:
        today = dt.date.today()
        made = people_rows(
            random.Random(1), households=600, years=10, passphrase_hash="x", today=today
        )
        with ws.write("people") as w:
            write_people(w, made)
        ids = [h["id"] for h in made.households]
        with ws.write("accounts") as w:
            accounts = account_ids(w)
        books = ledger_rows(
            random.Random(1), accounts=accounts, household_ids=ids, years=10, today=today
        )
        started = time.perf_counter()
        with ws.write("books") as w:
            write_ledger(w, books)
        seconds = time.perf_counter() - started
    finally:
        ws.close()
    written = len(books.transactions) + len(books.postings) + len(books.plans) + len(books.budget)
    rows = 2 * written  # each row and its change
    return len(books.transactions), rows, seconds


def _write_hledger(ws: object, path: Path) -> None:
    from codesign.cooperative import cooperative_info
    from codesign.ledger.exports import beancount_account, posting_lines
    from i18n.formatting import minor_to_decimal

    currency = cooperative_info(ws).currency  # type: ignore[arg-type]
    current = None
    with path.open("w", encoding="utf-8") as out:
        for line in posting_lines(ws):  # type: ignore[arg-type]
            if line.transaction != current:
                current = line.transaction
                out.write(f"\n{line.day.isoformat()} {' '.join(line.description.split())}\n")
            name = beancount_account(line.type, line.code, line.name)
            amount = format(minor_to_decimal(line.amount, currency), "f")
            out.write(f"    {name}  {amount} {currency}\n")


def run() -> bool:
    """Print the balance ratios and the bulk rate of the ten-year books."""
    os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
    from codesign.demo import make_demo
    from codesign.ledger import queries
    from codesign.workspace import open_workspace
    from tests.benchmarks.bench_bulk import _raw_rate

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "ten-year.minga"
        started = time.perf_counter()
        summary = make_demo(path, households=600, years=10, seed=1)
        print(
            f"minga demo --households 600 --years 10: {time.perf_counter() - started:.2f} s, "
            f"{summary['ledger_transactions']} ledger transactions"
        )

        ws = open_workspace(path)
        try:
            ours = _best(lambda: queries.balances(ws))
            conn = sqlite3.connect(path)
            try:
                sql = "SELECT account_id, SUM(amount) FROM posting GROUP BY account_id"
                raw = _best(lambda: conn.execute(sql).fetchall())
            finally:
                conn.close()
            within = ours <= BUDGET_RAW_RATIO * raw
            ok = ok and within
            print(
                f"balances: ours {ours * 1000:.1f} ms, raw SQL GROUP BY {raw * 1000:.1f} ms "
                f"(best of 5); ratio {ours / raw:.2f}, budget ≤ {BUDGET_RAW_RATIO:g} "
                f"({'ok' if within else 'OVER'})"
            )
            hledger = shutil.which("hledger")
            if hledger is None:
                print("hledger is not installed: the ≤ 0.1 × hledger bal budget was not measured")
            else:
                journal = folder / "ten-year.journal"
                _write_hledger(ws, journal)
                command = [hledger, "-f", str(journal), "bal"]
                theirs = _best(
                    lambda: subprocess.run(command, check=True, capture_output=True), times=3
                )
                within = ours <= BUDGET_HLEDGER_RATIO * theirs
                ok = ok and within
                print(
                    f"balances: ours {ours * 1000:.1f} ms, hledger bal {theirs * 1000:.0f} ms "
                    f"(best of 3); ratio {ours / theirs:.3f}, budget ≤ {BUDGET_HLEDGER_RATIO:g} "
                    f"({'ok' if within else 'OVER'})"
                )
        finally:
            ws.close()

        transactions, rows, seconds = _bulk_rate(folder)
        rate = rows / seconds
        raw_rate = _raw_rate(folder, rows)
        within = rate >= BUDGET_ROWS_PER_SECOND
        ok = ok and within
        print(
            f"bulk write, ten-year books: {transactions} transactions, {rows} rows incl. journal "
            f"in {seconds:.2f} s = {rate:,.0f} rows/s; raw sqlite3 {raw_rate:,.0f} rows/s "
            f"(ours/raw {rate / raw_rate:.2f}); ratio to budget "
            f"{rate / BUDGET_ROWS_PER_SECOND:.2f} ({'ok' if within else 'OVER'})"
        )
    return ok
