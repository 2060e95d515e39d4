"""The journal: every write recorded with its base; undo and redo are new changes."""

from __future__ import annotations

import orjson
from sqlalchemy import func, select

from codesign.journal.undo import undo_group
from codesign.journal.writer import ChangeKey, change_hash
from codesign.people import queries, service
from codesign.workspace import Workspace, open_workspace
from models.tables import Change, FieldHead


def change_count(ws: Workspace) -> int:
    """How many changes the journal holds."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def phone_of(ws: Workspace, name: str) -> str:
    """The phone of the named person as the people list shows it."""
    return next(p.phone for p in queries.list_people(ws) if p.name == name)


def test_every_write_is_journaled_with_seq_and_group(coop: Workspace) -> None:
    """Adding a person writes person, household and role changes in one group, numbered."""
    before = change_count(coop)
    result, added = service.add_person(coop, name="Inti Quispe")
    with coop.session() as session:
        rows = list(session.scalars(select(Change).where(Change.group_id == result.group)))
    assert {c.entity for c in rows} == {"household", "person", "role_assignment"}
    assert change_count(coop) == before + 3
    seqs = sorted(c.seq for c in rows)
    assert seqs == list(range(seqs[0], seqs[0] + 3))
    assert all(c.device_id == coop.device_id for c in rows)
    assert added.person in {c.row_id for c in rows}


def test_update_records_base_and_moves_head(coop: Workspace) -> None:
    """An edit's base names the field's previous head; the edit becomes the only head."""
    _r, added = service.add_person(coop, name="Sisa Lema", phone="022345678")
    with coop.session() as session:
        insert = session.scalars(
            select(Change).where(Change.row_id == added.person, Change.op == "insert")
        ).one()
    service.update_person(coop, added.person, {"phone": "0991112223"})
    with coop.session() as session:
        edit = session.scalars(
            select(Change).where(Change.row_id == added.person, Change.op == "update")
        ).one()
        heads = list(
            session.execute(
                select(FieldHead.device_id, FieldHead.seq).where(
                    FieldHead.row_id == added.person, FieldHead.field == "phone"
                )
            )
        )
    assert orjson.loads(edit.base) == {"phone": [str(ChangeKey(insert.device_id, insert.seq))]}
    assert heads == [(edit.device_id, edit.seq)]


def test_undo_and_redo_are_journaled_changes(coop: Workspace) -> None:
    """Undo restores the old value with a new change; redo restores the new value likewise."""
    _r, added = service.add_person(coop, name="Killa Tipán", phone="022000111")
    edit = service.update_person(coop, added.person, {"phone": "0987654321"})
    n = change_count(coop)
    undone = undo_group(coop, edit.group)
    assert phone_of(coop, "Killa Tipán") == "022000111"
    assert change_count(coop) == n + 1
    redone = undo_group(coop, undone.group)
    assert phone_of(coop, "Killa Tipán") == "0987654321"
    assert change_count(coop) == n + 2
    assert redone.entities == {"person"}


def test_undo_of_an_add_removes_and_redo_restores(coop: Workspace) -> None:
    """Undoing an added person marks the rows deleted; redoing brings them back."""
    result, _added = service.add_person(coop, name="Amaru Caiza")
    undone = undo_group(coop, result.group)
    assert "Amaru Caiza" not in {p.name for p in queries.list_people(coop)}
    undo_group(coop, undone.group)
    assert "Amaru Caiza" in {p.name for p in queries.list_people(coop)}


def test_hash_chain_links_each_change_to_the_previous(coop: Workspace) -> None:
    """Each change's hash is computed over the previous hash and its own content."""
    service.add_person(coop, name="Nina Pilco", phone="022999888")
    with coop.session() as session:
        changes = list(
            session.scalars(
                select(Change).where(Change.device_id == coop.device_id).order_by(Change.seq)
            )
        )
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
    assert len(changes) >= 4


def test_failed_write_leaves_no_trace_and_no_seq_gap(coop: Workspace) -> None:
    """A write that fails midway writes nothing, and the next change keeps the numbering."""
    n = change_count(coop)
    try:
        with coop.write("fails") as w:
            w.insert("household", {"name": "Familia Fantasma"})
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert change_count(coop) == n
    assert "Familia Fantasma" not in {h.name for h in queries.list_households(coop)}
    service.add_person(coop, name="Rumi Ati")
    with coop.session() as session:
        seqs = sorted(session.scalars(select(Change.seq).where(Change.device_id == coop.device_id)))
    assert seqs == list(range(1, len(seqs) + 1))


def test_numbering_continues_after_reopen(coop: Workspace) -> None:
    """Sequence numbers and the hash chain continue when the file is reopened."""
    service.add_person(coop, name="Wayra Morocho")
    path = coop.path
    assert path is not None
    last_seq, last_hash = coop._seq, coop.last_hash
    coop.close()
    ws = open_workspace(path)
    try:
        assert (ws._seq, ws.last_hash) == (last_seq, last_hash)
        with ws.session() as session:
            assert ws.clock.last == session.scalar(select(func.max(Change.hlc)))
    finally:
        ws.close()
