import sqlite3, time, hashlib, orjson
con = sqlite3.connect(".bench/ten-year.minga")
q = """SELECT json_array(t.id, t.posted_on, t.description, t.reference, t.household_id, t.reverses_id, a.code, p.amount, p.household_id)
FROM ledger_transaction t LEFT OUTER JOIN posting p ON p.transaction_id = t.id LEFT OUTER JOIN account a ON a.id = p.account_id
ORDER BY t.posted_on, t.id, a.code, p.amount"""
for _ in range(2):
    s = time.perf_counter(); cur = con.execute(q); d = hashlib.sha256()
    while chunk := cur.fetchmany(20000):
        d.update(("\n".join([r[0] for r in chunk]) + "\n").encode())
    print(f"{time.perf_counter()-s:.3f}", d.hexdigest())
probe = "".join(map(chr, range(0, 0x80))) + "ñáü€😀\u2028\u2029\ufeff" + '"\\/'
print(con.execute("select json_array(?, 1, null, -5)", (probe,)).fetchone()[0].encode() == orjson.dumps((probe, 1, None, -5)))
