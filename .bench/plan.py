import datetime as dt, os, tempfile, time, sqlite3
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from sqlalchemy import event
from codesign.reports.data import treasury_data, parse_period
from codesign.workspace import open_workspace
ws = open_workspace(".bench/ten-year.minga")
stmts = []
@event.listens_for(ws.db.engine, "before_cursor_execute")
def b(conn, cursor, stmt, params, context, many): stmts.append((stmt, params))
treasury_data(ws, parse_period("2025"))
con = sqlite3.connect(".bench/ten-year.minga")
for st, pa in stmts:
    if "posting" not in st: continue
    s = time.perf_counter(); n = len(con.execute(st, pa).fetchall()); t = time.perf_counter() - s
    print(f"{t:.3f} {n}", " ".join(st.split())[:120])
    for r in con.execute("explain query plan " + st, pa): print("    ", r[3])
