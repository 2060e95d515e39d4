import datetime as dt, os, tempfile, time, cProfile, pstats
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from codesign.reports.treasury import treasury_report
from codesign.workspace import open_workspace
ws = open_workspace(Path(".bench/ten-year.minga"))
year = str(dt.date.today().year - 1)
out = Path(tempfile.mkdtemp())
treasury_report(ws, out / "r.pdf", period=year)
cProfile.run("treasury_report(ws, out / 'r.pdf', period=year)", "/tmp/ts3.prof")
s = pstats.Stats("/tmp/ts3.prof"); s.sort_stats("cumulative").print_stats(60)
