import runpy, sys
from codesign.ledger import queries
queries.fingerprint = lambda ws: "0" * 64
sys.argv = ["ratio", "3"]
runpy.run_path(".bench/ratio.py", run_name="__main__")
