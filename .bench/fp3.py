import sqlite3, time, hashlib
con = sqlite3.connect(".bench/ten-year.minga")
cols = "t.id, t.posted_on, t.description, t.reference, t.household_id, t.reverses_id, a.code, p.amount, p.household_id"
src = "FROM ledger_transaction t LEFT OUTER JOIN posting p ON p.transaction_id = t.id LEFT OUTER JOIN account a ON a.id = p.account_id ORDER BY t.posted_on, t.id, a.code, p.amount"
def tm(label, f):
    s = time.perf_counter(); r = f(); print(f"{label:12s} {time.perf_counter()-s:.3f}", r if not isinstance(r, (bytes, list)) else "")
tm("sort only", lambda: con.execute(f"SELECT count(*) FROM (SELECT {cols} {src})").fetchone())
tm("json count", lambda: con.execute(f"SELECT sum(length(j)) FROM (SELECT json_array({cols}) AS j {src})").fetchone())
def fetch():
    cur = con.execute(f"SELECT json_array({cols}) {src}"); n = 0
    while c := cur.fetchmany(50000): n += len(c)
    return n
tm("fetch", fetch)
def full():
    cur = con.execute(f"SELECT json_array({cols}) {src}"); d = hashlib.sha256()
    while c := cur.fetchmany(50000): d.update(("\n".join([r[0] for r in c]) + "\n").encode())
    return d.hexdigest()[:8]
tm("full", full)
b = b"x" * 60_000_000
tm("sha 60MB", lambda: hashlib.sha256(b).hexdigest()[:4])
