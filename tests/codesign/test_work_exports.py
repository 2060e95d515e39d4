"""iCalendar text, the roster PDF and the demo's mingas: read back, not just written."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import icalendar
from sqlalchemy import func, select

from codesign.cooperative import counts
from codesign.demo import make_demo
from codesign.work import ics
from codesign.work.attendance import assign_manually
from codesign.work.balances import balances
from codesign.work.exports import export
from codesign.workspace import Workspace, open_workspace
from models.tables import Change
from models.work import Assignment, Commission
from tests.codesign.work_setup import MONDAY, commission, day, family, shift


def test_long_texts_are_folded_and_escaped_and_read_back_unchanged(
    coop: Workspace, tmp_path: Path
) -> None:
    """Commas, semicolons, accents and long names survive folding at 75 octets."""
    name = "Familia Quishpe Guamán; Señora de los Ángeles, Tránsito " + "ñ" * 40
    lema = family(coop, name)
    comm = commission(coop, "Limpieza, cocina; huertos y más ángulos de la casa comunal")
    s = shift(coop, day(coop, MONDAY, place="Casa comunal, patio"), comm, "08:00", "12:00")
    assign_manually(coop, s, lema.household, lema.person)
    out = tmp_path / "familia.ics"
    export(coop, out, MONDAY, MONDAY, household=lema.household)
    raw = out.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert (
        str(event["SUMMARY"]) == "Minga: Limpieza, cocina; huertos y más ángulos de la casa comunal"
    )
    assert str(event["LOCATION"]) == "Casa comunal, patio"
    assert name in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 2, 8, 0)


def test_fold_never_splits_a_character() -> None:
    """Each folded piece is valid UTF-8 and joining them gives the line back."""
    line = "DESCRIPTION:" + "áéíóúñ" * 30
    pieces = list(ics.fold(line))
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == line


def test_roster_pdf_names_the_people_and_the_task_cards(coop: Workspace, tmp_path: Path) -> None:
    """The roster PDF lists the person on the day and prints the task's card."""
    from codesign.work.planning import add_task

    lema = family(coop, "Familia Lema")
    s = shift(coop, day(coop, MONDAY), commission(coop, "Huertos"), "08:00", "12:00")
    assign_manually(coop, s, lema.household, lema.person)
    add_task(coop, description="Sembrar las camas del huerto norte", shift=s)
    out = tmp_path / "turnos.pdf"
    export(coop, out, MONDAY, MONDAY)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Titular Familia Lema" in text
    assert "Fichas de tareas" in text
    assert "Sembrar las camas del huerto norte" in text


def test_small_demo_has_mingas_in_spanish_journaled(tmp_path: Path) -> None:
    """The demo adds 12 commissions, work days, shifts and attendance, all journaled."""
    path = tmp_path / "demo.minga"
    summary = make_demo(path, households=48, years=2, seed=5)
    assert summary["shifts"] == 5 * summary["work_days"]
    assert summary["attendance"] > 1000
    ws = open_workspace(path)
    try:
        info = counts(ws)
        assert info["work_days"] == summary["work_days"]
        assert info["shifts"] == summary["shifts"]
        with ws.session() as session:
            names = set(session.scalars(select(Commission.name)))
            journaled = session.scalar(
                select(func.count()).select_from(Change).where(Change.entity == "assignment")
            )
            records = session.scalar(select(func.count()).select_from(Assignment))
        assert len(names) == 12 and "Construcción" in names
        assert journaled == records == summary["attendance"]
        states = {b.state for b in balances(ws)}
        assert "ok" in states
    finally:
        ws.close()
