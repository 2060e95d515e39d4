"""``make bench``: every budget in DESIGN.md as a ratio to a floor measured in the same run.

Run one with ``python -m tests.benchmarks NAME``; the default runs them all.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "bench_startup",
    "bench_bulk",
    "bench_ledger",
    "bench_treasury_pdf",
    "bench_plan_check",
    "bench_canvas",
    "bench_roster",
    "bench_work_balance",
    "bench_decisions",
    "bench_cases_search",
    "bench_sync",
)


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all by default) and print their ratios."""
    names = argv or list(BENCHMARKS)
    failed = 0
    for name in names:
        module = importlib.import_module(f"tests.benchmarks.{name}")
        print(f"== {name}: {module.__doc__.strip().splitlines()[0]}", flush=True)
        ok = module.run()
        failed += 0 if ok else 1
    print(f"{len(names) - failed} within budget, {failed} over budget")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
