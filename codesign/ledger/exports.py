"""The books in open formats: CSV, Beancount, ODS and XLSX (DESIGN.md, Files in and out).

Every export carries the ledger fingerprint (or returns it, for CSV, which
stays a clean table) so a member can tell which books a file shows. Files are
written beside the target and renamed into place, so an error never leaves a
half-written export. The Beancount text is written here: beancount itself is
GPL-2.0-only and is only used by the tests (``bean-check``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from codesign.cooperative import cooperative_info
from codesign.files import replacing
from codesign.ledger import queries
from codesign.ledger.sheets import Cell, Num, Sheet, write_ods, write_xlsx
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n.formatting import csv_delimiter as locale_delimiter
from i18n.formatting import currency_digits, format_amount, minor_to_decimal, uses_decimal_comma
from models.ledger import Account, LedgerTransaction, Posting
from models.tables import Household

POSTING_COLUMNS = (
    "date",
    "transaction",
    "description",
    "reference",
    "account",
    "account_name",
    "amount",
    "household",
)
BALANCE_COLUMNS = ("account", "account_name", "type", "balance")
BEANCOUNT_ROOTS = {
    "asset": "Assets",
    "liability": "Liabilities",
    "equity": "Equity",
    "income": "Income",
    "expense": "Expenses",
}


@dataclass(frozen=True, slots=True)
class PostingLine:
    """One posting with what a reader needs beside it."""

    day: dt.date
    transaction: uuid.UUID
    description: str
    reference: str
    reverses: uuid.UUID | None
    account: uuid.UUID
    code: str
    name: str
    type: str
    amount: int
    household: str


def posting_lines(ws: Workspace) -> Iterator[PostingLine]:
    """Every posting, by date, transaction, account code and amount (the fingerprint's order)."""
    query = (
        select(
            LedgerTransaction.posted_on,
            LedgerTransaction.id,
            LedgerTransaction.description,
            LedgerTransaction.reference,
            LedgerTransaction.reverses_id,
            LedgerTransaction.household_id,
            Account.id,
            Account.code,
            Account.name,
            Account.type,
            Posting.amount,
            Posting.household_id,
        )
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .join(Account, Account.id == Posting.account_id)
        .order_by(LedgerTransaction.posted_on, LedgerTransaction.id, Account.code, Posting.amount)
    )
    with ws.session() as session:
        households = dict(session.execute(select(Household.id, Household.name)).tuples().all())
        names: dict[str, str] = {}
        for row in session.execute(query.execution_options(yield_per=10_000)):
            day, txn, text, ref, reverses, txn_household, acc, code, name, kind, amount, tag = row
            shown = names.get(name)
            if shown is None:
                shown = names[name] = _(name)
            household = tag or txn_household
            yield PostingLine(
                day,
                txn,
                text,
                ref,
                reverses,
                acc,
                code,
                shown,
                kind,
                int(amount),
                households.get(household, "") if household else "",
            )


def _decimal_text(amount: int, currency: str) -> str:
    return format(minor_to_decimal(amount, currency), "f")


def export_csv(ws: Workspace, path: Path, locale: str) -> tuple[Path, str]:
    """One row per posting; ``;`` and a UTF-8 BOM where the locale writes decimal commas."""
    currency = cooperative_info(ws).currency
    print_ = queries.fingerprint(ws)
    encoding = "utf-8-sig" if uses_decimal_comma(locale) else "utf-8"
    shown: dict[int, str] = {}  # most amounts repeat (monthly fees); babel is slow per call

    def amount(minor: int) -> str:
        text = shown.get(minor)
        if text is None:
            text = shown[minor] = format_amount(minor, currency, locale, grouping=False)
        return text

    with replacing(path) as temporary, temporary.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=locale_delimiter(locale))
        writer.writerow(POSTING_COLUMNS)
        writer.writerows(
            (
                line.day.isoformat(),
                str(line.transaction),
                line.description,
                line.reference,
                line.code,
                line.name,
                amount(line.amount),
                line.household,
            )
            for line in posting_lines(ws)
        )
    return path, print_


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", folded)


def beancount_account(kind: str, code: str, name: str) -> str:
    """``Assets:1010-Bank-Account``: a valid Beancount account name for one of ours."""
    root = BEANCOUNT_ROOTS.get(kind, "Equity")
    head = "".join(_ascii_words(code)) or "X"
    if not head[0].isdigit():
        head = head[0].upper() + head[1:]
    words = [w[0].upper() + w[1:] for w in _ascii_words(name)]
    return ":".join((root, "-".join([head, *words])))


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def export_beancount(ws: Workspace, path: Path) -> tuple[Path, str]:
    """The books as a Beancount file: ``open`` directives, then every transaction."""
    info = cooperative_info(ws)
    currency = info.currency
    print_ = queries.fingerprint(ws)
    with ws.session() as session:
        accounts = list(
            session.execute(select(Account.id, Account.code, Account.name, Account.type))
        )
        first = session.scalar(select(LedgerTransaction.posted_on).order_by("posted_on").limit(1))
    names: dict[uuid.UUID, str] = {}
    taken: set[str] = set()
    for account_id, code, name, kind in sorted(accounts, key=lambda a: (a[1], str(a[0]))):
        base = beancount_account(kind, code, _(name))
        candidate, n = base, 1
        while candidate in taken:  # two laptops may have added the same code
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        names[account_id] = candidate
    opened = (first or dt.date.today()).isoformat()
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8") as out:
        out.write(f"; {info.name}\n; Minga ledger export\n; fingerprint: {print_}\n\n")
        out.write(f"option {_quoted('title')} {_quoted(info.name)}\n")
        out.write(f'option "operating_currency" "{currency}"\n\n')
        out.writelines(f"{opened} open {names[a[0]]} {currency}\n" for a in accounts)
        current: uuid.UUID | None = None
        for line in posting_lines(ws):
            if line.transaction != current:
                current = line.transaction
                out.write(f"\n{line.day.isoformat()} * {_quoted(line.description)}\n")
                out.write(f'  id: "{line.transaction}"\n')
                if line.reference:
                    out.write(f"  reference: {_quoted(line.reference)}\n")
                if line.reverses:
                    out.write(f'  reverses: "{line.reverses}"\n')
                if line.household:
                    out.write(f"  household: {_quoted(line.household)}\n")
            amount = _decimal_text(line.amount, currency)
            out.write(f"  {names[line.account]}  {amount} {currency}\n")
    return path, print_


