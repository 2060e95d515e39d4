import datetime as dt, os, tempfile, time
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from sqlalchemy import event
from codesign.reports.data import parse_period, treasury_data
from codesign.reports.treasury_charts import extra_figures
from codesign.workspace import open_workspace
ws = open_workspace(Path(".bench/ten-year.minga"))
period = parse_period(str(dt.date.today().year - 1))
treasury_data(ws, period); extra_figures(ws, period)
log = []
@event.listens_for(ws.db.engine, "before_cursor_execute")
def b(conn, cursor, stmt, params, context, many): conn.info["t"] = time.perf_counter()
@event.listens_for(ws.db.engine, "after_cursor_execute")
def a(conn, cursor, stmt, params, context, many): log.append((time.perf_counter() - conn.info["t"], stmt))
t1 = 0
s = time.perf_counter(); extra_figures(ws, period); t2 = time.perf_counter() - s
print(t1, t2)
for t, st in log:
    if t > 0.01: print(f"{t:.3f}", " ".join(st.split())[:300])
