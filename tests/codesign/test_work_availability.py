"""Availability CSV import: every bad row named, nothing written unless the whole file is good."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from codesign.errors import BadInput, UnreadableFile
from codesign.work.availability import import_availability
from codesign.workspace import Workspace
from models.tables import Change
from models.work import Availability
from tests.codesign.work_setup import family


def count(ws: Workspace) -> tuple[int, int]:
    with ws.session() as session:
        rows = session.scalar(select(func.count()).select_from(Availability))
        changes = session.scalar(select(func.count()).select_from(Change))
    return int(rows or 0), int(changes or 0)


def test_good_file_with_spanish_headers_imports_weekdays_and_dates(
    coop: Workspace, tmp_path: Path
) -> None:
    """A `;` file with Spanish headers, weekday names and a date imports every row."""
    family(coop, "Familia Lema")
    family(coop, "Familia Peña")
    path = tmp_path / "disponibilidad.csv"
    path.write_text(
        "Familia;Día;Fecha;Desde;Hasta\n"
        "Familia Lema;sábado;;08:00;13:00\n"
        "familia peña;;2026-03-07;14:00;18:30\n"
        "Familia Lema;Domingo;;9h00;12:00\n",
        encoding="utf-8",
    )
    result, errors = import_availability(coop, path)
    assert errors == ()
    assert result is not None
    with coop.session() as session:
        rows = session.execute(
            select(Availability.weekday, Availability.on_date, Availability.from_minute)
        ).all()
    assert sorted((r[0] if r[0] is not None else -1, r[2]) for r in rows) == [
        (-1, 14 * 60),
        (5, 8 * 60),
        (6, 9 * 60),
    ]


def test_bad_rows_are_each_named_and_nothing_is_written(coop: Workspace, tmp_path: Path) -> None:
    """Unknown households and impossible times give one error per row with file and row."""
    family(coop, "Familia Lema")
    before = count(coop)
    path = tmp_path / "mal.csv"
    path.write_text(
        "household,weekday,from,to\n"
        "Familia Lema,monday,08:00,12:00\n"
        "Familia Inexistente,monday,08:00,12:00\n"
        "Familia Lema,tuesday,25:00,26:00\n"
        "Familia Lema,wednesday,14:00,09:00\n"
        "Familia Lema,funday,08:00,09:00\n",
        encoding="utf-8",
    )
    result, errors = import_availability(coop, path)
    assert result is None
    assert [e.row for e in errors] == [3, 4, 5, 6]
    assert all(str(path) in str(e) for e in errors)
    assert "Familia Inexistente" in str(errors[0])
    assert "25:00" in str(errors[1])
    assert count(coop) == before


def test_missing_columns_and_unreadable_file(coop: Workspace, tmp_path: Path) -> None:
    """A file without the needed columns is rejected (65); a missing file cannot be read (66)."""
    path = tmp_path / "cols.csv"
    path.write_text("nombre,telefono\nRosa,099\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        import_availability(coop, path)
    assert caught.value.exit_code == 65
    with pytest.raises(UnreadableFile):
        import_availability(coop, tmp_path / "no-such.csv")


def test_not_utf8_file_names_its_row(coop: Workspace, tmp_path: Path) -> None:
    """Latin-1 bytes in a UTF-8 read are rejected naming the row; nothing is written."""
    family(coop, "Familia Lema")
    before = count(coop)
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "household,weekday,from,to\nFamilia Peña,lunes,08:00,10:00\n".encode("latin-1")
    )
    with pytest.raises(BadInput) as caught:
        import_availability(coop, path)
    assert caught.value.row == 2
    assert count(coop) == before


def test_reimport_replaces_a_households_windows(coop: Workspace, tmp_path: Path) -> None:
    """Importing the corrected file again leaves one window, not two."""
    family(coop, "Familia Lema")
    path = tmp_path / "d.csv"
    path.write_text(
        "household,weekday,from,to\nFamilia Lema,monday,08:00,12:00\n", encoding="utf-8"
    )
    import_availability(coop, path)
    path.write_text(
        "household,weekday,from,to\nFamilia Lema,monday,09:00,12:00\n", encoding="utf-8"
    )
    import_availability(coop, path)
    with coop.session() as session:
        live = session.scalars(
            select(Availability.from_minute).where(Availability.deleted.is_(False))
        ).all()
    assert live == [9 * 60]
