"""Writing the library, or a selection of it, as a Frictionless Data Package.

The package is a folder or a ``.zip`` with ``datapackage.json`` and
``cases.csv``; the table schema travels inside the descriptor, so the
package validates on its own (``frictionless validate``) and any Minga can
import it again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from codesign.cases.attachments import package_files
from codesign.cases.attachments import resource as attachments_resource
from codesign.cases.fields import cell_text, field_names, schema
from codesign.cases.package import DESCRIPTOR, FORMAT_VERSION, RESOURCE
from codesign.errors import UnreadableFile, UsageError
from codesign.files import replacing
from codesign.workspace import Workspace
from i18n import gettext as _
from models.cases import ReferenceCase

CSV_NAME = "cases.csv"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """Where the package went and how many cases it holds."""

    path: Path
    cases: int


def case_records(ws: Workspace, ids: Iterable[uuid.UUID] | None = None) -> list[dict[str, Any]]:
    """Live cases as exchange-format records (``id`` is the package id), by title."""
    stmt = select(ReferenceCase).where(ReferenceCase.deleted.is_(False))
    if ids is not None:
        stmt = stmt.where(ReferenceCase.id.in_(list(ids)))
    records = []
    seen: set[str] = set()
    with ws.session() as session:
        for case in session.scalars(stmt.order_by(ReferenceCase.title, ReferenceCase.id)):
            if case.slug in seen:  # two laptops imported the same case before syncing
                continue
            seen.add(case.slug)
            record = {name: getattr(case, name, None) for name in field_names() if name != "id"}
            records.append({"id": case.slug, **record})
    return records


def csv_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    """The ``cases.csv`` of a package: every schema column, UTF-8, comma-separated."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    names = field_names()
    writer.writerow(names)
    for record in records:
        writer.writerow([cell_text(record.get(name)) for name in names])
    return out.getvalue().encode("utf-8")


def descriptor(count: int, *, name: str = "minga-reference-cases") -> dict[str, Any]:
    """The ``datapackage.json`` of an exported library."""
    table_schema = {k: v for k, v in schema().items() if not k.startswith("$")}
    return {
        "name": name,
        "title": "Minga reference cases",
        "profile": "tabular-data-package",
        "minga_format": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "description": f"{count} reference cases of housing and school cooperatives.",
        "resources": [
            {
                "name": RESOURCE,
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema,
            }
        ],
    }


def package_members(
    ws: Workspace, ids: Iterable[uuid.UUID] | None = None
) -> tuple[dict[str, bytes], int]:
    """Every file of the package by its path inside it (the descriptor last), and the cases."""
    records = case_records(ws, ids)
    members = {CSV_NAME: csv_bytes(records)}
    extra = package_files(ws, (r["id"] for r in records))
    members.update(extra)
    body = descriptor(len(records))
    if extra:
        body["resources"].append(attachments_resource())
    members[DESCRIPTOR] = orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n"
    return members, len(records)


def export_cases(
    ws: Workspace, out: Path, *, ids: Iterable[uuid.UUID] | None = None
) -> ExportResult:
    """Write the package to ``out`` (a ``.zip``, or a new or empty folder)."""
    members, count = package_members(ws, ids)
    try:
        if out.suffix.lower() == ".zip":
            _write_zip(out, members)
        else:
            if out.exists() and (not out.is_dir() or any(out.iterdir())):
                raise UsageError(
                    _("choose a new or empty folder, or a name ending in .zip"), path=out
                )
            for name, data in members.items():
                target = out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    except OSError as error:
        raise UnreadableFile(
            _("cannot write the package: {reason}").format(reason=error.strerror or error),
            path=out,
        ) from None
    return ExportResult(out, count)


def _write_zip(out: Path, members: dict[str, bytes]) -> None:
    """Write next to ``out`` first, so a failure never leaves half a zip."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        replacing(out) as partial,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, data in members.items():
            archive.writestr(name, data)
