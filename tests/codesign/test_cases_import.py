"""Reference-case packages: import, update by id, an export that validates, bad packages."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from frictionless import validate
from sqlalchemy import func, select

from codesign.cases.export import export_cases
from codesign.cases.fields import SCHEMA_PATH, STARTER_DIR, field_names
from codesign.cases.importer import import_cases, import_source, read_cases_csv, read_package
from codesign.errors import BadInput, MingaError
from codesign.workspace import Workspace
from models.cases import ReferenceCase
from models.tables import Change

SHARED_SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def case_row(slug: str, title: str, **extra: str) -> dict[str, str]:
    """A full exchange-format row with every column present."""
    row = dict.fromkeys(field_names(), "")
    row.update(id=slug, title=title, **extra)
    return row


def write_package(folder: Path, rows: list[dict[str, str]], **descriptor: object) -> Path:
    """A package folder with ``cases.csv`` and the schema inline."""
    folder.mkdir(parents=True, exist_ok=True)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, field_names(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "cases.csv").write_text(out.getvalue(), encoding="utf-8")
    table_schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    table_schema.pop("$comment", None)
    body = {
        "name": "colleague-cases",
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": "cases",
                "path": "cases.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "schema": table_schema,
            }
        ],
        **descriptor,
    }
    (folder / "datapackage.json").write_text(json.dumps(body), encoding="utf-8")
    return folder


def case_count(ws: Workspace) -> int:
    """Live cases in the file."""
    with ws.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(ReferenceCase).where(~ReferenceCase.deleted)
            )
            or 0
        )


def change_count(ws: Workspace) -> int:
    """Changes in the journal."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_schema_copy_matches_the_shared_schema() -> None:
    """The schema shipped in the package is byte for byte the shared exchange schema."""
    shared = SHARED_SCHEMA / "reference-case.schema.json"
    if not shared.exists() and not os.environ.get("CI"):  # CI always has shared/ beside it
        pytest.skip("shared/ is not beside this clone")
    assert SCHEMA_PATH.read_bytes() == shared.read_bytes()
    assert (STARTER_DIR / "reference-case.schema.json").read_bytes() == shared.read_bytes()


