"""Bank statements into the ledger: read a CSV or OFX file, then import its new lines at once.

Reading never writes: ``read_bank_csv`` (and ``bank_ofx.read_ofx``) return the good lines
and a reason for each bad row. ``import_bank_lines`` writes every new line in
one transaction (all or nothing) and skips lines already in the books, found by
``LedgerTransaction.bank_ref``: the bank's FITID, or else a hash of the line.
Row numbers are the ones a spreadsheet (CSV) or an editor (OFX) shows.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput
from codesign.journal.writer import WriteResult
from codesign.ledger.members import RECEIVABLE
from codesign.ledger.service import _account_ids
from codesign.people.csv_import import (
    RowError,
    _header,
    _header_key,
    _read_text,
    _records,
    _sniff,
    check_mapping,
    guess_columns,
)
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from i18n.formatting import babel_locale, currency_digits, parse_date, parse_money
from models.backup import backup_file
from models.ids import uuid7
from models.ledger import LedgerTransaction
from models.tables import Household

__all__ = [
    "BankLine",
    "HouseholdMatch",
    "RowError",
    "guess_bank_mapping",
    "import_bank_lines",
    "line_ref",
    "read_bank_csv",
    "suggest_matches",
]

BANK_FIELDS = ("date", "description", "amount", "credit", "debit", "reference")
FIELD_LABELS = {
    "date": N_("Date"),
    "description": N_("Description"),
    "amount": N_("Amount"),
    "credit": N_("Credit"),
    "debit": N_("Debit"),
    "reference": N_("Reference"),
}
# Header words per field (es, pt, en, ca), written as ``_header_key`` makes them.
BANK_SYNONYMS: dict[str, tuple[str, ...]] = {
    field_name: tuple(words.split("|"))
    for field_name, words in {
        "date": "fecha|fecha valor|fecha contable|fecha de transaccion|fecha operacion"
        "|fecha de operacion|date|posting date|transaction date|value date|data"
        "|data do lancamento|data de lancamento|data movimento|data operacio|data valor",
        "description": "descripcion|concepto|detalle|description|details|memo|narrative"
        "|historico|descricao|descripcio|concepte|transaccion|movimiento",
        "amount": "monto|importe|valor|amount|cantidad|import|quantia|valor r",
        "credit": "credito|creditos|abono|abonos|haber|ingreso|ingresos|deposito|depositos"
        "|credit|credits|paid in|money in|entrada|entradas",
        "debit": "debito|debitos|cargo|cargos|debe|egreso|egresos|retiro|retiros|debit|debits"
        "|paid out|money out|withdrawal|saida|saidas|sortida|sortides",
        "reference": "referencia|ref|id|numero de documento|documento|no documento"
        "|num documento|n documento|numero|comprobante|transaction id|reference|document"
        "|numero do documento|referencia bancaria",
    }.items()
}
MAX_DESCRIPTION = 300
MAX_REF = 100
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?.*$")


@dataclass(frozen=True, slots=True)
class BankLine:
    """One statement line: ``amount`` in minor units, positive when money came in.

    ``bank_id`` is the bank's own number for it (FITID or document number, may
    be empty); ``ref`` is the durable key that finds it again on re-import.
    """

    row: int
    date: dt.date
    description: str
    amount: int
    bank_id: str = ""
    ref: str = ""


@dataclass(frozen=True, slots=True)
class HouseholdMatch:
    """A household whose name appears in the description of the line at ``row``."""

    row: int
    ref: str
    household_id: uuid.UUID
    household: str


def line_ref(
    date: dt.date, amount: int, description: str, occurrence: int, bank_id: str = ""
) -> str:
    """SHA-256 (hex) of a line without a FITID; ``occurrence`` counts equal lines before it."""
    text = "\x1f".join(
        [date.isoformat(), str(amount), " ".join(description.split()), bank_id, str(occurrence)]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_refs(lines: Iterable[BankLine]) -> list[BankLine]:
    """Give each line without a ``ref`` its hash, numbering equal lines in file order."""
    seen: dict[tuple[object, ...], int] = {}
    out: list[BankLine] = []
    for line in lines:
        if line.ref:
            out.append(line)
            continue
        key = (line.date, line.amount, " ".join(line.description.split()), line.bank_id)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        ref = line_ref(line.date, line.amount, line.description, occurrence, line.bank_id)
        out.append(BankLine(line.row, line.date, line.description, line.amount, line.bank_id, ref))
    return out


def guess_bank_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Field → header for the statement columns we recognise (es, pt, en, ca).

    "Fecha valor" is the date, not the amount: the longest known word wins.
    """
    return guess_columns(headers, BANK_SYNONYMS, BANK_FIELDS)


