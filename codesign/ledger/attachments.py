"""Attachments: scanned receipts and invoices kept with the transactions they prove.

The bytes are stored once per content (a blob named by its SHA-256), so the
same scan attached twice takes no more room; reading checks the hash again.
"""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput, CheckFailed, NotFound, UnreadableFile
from codesign.files import check_folder, write_atomic
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.finance import Attachment, Blob
from models.ledger import LedgerTransaction

MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    """An attached file as the window lists it."""

    id: uuid.UUID
    blob: uuid.UUID
    name: str
    mime: str
    size: int
    sha256: str


def attach_bytes(
    ws: Workspace, transaction: uuid.UUID, *, name: str, data: bytes, mime: str = ""
) -> tuple[WriteResult, uuid.UUID]:
    """Attach ``data`` (a file called ``name``) to a transaction; return the attachment id."""
    require(ws, Action.POST_LEDGER)
    if not data:
        raise BadInput(_("the file {name} is empty").format(name=name), path=ws.label)
    if len(data) > MAX_BYTES:
        raise BadInput(_("the file {name} is larger than 25 MB").format(name=name), path=ws.label)
    digest = hashlib.sha256(data).hexdigest()
    kind = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    with ws.write(_("Attach a file")) as w:
        if w.session.get(LedgerTransaction, transaction) is None:
            raise NotFound(_("no transaction {ref}").format(ref=transaction), path=ws.label)
        blob = w.session.scalar(select(Blob.id).where(Blob.sha256 == digest).limit(1))
        if blob is None:
            blob = w.insert(
                "blob",
                {"sha256": digest, "mime": kind, "name": name, "size": len(data), "data": data},
            )
        attachment = w.insert("attachment", {"transaction_id": transaction, "blob_id": blob})
    return w.result(), attachment


def attach_file(ws: Workspace, transaction: uuid.UUID, path: Path) -> tuple[WriteResult, uuid.UUID]:
    """Attach the file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error), path=path) from None
    return attach_bytes(ws, transaction, name=Path(path).name, data=data)


def list_attachments(ws: Workspace, transaction: uuid.UUID) -> tuple[AttachmentRecord, ...]:
    """The files attached to a transaction, oldest first."""
    query = (
        select(Attachment.id, Blob.id, Blob.name, Blob.mime, Blob.size, Blob.sha256)
        .join(Blob, Blob.id == Attachment.blob_id)
        .where(Attachment.transaction_id == transaction, Attachment.deleted.is_(False))
        .order_by(Attachment.id)
    )
    with ws.session() as session:
        return tuple(AttachmentRecord(*row) for row in session.execute(query))


def read_blob(ws: Workspace, blob: uuid.UUID) -> bytes:
    """The bytes of a blob, refused when they no longer match their SHA-256."""
    with ws.session() as session:
        row = session.get(Blob, blob)
        if row is None:
            raise NotFound(_("no attached file {ref}").format(ref=blob), path=ws.label)
        data, digest = row.data, row.sha256
    if hashlib.sha256(data).hexdigest() != digest:
        raise CheckFailed(
            _("the attached file {ref} is damaged: its SHA-256 does not match").format(ref=blob),
            path=ws.label,
        )
    return data


def save_attachment(ws: Workspace, blob: uuid.UUID, out: Path) -> Path:
    """Write an attached file's bytes (checked against their SHA-256) to ``out``, whole."""
    target = check_folder(out)
    data = read_blob(ws, blob)
    try:
        write_atomic(target, data)
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error), path=target) from None
    return target
