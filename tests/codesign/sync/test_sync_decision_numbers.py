"""Two laptops number decisions before they sync: the shared number is flagged, resolved, synced."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_laptops import Laptop, state

from codesign.auth import sign_in
from codesign.decisions import numbering, register
from codesign.decisions.exports import export_register_csv
from codesign.errors import BadInput
from codesign.people import service
from codesign.workspace import Workspace
from models.tables import Change

SECRETARY = "Dolores Simbaña"
PASSPHRASE = "clave-segura"
DAY = dt.date(2026, 5, 9)


@contextlib.contextmanager
def signed_in(laptop: Laptop) -> Iterator[Workspace]:
    """The laptop's cooperative, open, with the secretary signed in."""
    with laptop.open() as ws:
        sign_in(ws, SECRETARY, PASSPHRASE)
        yield ws


def record(laptop: Laptop, text: str) -> tuple[uuid.UUID, int]:
    """Record a decision on ``laptop``; its id and the number it was given."""
    with signed_in(laptop) as ws:
        _r, decision, number = register.record_decision(ws, text=text, decided_on=DAY)
    return decision, number


def numbers(laptop: Laptop) -> dict[str, int]:
    """Each decision's text and number as the laptop's register holds them."""
    with laptop.open() as ws:
        return {d.text: d.number for d in register.search_decisions(ws)}


def shared(laptop: Laptop) -> tuple[numbering.SharedNumber, ...]:
    """The numbers the laptop sees given twice."""
    with laptop.open() as ws:
        return numbering.shared_numbers(ws)


def exchange(a: Laptop, b: Laptop, folder: Path, name: str) -> None:
    """Each laptop imports the other's bundle."""
    a.export(folder / f"{name}-a.zip")
    b.export(folder / f"{name}-b.zip")
    assert b.receive(folder / f"{name}-a.zip").status in ("imported", "already")
    assert a.receive(folder / f"{name}-b.zip").status in ("imported", "already")


@pytest.fixture
def pair(laptops, tmp_path: Path) -> tuple[Laptop, Laptop]:  # type: ignore[no-untyped-def]
    """Two joined laptops sharing a secretary and decision 1."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.zip")
    with a.open() as ws:
        _r, added = service.add_person(ws, name=SECRETARY, roles=("secretary",))
        service.set_passphrase(ws, added.person, PASSPHRASE)
    record(a, "Aprobar el reglamento interno")
    exchange(a, b, tmp_path, "start")
    return a, b


def test_a_shared_number_is_flagged_and_resolved_on_both(
    pair: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    """Both number a decision 2 offline; after syncing both flag 2; renumbering one converges."""
    a, b = pair
    cement, n_a = record(a, "Comprar cemento y varilla")
    _paint, n_b = record(b, "Pintar la casa comunal")
    assert n_a == n_b == 2
    exchange(a, b, tmp_path, "first")
    for laptop in (a, b):
        (clash,) = shared(laptop)
        assert clash.number == 2
        assert [e.text for e in clash.decisions] == [
            "Comprar cemento y varilla",
            "Pintar la casa comunal",
        ]
        assert {e.recorded_by for e in clash.decisions} == {SECRETARY}
        with laptop.open() as ws:
            flags = {d.text: d.shared_number for d in register.search_decisions(ws)}
        assert flags == {
            "Aprobar el reglamento interno": False,
            "Comprar cemento y varilla": True,
            "Pintar la casa comunal": True,
        }
    with signed_in(b) as ws:
        _r, new = numbering.give_next_number(ws, cement)
    assert new == 3
    exchange(a, b, tmp_path, "second")
    for laptop in (a, b):
        assert shared(laptop) == ()
        assert numbers(laptop) == {
            "Aprobar el reglamento interno": 1,
            "Pintar la casa comunal": 2,
            "Comprar cemento y varilla": 3,
        }
    assert state(a.file) == state(b.file)
    assert record(a, "Fijar la cuota de junio")[1] == 4  # the highest number seen, synced too


def test_the_register_csv_flags_a_shared_number(
    pair: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    """Exported before it is resolved, the register says which decisions share a number."""
    a, b = pair
    record(a, "Comprar cemento y varilla")
    record(b, "Pintar la casa comunal")
    exchange(a, b, tmp_path, "sync")
    with a.open() as ws:
        path, _count = export_register_csv(ws, tmp_path / "registro.csv")
    rows = list(csv.DictReader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert [(r["number"], r["number_shared"]) for r in rows] == [
        ("1", "no"),
        ("2", "yes"),
        ("2", "yes"),
    ]


def test_both_laptops_resolving_at_once_is_flagged_again(
    pair: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    """Each laptop renumbers the other decision to 3 offline: 3 is flagged, then resolved."""
    a, b = pair
    cement, _n = record(a, "Comprar cemento y varilla")
    paint, _n = record(b, "Pintar la casa comunal")
    exchange(a, b, tmp_path, "first")
    with signed_in(a) as ws:
        assert numbering.give_next_number(ws, cement)[1] == 3
    with signed_in(b) as ws:
        assert numbering.give_next_number(ws, paint)[1] == 3
    exchange(a, b, tmp_path, "second")
    assert [c.number for c in shared(a)] == [c.number for c in shared(b)] == [3]
    with signed_in(a) as ws:
        assert numbering.give_next_number(ws, paint)[1] == 4
    exchange(a, b, tmp_path, "third")
    assert numbers(a) == numbers(b)
    assert sorted(numbers(a).values()) == [1, 3, 4]
    assert shared(a) == shared(b) == ()


def journal_size(laptop: Laptop) -> int:
    """How many changes the laptop's journal holds."""
    with laptop.open() as ws, ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_a_number_of_its_own_is_never_changed(pair: tuple[Laptop, Laptop]) -> None:
    """Renumbering a decision nobody else's number clashes with is refused and writes nothing."""
    a, _b = pair
    with a.open() as ws:
        (only,) = register.search_decisions(ws)
    before = journal_size(a)
    with signed_in(a) as ws, pytest.raises(BadInput, match="única con su número"):
        numbering.give_next_number(ws, only.id)
    assert journal_size(a) == before
