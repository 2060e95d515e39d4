import sqlite3, time
con = sqlite3.connect(".bench/ten-year.minga")
base = "SELECT strftime('%Y-%m', t.posted_on) AS month, sum(p.amount) AS net FROM ledger_transaction t {J} posting p ON p.transaction_id = t.id JOIN account a ON a.id = p.account_id WHERE t.posted_on >= '2025-01-01' AND t.posted_on <= '2025-12-31' AND a.type = 'asset' AND a.code LIKE '10%' GROUP BY {G}, month"
for J, G in [("JOIN", "t.id"), ("CROSS JOIN", "t.id"), ("JOIN", "p.transaction_id")]:
    q = base.format(J=J, G=G)
    s = time.perf_counter(); n = len(con.execute(q).fetchall()); print(J, G, f"{time.perf_counter()-s:.3f}", n, [r[3] for r in con.execute("explain query plan " + q)])
