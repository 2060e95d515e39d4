"""Importing reference cases: read and check first, then write every good row at once.

Reading never writes: ``read_package`` and ``read_cases_csv`` return the
good rows and the reason for each bad field of each bad row. The command
line refuses the whole file when any row is bad; the window imports the good
rows when the user agrees. A case whose id is already in the library is
updated, never copied. Row numbers are the ones a spreadsheet shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.cases.attachments import AttachmentFile, read_files, store_files
from codesign.cases.fields import FieldError, check_row, field_names
from codesign.cases.fts import ensure_index
from codesign.cases.package import OpenedPackage, open_package
from codesign.errors import BadInput
from codesign.journal.writer import WriteResult
from codesign.people.csv_import import _read_text, _records, _sniff, check_mapping, guess_columns
from codesign.workspace import Workspace
from i18n import gettext as _
from models.backup import backup_file
from models.cases import ReferenceCase
from models.ids import uuid7

Progress = Callable[[int, int], None]
CHUNK = 500
# Header words for a CSV that does not use the schema's names (es, pt, en).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "identificador", "codigo", "code", "slug"),
    "title": ("title", "titulo", "nombre", "name", "nome", "case", "caso"),
    "description": ("description", "descripcion", "descricao", "resumen", "summary", "resumo"),
    "country": ("country", "pais", "country code", "codigo pais"),
    "city": ("city", "ciudad", "cidade", "localidad"),
    "latitude": ("latitude", "latitud", "lat"),
    "longitude": ("longitude", "longitud", "lon", "lng"),
    "start_date": ("start date", "start", "inicio", "fecha de inicio", "ano", "year"),
    "households": ("households", "familias", "hogares", "viviendas", "units", "homes", "unidades"),
    "people": ("people", "personas", "pessoas", "habitantes", "residents"),
    "tenure": ("tenure", "tenencia", "regimen", "posse"),
    "tags": ("tags", "etiquetas", "keywords", "palabras clave"),
    "sources": ("sources", "fuentes", "fontes", "url", "link", "links", "enlace"),
    "lessons": ("lessons", "lecciones", "licoes", "aprendizajes"),
    "license": ("license", "licence", "licencia", "licenca"),
}


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One good row: the case's values under the schema's names."""

    row: int
    values: Mapping[str, Any]

    @property
    def slug(self) -> str:
        """The case's stable id in packages."""
        return str(self.values["id"])


