"""The benchmark's measurement on the kept ten-year file: interleaved best of N."""
import datetime as dt, os, sys, tempfile, time
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from codesign.cooperative import cooperative_info
from codesign.reports.data import parse_period, treasury_data
from codesign.reports.treasury import treasury_report
from codesign.reports.treasury_charts import extra_figures
from codesign.workspace import open_workspace
from tests.benchmarks.bench_treasury_pdf import _floor
ws = open_workspace(Path("/work/treasury-speed/.bench/ten-year.minga"))
year = str(dt.date.today().year - 1)
period = parse_period(year)
info = cooperative_info(ws)
folder = Path(tempfile.mkdtemp())
data = treasury_data(ws, period); extra = extra_figures(ws, period)
_floor(data, extra, info.currency, info.locale, folder / "warm.pdf")
treasury_report(ws, folder / "warm-ours.pdf", period=year)
ours = floor = float("inf")
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
    s = time.perf_counter(); _floor(data, extra, info.currency, info.locale, folder / "f.pdf"); floor = min(floor, time.perf_counter() - s)
    s = time.perf_counter(); treasury_report(ws, folder / "o.pdf", period=year); ours = min(ours, time.perf_counter() - s)
print(f"ours {ours:.2f} floor {floor:.2f} ratio {ours/floor:.2f}")
