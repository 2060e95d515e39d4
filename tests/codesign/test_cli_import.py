"""``minga people import``: bad CSV files are rejected whole, with the file and row named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codesign.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``minga ARGS`` in-process; return exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def coop_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new cooperative file with one person, Rosa Quispe of Familia Quispe."""
    path = tmp_path / "c.minga"
    assert run(capsys, "init", str(path), "--name", "Cooperativa Uno")[0] == 0
    assert (
        run(
            capsys,
            "people",
            "add",
            str(path),
            "--name",
            "Rosa Quispe",
            "--household",
            "Familia Quispe",
        )[0]
        == 0
    )
    return path


def people_names(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    """The names ``people list`` reports."""
    code, out, _err = run(capsys, "people", "list", str(path), "--json")
    assert code == 0
    return sorted(p["name"] for p in json.loads(out)["people"])


def test_good_csv_imports(
    coop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A well-formed Spanish CSV imports every row with its household."""
    csv = tmp_path / "socios.csv"
    csv.write_text(
        "Nombre;Familia;Teléfono\nInti Lema;Familia Lema;0991234567\nSisa Lema;Familia Lema;\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "people", "import", str(coop_file), str(csv), "--json")
    assert code == 0, err
    assert json.loads(out)["imported"] == 2
    assert people_names(capsys, coop_file) == ["Inti Lema", "Rosa Quispe", "Sisa Lema"]


@pytest.mark.parametrize(
    ("content", "encoding", "needle"),
    [
        ("Familia;Teléfono\nFamilia Lema;0991234567\n", "utf-8", "Teléfono"),
        ("Nombre;Familia\nJosé Peña;Familia Peña\n", "cp1252", "2"),
        ("Nombre;Familia\nAna Caiza;Familia Caiza\nana caiza;familia caiza\n", "utf-8", "3"),
        ("Nombre;Familia\nRosa Quispe;Familia Quispe\n", "utf-8", "2"),
        ("Nombre;Teléfono\nLuis Ati;llámame\n", "utf-8", "2"),
    ],
    ids=["missing-column", "bad-encoding", "duplicate-in-file", "duplicate-existing", "bad-phone"],
)
def test_bad_csv_is_rejected_and_nothing_written(
    coop_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    encoding: str,
    needle: str,
) -> None:
    """Each bad file exits 65 with one line naming the file and row; nothing is imported."""
    csv = tmp_path / "malo.csv"
    csv.write_bytes(content.encode(encoding))
    before = people_names(capsys, coop_file)
    code, out, err = run(capsys, "people", "import", str(coop_file), str(csv))
    assert code == 65
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(csv) in err
    assert needle in err
    assert people_names(capsys, coop_file) == before


def test_skip_bad_imports_only_good_rows(
    coop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --skip-bad the good rows are imported and the bad ones reported by row."""
    csv = tmp_path / "mezcla.csv"
    csv.write_text("Nombre,Teléfono\nKilla Tipán,0990001112\nLuis Ati,llámame\n", encoding="utf-8")
    code, out, err = run(
        capsys, "people", "import", str(coop_file), str(csv), "--skip-bad", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["imported"] == 1
    assert [r["row"] for r in data["rejected"]] == [3]
    assert "Killa Tipán" in people_names(capsys, coop_file)
    assert "Luis Ati" not in people_names(capsys, coop_file)


def test_explicit_column_mapping(
    coop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--column maps a field to a header the guesser does not know."""
    csv = tmp_path / "raro.csv"
    csv.write_text("Socio/a,Lote\nNina Pilco,L-12\n", encoding="utf-8")
    code, _out, err = run(
        capsys,
        "people",
        "import",
        str(coop_file),
        str(csv),
        "--column",
        "name=Socio/a",
        "--column",
        "household=Lote",
    )
    assert code == 0, err
    assert "Nina Pilco" in people_names(capsys, coop_file)
