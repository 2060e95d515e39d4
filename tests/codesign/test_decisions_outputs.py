"""Minutes PDF read back with pdftotext, the register CSV, and the decisions command line."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from codesign.decisions.exports import export_register_csv
from codesign.reports.minutes import minutes_report
from codesign.workspace import Workspace
from tests.codesign.decisions_helpers import full_meeting
from tests.codesign.test_cli import run


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it."""
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_minutes_pdf_reads_back(coop: Workspace, tmp_path: Path) -> None:
    """The minutes name attendance, quorum, each vote and result, decisions and signatures."""
    full_meeting(coop)
    result = minutes_report(coop, tmp_path / "acta.pdf")
    assert result.assemblies == 1 and result.pages >= 1
    text = " ".join(pdf_text(result.path).split())
    for expected in (
        "Acta",
        "Asamblea ordinaria de mayo",
        "Casa comunal",
        "7 familias presentes, 1 representadas por poder y 2 ausentes, de 10",
        "Se abrió a las 18:10 con 8 familias representadas (7 presentes, 1 por poder);"
        " se necesitaban 6.",
        "Familia 09",
        "Aprobar el presupuesto de obra 2026",
        "mayoría de dos tercios",
        "mano alzada 5 2 1 8 APROBADA",
        "voto secreto 4 3 1 8 RECHAZADA",
        "APROBADA",
        "RECHAZADA",
        "Comprar cemento y varilla",
        "Presidencia",
        "Secretaría",
    ):
        assert expected in text, expected


def test_default_minutes_are_of_the_latest_assembly_held(coop: Workspace, tmp_path: Path) -> None:
    """An assembly only convened for next month does not hide the minutes of the one held."""
    import datetime as dt

    from codesign.decisions.assemblies import create_assembly

    full_meeting(coop)
    create_assembly(coop, held_on=dt.date(2027, 1, 16), title="Asamblea de enero", place="Patio")
    text = " ".join(pdf_text(minutes_report(coop, tmp_path / "acta.pdf").path).split())
    assert "Asamblea ordinaria de mayo" in text
    assert "Asamblea de enero" not in text


def test_register_csv_uses_semicolons_and_bom(coop: Workspace, tmp_path: Path) -> None:
    """es_EC writes decimal commas: the register CSV has ';' and a BOM, one row per follow-up."""
    full_meeting(coop)
    path, count = export_register_csv(coop, tmp_path / "registro.csv")
    assert count == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:4] == ["number", "date", "decision", "result"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][4] == "Comprar cemento y varilla"


@pytest.fixture
def meeting_file(coop: Workspace) -> Path:
    """A closed cooperative file holding one full assembly."""
    full_meeting(coop)
    path = coop.path
    coop.close()
    assert path is not None
    return path


def test_cli_decisions_export_and_minutes(
    meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """decisions export writes Popolo JSON, report minutes the PDF; --json prints one object."""
    out = tmp_path / "popolo.json"
    code, stdout, err = run(
        capsys, "decisions", "export", str(meeting_file), "-o", str(out), "--json"
    )
    assert code == 0, err
    data = json.loads(stdout)
    assert (data["events"], data["motions"], data["vote_events"]) == (1, 3, 3)
    assert set(json.loads(out.read_text(encoding="utf-8"))) >= {"organizations", "vote_events"}
    pdf = tmp_path / "acta.pdf"
    code, stdout, err = run(
        capsys,
        "report",
        str(meeting_file),
        "minutes",
        "-o",
        str(pdf),
        "--period",
        "2026-05",
        "--json",
    )
    assert code == 0, err
    assert json.loads(stdout)["assemblies"] == 1
    assert "Aprobar el presupuesto" in pdf_text(pdf)
    code, _out, err = run(
        capsys, "decisions", "export", str(meeting_file), "-o", str(tmp_path / "r.csv")
    )
    assert code == 0, err


def test_cli_refusals(
    meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown suffix: usage error (2); missing folder or no assembly in the period: 65."""
    code, _out, err = run(
        capsys, "decisions", "export", str(meeting_file), "-o", str(tmp_path / "x.xml")
    )
    assert code == 2 and "x.xml" in err
    code, _out, err = run(
        capsys, "decisions", "export", str(meeting_file), "-o", str(tmp_path / "no" / "x.json")
    )
    assert code == 65 and "no" in err
    code, _out, err = run(
        capsys,
        "report",
        str(meeting_file),
        "minutes",
        "-o",
        str(tmp_path / "a.pdf"),
        "--period",
        "2019",
    )
    assert code == 65 and str(meeting_file) in err
    assert not (tmp_path / "a.pdf").exists()
    code, _out, err = run(
        capsys,
        "report",
        str(meeting_file),
        "minutes",
        "-o",
        str(tmp_path / "a.pdf"),
        "--period",
        "mayo",
    )
    assert code == 2
