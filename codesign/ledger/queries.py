"""Reading the ledger: balances per account, and a fingerprint any member can compare.

Two copies of the books agree exactly when their fingerprints match, so an
assembly can check the treasurer's report against its own laptop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from codesign.ledger.fingerprint_worker import hash_sqlite
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ledger import Account, LedgerTransaction, Posting


@dataclass(frozen=True, slots=True)
class AccountBalance:
    """One account and the sum of its postings (minor units, debits positive)."""

    code: str
    name: str
    type: str
    balance: int


@dataclass(frozen=True, slots=True)
class Verification:
    """Whether every transaction balances, how many there are, and the fingerprint."""

    ok: bool
    transactions: int
    fingerprint: str
    unbalanced: tuple[uuid.UUID, ...]


def balances(ws: Workspace, as_of: dt.date | None = None) -> tuple[AccountBalance, ...]:
    """Every live account (and any deleted one still holding postings) with its balance.

    At a date, the balance is the whole sum less what was posted after it: the
    later postings are found through the date index, so a recent date costs
    little more than the plain GROUP BY.
    """
    sums = select(Posting.account_id, func.sum(Posting.amount).label("total"))
    if as_of is not None:
        later = (
            select(Posting.account_id, (-Posting.amount).label("total"))
            .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
            .where(after(as_of))
        )
        every = select(Posting.account_id, Posting.amount.label("total"))
        both = every.union_all(later).subquery()
        sums = select(both.c.account_id, func.sum(both.c.total).label("total")).group_by(
            both.c.account_id
        )
        totals = sums.subquery()
    else:
        totals = sums.group_by(Posting.account_id).subquery()
    query = (
        select(Account.code, Account.name, Account.type, func.coalesce(totals.c.total, 0))
        .outerjoin(totals, totals.c.account_id == Account.id)
        .where(or_(Account.deleted.is_(False), totals.c.total.is_not(None)))
        .order_by(Account.code)
    )
    with ws.session() as session:
        return tuple(
            AccountBalance(code, _(name), kind, int(total))
            for code, name, kind, total in session.execute(query)
        )


def raw_column(column: Any, sqlite: bool) -> Any:
    """On SQLite, read a UUID or date column as the text it is stored as (no conversion)."""
    return (type_coerce(column, String) if sqlite else column).label(f"raw_{column.key}")


# An upper bound for "after a date": SQLite takes a two-sided range through the
# date index, where a one-sided one is guessed to cover too much of the table.
LAST_DAY = dt.date(9999, 12, 31)


def after(day: dt.date) -> Any:
    """Transactions posted after ``day``, as a range the date index answers."""
    return LedgerTransaction.posted_on.between(day + dt.timedelta(days=1), LAST_DAY)


def unindexed(column: Any, sqlite: bool) -> Any:
    """``+column`` on SQLite: the same value, but the planner will not look rows up by it.

    A query bounded by dates then starts from the date index instead of
    walking every posting of an account (milliseconds instead of a tenth of a
    second on ten-year books).
    """
    if not sqlite:
        return column
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _text(value: object) -> object:
    """A UUID as 32 hex digits and a date in ISO form, whichever way the database gave it."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fingerprint_sql(ws: Workspace) -> tuple[str, str] | None:
    """On SQLite, the fingerprint's query and the same query giving JSON lines."""
    if ws.db.engine.dialect.name != "sqlite":
        return None
    query = _fingerprint_query(True)
    dialect = ws.db.engine.dialect
    lines = query.with_only_columns(func.json_array(*query.selected_columns))
    return str(query.compile(dialect=dialect)), str(lines.compile(dialect=dialect))


def start_fingerprint(ws: Workspace) -> Callable[[], str]:
    """Start working out the fingerprint in a child process; return what waits for it.

    The child (its own interpreter, so charts drawn meanwhile do not share a
    GIL with it) reads the file on its own read-only connection. Where there
    is no file or no separate interpreter, or the child fails, the fingerprint
    is computed here when asked for.
    """
    sql = _fingerprint_sql(ws)
    if sql is None or ws.path is None or getattr(sys, "frozen", False):
        return lambda: fingerprint(ws)
    root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "codesign.ledger.fingerprint_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        return lambda: fingerprint(ws)
    request = orjson.dumps({"path": str(ws.path), "sql": sql[0], "lines": sql[1]})
    try:
        # The request is small enough for the pipe: the child starts at once.
        assert child.stdin is not None
        child.stdin.write(request)
        child.stdin.close()
    except OSError:
        pass
    done: list[str] = []

    def wait() -> str:
        if not done:
            assert child.stdout is not None
            with child.stdout:
                out = child.stdout.read()
            child.wait()
            text = out.decode("ascii", "replace").strip()
            ok = child.returncode == 0 and len(text) == 64
            done.append(text if ok else fingerprint(ws))
        return done[0]

    return wait


def _fingerprint_query(sqlite: bool) -> Any:
    return (
        select(
            raw_column(LedgerTransaction.id, sqlite),
            raw_column(LedgerTransaction.posted_on, sqlite),
            LedgerTransaction.description,
            LedgerTransaction.reference,
            raw_column(LedgerTransaction.household_id, sqlite).label("txn_household"),
            raw_column(LedgerTransaction.reverses_id, sqlite),
            Account.code,
            Posting.amount,
            raw_column(Posting.household_id, sqlite),
        )
        .outerjoin(Posting, Posting.transaction_id == LedgerTransaction.id)
        .outerjoin(Account, Account.id == Posting.account_id)
        .order_by(LedgerTransaction.posted_on, LedgerTransaction.id, Account.code, Posting.amount)
    )


def fingerprint(ws: Workspace) -> str:
    """SHA-256 (hex) over every transaction and posting in a canonical order.

    Transactions go by date then id, postings by account code then amount, so
    the result depends only on the books, not on the order they arrived in.
    Each posting is hashed as the JSON list [transaction id, date, description,
    reference, household, reversed transaction, account code, amount, posting
    household], ids as 32 hex digits.
    """
    with ws.session() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        query = _fingerprint_query(sqlite)
        digest = hashlib.sha256()
        if sqlite:
            sql, lines = _fingerprint_sql(ws) or ("", "")
            cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                hash_sqlite(cursor, sql, lines, digest)
            finally:
                cursor.close()
            return digest.hexdigest()
        update, dumps = digest.update, orjson.dumps
        for txn, day, description, reference, household, reverses, code, amount, tag in (
            session.connection().execute(query.execution_options(yield_per=20_000)).tuples()
        ):
            update(
                dumps(
                    [
                        _text(txn),
                        _text(day),
                        description,
                        reference,
                        _text(household),
                        _text(reverses),
                        code,
                        amount,
                        _text(tag),
                    ]
                )
                + b"\n"
            )
    return digest.hexdigest()


def verify(ws: Workspace) -> Verification:
    """Check that every transaction's postings sum to zero; give the count and fingerprint."""
    totals = (
        select(LedgerTransaction.id, func.coalesce(func.sum(Posting.amount), 0).label("total"))
        .outerjoin(Posting, Posting.transaction_id == LedgerTransaction.id)
        .group_by(LedgerTransaction.id)
        .subquery()
    )
    with ws.session() as session:
        count = int(session.scalar(select(func.count()).select_from(LedgerTransaction)) or 0)
        bad = tuple(session.scalars(select(totals.c.id).where(totals.c.total != 0)))
    return Verification(not bad, count, fingerprint(ws), bad)
