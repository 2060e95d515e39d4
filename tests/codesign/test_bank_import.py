"""Bank statements (CSV and OFX) into the ledger: all or nothing, duplicates skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from codesign.auth import sign_in
from codesign.cli.main import main
from codesign.errors import BadInput, NotPermitted
from codesign.ledger import queries
from codesign.ledger.bank import (
    BankLine,
    guess_bank_mapping,
    import_bank_lines,
    read_bank_csv,
    suggest_matches,
)
from codesign.ledger.bank_ofx import read_ofx
from codesign.people import service as people
from codesign.workspace import Workspace, open_workspace
from models.ledger import LedgerTransaction

GOOD_CSV = (
    "Fecha;Descripción;Número de documento;Monto;Saldo\n"
    "31/10/2026;Depósito Familia Quispe cuota octubre;100234;1.234,50;1.234,50\n"
    "\n"
    "01/11/2026;Pago ferretería El Constructor;100235;-200,00;1.034,50\n"
    "02/11/2026;Comisión bancaria;;-1,25;1.033,25\n"
)

OFX_SGML = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
<DTSERVER>20261102<LANGUAGE>SPA</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>0010<ACCTID>2200112233<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261001<DTEND>20261102
<STMTTRN>
<TRNTYPE>CREDIT
<DTPOSTED>20261031120000[-5:ECT]
<TRNAMT>150.00
<FITID>EC-0001
<NAME>Familia Quispe
<MEMO>Cuota octubre
</STMTTRN>
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20261101
<TRNAMT>-42.10
<FITID>EC-0002
<NAME>Ferreteria &amp; Hijos
</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>107.90<DTASOF>20261102</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
"""

OFX_XML = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID>
    <STMTRS><CURDEF>USD</CURDEF>
      <BANKTRANLIST><DTSTART>20261001</DTSTART><DTEND>20261102</DTEND>
        <STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20261005</DTPOSTED>
          <TRNAMT>80.25</TRNAMT><FITID>X-9</FITID><NAME>Aporte Simbaña</NAME></STMTTRN>
        <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261006</DTPOSTED>
          <TRNAMT>-5.00</TRNAMT><FITID>X-10</FITID><MEMO>Mantenimiento cuenta</MEMO></STMTTRN>
      </BANKTRANLIST>
    </STMTRS>
  </STMTTRNRS></BANKMSGSRSV1>
</OFX>
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write a statement file and return its path."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def balance_of(ws: Workspace, code: str) -> int:
    """The balance of one account in minor units."""
    return {a.code: a.balance for a in queries.balances(ws)}[code]


