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
import os
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from codesign.cooperative import cooperative_info
from codesign.errors import BadInput
from codesign.ledger import queries
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n.formatting import csv_delimiter as locale_delimiter
from i18n.formatting import format_amount, minor_to_decimal, uses_decimal_comma
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


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, renamed onto it only when the block succeeds."""
    if not path.parent.is_dir():
        raise BadInput(
            _("the folder {folder} does not exist").format(folder=path.parent), path=path
        )
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(0o644)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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

    with _replacing(path) as temporary, temporary.open("w", encoding=encoding, newline="") as out:
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
    with _replacing(path) as temporary, temporary.open("w", encoding="utf-8") as out:
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


def export_ods(ws: Workspace, path: Path) -> tuple[Path, str]:
    """An OpenDocument spreadsheet with sheets Postings and Balances; amounts are numbers."""
    from odf.meta import UserDefined
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    currency = cooperative_info(ws).currency
    print_ = queries.fingerprint(ws)
    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(UserDefined(name="fingerprint", valuetype="string", text=print_))

    def text_cell(value: str) -> object:
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        return cell

    def number_cell(value: Decimal) -> object:
        cell = TableCell(valuetype="float", value=format(value, "f"))
        cell.addElement(P(text=format(value, "f")))
        return cell

    def date_cell(value: dt.date) -> object:
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.isoformat()))
        return cell

    def header(table: object, columns: tuple[str, ...]) -> None:
        row = TableRow()
        for column in columns:
            row.addElement(text_cell(column))
        table.addElement(row)  # type: ignore[attr-defined]

    postings = Table(name="Postings")
    header(postings, POSTING_COLUMNS)
    for line in posting_lines(ws):
        row = TableRow()
        row.addElement(date_cell(line.day))
        for value in (str(line.transaction), line.description, line.reference, line.code):
            row.addElement(text_cell(value))
        row.addElement(text_cell(line.name))
        row.addElement(number_cell(minor_to_decimal(line.amount, currency)))
        row.addElement(text_cell(line.household))
        postings.addElement(row)
    balances = Table(name="Balances")
    header(balances, BALANCE_COLUMNS)
    for code, name, kind, balance in _balance_rows(ws, currency):
        row = TableRow()
        for value in (code, name, kind):
            row.addElement(text_cell(value))
        row.addElement(number_cell(balance))
        balances.addElement(row)
    doc.spreadsheet.addElement(postings)
    doc.spreadsheet.addElement(balances)
    with _replacing(path) as temporary:
        doc.save(str(temporary))
    return path, print_


def export_xlsx(ws: Workspace, path: Path) -> tuple[Path, str]:
    """An Excel workbook with sheets Postings and Balances; amounts and dates are numbers."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    currency = cooperative_info(ws).currency
    print_ = queries.fingerprint(ws)
    book = Workbook(write_only=True)
    book.properties.description = f"fingerprint: {print_}"
    book.custom_doc_props.append(StringProperty(name="fingerprint", value=print_))
    postings = book.create_sheet("Postings")
    postings.append(POSTING_COLUMNS)
    for line in posting_lines(ws):
        postings.append(
            (
                line.day,
                str(line.transaction),
                line.description,
                line.reference,
                line.code,
                line.name,
                float(minor_to_decimal(line.amount, currency)),
                line.household,
            )
        )
    balances = book.create_sheet("Balances")
    balances.append(BALANCE_COLUMNS)
    for code, name, kind, balance in _balance_rows(ws, currency):
        balances.append((code, name, kind, float(balance)))
    with _replacing(path) as temporary:
        book.save(temporary)
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