@functools.lru_cache(maxsize=4096)
def _date_cached(text: str, locale: str) -> dt.date:
    """``parse_date`` without a time of day; statements repeat dates, so remember them."""
    return parse_date(_TIME_SUFFIX.sub("", text), locale)


class _MoneyReader:
    """``parse_money`` with a fast path for plain amounts such as -1.234,50 (es) or 1234.50.

    Anything else (currency symbols, brackets, mistakes) goes to ``parse_money``,
    which also gives the message for the user.
    """

    def __init__(self, currency: str, locale: str) -> None:
        from babel.numbers import get_decimal_symbol, get_group_symbol

        self.currency, self.locale = currency, locale
        self.digits = currency_digits(currency)
        loc = babel_locale(locale)
        self.group = get_group_symbol(loc)
        decimal = get_decimal_symbol(loc)
        self.pattern: re.Pattern[str] | None = None
        if len(self.group) == 1 and len(decimal) == 1 and not self.group.isspace():
            group, point = re.escape(self.group), re.escape(decimal)
            fraction = rf"(?:{point}(\d{{1,{self.digits}}}))?" if self.digits else "()"
            self.pattern = re.compile(
                rf"(-?)(\d{{1,3}}(?:{group}\d{{3}}){{1,4}}|\d{{1,15}}){fraction}"
            )

    def __call__(self, text: str) -> int:
        found = self.pattern.fullmatch(text.strip()) if self.pattern else None
        if found is None:
            return parse_money(text, self.currency, self.locale)
        whole = int(found.group(2).replace(self.group, ""))
        fraction = int((found.group(3) or "").ljust(self.digits, "0") or 0)
        minor: int = whole * 10**self.digits + fraction
        return -minor if found.group(1) else minor

    def optional(self, text: str) -> int:
        """An amount, or 0 for an empty cell."""
        return self(text) if text.strip() else 0


def _parse_csv_row(
    number: int,
    values: Mapping[str, str],
    headers: Mapping[str, str],
    *,
    money: _MoneyReader,
    locale: str,
) -> BankLine | RowError:
    """One row as a line, or why not; a bad field is named by its column header."""
    field = "date"
    try:
        date = _date_cached(values["date"], locale)
        if "amount" in values:
            field = "amount"
            amount = money(values["amount"])
        else:
            field = "credit"
            credit = abs(money.optional(values.get("credit", "")))
            field = "debit"
            amount = credit - abs(money.optional(values.get("debit", "")))
    except ValueError as error:
        return RowError(number, f"{headers[field]}: {error}")
    if amount == 0:
        column = headers.get("amount") or headers.get("credit") or headers.get("debit")
        return RowError(number, _("{field}: the amount is zero").format(field=column))
    description = " ".join(values.get("description", "").split())[:MAX_DESCRIPTION]
    bank_id = values.get("reference", "").strip()[:MAX_REF]
    return BankLine(number, date, description or _("Bank statement line"), amount, bank_id)


def read_bank_csv(
    path: Path,
    *,
    locale: str,
    currency: str = "USD",
    encoding: str = "utf-8",
    mapping: Mapping[str, str] | None = None,
) -> tuple[tuple[BankLine, ...], tuple[RowError, ...]]:
    """The good lines of a bank CSV and why each other row is bad; nothing is written.

    Dates and amounts are read the ``locale``'s way (es_EC: 31/10/2026 and
    1.234,50) or as ISO dates; ``mapping`` is field → header, the rest guessed.
    Either one signed ``amount`` column or ``credit``/``debit`` columns.
    """
    path = Path(path)
    text, _used = _read_text(path, encoding)
    records = _records(path, text, _sniff(text))
    header_row, headers = _header(path, records)
    guessed = guess_bank_mapping(headers)
    if mapping is None:
        mapping = guessed
    else:  # the given columns win; the guesses fill the fields left out
        taken = set(mapping.values())
        mapping = {**{f: h for f, h in guessed.items() if h not in taken}, **mapping}
    used = check_mapping(
        path,
        headers,
        mapping,
        header_row,
        fields=BANK_FIELDS,
        required=[("date",), ("amount", "credit", "debit")],
        labels=FIELD_LABELS,
    )
    if "amount" in used:
        used = {f: h for f, h in used.items() if f not in ("credit", "debit")}
    columns = {f: headers.index(h) for f, h in used.items()}
    money = _MoneyReader(currency, locale)
    good: list[BankLine] = []
    errors: list[RowError] = []
    for number, cells in records:
        if not any(cells):
            continue
        values = {f: cells[i] if i < len(cells) else "" for f, i in columns.items()}
        parsed = _parse_csv_row(number, values, used, money=money, locale=locale)
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            good.append(parsed)
    return tuple(with_refs(good)), tuple(errors)


