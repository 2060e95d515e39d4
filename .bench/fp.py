import sqlite3, time, hashlib, orjson, sys
con = sqlite3.connect(".bench/ten-year.minga")
q = """SELECT t.id, t.posted_on, t.description, t.reference, t.household_id, t.reverses_id, a.code, p.amount, p.household_id
FROM ledger_transaction t LEFT OUTER JOIN posting p ON p.transaction_id = t.id LEFT OUTER JOIN account a ON a.id = p.account_id
ORDER BY t.posted_on, t.id, a.code, p.amount"""
for row in con.execute("EXPLAIN QUERY PLAN " + q): print(row)
def run(q, work):
    s = time.perf_counter(); cur = con.execute(q); n = 0
    while chunk := cur.fetchmany(20000):
        n += len(chunk); work(chunk)
    print(f"{time.perf_counter()-s:.3f}", n)
run(q, lambda c: None)
d = hashlib.sha256()
run(q, lambda c: d.update(b"\n".join([orjson.dumps(r) for r in c]) + b"\n"))
print(d.hexdigest())
run("SELECT count(*) FROM (" + q + ")", lambda c: None)
qs = q.replace("ORDER BY t.posted_on, t.id, a.code, p.amount", "")
run("SELECT count(*) FROM (" + qs + ")", lambda c: None)
