"""minga work schedule/balance/export and minga report work: JSON shapes, files, exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest

from tests.codesign.test_cli import run, run_json


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A small demo cooperative file with years of mingas."""
    path = tmp_path / "demo.minga"
    code, _out, err = run(capsys, "demo", str(path), "--households", "48", "--years", "1")
    assert code == 0, err
    return path


def coordinator(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    people = run_json(capsys, "people", "list", str(path))["people"]
    assert isinstance(people, list)
    return next(p["name"] for p in people if "coordinator" in p["roles"])


def monday() -> str:
    today = dt.date.today()
    return (today + dt.timedelta(days=7 - today.weekday())).isoformat()


def test_schedule_needs_the_coordinator_then_prints_the_contract_keys(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --as the roster is refused (77); as coordinator it prints the DESIGN.md keys."""
    args = ("work", "schedule", str(demo), "--from", monday(), "--weeks", "4", "--time-limit", "1")
    code, _out, err = run(capsys, *args)
    assert code == 77
    assert str(demo) in err
    monkeypatch.setenv("MINGA_SIGNIN", "demo")
    data = run_json(capsys, *args, "--as", coordinator(capsys, demo))
    assert set(data) == {"shifts", "assigned", "unfilled", "max_deviation_hours", "seconds"}
    assert data["shifts"] > 0
    assert data["assigned"] > 0
    assert isinstance(data["unfilled"], list)


def test_balance_prints_every_household(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """balance --json lists each household with owed, worked and balance hours that add up."""
    data = run_json(capsys, "work", "balance", str(demo))
    rows = data["households"]
    assert isinstance(rows, list)
    assert len(rows) == 48
    for row in rows:
        assert {"household", "name", "owed_hours", "worked_hours", "balance_hours"} <= set(row)
        assert row["balance_hours"] == pytest.approx(
            row["worked_hours"] - row["owed_hours"], abs=0.02
        )
    code, _out, _err = run(capsys, "work", "balance", str(demo), "--period", "2026-13")
    assert code == 2


def test_ics_uids_are_stable_across_exports(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two exports of the same dates parse back with the same UIDs, one per assignment."""
    start = (dt.date.today() - dt.timedelta(days=60)).isoformat()
    end = dt.date.today().isoformat()
    uids = []
    for name in ("a.ics", "b.ics"):
        out = tmp_path / name
        data = run_json(
            capsys, "work", "export", str(demo), "-o", str(out), "--from", start, "--to", end
        )
        calendar = icalendar.Calendar.from_ical(out.read_bytes())
        events = list(calendar.walk("VEVENT"))
        assert len(events) > 0
        uids.append([str(e["UID"]) for e in events])
        assert data["format"] == "ics"
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == len(uids[0])
    assert all(u.startswith("shift-") for u in uids[0])
    rows = json.loads(run(capsys, "work", "balance", str(demo), "--json")[1])["households"]
    household = rows[0]["household"]
    out = tmp_path / "hogar.ics"
    run_json(
        capsys,
        "work",
        "export",
        str(demo),
        "-o",
        str(out),
        "--from",
        start,
        "--to",
        end,
        "--household",
        household,
    )
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert all(str(e["UID"]).startswith("assignment-") for e in events)


def test_csv_uses_semicolons_and_bom_for_decimal_comma_locales(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """es_EC writes decimal commas: the CSV has a BOM, `;` and hours such as 4,00."""
    out = tmp_path / "turnos.csv"
    start = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    run_json(capsys, "work", "export", str(demo), "-o", str(out), "--from", start)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][0] == "Fecha"
    assert any("," in row[11] for row in rows[1:])


def test_pdf_roster_and_work_report(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The roster PDF and the work report are real PDFs with pages."""
    roster = tmp_path / "turnos.pdf"
    start = (dt.date.today() - dt.timedelta(days=14)).isoformat()
    run_json(capsys, "work", "export", str(demo), "-o", str(roster), "--from", start)
    assert roster.read_bytes().startswith(b"%PDF")
    report = tmp_path / "trabajo.pdf"
    data = run_json(capsys, "report", str(demo), "work", "-o", str(report))
    assert report.read_bytes().startswith(b"%PDF")
    assert int(data["pages"]) >= 3  # type: ignore[call-overload]


def test_export_bad_suffix_and_missing_folder(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown suffix is a usage error (2); a missing folder is bad input (65)."""
    assert run(capsys, "work", "export", str(demo), "-o", str(tmp_path / "x.doc"))[0] == 2
    code, _out, err = run(capsys, "work", "export", str(demo), "-o", str(tmp_path / "no" / "x.csv"))
    assert code == 65
    assert "no" in err


def test_availability_import_reports_each_bad_row(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV with two bad rows prints two lines naming file and row, exits 65."""
    bad = tmp_path / "disp.csv"
    bad.write_text(
        "familia,dia,desde,hasta\nNadie,lunes,08:00,10:00\nOtro,martes,8:00,99:00\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MINGA_SIGNIN", "demo")
    who = coordinator(capsys, demo)
    code, _out, err = run(capsys, "work", "availability", str(demo), str(bad), "--as", who)
    assert code == 65
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert all(str(bad) in line for line in lines)


def test_schedule_explain_prints_each_households_line(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--explain adds one line per household with hours owed, availability and shifts."""
    monkeypatch.setenv("MINGA_SIGNIN", "demo")
    who = coordinator(capsys, demo)
    code, out, err = run(
        capsys,
        "work",
        "schedule",
        str(demo),
        "--from",
        monday(),
        "--weeks",
        "2",
        "--greedy",
        "--explain",
        "--as",
        who,
    )
    assert code == 0, err
    lines = out.strip().splitlines()
    households = [line for line in lines if line.startswith("Familia ")]
    assert len(households) == 48
    assert all("adeuda" in line and "disponible" in line for line in households)
