import os, tempfile, time
from pathlib import Path
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-bench-"))
from codesign.demo import make_demo
p = Path(".bench/ten-year.minga")
t = time.perf_counter()
make_demo(p, households=600, years=10, seed=1)
print("built", time.perf_counter() - t)
