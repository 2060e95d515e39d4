"""Property: laptops that edit and exchange in any order converge, losing nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_laptops import Laptop, state

from codesign.errors import MingaError
from codesign.ledger.service import post_transaction
from codesign.people import service
from codesign.people.queries import list_households, list_people

PHONES = ("0991111111", "0992222222", "0993333333", "0994444444")
ROLES = ("member", "committee", "coordinator")

laptop_index = st.integers(0, 4)
CONFLICTED: list[int] = []
operations = st.one_of(
    st.tuples(
        st.just("edit"),
        laptop_index,
        st.integers(0, 5),
        st.sampled_from(("phone", "notes")),
        st.integers(0, 3),
    ),
    st.tuples(st.just("add"), laptop_index),
    st.tuples(st.just("household"), laptop_index, st.integers(0, 5), st.integers(0, 3)),
    st.tuples(st.just("remove"), laptop_index, st.integers(0, 5)),
    st.tuples(st.just("roles"), laptop_index, st.integers(0, 5), st.sampled_from(ROLES)),
    st.tuples(st.just("post"), laptop_index, st.integers(1, 50_000)),
    st.tuples(st.just("send"), laptop_index, laptop_index, st.booleans()),
    st.tuples(st.just("replay"), laptop_index, st.integers(0, 30)),
)


def _people(laptop: Laptop) -> list[uuid.UUID]:
    with laptop.open() as ws:
        return sorted(p.id for p in list_people(ws))


def _apply(op: tuple[Any, ...], laptops: list[Laptop], bundles: list[Path], root: Path) -> None:
    kind, who = op[0], laptops[op[1] % len(laptops)]
    if kind in ("edit", "remove", "roles"):
        people = _people(who)
        if not people:
            return
        person = people[op[2] % len(people)]
        with who.open() as ws:
            try:
                if kind == "edit":
                    value = PHONES[op[4]] if op[3] == "phone" else f"nota {op[4]}"
                    service.update_person(ws, person, {op[3]: value})  # type: ignore[arg-type]
                elif kind == "remove":
                    service.remove_person(ws, person)  # type: ignore[arg-type]
                else:
                    service.set_roles(ws, person, ("member", op[3]))  # type: ignore[arg-type]
            except MingaError:
                pass
    elif kind == "household":
        with who.open() as ws:
            households = sorted(h.id for h in list_households(ws))
            if households:
                chosen = households[op[2] % len(households)]
                service.update_household(ws, chosen, address=f"Calle {op[3]}")
    elif kind == "add":
        with who.open() as ws:
            service.add_person(ws, name=f"Persona {len(bundles)}-{op[1]}")
    elif kind == "post":
        with who.open() as ws:
            post_transaction(
                ws,
                date=dt.date.today(),
                description="Cuota",
                postings=[("1000", op[2]), ("4000", -op[2])],
            )
    elif kind == "send":
        to = laptops[op[2] % len(laptops)]
        out = who.export(root / f"bundle-{len(bundles)}.zip", full=op[3])
        bundles.append(out)
        _receive_twice(to, out)
    elif bundles:
        _receive_twice(who, bundles[op[2] % len(bundles)])


def _receive_twice(laptop: Laptop, bundle: Path) -> None:
    """Import, then import again: the second is a no-op."""
    laptop.receive(bundle)
    after = state(laptop.file)
    assert laptop.receive(bundle).status in ("already", "quarantined")
    assert state(laptop.file) == after


def _expected_heads(path: Path) -> tuple[dict[tuple[str, str, str], set[tuple[str, int]]], Any]:
    """Heads computed from the journal alone: each field's changes minus every base."""
    conn = sqlite3.connect(path)
    changes: dict[tuple[str, str, str], set[tuple[str, int]]] = defaultdict(set)
    superseded: dict[tuple[str, str, str], set[tuple[str, int]]] = defaultdict(set)
    for device, seq, entity, row, op, fields, base in conn.execute(
        "SELECT device_id, seq, entity, row_id, op, fields, base FROM change"
    ):
        if op == "insert":
            continue
        for field in orjson.loads(fields):
            changes[(entity, row, field)].add((device, seq))
        for field, keys in orjson.loads(base).items():
            for key in keys:
                dev, _sep, number = key.rpartition(":")
                superseded[(entity, row, field)].add((dev.replace("-", ""), int(number)))
    heads = {k: v - superseded[k] for k, v in changes.items()}
    stored: dict[tuple[str, str, str], set[tuple[str, int]]] = defaultdict(set)
    for entity, row, field, device, seq in conn.execute("SELECT * FROM field_head"):
        stored[(entity, row, field)].add((device, seq))
    for (entity, row, field), keys in heads.items():
        if entity != "person" or field not in ("phone", "notes") or not keys:
            continue
        winner = max(
            conn.execute(
                "SELECT hlc, device_id, fields FROM change WHERE device_id = ? AND seq = ?", key
            ).fetchone()
            for key in keys
        )
        shown = conn.execute(
            f"SELECT {field} FROM person WHERE id = ?",
            (row,),
        ).fetchone()[0]
        assert shown == orjson.loads(winner[2])[field]
    balance = conn.execute("SELECT coalesce(sum(amount), 0) FROM posting").fetchone()[0]
    per_txn = conn.execute(
        "SELECT count(*) FROM (SELECT transaction_id FROM posting GROUP BY transaction_id"
        " HAVING sum(amount) != 0)"
    ).fetchone()[0]
    conn.close()
    if sum(len(v) > 1 for v in heads.values()):
        CONFLICTED.append(1)
    return {k: v for k, v in heads.items() if v}, (dict(stored), balance, per_txn)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(count=st.integers(3, 5), ops=st.lists(operations, min_size=4, max_size=18))
def test_laptops_converge_whatever_the_order(count: int, ops: list[tuple[Any, ...]]) -> None:
    """Random edits (people, roles, ledger), exchanges, duplicates and replays converge."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        laptops = [Laptop(root, f"l{i}") for i in range(count)]
        laptops[0].create()
        with laptops[0].open() as ws:
            for name in ("Rosa Lema", "Juan Pérez", "Ana Quispe"):
                service.add_person(ws, name=name)
        for i, laptop in enumerate(laptops[1:], start=1):
            laptop.join(laptops[0], root / f"join-{i}.zip")
            for other in laptops[1:i]:
                laptop.trust(other)
                other.trust(laptop)
        bundles: list[Path] = []
        for op in ops:
            _apply(op, laptops, bundles, root)
        for round_ in range(2):
            for i, sender in enumerate(laptops):
                out = sender.export(root / f"final-{round_}-{i}.zip", full=True)
                for receiver in laptops:
                    if receiver is not sender:
                        receiver.receive(out)
        states = [state(laptop.file) for laptop in laptops]
        assert all(s == states[0] for s in states[1:])
        heads, (stored, balance, unbalanced) = _expected_heads(laptops[0].file)
        assert stored == heads
        assert balance == 0 and unbalanced == 0