def test_starter_library_is_in_a_new_file_and_validates(coop: Workspace) -> None:
    """A new file holds at least 15 starter cases, and the starter package validates."""
    assert case_count(coop) >= 15
    report = validate(str(STARTER_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    with coop.session() as session:
        slugs = set(session.scalars(select(ReferenceCase.slug)))
        la_borda = session.scalars(
            select(ReferenceCase).where(ReferenceCase.slug == "la-borda-barcelona")
        ).one()
    assert {"fucvam-uruguay", "alianza-solidaria-quito", "cano-martin-pena"} <= slugs
    assert la_borda.households == 28
    assert la_borda.title_es and la_borda.description_pt and la_borda.lessons_es
    assert la_borda.license == "CC-BY-SA-4.0"


def test_import_then_reimport_updates_without_duplicates(coop: Workspace, tmp_path: Path) -> None:
    """Importing a package twice adds its cases once; a changed case is updated in place."""
    before = case_count(coop)
    rows = [case_row("coop-a", "Coop A", country="UY"), case_row("coop-b", "Coop B")]
    preview, errors = read_package(write_package(tmp_path / "p1", rows))
    assert errors == ()
    first = import_cases(coop, preview.rows, origin="p1")
    assert (first.imported, first.updated) == (2, 0)
    rows[1]["households"] = "40"
    preview, errors = read_package(write_package(tmp_path / "p2", rows))
    second = import_cases(coop, preview.rows, origin="p2")
    assert (second.imported, second.updated, second.unchanged) == (0, 1, 1)
    assert case_count(coop) == before + 2
    with coop.session() as session:
        b = session.scalars(select(ReferenceCase).where(ReferenceCase.slug == "coop-b")).one()
    assert b.households == 40


def test_export_validates_and_imports_back(coop: Workspace, tmp_path: Path) -> None:
    """The exported zip and folder validate with frictionless and re-import changing nothing."""
    zipped = export_cases(coop, tmp_path / "out.zip")
    folder = export_cases(coop, tmp_path / "out")
    assert zipped.cases == folder.cases == case_count(coop)
    assert validate(str(tmp_path / "out" / "datapackage.json")).valid
    preview, errors = read_package(tmp_path / "out.zip")
    assert errors == () and len(preview.rows) == zipped.cases
    again = import_cases(coop, preview.rows)
    assert (again.imported, again.updated) == (0, 0)


def test_selection_export_holds_only_the_chosen(coop: Workspace, tmp_path: Path) -> None:
    """Exporting a selection writes only those cases."""
    with coop.session() as session:
        ids = list(session.scalars(select(ReferenceCase.id).limit(3)))
    assert export_cases(coop, tmp_path / "sel.zip", ids=ids).cases == 3


def test_bad_rows_are_reported_per_row_and_field(coop: Workspace, tmp_path: Path) -> None:
    """Each bad field of each bad row is named; good rows stay importable."""
    rows = [
        case_row("ok-one", "Good"),
        case_row("bad-one", "Bad", country="uy", households="many"),
        case_row("ok-one", "Duplicate"),
        case_row("Bad Id", ""),
    ]
    preview, errors = read_package(write_package(tmp_path / "p", rows))
    assert [r.slug for r in preview.rows] == ["ok-one"]
    found = {(e.row, e.field) for e in errors}
    assert {(3, "country"), (3, "households"), (4, "id"), (5, "id"), (5, "title")} <= found


def broken_sources(tmp_path: Path) -> dict[str, Path]:
    """One source per kind of broken package."""
    good = write_package(tmp_path / "good", [case_row("a-case", "A case")])
    made: dict[str, Path] = {}
    archive = tmp_path / "good.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("datapackage.json", "cases.csv"):
            zf.write(good / name, name)
    data = archive.read_bytes()
    made["truncated zip"] = tmp_path / "cut.zip"
    made["truncated zip"].write_bytes(data[: len(data) // 2])
    made["not a zip"] = tmp_path / "fake.zip"
    made["not a zip"].write_bytes(b"this is plain text, not a zip")
    missing = write_package(tmp_path / "missing", [case_row("a-case", "A")])
    (missing / "cases.csv").unlink()
    made["missing resource"] = missing
    no_cases = write_package(tmp_path / "nocases", [case_row("a-case", "A")])
    body = json.loads((no_cases / "datapackage.json").read_text())
    body["resources"][0]["name"] = "other"
    (no_cases / "datapackage.json").write_text(json.dumps(body))
    made["no cases resource"] = no_cases
    wrong = write_package(tmp_path / "wrong", [case_row("a-case", "A")])
    body = json.loads((wrong / "datapackage.json").read_text())
    body["resources"][0]["schema"]["fields"][22]["type"] = "string"  # households
    (wrong / "datapackage.json").write_text(json.dumps(body))
    made["wrong schema"] = wrong
    newer = write_package(tmp_path / "newer", [case_row("a-case", "A")], minga_format=2)
    made["newer format"] = newer
    unknown = write_package(
        tmp_path / "unknown", [case_row("a-case", "A")], profile="https://example.org/v9.json"
    )
    made["unknown profile"] = unknown
    latin = write_package(tmp_path / "latin", [case_row("a-case", "Caño Martín")])
    text = (latin / "cases.csv").read_text(encoding="utf-8")
    (latin / "cases.csv").write_bytes(text.encode("latin-1"))
    made["bad encoding"] = latin
    not_json = tmp_path / "nojson" / "datapackage.json"
    not_json.parent.mkdir()
    not_json.write_text("{not json", encoding="utf-8")
    made["descriptor not json"] = not_json
    invalid = write_package(tmp_path / "invalid", [case_row("a-case", "A")])
    body = json.loads((invalid / "datapackage.json").read_text())
    del body["resources"][0]["profile"]
    (invalid / "datapackage.json").write_text(json.dumps(body))
    made["descriptor frictionless refuses"] = invalid
    return made


def test_bad_packages_are_refused_and_nothing_changes(coop: Workspace, tmp_path: Path) -> None:
    """Each kind of broken package raises a clear error naming the source; nothing changes."""
    before = (case_count(coop), change_count(coop))
    for kind, source in broken_sources(tmp_path).items():
        with pytest.raises(MingaError) as caught:
            import_source(coop, source)
        assert str(source) in str(caught.value), kind
        assert caught.value.reason, kind
    assert (case_count(coop), change_count(coop)) == before


def test_newer_format_message_says_to_update(tmp_path: Path) -> None:
    """A package from a newer Minga says which format it is and what to do."""
    source = write_package(tmp_path / "n", [case_row("a", "A")], minga_format=7)
    with pytest.raises(BadInput) as caught:
        read_package(source)
    assert "7" in str(caught.value)


def test_csv_with_a_column_mapping(coop: Workspace, tmp_path: Path) -> None:
    """A CSV with its own headers imports through a field → header mapping."""
    path = tmp_path / "lista.csv"
    path.write_text(
        "Código;Nombre;País;Familias\nx-1;Cooperativa X;UY;30\nx-2;;AR;diez\n", encoding="utf-8"
    )
    mapping = {"id": "Código", "title": "Nombre", "country": "País", "households": "Familias"}
    preview, errors = read_cases_csv(path, mapping)
    assert [r.slug for r in preview.rows] == ["x-1"]
    assert {(e.row, e.field) for e in errors} == {(3, "title"), (3, "households")}
    guessed, _errors = read_cases_csv(path)
    assert [r.slug for r in guessed.rows] == ["x-1"]
    result = import_cases(coop, preview.rows)
    assert result.imported == 1


def test_attachments_travel_with_the_package(coop: Workspace, tmp_path: Path) -> None:
    """A case's plan goes out in the exported package and comes back into another file."""
    from codesign.cases.queries import attachment_content, case_detail
    from codesign.cases.service import add_attachment
    from codesign.cooperative import create_cooperative

    plan = tmp_path / "planta baja.geojson"
    plan.write_bytes(b'{"type": "FeatureCollection", "features": []}')
    with coop.session() as session:
        case_id = session.scalars(
            select(ReferenceCase.id).where(ReferenceCase.slug == "la-borda-barcelona")
        ).one()
    add_attachment(coop, case_id, plan)
    export_cases(coop, tmp_path / "out.zip")
    export_cases(coop, tmp_path / "out")
    assert validate(str(tmp_path / "out" / "datapackage.json")).valid
    other = create_cooperative(tmp_path / "other.minga", name="Otra")
    try:
        preview, errors = read_package(tmp_path / "out.zip")
        assert errors == () and len(preview.attachments) == 1
        result = import_cases(other, preview.rows, attachments=preview.attachments)
        assert result.write is not None and result.imported == 0
        with other.session() as session:
            target = session.scalars(
                select(ReferenceCase.id).where(ReferenceCase.slug == "la-borda-barcelona")
            ).one()
        detail = case_detail(other, target)
        assert [a.name for a in detail.attachments] == ["planta baja.geojson"]
        assert attachment_content(other, detail.attachments[0].id) == plan.read_bytes()
        again = import_cases(other, preview.rows, attachments=preview.attachments)
        assert again.write is None
    finally:
        other.close()