def txn_count(ws: Workspace) -> int:
    """How many ledger transactions the file holds."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(LedgerTransaction)) or 0)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``minga ARGS`` in-process; return exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_mapping_is_guessed_from_spanish_and_portuguese_headers() -> None:
    """Headers in es and pt map to date, description, amount, credit/debit and reference."""
    es = guess_bank_mapping(["Fecha valor", "Concepto", "Importe", "Referencia", "Saldo"])
    assert es == {
        "date": "Fecha valor",
        "description": "Concepto",
        "amount": "Importe",
        "reference": "Referencia",
    }
    pt = guess_bank_mapping(["Data", "Histórico", "Crédito", "Débito"])
    assert pt == {
        "date": "Data",
        "description": "Histórico",
        "credit": "Crédito",
        "debit": "Débito",
    }


def test_good_csv_imports_and_balances_move(coop: Workspace, tmp_path: Path) -> None:
    """An es_EC CSV (';', decimal comma, d/m/Y) imports every line; bank and counters move."""
    lines, errors = read_bank_csv(write(tmp_path, "banco.csv", GOOD_CSV), locale="es_EC")
    assert errors == ()
    assert [(x.row, x.date, x.amount) for x in lines] == [
        (2, dt.date(2026, 10, 31), 123450),
        (4, dt.date(2026, 11, 1), -20000),
        (5, dt.date(2026, 11, 2), -125),
    ]
    assert lines[0].bank_id == "100234"
    result, imported, duplicates = import_bank_lines(coop, lines)
    assert result is not None
    assert result.touches("ledger_transaction", "posting")
    assert (imported, duplicates) == (3, ())
    assert balance_of(coop, "1010") == 123450 - 20000 - 125
    assert balance_of(coop, "4900") == -123450
    assert balance_of(coop, "5900") == 20125
    assert queries.verify(coop).ok


def test_credit_and_debit_columns(coop: Workspace, tmp_path: Path) -> None:
    """Split credit/debit columns give signed amounts; the counter account can be chosen."""
    text = 'Data,Histórico,Crédito,Débito\n2026-10-01,Aporte,"1,000.00",\n2026-10-02,Tarifa,,3.50\n'
    lines, errors = read_bank_csv(write(tmp_path, "extrato.csv", text), locale="en_US")
    assert errors == ()
    assert [x.amount for x in lines] == [100000, -350]
    import_bank_lines(coop, lines, counter_account="2200")
    assert balance_of(coop, "2200") == -100000 + 350


def test_reimport_imports_nothing_and_reports_duplicates(coop: Workspace, tmp_path: Path) -> None:
    """Importing the same file twice adds nothing the second time; every line is a duplicate."""
    path = write(tmp_path, "banco.csv", GOOD_CSV)
    lines, _errors = read_bank_csv(path, locale="es_EC")
    import_bank_lines(coop, lines)
    before = queries.fingerprint(coop)
    again, _errors = read_bank_csv(path, locale="es_EC")
    result, imported, duplicates = import_bank_lines(coop, again)
    assert (result, imported) == (None, 0)
    assert [d.row for d in duplicates] == [2, 4, 5]
    assert queries.fingerprint(coop) == before


def test_repeated_lines_in_one_file(coop: Workspace, tmp_path: Path) -> None:
    """Two equal CSV lines are two payments; a repeated FITID in one call is one duplicate."""
    text = "Fecha;Concepto;Monto\n03/11/2026;Comisión;-1,00\n03/11/2026;Comisión;-1,00\n"
    lines, _errors = read_bank_csv(write(tmp_path, "b.csv", text), locale="es_EC")
    assert lines[0].ref != lines[1].ref
    one = BankLine(7, dt.date(2026, 11, 3), "Cuota", 500, "F1", "F1")
    _result, imported, duplicates = import_bank_lines(coop, [*lines, one, one])
    assert imported == 3
    assert duplicates == (one,)


def test_ofx_sgml_imports(coop: Workspace, tmp_path: Path) -> None:
    """An OFX 1.x SGML statement (unclosed leaf tags, cp1252) imports with FITIDs as refs."""
    lines, errors = read_ofx(write(tmp_path, "banco.ofx", OFX_SGML, "cp1252"))
    assert errors == ()
    assert [(x.date, x.amount, x.ref) for x in lines] == [
        (dt.date(2026, 10, 31), 15000, "EC-0001"),
        (dt.date(2026, 11, 1), -4210, "EC-0002"),
    ]
    assert lines[0].description == "Familia Quispe — Cuota octubre"
    assert lines[1].description == "Ferreteria & Hijos"
    _result, imported, _dups = import_bank_lines(coop, lines)
    assert imported == 2
    assert balance_of(coop, "1010") == 15000 - 4210


def test_ofx_xml_imports(coop: Workspace, tmp_path: Path) -> None:
    """An OFX 2.x XML statement imports; a second import finds both lines already there."""
    path = write(tmp_path, "banco.ofx", OFX_XML)
    lines, errors = read_ofx(path)
    assert errors == ()
    assert [(x.amount, x.ref, x.description) for x in lines] == [
        (8025, "X-9", "Aporte Simbaña"),
        (-500, "X-10", "Mantenimiento cuenta"),
    ]
    assert import_bank_lines(coop, lines)[1] == 2
    assert import_bank_lines(coop, read_ofx(path)[0])[1:] == (0, lines)


def test_suggest_matches_finds_households(coop: Workspace, tmp_path: Path) -> None:
    """A household named in a description (any case or accents, without "Familia") is suggested."""
    people.add_person(coop, name="María Quispe", household="Familia Quispe")
    people.add_person(coop, name="Dolores Simbaña", household="Simbaña")
    lines, _e = read_ofx(write(tmp_path, "b.ofx", OFX_XML))
    sgml, _e = read_ofx(write(tmp_path, "c.ofx", OFX_SGML, "cp1252"))
    matches = suggest_matches(coop, [*lines, *sgml])
    assert [(m.ref, m.household) for m in matches] == [
        ("X-9", "Simbaña"),
        ("EC-0001", "Familia Quispe"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "row", "words"),
    [
        (
            "cp1252.csv",
            "Fecha;Concepto;Monto\n01/10/2026;Año nuevo;1,00\n".encode("cp1252"),
            2,
            "UTF-8",
        ),
        ("date.csv", b"Fecha;Concepto;Monto\n01/10/2026;A;1,00\n2026/31/10;B;2,00\n", 3, "Fecha"),
        ("amount.csv", b"Fecha;Concepto;Monto\n01/10/2026;A;1.234.5\n", 2, "Monto"),
        ("noamount.csv", b"Fecha;Concepto;Saldo\n01/10/2026;A;1,00\n", 1, "Saldo"),
        ("empty.csv", b"", None, "vac"),
        ("cut.ofx", OFX_SGML[: OFX_SGML.index("<TRNAMT>-42")].encode(), None, "OFX"),
        ("empty.ofx", b"", None, "OFX"),
        (
            "baddate.ofx",
            OFX_XML.replace("20261006</DTPOSTED>", "ayer</DTPOSTED>").encode(),
            9,
            "DTPOSTED",
        ),
    ],
)
def test_broken_files_are_rejected_and_nothing_changes(
    coop: Workspace,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    row: int | None,
    words: str,
) -> None:
    """Each broken file exits 65, one line naming the file (and row); the books stay the same."""
    path = tmp_path / name
    path.write_bytes(data)
    good = write(tmp_path, "ok.csv", GOOD_CSV)
    lines, _e = read_bank_csv(good, locale="es_EC")
    import_bank_lines(coop, lines)
    before = queries.fingerprint(coop)
    assert coop.path is not None
    file = str(coop.path)
    coop.close()
    code, _out, err = run(capsys, "ledger", "import", file, str(path), "--json")
    assert code == 65, err
    assert err.count("\n") == 1
    assert str(path) in err
    assert words in err
    if row is not None:
        assert f"fila {row}" in err or f"row {row}" in err
    ws = open_workspace(file)
    try:
        assert queries.fingerprint(ws) == before
    finally:
        ws.close()


def test_bad_rows_reject_the_whole_file(coop: Workspace, tmp_path: Path) -> None:
    """The reader returns good lines and a RowError per bad row, naming row and field."""
    text = GOOD_CSV + "03/11/2026;Mal;;doce;\n99/99/2026;Peor;;1,00;\n"
    lines, errors = read_bank_csv(write(tmp_path, "b.csv", text), locale="es_EC")
    assert len(lines) == 3
    assert [e.row for e in errors] == [6, 7]
    assert "Monto" in errors[0].reason
    assert "Fecha" in errors[1].reason


def test_bad_encoding_raises_naming_file_and_row(tmp_path: Path) -> None:
    """cp1252 bytes read as UTF-8 raise BadInput with the file and the row."""
    path = tmp_path / "b.csv"
    path.write_bytes(
        "Fecha;Concepto;Monto\n01/10/2026;x;1,00\n02/10/2026;Año;1,00\n".encode("cp1252")
    )
    with pytest.raises(BadInput) as caught:
        read_bank_csv(path, locale="es_EC")
    assert caught.value.row == 3
    assert caught.value.path == str(path)
    lines, errors = read_bank_csv(path, locale="es_EC", encoding="cp1252")
    assert (len(lines), errors) == (2, ())


def test_cli_imports_then_reports_duplicates(
    coop_file: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ledger import --json`` imports, and a second run exits 0 reporting duplicates."""
    assert callable(coop_file)
    file = str(coop_file())
    path = str(write(tmp_path, "banco.csv", GOOD_CSV))
    code, out, err = run(capsys, "ledger", "import", file, path, "--json")
    assert (code, json.loads(out)) == (0, {"imported": 3, "duplicates": 0, "rejected": []}), err
    code, out, _err = run(capsys, "ledger", "import", file, path, "--json")
    assert (code, json.loads(out)) == (0, {"imported": 0, "duplicates": 3, "rejected": []})


