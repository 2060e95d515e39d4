"""``minga cases import|search|export``: JSON keys and exit codes as DESIGN.md says."""

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
def coop_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new cooperative file (with its starter library)."""
    path = tmp_path / "c.minga"
    assert run(capsys, "init", str(path), "--name", "Cooperativa Uno")[0] == 0
    return path


def test_search_json(coop_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``cases search --json`` prints results with id, title, country and score, best first."""
    code, out, _err = run(capsys, "cases", "search", str(coop_path), "land trust", "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert results and set(results[0]) == {"id", "title", "country", "score"}
    assert results == sorted(results, key=lambda r: -r["score"])


def test_export_then_import_updates_nothing(
    coop_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exported package imports back with nothing new, nothing updated, nothing rejected."""
    out_zip = tmp_path / "cases.zip"
    assert run(capsys, "cases", "export", str(coop_path), "-o", str(out_zip))[0] == 0
    code, out, _err = run(capsys, "cases", "import", str(coop_path), str(out_zip), "--json")
    assert code == 0
    assert json.loads(out) == {"imported": 0, "updated": 0, "rejected": []}


def test_bad_rows_exit_65_and_import_nothing(
    coop_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV with one bad row exits 65, lists the row, and leaves the library as it was."""
    source = tmp_path / "cases.csv"
    source.write_text("id,title,country\nnew-one,New,UY\nnew-two,Bad,uruguay\n", encoding="utf-8")
    code, out, err = run(capsys, "cases", "import", str(coop_path), str(source), "--json")
    assert code == 65
    body = json.loads(out)
    assert body["imported"] == 0 and body["rejected"][0]["row"] == 3
    assert str(source) in err and err.count("\n") == 1
    _code, out, _err = run(capsys, "cases", "search", str(coop_path), "New", "--json")
    assert "new-one" not in out


def test_unreadable_source_exit_code(
    coop_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing source exits 66; a broken zip exits 65; each names the file."""
    code, _out, err = run(capsys, "cases", "import", str(coop_path), str(tmp_path / "no.zip"))
    assert code == 66 and "no.zip" in err
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    code, _out, err = run(capsys, "cases", "import", str(coop_path), str(broken))
    assert code == 65 and "broken.zip" in err


def test_import_needs_a_sign_in_once_roles_exist(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside set-up mode an import without --as exits 77; signed in it goes through."""
    args = ("people", "add", str(coop_path), "--name", "Ana Secretaria", "--roles", "secretary")
    assert run(capsys, *args)[0] == 0
    assert (
        run(capsys, "people", "set", str(coop_path), "Ana Secretaria", "passphrase=clave")[0] == 0
    )
    source = tmp_path / "cases.csv"
    source.write_text("id,title\nnew-one,New\n", encoding="utf-8")
    code, _out, err = run(capsys, "cases", "import", str(coop_path), str(source))
    assert code == 77 and str(coop_path) in err
    monkeypatch.setenv("MINGA_SIGNIN", "clave")
    code, out, _err = run(
        capsys, "cases", "import", str(coop_path), str(source), "--as", "Ana Secretaria", "--json"
    )
    assert code == 0 and json.loads(out)["imported"] == 1
