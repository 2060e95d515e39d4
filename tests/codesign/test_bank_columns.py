"""``minga ledger import --column FIELD=HEADER``: bank CSV columns Minga cannot guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codesign.cooperative import create_cooperative
from codesign.ledger import queries
from codesign.workspace import open_workspace
from tests.codesign.test_ledger import run

ODD_CSV = (
    "Día;Glosa;Valor USD;Nro\n"
    "03/02/2026;Depósito Familia Pilco;45,00;A1\n"
    "04/02/2026;Comisión;-1,50;A2\n"
)


@pytest.fixture
def books(tmp_path: Path) -> Path:
    """An empty cooperative on disk."""
    ws = create_cooperative(tmp_path / "coop.minga", name="Cooperativa")
    ws.close()
    return tmp_path / "coop.minga"


def fingerprint(path: Path) -> str:
    """The ledger fingerprint of the file."""
    ws = open_workspace(path)
    try:
        return queries.fingerprint(ws)
    finally:
        ws.close()


def test_columns_map_unguessable_headers(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Headers no guess knows import once mapped; the bank balance is the lines' sum."""
    bank = tmp_path / "banco.csv"
    bank.write_text(ODD_CSV, encoding="utf-8")
    code, _out, err = run(capsys, "ledger", "import", str(books), str(bank))
    assert code == 65 and "banco.csv" in err
    code, out, err = run(
        capsys,
        "ledger", "import", str(books), str(bank), "--json",
        "--column", "date=Día", "--column", "description=Glosa",
        "--column", "amount=Valor USD", "--column", "reference=Nro",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["imported"] == 2
    ws = open_workspace(books)
    try:
        bank_balance = {b.code: b.balance for b in queries.balances(ws)}["1010"]
    finally:
        ws.close()
    assert bank_balance == 4350


@pytest.mark.parametrize(
    ("column", "needle"),
    [("date=No existe", "No existe"), ("colour=Glosa", "colour"), ("date", "date")],
    ids=["absent-header", "unknown-field", "no-equals"],
)
def test_bad_columns_change_nothing(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, needle: str
) -> None:
    """An absent header, an unknown field or a malformed pair: refused, books unchanged."""
    bank = tmp_path / "banco.csv"
    bank.write_text(ODD_CSV, encoding="utf-8")
    before = fingerprint(books)
    code, _out, err = run(capsys, "ledger", "import", str(books), str(bank), "--column", column)
    assert code in (2, 65)
    assert needle in err
    assert fingerprint(books) == before
