import datetime as dt, os, tempfile, time, cProfile, pstats
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from codesign.reports.data import parse_period, treasury_data
from codesign.reports.treasury_charts import extra_figures
from codesign.workspace import open_workspace
ws = open_workspace(Path(".bench/ten-year.minga"))
period = parse_period(str(dt.date.today().year - 1))
treasury_data(ws, period); extra_figures(ws, period)
cProfile.run("treasury_data(ws, period); extra_figures(ws, period)", "/tmp/ts2.prof")
s = pstats.Stats("/tmp/ts2.prof"); s.sort_stats("cumulative").print_stats(45)