@dataclass(frozen=True, slots=True)
class CasePreview:
    """What a file would import: the good rows, and how many rows it had."""

    source: str
    rows: tuple[CaseRow, ...]
    total: int
    attachments: tuple[AttachmentFile, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseImportResult:
    """What an import changed."""

    imported: int
    updated: int
    unchanged: int
    write: WriteResult | None


def _check_rows(
    records: Iterable[tuple[int, Mapping[str, str]]], progress: Progress | None, total: int
) -> tuple[list[CaseRow], list[FieldError], int]:
    good: list[CaseRow] = []
    errors: list[FieldError] = []
    seen: dict[str, int] = {}
    count = 0
    for count, (number, cells) in enumerate(records, start=1):
        values, bad = check_row(number, cells)
        if values is not None and values["id"] in seen:
            reason = _("the id {id} is also in row {other}").format(
                id=values["id"], other=seen[values["id"]]
            )
            bad, values = (FieldError(number, "id", reason),), None
        if values is None:
            errors.extend(bad)
        else:
            seen[values["id"]] = number
            good.append(CaseRow(number, values))
        if progress is not None and count % CHUNK == 0:
            progress(count, total)
    return good, errors, count


def _table(path: Path, encoding: str, delimiter: str | None) -> tuple[int, list[str], list[Any]]:
    text, _used = _read_text(path, encoding)
    records = list(_records(path, text, delimiter or _sniff(text)))
    rows = [(n, cells) for n, cells in records if any(cells)]
    if not rows:
        raise BadInput(_("the file is empty"), path=path)
    header_row, header = rows[0]
    return header_row, header, rows[1:]


def _frictionless_errors(opened: OpenedPackage) -> list[FieldError]:
    """Frictionless's verdict on the package; problems not tied to a row refuse it whole."""
    from frictionless import FrictionlessException, Package, system

    try:
        with system.use_context(trusted=False):
            report = Package(opened.descriptor_path).validate()
    except FrictionlessException as error:
        raise BadInput(
            _("the package does not validate: {reason}").format(reason=error.error.message),
            path=opened.source,
        ) from None
    found: list[FieldError] = []
    for task in report.tasks:
        for problem in task.errors:
            row = getattr(problem, "row_number", None)
            if row is None:
                raise BadInput(
                    _("the package does not validate: {reason}").format(reason=problem.message),
                    path=opened.source,
                )
            field = getattr(problem, "field_name", None) or "id"
            found.append(FieldError(int(row), str(field), str(problem.note or problem.message)))
    return found


def read_package(
    source: Path, *, progress: Progress | None = None
) -> tuple[CasePreview, tuple[FieldError, ...]]:
    """The good rows of a Data Package and the reason for each bad field; nothing is written."""
    with open_package(source) as opened:
        header_row, header, body = _table(opened.csv_path, opened.encoding, opened.delimiter)
        if "id" not in header or "title" not in header:
            raise BadInput(
                _("the cases table needs the columns id and title"), path=source, row=header_row
            )
        records = ((n, dict(zip(header, cells, strict=False))) for n, cells in body)
        good, errors, total = _check_rows(records, progress, len(body))
        extra = _frictionless_errors(opened)
        files = read_files(opened)
    flagged = {e.row for e in errors}
    errors.extend(e for e in extra if e.row not in flagged)
    bad_rows = {e.row for e in errors}
    kept = tuple(r for r in good if r.row not in bad_rows)
    errors.sort(
        key=lambda e: (e.row, field_names().index(e.field) if e.field in field_names() else 0)
    )
    if progress is not None:
        progress(total, total)
    return CasePreview(str(source), kept, total, files), tuple(errors)


def guess_case_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Field → header: the schema's own names first, then words we recognise."""
    headers = tuple(headers)
    exact = {h: h for h in headers if h in field_names()}
    guessed = guess_columns(
        [h for h in headers if h not in exact],
        SYNONYMS,
        [f for f in field_names() if f not in exact],
    )
    return {**exact, **guessed}


def csv_headers(path: Path, *, encoding: str = "utf-8") -> tuple[str, ...]:
    """A CSV's column names, to choose a mapping."""
    _row, header, _body = _table(path, encoding, None)
    return tuple(header)


def read_cases_csv(
    path: Path,
    mapping: Mapping[str, str] | None = None,
    *,
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> tuple[CasePreview, tuple[FieldError, ...]]:
    """The good rows of a CSV whose columns ``mapping`` names (field → header)."""
    header_row, header, body = _table(path, encoding, None)
    headers = tuple(header)
    chosen = guess_case_mapping(headers) if mapping is None else dict(mapping)
    used = check_mapping(
        path,
        headers,
        chosen,
        header_row,
        fields=field_names(),
        required=(("id",), ("title",)),
        labels={name: name for name in field_names()},
    )
    position = {h: i for i, h in enumerate(headers)}

    def cells_of(cells: list[str]) -> dict[str, str]:
        return {f: cells[position[h]] if position[h] < len(cells) else "" for f, h in used.items()}

    records = ((n, cells_of(cells)) for n, cells in body)
    good, errors, total = _check_rows(records, progress, len(body))
    if progress is not None:
        progress(total, total)
    return CasePreview(str(path), tuple(good), total), tuple(errors)


def _db_values(values: Mapping[str, Any], origin: str) -> dict[str, Any]:
    row = {name: value for name, value in values.items() if name != "id"}
    row["slug"] = values["id"]
    row["origin"] = origin
    return row


def _known_cases(session: Any) -> dict[str, dict[str, Any]]:
    """Every case by package id; a live row wins over a removed one with the same id."""
    known: dict[str, dict[str, Any]] = {}
    for record in session.execute(select(*ReferenceCase.__table__.columns)).mappings():
        if record["slug"] not in known or not record["deleted"]:
            known[record["slug"]] = dict(record)
    return known


def _changed_fields(old: Mapping[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The fields an update of ``old`` by ``values`` really changes (a removed case comes back)."""
    values["deleted"] = False
    if old["origin"]:
        values["origin"] = old["origin"]  # where a case first came from stays
    columns = ReferenceCase.__table__.columns
    return {k: v for k, v in values.items() if k in columns and old.get(k) != v}


def import_cases(
    ws: Workspace,
    rows: Iterable[CaseRow],
    *,
    origin: str = "",
    progress: Progress | None = None,
    backup: bool = True,
    attachments: Iterable[AttachmentFile] = (),
) -> CaseImportResult:
    """Add new cases and update known ones (found by id) in one change; all or nothing.

    ``attachments`` are kept with the imported cases they name.
    """
    require(ws, Action.EDIT_CASES)
    rows = tuple(rows)
    if not rows:
        raise BadInput(_("there are no rows to import"), path=ws.label)
    ensure_index(ws.db.engine)
    if backup and ws.path is not None:
        backup_file(ws.path, "before-cases-import")
    updated = unchanged = 0
    with ws.write(_("Import reference cases")) as w:
        known = _known_cases(w.session)
        case_ids: dict[str, uuid.UUID] = {}
        new_rows: list[dict[str, Any]] = []
        for done, row in enumerate(rows, start=1):
            values = _db_values(row.values, origin)
            old = known.get(row.slug)
            if old is None and row.slug in case_ids:  # the same id twice in hand-made rows
                unchanged += 1
            elif old is None:
                values["id"] = case_ids[row.slug] = uuid7()
                new_rows.append(values)
            else:
                case_ids[row.slug] = uuid.UUID(str(old["id"]))
                changed = _changed_fields(old, values)
                if changed:
                    w.update("reference_case", case_ids[row.slug], changed)
                updated += bool(changed)
                unchanged += not changed
            if progress is not None and done % CHUNK == 0:
                progress(done, len(rows))
        w.insert_many("reference_case", new_rows)
        files = store_files(w, case_ids, attachments)
    if progress is not None:
        progress(len(rows), len(rows))
    changes = len(new_rows) + updated + files
    return CaseImportResult(len(new_rows), updated, unchanged, w.result() if changes else None)


def import_source(
    ws: Workspace, source: Path, *, progress: Progress | None = None
) -> tuple[CaseImportResult | None, tuple[FieldError, ...]]:
    """Import a package or a CSV with guessed columns; with any bad row, nothing (CLI rule)."""
    if source.suffix.lower() == ".csv":
        preview, errors = read_cases_csv(source, progress=progress)
    else:
        preview, errors = read_package(source, progress=progress)
    if errors:
        return None, errors
    result = import_cases(
        ws, preview.rows, origin=source.name, progress=progress, attachments=preview.attachments
    )
    return result, ()
