"""Attached files travel in the bundle's blobs/, checked by their SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sync_laptops import forge, state

from codesign.errors import BadInput
from codesign.ledger.attachments import attach_bytes, list_attachments, read_blob
from codesign.ledger.service import post_transaction

RECEIPT = b"%PDF-1.4 recibo de cemento, 40 sacos\n" * 50


def _receipt_on(laptop) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    """Post a purchase on ``laptop`` with its scanned receipt; return the transaction and hash."""
    with laptop.open() as ws:
        _r, txn = post_transaction(
            ws,
            date=dt.date(2026, 11, 20),
            description="Cemento para el bloque C",
            postings=[("5000", 48_000), ("1010", -48_000)],
        )
        attach_bytes(ws, txn, name="recibo-cemento.pdf", data=RECEIPT, mime="application/pdf")
    return txn, hashlib.sha256(RECEIPT).hexdigest()


def test_receipt_bytes_reach_the_other_laptop(laptops, tmp_path: Path) -> None:
    """A receipt attached on one laptop reads back byte for byte on the other after sync."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.mingabundle")
    txn, digest = _receipt_on(a)
    sent = a.export(tmp_path / "receipt.mingabundle")
    report = b.receive(sent)
    assert report.status == "imported"
    with b.open() as ws:
        (attachment,) = list_attachments(ws, txn)  # type: ignore[arg-type]
        assert attachment.sha256 == digest
        assert read_blob(ws, attachment.blob) == RECEIPT
    assert state(a.file) == state(b.file)


def test_a_bundle_without_the_receipt_bytes_is_refused(laptops, tmp_path: Path) -> None:
    """A signed bundle whose blobs/ lacks an attached file's bytes is refused; nothing changes."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.mingabundle")
    _receipt_on(a)
    sent = a.export(tmp_path / "receipt.mingabundle")
    stripped = forge(sent, tmp_path / "stripped.mingabundle", a.home, blobs=lambda d: d.clear())
    before = state(b.file)
    with pytest.raises(BadInput, match=r"recibo-cemento\.pdf"):
        b.receive(stripped)
    assert state(b.file) == before


def test_a_blob_under_another_name_is_refused(laptops, tmp_path: Path) -> None:
    """Bytes filed under a SHA-256 that is not theirs are refused even when the manifest agrees."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.mingabundle")
    _r, digest = _receipt_on(a)
    sent = a.export(tmp_path / "receipt.mingabundle")

    def swap(blobs: dict[str, bytes]) -> None:
        blobs[digest] = b"otra cosa"

    swapped = forge(sent, tmp_path / "swapped.mingabundle", a.home, blobs=swap)
    before = state(b.file)
    with pytest.raises(BadInput):
        b.receive(swapped)
    assert state(b.file) == before
