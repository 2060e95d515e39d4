"""Attachments: receipts stored once by SHA-256, read back byte for byte, damage detected."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select, text

from codesign.errors import CheckFailed, NotFound, UnreadableFile
from codesign.ledger import attachments, service
from codesign.workspace import Workspace
from models.finance import Blob
from models.tables import Change

SCAN = bytes(range(256)) * 40 + "recibo Nº 12 — cemento".encode()


def post(ws: Workspace) -> uuid.UUID:
    """One expense to attach receipts to."""
    _r, txn = service.post_transaction(
        ws,
        date=dt.date(2026, 3, 2),
        description="Compra de cemento",
        postings=[("5000", 12000), ("1010", -12000)],
    )
    return txn


def test_bytes_round_trip_and_hash(coop: Workspace, tmp_path: Path) -> None:
    """A file attached from disk comes back identical, named, typed and hashed."""
    txn = post(coop)
    scan = tmp_path / "recibo-12.png"
    scan.write_bytes(SCAN)
    attachments.attach_file(coop, txn, scan)
    (record,) = attachments.list_attachments(coop, txn)
    assert (record.name, record.mime, record.size) == ("recibo-12.png", "image/png", len(SCAN))
    assert record.sha256 == hashlib.sha256(SCAN).hexdigest()
    assert attachments.read_blob(coop, record.blob) == SCAN
    assert record.id.version == 7 and record.blob.version == 7


def test_same_scan_is_stored_once(coop: Workspace) -> None:
    """Attaching the same bytes to two transactions keeps one blob."""
    first, second = post(coop), post(coop)
    attachments.attach_bytes(coop, first, name="a.pdf", data=SCAN)
    attachments.attach_bytes(coop, second, name="b.pdf", data=SCAN)
    with coop.session() as session:
        assert session.scalar(select(func.count()).select_from(Blob)) == 1
    assert attachments.list_attachments(coop, second)[0].name == "a.pdf"


def test_journal_names_the_blob_without_its_bytes(coop: Workspace) -> None:
    """The blob's change records its hash and size, not the bytes (they travel as files)."""
    txn = post(coop)
    attachments.attach_bytes(coop, txn, name="r.jpg", data=SCAN)
    with coop.session() as session:
        fields = session.scalar(select(Change.fields).where(Change.entity == "blob"))
    assert fields is not None
    journaled = orjson.loads(fields)
    assert "data" not in journaled
    assert journaled["sha256"] == hashlib.sha256(SCAN).hexdigest()


def test_damaged_blob_is_refused(coop: Workspace) -> None:
    """Bytes changed behind Minga's back no longer match their hash: CheckFailed."""
    txn = post(coop)
    attachments.attach_bytes(coop, txn, name="r.jpg", data=SCAN)
    (record,) = attachments.list_attachments(coop, txn)
    with coop.session() as session, session.begin():
        session.execute(text("UPDATE blob SET data = :d"), {"d": b"otra cosa"})
    with pytest.raises(CheckFailed):
        attachments.read_blob(coop, record.blob)


def test_bad_attachments_change_nothing(coop: Workspace, tmp_path: Path) -> None:
    """Empty files, missing files and unknown transactions are refused, nothing stored."""
    txn = post(coop)
    with pytest.raises(Exception, match=r"vacío|empty"):
        attachments.attach_bytes(coop, txn, name="x.png", data=b"")
    with pytest.raises(UnreadableFile):
        attachments.attach_file(coop, txn, tmp_path / "no-existe.png")
    with pytest.raises(NotFound):
        attachments.attach_bytes(coop, uuid.uuid4(), name="x.png", data=SCAN)
    with coop.session() as session:
        assert session.scalar(select(func.count()).select_from(Blob)) == 0


def test_a_saved_copy_is_the_file_attached(coop: Workspace, tmp_path: Path) -> None:
    """A saved attachment is its bytes, whole; a damaged one or a missing folder writes none."""
    from codesign.errors import BadInput

    txn = post(coop)
    attachments.attach_bytes(coop, txn, name="recibo.pdf", data=SCAN)
    (record,) = attachments.list_attachments(coop, txn)
    out = attachments.save_attachment(coop, record.blob, tmp_path / "copia.pdf")
    assert out.read_bytes() == SCAN
    with pytest.raises(BadInput):
        attachments.save_attachment(coop, record.blob, tmp_path / "no-such" / "copia.pdf")
    with coop.session() as session, session.begin():
        session.execute(text("UPDATE blob SET data = :d"), {"d": b"otra cosa"})
    with pytest.raises(CheckFailed):
        attachments.save_attachment(coop, record.blob, tmp_path / "dañada.pdf")
    assert not (tmp_path / "dañada.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]  # no half-written copy