def _balance_rows(ws: Workspace, currency: str) -> list[tuple[str, str, str, Decimal]]:
    return [
        (b.code, b.name, b.type, minor_to_decimal(b.balance, currency))
        for b in queries.balances(ws)
    ]


def _sheet_postings(ws: Workspace, currency: str) -> Iterator[tuple[Cell, ...]]:
    """Posting rows for the spreadsheets, read without per-value conversion (fast on big books).

    Same order and columns as ``posting_lines``; amounts as decimal text.
    """
    digits = currency_digits(currency)
    scale = 10**digits
    days: dict[object, dt.date] = {}
    names: dict[str, str] = {}
    with ws.session() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        households: dict[object, str] = {}
        for hid, name in session.execute(select(Household.id, Household.name)):
            households[hid] = households[hid.hex] = name
        query = (
            select(
                queries.raw_column(LedgerTransaction.posted_on, sqlite),
                queries.raw_column(LedgerTransaction.id, sqlite),
                LedgerTransaction.description,
                LedgerTransaction.reference,
                Account.code,
                Account.name,
                Posting.amount,
                queries.raw_column(Posting.household_id, sqlite),
                queries.raw_column(LedgerTransaction.household_id, sqlite).label("txn_household"),
            )
            .join(Posting, Posting.transaction_id == LedgerTransaction.id)
            .join(Account, Account.id == Posting.account_id)
            .order_by(
                LedgerTransaction.posted_on, LedgerTransaction.id, Account.code, Posting.amount
            )
        )
        rows = session.connection().execute(query.execution_options(yield_per=20_000))
        for day, txn_id, text, ref, code, name, amount, tag, txn_household in rows.tuples():
            when = days.get(day)
            if when is None:
                when = days[day] = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
            shown = names.get(name)
            if shown is None:
                shown = names[name] = _(name)
            txn = str(txn_id)
            if isinstance(txn_id, str):
                txn = f"{txn[:8]}-{txn[8:12]}-{txn[12:16]}-{txn[16:20]}-{txn[20:]}"
            household = tag or txn_household
            yield (
                when,
                txn,
                text,
                ref,
                code,
                shown,
                _num(int(amount), digits, scale),
                households.get(household, "") if household else "",
            )


def _num(minor: int, digits: int, scale: int) -> Num:
    """Minor units as decimal text, "-12.50"."""
    if not digits:
        return Num(str(minor))
    whole, part = divmod(abs(minor), scale)
    return Num(f"{'-' if minor < 0 else ''}{whole}.{part:0{digits}d}")


def _sheets(ws: Workspace, currency: str) -> list[Sheet]:
    """The Postings and Balances tables, postings streamed from the database."""
    balances: list[tuple[Cell, ...]] = list(_balance_rows(ws, currency))
    return [
        Sheet("Postings", POSTING_COLUMNS, _sheet_postings(ws, currency)),
        Sheet("Balances", BALANCE_COLUMNS, balances),
    ]


def export_ods(ws: Workspace, path: Path) -> tuple[Path, str]:
    """An OpenDocument spreadsheet with sheets Postings and Balances; amounts are numbers."""
    info = cooperative_info(ws)
    print_ = queries.fingerprint(ws)
    with replacing(path) as temporary:
        write_ods(
            temporary, _sheets(ws, info.currency), title=info.name, meta={"fingerprint": print_}
        )
    return path, print_


def export_xlsx(ws: Workspace, path: Path) -> tuple[Path, str]:
    """An Excel workbook with sheets Postings and Balances; amounts and dates are numbers."""
    info = cooperative_info(ws)
    print_ = queries.fingerprint(ws)
    with replacing(path) as temporary:
        write_xlsx(
            temporary,
            _sheets(ws, info.currency),
            title=info.name,
            description=f"fingerprint: {print_}",
            custom={"fingerprint": print_},
        )
    return path, print_


EXPORTERS = {".beancount": "beancount", ".csv": "csv", ".ods": "ods", ".xlsx": "xlsx"}


def export(ws: Workspace, path: Path, locale: str | None = None) -> tuple[str, Path, str]:
    """Export by the file's suffix; return (format, path, fingerprint)."""
    kind = EXPORTERS.get(path.suffix.lower())
    if kind is None:
        raise KeyError(path.suffix)
    if kind == "csv":
        done = export_csv(ws, path, locale or cooperative_info(ws).locale)
    elif kind == "beancount":
        done = export_beancount(ws, path)
    elif kind == "ods":
        done = export_ods(ws, path)
    else:
        done = export_xlsx(ws, path)
    return kind, done[0], done[1]
