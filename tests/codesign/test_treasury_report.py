"""The treasury report: a PDF with charts, Spanish accents, es_EC money and the fingerprint."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from codesign import files
from codesign.cli.main import main
from codesign.demo import make_demo
from codesign.errors import UsageError
from codesign.ledger import queries
from codesign.reports.data import parse_period
from codesign.reports.treasury import treasury_report
from codesign.workspace import open_workspace

YEAR = str(dt.date.today().year)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo cooperative (20 households, 2 years), made once for the module."""
    path = tmp_path_factory.mktemp("treasury") / "demo.minga"
    make_demo(path, households=20, years=2, seed=1)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``minga ARGS`` in-process; return exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it."""
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_periods() -> None:
    """A year or a month; anything else is a usage error."""
    assert parse_period("2026").end == dt.date(2026, 12, 31)
    assert parse_period("2024-02").end == dt.date(2024, 2, 29)
    for bad in ("26", "2026-13", "2026/05", "mayo", ""):
        with pytest.raises(UsageError):
            parse_period(bad)


def test_report_is_a_spanish_pdf_with_the_fingerprint(demo_file: Path, tmp_path: Path) -> None:
    """The PDF starts with %PDF, has several pages, Spanish accents, es_EC money and the print."""
    out = tmp_path / "tesoreria.pdf"
    ws = open_workspace(demo_file)
    try:
        result = treasury_report(ws, out, period=YEAR)
        expected = queries.fingerprint(ws)
    finally:
        ws.close()
    assert result.path == out
    assert result.fingerprint == expected
    assert result.pages >= 2
    assert out.read_bytes().startswith(b"%PDF")
    assert not [p.name for p in tmp_path.iterdir() if ".part" in p.name]
    text = pdf_text(out)
    assert expected in text
    assert text.count("Huella del libro mayor") == result.pages
    for words in ("Balance general", "Ingresos y gastos", "Flujo de caja", "Año", "Página 1 de"):
        assert words in text
    assert "Morosidad" in text or "Aportes" in text
    # es_EC: dollar sign, dots for thousands and a decimal comma.
    assert any(word.startswith("$") and "," in word for word in text.split())


def test_first_page_renders(demo_file: Path, tmp_path: Path) -> None:
    """Poppler renders page 1 to a PNG with real content."""
    out = tmp_path / "mes.pdf"
    ws = open_workspace(demo_file)
    try:
        treasury_report(ws, out, period=f"{YEAR}-01", locale="es_EC")
    finally:
        ws.close()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
        check=True,
    )
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1
    assert pngs[0].stat().st_size > 10_000


def test_cli_json_shape(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``minga report FILE treasury -o OUT --json`` prints file, pages and fingerprint."""
    out = tmp_path / "r.pdf"
    code, stdout, _err = run(
        capsys, "report", str(demo_file), "treasury", "-o", str(out), "--period", YEAR, "--json"
    )
    assert code == 0
    data = json.loads(stdout)
    assert set(data) == {"file", "pages", "fingerprint"}
    assert data["file"] == str(out)
    assert data["pages"] >= 2
    assert len(data["fingerprint"]) == 64
    assert out.exists()


def test_cli_locale_switches_language(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--locale pt_BR`` prints the texts in Portuguese and the money the Brazilian way."""
    out = tmp_path / "pt.pdf"
    code, _out, _err = run(
        capsys, "report", str(demo_file), "treasury", "-o", str(out), "--locale", "pt_BR"
    )
    assert code == 0
    text = pdf_text(out)
    assert "Balanço patrimonial" in text
    assert "US$" in text


def test_bad_period_exits_2_and_writes_nothing(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad period is a usage error: exit 2, one line on stderr, no file."""
    out = tmp_path / "nada.pdf"
    code, _out, err = run(
        capsys, "report", str(demo_file), "treasury", "-o", str(out), "--period", "2026-13"
    )
    assert code == 2
    assert "2026-13" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_leaves_nothing(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while rendering leaves neither the PDF nor a temporary file."""

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(files.os, "fsync", broken)
    ws = open_workspace(demo_file)
    try:
        with pytest.raises(RuntimeError):
            treasury_report(ws, tmp_path / "x.pdf", period=YEAR)
    finally:
        ws.close()
    assert list(tmp_path.iterdir()) == []