def test_cli_rejects_unknown_suffix_and_missing_file(
    coop_file: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A statement that is not .csv/.ofx exits 2; one that cannot be read exits 66."""
    assert callable(coop_file)
    file = str(coop_file())
    xlsx = write(tmp_path, "banco.xlsx", "x")
    assert run(capsys, "ledger", "import", file, str(xlsx))[0] == 2
    code, _out, err = run(capsys, "ledger", "import", file, str(tmp_path / "nada.csv"))
    assert code == 66
    assert "nada.csv" in err


def test_cli_rejected_rows_give_json_and_exit_65(
    coop_file: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --json a rejected file still prints the rejected rows; stderr names file and row."""
    assert callable(coop_file)
    file = str(coop_file())
    path = write(tmp_path, "b.csv", GOOD_CSV + "03/11/2026;Mal;;doce;\n")
    code, out, err = run(capsys, "ledger", "import", file, str(path), "--json")
    assert code == 65
    data = json.loads(out)
    assert data["imported"] == 0
    assert [r["row"] for r in data["rejected"]] == [6]
    assert str(path) in err
    assert "6" in err


def test_import_needs_a_treasurer(
    coop: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After set-up a secretary may not import (service and CLI exit 77); a treasurer may."""
    _r, sec = people.add_person(coop, name="Dolores Simbaña", roles=["member", "secretary"])
    people.set_passphrase(coop, sec.person, "clave-segura")
    sign_in(coop, "Dolores Simbaña", "clave-segura")
    _r, tre = people.add_person(coop, name="Blanca Anrango", roles=["treasurer"])
    people.set_passphrase(coop, tre.person, "tesoro-2026")
    path = write(tmp_path, "banco.csv", GOOD_CSV)
    lines, _e = read_bank_csv(path, locale="es_EC")
    with pytest.raises(NotPermitted):
        import_bank_lines(coop, lines)
    assert txn_count(coop) == 0
    assert coop.path is not None
    file = str(coop.path)
    coop.close()
    code, _out, _err = run(capsys, "ledger", "import", file, str(path))
    assert code == 77
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MINGA_SIGNIN", "tesoro-2026")
        code, _out, err = run(capsys, "ledger", "import", file, str(path), "--as", "Blanca Anrango")
    assert code == 0, err
