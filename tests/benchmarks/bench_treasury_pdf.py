"""Treasury PDF with 12 charts on the ten-year books (budget ≤ 1.5 × the reportlab + Figure floor).

The floor draws the same twelve charts with matplotlib's ``Figure`` from
figures read beforehand, and writes a bare reportlab document holding them;
ours is ``treasury_report`` end to end (reading the books, the fingerprint,
the tables, the charts and the PDF). Both run warm in the same process, best
of three each, interleaved.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import time
from pathlib import Path
from typing import Any

BUDGET = 1.5


def _floor(data: Any, extra: Any, currency: str, locale: str, out: Path) -> int:
    """Draw the report's twelve charts and write them into a bare PDF; return the count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Image, PageBreak, SimpleDocTemplate

    from codesign.ledger.members_accounts import bucket_labels
    from codesign.reports import charts
    from codesign.reports.data import Line
    from codesign.reports.treasury import KIND_COLOURS

    months = [m.month for m in extra.months]
    sheet = [line for line in data.balance_sheet if line.amount]
    pngs = [
        charts.horizontal_bars(sheet, KIND_COLOURS, currency, locale),
        charts.horizontal_bars([*data.income, *data.expenses], KIND_COLOURS, currency, locale),
        charts.share_chart(data.income, locale),
        charts.share_chart(data.expenses, locale),
        charts.cash_flow_chart(data.cash_flow, currency, locale),
        charts.month_chart(
            months, [("c", [m.cash for m in extra.months], "b", "line")], currency, locale
        ),
        charts.month_chart(
            months,
            [
                ("i", [m.income for m in extra.months], "g", "bar"),
                ("e", [m.expenses for m in extra.months], "r", "bar"),
            ],
            currency,
            locale,
        ),
        charts.month_chart(
            months, [("l", [m.loan for m in extra.months], "r", "line")], currency, locale
        ),
        charts.budget_chart(
            [(f"{r.code} {r.name}", r.budget, r.actual, r.favourable) for r in extra.budget],
            currency,
            locale,
        ),
        charts.month_chart(
            months,
            [
                ("c", [m.charged for m in extra.months], "grey", "bar"),
                ("p", [m.paid for m in extra.months], "g", "bar"),
            ],
            currency,
            locale,
        ),
        charts.ageing_chart(bucket_labels(), extra.ageing, currency, locale),
        charts.horizontal_bars(
            [Line(x.code, x.name, "liability", x.amount) for x in extra.owing],
            {"liability": charts.RED},
            currency,
            locale,
        ),
    ]
    story: list[Any] = []
    for png in pngs:
        story += [Image(io.BytesIO(png), width=480, height=200), PageBreak()]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return len(pngs)


def run() -> bool:
    """Print the report's time against the floor's, and their ratio."""
    os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
    from codesign.cooperative import cooperative_info
    from codesign.demo import make_demo
    from codesign.reports.data import parse_period, treasury_data
    from codesign.reports.treasury import treasury_report
    from codesign.reports.treasury_charts import extra_figures
    from codesign.workspace import open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "ten-year.minga"
        make_demo(path, households=600, years=10, seed=1)
        year = str(dt.date.today().year - 1)
        ws = open_workspace(path)
        try:
            info = cooperative_info(ws)
            period = parse_period(year)
            data = treasury_data(ws, period)
            extra = extra_figures(ws, period)
            charts_drawn = _floor(data, extra, info.currency, info.locale, folder / "warm.pdf")
            treasury_report(ws, folder / "warm-ours.pdf", period=year)
            ours = floor = float("inf")
            pages = 0
            for _n in range(3):
                started = time.perf_counter()
                _floor(data, extra, info.currency, info.locale, folder / "floor.pdf")
                floor = min(floor, time.perf_counter() - started)
                started = time.perf_counter()
                pages = treasury_report(ws, folder / "ours.pdf", period=year).pages
                ours = min(ours, time.perf_counter() - started)
        finally:
            ws.close()
    ratio = ours / floor
    within = ratio <= BUDGET
    print(
        f"treasury report {year}, ten-year books: ours {ours:.2f} s ({pages} pages, "
        f"{charts_drawn} charts), floor {floor:.2f} s (the same charts + a bare reportlab "
        f"document; best of 3); ratio {ratio:.2f}, budget ≤ {BUDGET:g} "
        f"({'ok' if within else 'OVER'})"
    )
    return within
