"""Bulk inserts journal the same changes as single ones: numbered, stamped, chained."""

from __future__ import annotations

import orjson
from sqlalchemy import select

from codesign.journal.writer import change_hash
from codesign.people import service as people
from codesign.workspace import Workspace, open_workspace
from models.tables import Change


def test_bulk_changes_chain_and_count(coop: Workspace) -> None:
    """Each row of an insert_many gets the next seq, a larger HLC and a hash over its bytes."""
    people.add_household(coop, name="Familia Antes")
    rows = [{"name": f"Familia {n}", "unit": f"U-{n}"} for n in range(50)]
    with coop.write("many") as w:
        ids = w.insert_many("household", rows)
    people.add_household(coop, name="Familia Después")
    with coop.session() as session:
        changes = list(
            session.scalars(
                select(Change).where(Change.device_id == coop.device_id).order_by(Change.seq)
            )
        )
    seqs = [c.seq for c in changes]
    assert seqs == list(range(1, len(changes) + 1))
    hlcs = [c.hlc for c in changes]
    assert hlcs == sorted(set(hlcs))
    prev = ""
    for c in changes:
        header = [
            c.device_id.hex,
            c.seq,
            c.hlc,
            c.author_id.hex if c.author_id else None,
            c.entity,
            c.row_id.hex,
            c.op,
            c.group_id.hex,
        ]
        assert c.hash == change_hash(prev, header, c.fields.encode(), c.base.encode())
        prev = c.hash
    bulk = [c for c in changes if c.row_id in set(ids)]
    assert len(bulk) == 50
    assert {orjson.loads(c.fields)["name"] for c in bulk} == {r["name"] for r in rows}
    assert len({c.group_id for c in bulk}) == 1


def test_chain_continues_after_reopen(coop: Workspace) -> None:
    """After a bulk write the file reopens and the next change chains to the last hash."""
    with coop.write("many") as w:
        w.insert_many("household", [{"name": f"F{n}"} for n in range(20)])
    path = coop.path
    last = coop.last_hash
    coop.close()
    assert path is not None
    ws = open_workspace(path)
    try:
        assert ws.last_hash == last
        people.add_household(ws, name="Familia Nueva")
        with ws.session() as session:
            newest = session.scalars(select(Change).order_by(Change.seq.desc()).limit(1)).one()
        header = [
            newest.device_id.hex,
            newest.seq,
            newest.hlc,
            None,
            newest.entity,
            newest.row_id.hex,
            newest.op,
            newest.group_id.hex,
        ]
        assert newest.hash == change_hash(last, header, newest.fields.encode(), b"{}")
    finally:
        ws.close()