# --- OFX -------------------------------------------------------------------------------------

_CHUNK = 500


def _known_refs(session: object, refs: list[str]) -> set[str]:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    known: set[str] = set()
    for i in range(0, len(refs), _CHUNK):
        chunk = refs[i : i + _CHUNK]
        known.update(
            session.scalars(
                select(LedgerTransaction.bank_ref).where(LedgerTransaction.bank_ref.in_(chunk))
            )
        )
    return known


def import_bank_lines(
    ws: Workspace,
    lines: Iterable[BankLine],
    *,
    bank_account: str = "1010",
    counter_account: str | None = None,
    households: Mapping[str, uuid.UUID] | None = None,
) -> tuple[WriteResult | None, int, tuple[BankLine, ...]]:
    """Post each new line as bank ↔ counter account, all in one transaction.

    The chart has no suspense account, so by default money in goes against
    4900 (Other income) and money out against 5900 (Other expenses), to be
    reclassified by the treasurer; ``counter_account`` puts every line on one
    account instead. Lines whose ``ref`` is already in the books (or earlier
    in ``lines``) are skipped and returned as duplicates. ``households`` maps
    a line's ref to the household it comes from: such money in settles that
    household's dues (receivable 1100, tagged). Returns the write
    (None when nothing was new), how many lines were imported, the duplicates.
    """
    require(ws, Action.POST_LEDGER)
    lines = tuple(with_refs(lines))
    for line in lines:  # lines may be made by hand, not only by the readers
        if line.amount == 0 or not isinstance(line.amount, int):
            raise BadInput(_("the amount is zero"), path=ws.label, row=line.row)
        if len(line.ref) > MAX_REF:
            raise BadInput(_("the bank reference is too long"), path=ws.label, row=line.row)
    if not lines:
        return None, 0, ()
    with ws.session() as session:
        if not {line.ref for line in lines} - _known_refs(session, [x.ref for x in lines]):
            return None, 0, lines
    if ws.path is not None:
        backup_file(ws.path, "before-bank-import")
    income, expense = counter_account or "4900", counter_account or "5900"
    with ws.write(_("Import a bank statement")) as w:
        paying = dict(households or {})
        codes = [bank_account, income, expense] + ([RECEIVABLE] if paying else [])
        accounts = _account_ids(w, codes)
        known = _known_refs(w.session, sorted({line.ref for line in lines}))
        duplicates: list[BankLine] = []
        headers: list[dict[str, object]] = []
        postings: list[dict[str, object]] = []
        for line in lines:
            if line.ref in known:
                duplicates.append(line)
                continue
            known.add(line.ref)
            txn_id = uuid7()
            payer = paying.get(line.ref) if line.amount > 0 else None
            headers.append(
                {
                    "id": txn_id,
                    "posted_on": line.date,
                    "description": line.description[:MAX_DESCRIPTION],
                    "reference": line.bank_id[:MAX_REF],
                    "household_id": payer,
                    "bank_ref": line.ref,
                }
            )
            other = accounts[income if line.amount > 0 else expense]
            if payer is not None:
                other = accounts[RECEIVABLE]
            postings.append(
                {
                    "transaction_id": txn_id,
                    "account_id": accounts[bank_account],
                    "amount": line.amount,
                }
            )
            postings.append(
                {
                    "transaction_id": txn_id,
                    "account_id": other,
                    "amount": -line.amount,
                    "household_id": payer,
                }
            )
        w.insert_many("ledger_transaction", headers)
        w.insert_many("posting", postings)
    return (w.result() if headers else None), len(headers), tuple(duplicates)


# --- Suggestions -----------------------------------------------------------------------------

_FAMILY_WORDS = ("familia ", "family ", "familia de ", "familia del ", "llar ")


def _words(text: str) -> str:
    return f" {_header_key(text)} "


def suggest_matches(ws: Workspace, lines: Iterable[BankLine]) -> tuple[HouseholdMatch, ...]:
    """Households whose name (without a leading "Familia") appears in a line's description."""
    with ws.session() as session:
        households = session.execute(
            select(Household.id, Household.name).where(Household.deleted.is_(False))
        ).all()
    keys: list[tuple[str, uuid.UUID, str]] = []
    for household_id, name in households:
        key = _header_key(name)
        for prefix in sorted(_FAMILY_WORDS, key=len, reverse=True):
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                break
        if key:
            keys.append((f" {key} ", household_id, name))
    out: list[HouseholdMatch] = []
    for line in lines:
        text = _words(line.description)
        out.extend(
            HouseholdMatch(line.row, line.ref, household_id, name)
            for key, household_id, name in keys
            if key in text
        )
    return tuple(out)
