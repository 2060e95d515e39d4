"""The demo's books: balanced, on the chart, about 20 transactions per household and year."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from codesign.demo import make_demo
from codesign.ledger import queries
from codesign.workspace import open_workspace
from models.ledger import Account, LedgerTransaction, Posting


def test_small_demo_has_balanced_books(tmp_path: Path) -> None:
    """The demo's books are many, every transaction balances, and verify agrees."""
    path = tmp_path / "demo.minga"
    summary = make_demo(path, households=20, years=2, seed=3)
    assert summary["ledger_transactions"] > 20 * 12 * 2
    ws = open_workspace(path)
    try:
        result = queries.verify(ws)
        assert result.ok
        assert result.transactions == summary["ledger_transactions"]
        with ws.session() as session:
            orphans = session.scalar(
                select(func.count())
                .select_from(Posting)
                .outerjoin(Account, Account.id == Posting.account_id)
                .where(Account.id.is_(None))
            )
            empty = session.scalar(
                select(func.count())
                .select_from(LedgerTransaction)
                .where(~LedgerTransaction.id.in_(select(Posting.transaction_id)))
            )
            zero = session.scalar(
                select(func.count()).select_from(Posting).where(Posting.amount == 0)
            )
            tagged = session.scalar(
                select(func.count())
                .select_from(LedgerTransaction)
                .where(LedgerTransaction.household_id.is_not(None))
            )
        assert (orphans, empty, zero) == (0, 0, 0)
        assert tagged and tagged > 20 * 12 * 2
        balances = {b.code: b.balance for b in queries.balances(ws)}
        assert sum(balances.values()) == 0
        assert balances["4000"] < 0 < balances["5000"]
        assert balances["1100"] >= 0  # households never pay more than they owe
    finally:
        ws.close()


def test_demo_is_seeded(tmp_path: Path) -> None:
    """The same seed gives the same books, transaction for transaction."""
    one = make_demo(tmp_path / "a.minga", households=5, years=1, seed=7)
    two = make_demo(tmp_path / "b.minga", households=5, years=1, seed=7)
    assert one["ledger_transactions"] == two["ledger_transactions"] > 0
