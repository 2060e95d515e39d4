import datetime as dt, os, sys, tempfile, time, importlib.util
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp())
sys.path.insert(0, ".bench/old")
import old_members_accounts as old
from codesign.ledger import members_accounts as new
from codesign.workspace import open_workspace
ws = open_workspace(".bench/ten-year.minga")
for day in [dt.date(2025, 12, 31), dt.date(2025, 6, 15), dt.date.today(), dt.date(2019, 3, 1)]:
    s = time.perf_counter(); a = old.member_accounts(ws, day); t1 = time.perf_counter() - s
    s = time.perf_counter(); b = new.member_accounts(ws, day); t2 = time.perf_counter() - s
    key = lambda r: [(x.household, x.name, x.unit, x.expected, x.paid, x.ageing) for x in r]
    print(day, key(a) == key(b), f"{t1:.3f} {t2:.3f}", sum(x.arrears for x in b), sum(1 for x in b if x.arrears))
