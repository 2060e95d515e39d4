"""``minga report FILE member``: statements and the arrears list as PDFs with the fingerprint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from codesign.cooperative import create_cooperative
from codesign.ledger import members, queries
from codesign.workspace import open_workspace
from tests.codesign.test_finance_members import setup_books
from tests.codesign.test_treasury_report import pdf_text, run


@pytest.fixture
def books(tmp_path: Path) -> Path:
    """The hand-worked books of the member-account tests, with a fine, closed on disk."""
    ws = create_cooperative(tmp_path / "coop.minga", name="Cooperativa Sí Señor")
    setup_books(ws)
    members.post_fine(ws, "Familia A", 3, "2026-04", date=dt.date(2026, 4, 30))
    ws.close()
    return tmp_path / "coop.minga"


def test_one_household_statement(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One household's statement: opening and closing balance, the fine, no other household."""
    out = tmp_path / "a.pdf"
    code, stdout, _err = run(
        capsys,
        "report", str(books), "member", "-o", str(out),
        "--household", "Familia A", "--period", "2026-04", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(stdout)
    assert set(data) == {"file", "pages", "fingerprint"}
    text = pdf_text(out)
    assert "Familia A" in text and "Familia B" not in text
    assert "Saldo inicial" in text and "Saldo final" in text
    assert "fine:2026-04" in text and "Multa por 3 horas" in text
    # Opening: Jan–Mar dues 220 − 60 paid = 160; April adds 40 and the 15 fine.
    assert "$160,00" in text and "$215,00" in text
    assert text.count(data["fingerprint"]) == data["pages"]


def test_all_households_with_arrears_list(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --household: the arrears list by age, then one statement per household."""
    out = tmp_path / "all.pdf"
    code, _stdout, _err = run(
        capsys, "report", str(books), "member", "-o", str(out), "--period", "2026-05"
    )
    assert code == 0
    text = pdf_text(out)
    assert "Morosidad por antigüedad" in text
    assert "más de 90 días" in text
    assert text.index("Familia A") < text.index("Familia B")
    assert text.count("Estado de cuenta") >= 2
    ws = open_workspace(books)
    try:
        fingerprint = queries.fingerprint(ws)
    finally:
        ws.close()
    pages = text.count("\f") or 1
    assert text.count(fingerprint) >= pages


def test_unknown_household_writes_nothing(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown household exits 65 naming it, and no PDF is written."""
    out = tmp_path / "x.pdf"
    code, _stdout, err = run(
        capsys, "report", str(books), "member", "-o", str(out), "--household", "Familia Z"
    )
    assert code == 65
    assert "Familia Z" in err
    assert not out.exists()


def test_member_pages_render(books: Path, tmp_path: Path) -> None:
    """pdftoppm renders the statement page (the fonts are embedded)."""
    import subprocess

    from codesign.reports.member import member_report

    ws = open_workspace(books)
    try:
        result = member_report(ws, tmp_path / "m.pdf", period="2026")
    finally:
        ws.close()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            str(result.path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    assert list(tmp_path.glob("p*.png"))
