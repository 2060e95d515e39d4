"""Case attachments inside a Data Package: files under ``attachments/`` and a table naming them.

The ``attachments`` resource is a small CSV (case id, kind, name, media
type, path); the files themselves sit beside it in the package. Import reads
them while the package is open and keeps them with their cases; a file
already kept under the same name is replaced only when its bytes differ.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from codesign.cases.package import OpenedPackage, inside
from codesign.errors import BadInput
from codesign.journal.writer import Writer
from codesign.workspace import Workspace
from i18n import gettext as _
from models.cases import ATTACHMENT_KINDS, CaseAttachment, ReferenceCase

RESOURCE = "attachments"
CSV_NAME = "attachments.csv"
COLUMNS = ("case_id", "kind", "name", "media_type", "path")
SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "case_id", "type": "string", "constraints": {"required": True}},
        {"name": "kind", "type": "string", "constraints": {"enum": list(ATTACHMENT_KINDS)}},
        {"name": "name", "type": "string", "constraints": {"required": True}},
        {"name": "media_type", "type": "string"},
        {"name": "path", "type": "string", "constraints": {"required": True}},
    ]
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class AttachmentFile:
    """One attachment read from a package, for the case with package id ``slug``."""

    slug: str
    kind: str
    name: str
    media_type: str
    content: bytes


def resource() -> dict[str, Any]:
    """The descriptor entry of the attachments table."""
    return {
        "name": RESOURCE,
        "path": CSV_NAME,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": SCHEMA,
    }


def package_files(ws: Workspace, slugs: Iterable[str]) -> dict[str, bytes]:
    """The attachments of the cases ``slugs`` as package members (the table and the files)."""
    wanted = set(slugs)
    rows: list[tuple[str, ...]] = []
    files: dict[str, bytes] = {}
    with ws.session() as session:
        found = session.execute(
            select(ReferenceCase.slug, CaseAttachment)
            .join(CaseAttachment, CaseAttachment.case_id == ReferenceCase.id)
            .where(~CaseAttachment.deleted, ~ReferenceCase.deleted)
            .order_by(ReferenceCase.slug, CaseAttachment.name)
        )
        for slug, attachment in found:
            if slug not in wanted:
                continue
            safe = _UNSAFE.sub("_", attachment.name).strip("._") or "file"
            path = f"attachments/{slug}/{safe}"
            while path in files:
                path = f"attachments/{slug}/{uuid.uuid4().hex[:6]}-{safe}"
            files[path] = bytes(attachment.content or b"")
            rows.append((slug, attachment.kind, attachment.name, attachment.media_type, path))
    if not rows:
        return {}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return {CSV_NAME: out.getvalue().encode("utf-8"), **files}


def read_files(opened: OpenedPackage) -> tuple[AttachmentFile, ...]:
    """The attachments a package carries (none when it has no attachments table)."""
    entry = next(
        (
            r
            for r in opened.descriptor.get("resources", [])
            if isinstance(r, dict) and r.get("name") == RESOURCE
        ),
        None,
    )
    if entry is None:
        return ()
    table = inside(opened.folder, entry.get("path"), opened.source)
    try:
        text = table.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise BadInput(_("the attachments table cannot be read"), path=opened.source) from None
    found = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        kind = row.get("kind") or "document"
        path = inside(opened.folder, row.get("path"), opened.source)
        if kind not in ATTACHMENT_KINDS or not row.get("case_id") or not path.is_file():
            raise BadInput(
                _("attachment row {row} names a missing file or an unknown kind").format(
                    row=number
                ),
                path=opened.source,
            )
        found.append(
            AttachmentFile(
                str(row["case_id"]),
                kind,
                str(row.get("name") or path.name),
                str(row.get("media_type") or ""),
                path.read_bytes(),
            )
        )
    return tuple(found)


def store_files(
    w: Writer, case_ids: Mapping[str, uuid.UUID], files: Iterable[AttachmentFile]
) -> int:
    """Keep each file with its case (by package id); how many were added or replaced."""
    changed = 0
    for item in files:
        case_id = case_ids.get(item.slug)
        if case_id is None:
            continue
        existing = w.session.execute(
            select(CaseAttachment.id, CaseAttachment.content).where(
                CaseAttachment.case_id == case_id,
                CaseAttachment.name == item.name,
                ~CaseAttachment.deleted,
            )
        ).first()
        if existing is None:
            w.insert(
                "case_attachment",
                {
                    "case_id": case_id,
                    "kind": item.kind,
                    "name": item.name,
                    "media_type": item.media_type,
                    "content": item.content,
                },
            )
            changed += 1
        elif bytes(existing[1] or b"") != item.content:
            w.update("case_attachment", existing[0], {"content": item.content})
            changed += 1
    return changed
