"""The streamed spreadsheets read back by openpyxl and odfpy, awkward texts included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from codesign.ledger.sheets import Num, Sheet, write_ods, write_xlsx

ROWS = [
    (dt.date(2026, 2, 28), "Peña & Hijos <S.A.>", Num("-12.50"), ""),
    (dt.date(2024, 2, 29), ' "comillas" y espacio ', Decimal("1234.5"), "fin\x01"),
    (None, "", Num("0.00"), "último"),
]


def test_xlsx_round_trip(tmp_path: Path) -> None:
    """Dates, escaped texts, empty cells and numbers keep their places and values."""
    import openpyxl

    out = tmp_path / "s.xlsx"
    write_xlsx(
        out,
        [Sheet("Datos", ("fecha", "texto", "monto", "nota"), ROWS)],
        title="Prueba",
        description="fingerprint: abc",
        custom={"fingerprint": "abc"},
    )
    book = openpyxl.load_workbook(out)
    rows = list(book["Datos"].iter_rows(values_only=True))
    assert rows[0] == ("fecha", "texto", "monto", "nota")
    assert rows[1] == (dt.datetime(2026, 2, 28), "Peña & Hijos <S.A.>", -12.5, None)
    assert rows[2] == (dt.datetime(2024, 2, 29), ' "comillas" y espacio ', 1234.5, "fin")
    assert rows[3] == (None, None, 0, "último")
    assert {p.name: p.value for p in book.custom_doc_props.props} == {"fingerprint": "abc"}


def test_ods_round_trip(tmp_path: Path) -> None:
    """odfpy reads the same cells, numbers as floats with their exact text value."""
    from odf.namespaces import OFFICENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    out = tmp_path / "s.ods"
    write_ods(out, [Sheet("Datos", ("fecha", "texto", "monto", "nota"), ROWS)], title="P", meta={})
    assert out.read_bytes()[30:38] == b"mimetype"
    doc = load(str(out))
    (table,) = doc.spreadsheet.getElementsByType(Table)
    rows = [
        [
            (cell.attributes.get((OFFICENS, "value-type")), str(cell))
            for cell in row.getElementsByType(TableCell)
        ]
        for row in table.getElementsByType(TableRow)
    ]
    assert rows[1] == [
        ("date", "2026-02-28"),
        ("string", "Peña & Hijos <S.A.>"),
        ("float", "-12.50"),
        (None, ""),
    ]
    assert rows[2][1] == ("string", ' "comillas" y espacio ')
    assert rows[2][3] == ("string", "fin")
    assert rows[3][3] == ("string", "último")
