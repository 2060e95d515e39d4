"""Ledger exports read back with independent libraries: csv, odfpy, openpyxl, bean-check."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from codesign.cli.main import main
from codesign.cooperative import create_cooperative
from codesign.ledger import queries, service
from codesign.ledger.exports import (
    beancount_account,
    export_beancount,
    export_csv,
    export_ods,
    export_xlsx,
)
from codesign.people import service as people
from codesign.workspace import Workspace

DAY = dt.date(2026, 5, 4)


@pytest.fixture
def books(tmp_path: Path) -> Path:
    """A small cooperative with a household, a few balanced transactions and a tricky text."""
    path = tmp_path / "coop.minga"
    ws = create_cooperative(path, name='Cooperativa "La Unión"')
    try:
        people.add_household(ws, name="Familia Quishpe Ñauta")
        service.post_transaction(
            ws,
            date=DAY,
            description='Cuota de "mayo"; 1.234,50\\pagado',
            postings=[("1100", 123_450), ("4000", -123_450)],
            household="Familia Quishpe Ñauta",
            reference="CUOTA-05",
        )
        service.post_transaction(
            ws,
            date=DAY + dt.timedelta(days=3),
            description="Depósito",
            postings=[("1010", 123_450), ("1100", -123_450)],
            household="Familia Quishpe Ñauta",
        )
        service.post_transaction(
            ws,
            date=DAY + dt.timedelta(days=5),
            description="Compra de cemento",
            postings=[("5000", 50_075), ("2000", -25_000), ("1010", -25_075)],
        )
    finally:
        ws.close()
    return path


def _nonzero(sums: dict[str, Decimal]) -> dict[str, Decimal]:
    return {code: value for code, value in sums.items() if value}


def _open(path: Path) -> Workspace:
    from codesign.workspace import open_workspace

    return open_workspace(path)


def _expected(path: Path) -> tuple[dict[str, Decimal], str]:
    ws = _open(path)
    try:
        sums = {b.code: Decimal(b.balance) / 100 for b in queries.balances(ws)}
        return sums, queries.fingerprint(ws)
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("locale", "delimiter", "bom", "amount"),
    [("es_EC", ";", True, "1234,50"), ("en", ",", False, "1234.50")],
)
def test_csv_per_locale(
    books: Path, tmp_path: Path, locale: str, delimiter: str, bom: bool, amount: str
) -> None:
    """CSV uses the locale's delimiter, BOM and decimal mark, and its sums equal the books'."""
    sums, fingerprint = _expected(books)
    out = tmp_path / f"books-{locale}.csv"
    ws = _open(books)
    try:
        written, got = export_csv(ws, out, locale)
    finally:
        ws.close()
    assert (written, got) == (out, fingerprint)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    assert fingerprint.encode() not in raw  # the CSV stays a clean table
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    header, body = rows[0], rows[1:]
    assert header == [
        "date",
        "transaction",
        "description",
        "reference",
        "account",
        "account_name",
        "amount",
        "household",
    ]
    assert len(body) == 7
    assert all(len(r) == 8 for r in body)
    first = body[0]
    assert first[0] == DAY.isoformat()
    assert first[2] == 'Cuota de "mayo"; 1.234,50\\pagado'
    assert first[3] == "CUOTA-05"
    assert first[7] == "Familia Quishpe Ñauta"
    assert {r[6] for r in body if r[4] == "1100"} == {amount, "-" + amount}
    totals: dict[str, Decimal] = {}
    for r in body:
        value = Decimal(r[6].replace(",", ".")) if locale == "es_EC" else Decimal(r[6])
        totals[r[4]] = totals.get(r[4], Decimal(0)) + value
    assert _nonzero(totals) == _nonzero(sums)


def test_ods_read_back_with_odfpy(books: Path, tmp_path: Path) -> None:
    """The ODS export, read back by odfpy, holds every posting and the fingerprint."""
    from odf.meta import UserDefined
    from odf.namespaces import OFFICENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    sums, fingerprint = _expected(books)
    out = tmp_path / "books.ods"
    ws = _open(books)
    try:
        assert export_ods(ws, out) == (out, fingerprint)
    finally:
        ws.close()
    doc = load(str(out))
    meta = {str(u.getAttribute("name")): str(u) for u in doc.meta.getElementsByType(UserDefined)}
    assert meta["fingerprint"] == fingerprint
    tables = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    assert set(tables) == {"Postings", "Balances"}

    def rows(name: str) -> list[list[object]]:
        out_rows = []
        for row in tables[name].getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                kind = cell.attributes.get((OFFICENS, "value-type"))
                if kind == "float":
                    cells.append(Decimal(cell.attributes[(OFFICENS, "value")]))
                else:
                    cells.append(str(cell))
            out_rows.append(cells)
        return out_rows

    postings = rows("Postings")
    assert postings[0][6] == "amount"
    totals: dict[str, Decimal] = {}
    for r in postings[1:]:
        assert isinstance(r[6], Decimal)
        totals[str(r[4])] = totals.get(str(r[4]), Decimal(0)) + r[6]
    assert _nonzero(totals) == _nonzero(sums)
    balances = {str(r[0]): r[3] for r in rows("Balances")[1:]}
    assert balances == sums


def test_xlsx_read_back_with_openpyxl(books: Path, tmp_path: Path) -> None:
    """The XLSX export, read back by openpyxl, holds every posting and the fingerprint."""
    import openpyxl

    sums, fingerprint = _expected(books)
    out = tmp_path / "books.xlsx"
    ws = _open(books)
    try:
        assert export_xlsx(ws, out) == (out, fingerprint)
    finally:
        ws.close()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Postings", "Balances"]
    assert fingerprint in (book.properties.description or "")
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["fingerprint"] == fingerprint
    postings = list(book["Postings"].iter_rows(values_only=True))
    assert postings[0][6] == "amount"
    totals: dict[str, Decimal] = {}
    for r in postings[1:]:
        assert isinstance(r[0], dt.datetime)
        assert isinstance(r[6], int | float)  # a number cell, not text
        code = str(r[4])
        totals[code] = totals.get(code, Decimal(0)) + Decimal(str(r[6]))
    assert _nonzero(totals) == _nonzero(sums)
    balances = {
        str(r[0]): Decimal(str(r[3]))
        for r in book["Balances"].iter_rows(min_row=2, values_only=True)
    }
    assert balances == sums


def _bean_check() -> str | None:
    beside = Path(sys.executable).with_name("bean-check")
    return str(beside) if beside.exists() else shutil.which("bean-check")


def _parse_beancount(text: str) -> tuple[set[str], dict[str, Decimal]]:
    """Opened accounts and per-account sums; every transaction must balance."""
    opened: set[str] = set()
    totals: dict[str, Decimal] = {}
    txn: list[Decimal] | None = None
    for line in [*text.splitlines(), ""]:
        if match := re.fullmatch(r"\d{4}-\d{2}-\d{2} open (\S+) USD", line):
            opened.add(match.group(1))
        elif re.match(r"\d{4}-\d{2}-\d{2} \* \".*\"$", line):
            txn = []
        elif txn is not None and (match := re.fullmatch(r"  (\S+)  (-?\d+\.\d\d) USD", line)):
            assert match.group(1) in opened
            txn.append(Decimal(match.group(2)))
            totals[match.group(1)] = totals.get(match.group(1), Decimal(0)) + txn[-1]
        elif txn is not None and not line.strip():
            assert txn, "a transaction without postings"
            assert sum(txn) == 0
            txn = None
    return opened, totals


def test_beancount_passes_bean_check(books: Path, tmp_path: Path) -> None:
    """bean-check accepts the Beancount export and its balances equal ledger balance."""
    sums, fingerprint = _expected(books)
    out = tmp_path / "books.beancount"
    ws = _open(books)
    try:
        assert export_beancount(ws, out) == (out, fingerprint)
    finally:
        ws.close()
    text = out.read_text(encoding="utf-8")
    assert f"; fingerprint: {fingerprint}" in text.splitlines()[:5]
    opened, totals = _parse_beancount(text)
    assert len(opened) == 26
    by_code = {name.split(":")[1].split("-")[0]: v for name, v in totals.items()}
    assert _nonzero(by_code) == _nonzero(sums)
    checker = _bean_check()
    if checker is not None:  # installed with the dev extras; the parse above runs either way
        done = subprocess.run([checker, str(out)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_beancount_account_names() -> None:
    """Account names become valid Beancount names without accents or punctuation."""
    assert beancount_account("asset", "1010", "Cuenta bancaria") == "Assets:1010-Cuenta-Bancaria"
    assert (
        beancount_account("liability", "2.1", "Préstamo (año 1)") == "Liabilities:21-Prestamo-Ano-1"
    )
    assert beancount_account("income", "ab", "ñ") == "Income:Ab-N"
    assert beancount_account("expense", "", "Útiles") == "Expenses:X-Utiles"


def test_export_leaves_nothing_half_written(books: Path, tmp_path: Path, monkeypatch) -> None:
    """A failing export keeps the earlier file and leaves no temporary one."""
    from codesign.ledger import exports

    out = tmp_path / "books.beancount"
    out.write_text("old", encoding="utf-8")

    def broken(ws: Workspace):
        yield from ()
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "posting_lines", broken)
    ws = _open(books)
    try:
        with pytest.raises(RuntimeError):
            export_beancount(ws, out)
    finally:
        ws.close()
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books.beancount", "coop.minga"]


@pytest.mark.parametrize("suffix", [".beancount", ".csv", ".ods", ".xlsx"])
def test_cli_export(books: Path, tmp_path: Path, capsys, suffix: str) -> None:
    """minga ledger export writes each format and prints the file and fingerprint."""
    _sums, fingerprint = _expected(books)
    out = tmp_path / f"out{suffix}"
    assert main(["ledger", "export", str(books), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "file": str(out),
        "format": suffix[1:],
        "transactions": 3,
        "fingerprint": fingerprint,
    }
    assert out.stat().st_size > 0


def test_cli_export_errors(books: Path, tmp_path: Path, capsys) -> None:
    """An unknown suffix is a usage error; a missing folder is bad input, nothing made."""
    assert main(["ledger", "export", str(books), "-o", str(tmp_path / "out.txt")]) == 2
    assert ".beancount" in capsys.readouterr().err
    assert main(["ledger", "export", str(books), "-o", str(tmp_path / "no" / "out.csv")]) == 65
    assert not (tmp_path / "no").exists()
