import datetime as dt, os, tempfile, time
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from codesign.reports import treasury as T
from codesign.workspace import open_workspace
ws = open_workspace(Path(".bench/ten-year.minga"))
year = str(dt.date.today().year - 1)
marks = []
def wrap(mod, name):
    f = getattr(mod, name)
    def g(*a, **k):
        s = time.perf_counter(); r = f(*a, **k); marks.append((name, s - t0, time.perf_counter() - s)); return r
    setattr(mod, name, g)
for n in ["treasury_data", "_story"]: wrap(T, n)
wrap(T.queries, "balances"); wrap(T.queries, "fingerprint"); wrap(T.treasury_charts, "extra_figures")
wrap(T.pdf.Document, "build"); wrap(T.pdf, "write_atomic")
out = Path(tempfile.mkdtemp())
for i in range(3):
    marks.clear(); t0 = time.perf_counter()
    T.treasury_report(ws, out / "r.pdf", period=year)
    print(f"total {time.perf_counter()-t0:.2f}", "  ".join(f"{n}@{s:.2f}+{d:.2f}" for n, s, d in marks))
