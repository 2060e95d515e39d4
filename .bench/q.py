import sqlite3, time, sys
con = sqlite3.connect(".bench/ten-year.minga")
acc = con.execute("select id from account where code='1100'").fetchone()[0]
qs = {
"recent": f"select p.household_id, t.posted_on, sum(p.amount) from posting p join ledger_transaction t on t.id=p.transaction_id join account a on a.id=p.account_id where a.code='1100' and p.household_id is not null and t.posted_on <= '2025-12-31' and p.amount>0 and t.posted_on >= '2025-10-02' group by 1,2",
"recent_x": f"select p.household_id, t.posted_on, sum(p.amount) from ledger_transaction t cross join posting p on t.id=p.transaction_id join account a on a.id=p.account_id where a.code='1100' and p.household_id is not null and t.posted_on <= '2025-12-31' and p.amount>0 and t.posted_on >= '2025-10-02' group by 1,2",
"totals": f"select p.household_id, sum(case when p.amount>0 then p.amount else 0 end), sum(case when p.amount<0 then -p.amount else 0 end), sum(case when p.amount>0 and t.posted_on<'2025-10-02' then p.amount else 0 end) from posting p join ledger_transaction t on t.id=p.transaction_id join account a on a.id=p.account_id where a.code='1100' and p.household_id is not null and t.posted_on <= '2025-12-31' group by 1",
"refs": f"select distinct t.reference from posting p join ledger_transaction t on t.id=p.transaction_id join account a on a.id=p.account_id where a.code='1100' and p.household_id is not null and t.posted_on <= '2025-12-31' and p.amount>0 and substr(t.reference,1,5)='plan:'",
"allsum": "select account_id, sum(amount) from posting group by 1",
}
for k, q in qs.items():
    print(k, [r[3] for r in con.execute("explain query plan " + q)])
    s = time.perf_counter(); n = len(con.execute(q).fetchall()); print(f"  {time.perf_counter()-s:.3f} {n}")
