"""Time the treasury report's pieces on the ten-year file (and the floor)."""
import datetime as dt, os, sys, tempfile, time
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from codesign.cooperative import cooperative_info
from codesign.ledger import queries
from codesign.reports.data import parse_period, treasury_data
from codesign.reports.treasury import treasury_report
from codesign.reports.treasury_charts import extra_figures
from codesign.workspace import open_workspace
from tests.benchmarks.bench_treasury_pdf import _floor

ws = open_workspace(Path(".bench/ten-year.minga"))
year = str(dt.date.today().year - 1)
period = parse_period(year)
info = cooperative_info(ws)
out = Path(tempfile.mkdtemp())
def t(label, fn, n=2):
    best = 1e9
    for _ in range(n):
        s = time.perf_counter(); r = fn(); best = min(best, time.perf_counter() - s)
    print(f"{label:14s} {best:.3f}", flush=True)
    return r
data = t("treasury_data", lambda: treasury_data(ws, period))
extra = t("extra", lambda: extra_figures(ws, period))
fp = t("fingerprint", lambda: queries.fingerprint(ws))
print("fp", fp)
t("floor", lambda: _floor(data, extra, info.currency, info.locale, out / "f.pdf"))
t("report", lambda: treasury_report(ws, out / "r.pdf", period=year))
if "-p" in sys.argv:
    import cProfile, pstats
    cProfile.run("treasury_report(ws, out / 'r.pdf', period=year)", "/tmp/ts.prof")
    pstats.Stats("/tmp/ts.prof").sort_stats("cumulative").print_stats(40)
ws.close()
