"""Merging by field heads: the worked example, conflicts, resolution, deletes, ledger, roles."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import orjson
import pytest
from sync_laptops import Laptop, forge, state

from codesign.errors import BadInput
from codesign.ledger.service import post_transaction
from codesign.people import service
from codesign.people.queries import list_people
from codesign.sync.conflicts import list_conflicts, resolve_conflict


def _person(laptop: Laptop, name: str = "Rosa Lema") -> str:
    with laptop.open() as ws:
        _r, added = service.add_person(ws, name=name, phone="0990000005")
    return str(added.person)


def _phone(laptop: Laptop, person: str) -> str:
    with laptop.open() as ws:
        return next(p.phone for p in list_people(ws) if str(p.id) == person)


def _set_phone(laptop: Laptop, person: str, phone: str) -> None:
    import uuid

    with laptop.open() as ws:
        service.update_person(ws, uuid.UUID(person), {"phone": phone})  # type: ignore[arg-type]


def test_fingerprint_reads_aloud_in_groups(laptops) -> None:
    """A fingerprint is four groups of four base32 letters, the same each time."""
    (a,) = laptops(1)
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", a.fingerprint)
    assert a.fingerprint == a.fingerprint


def test_worked_example_converges(laptops, tmp_path: Path) -> None:
    """DESIGN.md's example: 111 vs 222 conflict on both; choosing 222 on A ends it everywhere."""
    a, b = laptops(2)
    person = _person(a)
    b.join(a, tmp_path / "join.zip")
    _set_phone(a, person, "0991111111")
    _set_phone(b, person, "0992222222")
    b.export(tmp_path / "b1.zip")
    a.export(tmp_path / "a1.zip")
    assert a.receive(tmp_path / "b1.zip").conflicts == 1
    assert b.receive(tmp_path / "a1.zip").conflicts == 1
    assert _phone(a, person) == _phone(b, person)
    with a.open() as ws:
        (conflict,) = list_conflicts(ws)
        assert sorted(conflict.as_json()["values"]) == ["0991111111", "0992222222"]
        assert conflict.heads[0].shown
        resolve_conflict(ws, conflict.entity, conflict.row, "phone", "0992222222")
        assert list_conflicts(ws) == ()
    a.export(tmp_path / "a2.zip")
    b.receive(tmp_path / "a2.zip")
    with b.open() as ws:
        assert list_conflicts(ws) == ()
    assert _phone(a, person) == _phone(b, person) == "0992222222"
    assert state(a.file) == state(b.file)


def test_importing_twice_is_a_no_op(laptops, tmp_path: Path) -> None:
    """The same bundle again reports 'already' and changes nothing."""
    a, b = laptops(2)
    _person(a)
    b.join(a, tmp_path / "j.zip")
    before = state(b.file)
    report = b.receive(tmp_path / "j.zip")
    assert report.status == "already"
    assert state(b.file) == before


def test_restored_backup_gets_a_new_device(laptops, tmp_path: Path) -> None:
    """A file put back from a copy no longer matches the laptop's pairing: new device id."""
    (a,) = laptops(1)
    with a.open() as ws:
        first = ws.device_id
    shutil.copyfile(a.file, tmp_path / "copy.minga")
    _person(a)
    a.export(tmp_path / "out.zip")
    shutil.copyfile(tmp_path / "copy.minga", a.file)
    with a.open() as ws:
        assert ws.device_id != first
    with a.open() as ws:
        again = ws.device_id
    with a.open() as ws:
        assert ws.device_id == again


def test_edit_after_delete_keeps_the_row_and_flags_it(laptops, tmp_path: Path) -> None:
    """One laptop removes a person while another edits them: the row stays, flagged for a person."""
    import uuid

    a, b = laptops(2)
    person = _person(a)
    b.join(a, tmp_path / "j.zip")
    with a.open() as ws:
        service.remove_person(ws, uuid.UUID(person))  # type: ignore[arg-type]
    _set_phone(b, person, "0997777777")
    a.export(tmp_path / "a.zip")
    b.export(tmp_path / "b.zip")
    a.receive(tmp_path / "b.zip")
    b.receive(tmp_path / "a.zip")
    for laptop in (a, b):
        with laptop.open() as ws:
            assert any(str(p.id) == person for p in list_people(ws))
            (conflict,) = [c for c in list_conflicts(ws) if c.edited_after_delete]
            assert conflict.field == "deleted"
    with a.open() as ws:
        resolve_conflict(ws, "person", uuid.UUID(person), "deleted", True)
        assert not any(str(p.id) == person for p in list_people(ws))
        assert not [c for c in list_conflicts(ws) if c.row == uuid.UUID(person)]
    a.export(tmp_path / "a2.zip")
    b.receive(tmp_path / "a2.zip")
    assert state(a.file) == state(b.file)


def test_ledger_edits_are_refused(laptops, tmp_path: Path) -> None:
    """A bundle that edits a ledger transaction is rejected: the ledger only grows."""
    a, b = laptops(2)
    with a.open() as ws:
        post_transaction(
            ws,
            date=dt.date.today(),
            description="Cuota",
            postings=[("1000", 1000), ("4000", -1000)],
        )
    b.join(a, tmp_path / "j.zip")

    def edit(lines: list[list]) -> list[list]:
        txn = next(line for line in lines if line[4] == "ledger_transaction")
        key = f"{txn[0]}:{txn[1]}"
        fields = orjson.dumps({"description": "Otra"}).decode()
        base = orjson.dumps({"description": [key]}).decode()
        extra = [*txn[:6], "update", fields, base, txn[9], "x", "", ""]
        extra[1] = max(line[1] for line in lines if line[0] == txn[0]) + 1
        return [*lines, extra]

    forged = forge(tmp_path / "j.zip", tmp_path / "f.zip", a.home, edit_lines=edit)
    before = state(b.file)
    with pytest.raises(BadInput, match="solo puede crecer"):
        b.receive(forged)
    assert state(b.file) == before


def test_ledger_change_by_a_non_treasurer_is_rejected(laptops, tmp_path: Path) -> None:
    """A ledger change whose author was not treasurer that day rejects the whole bundle."""
    a, b = laptops(2)
    b.join(a, tmp_path / "j.zip")
    with a.open() as ws:
        _r, member = service.add_person(ws, name="Juan Pérez", roles=("member",))
        _r, boss = service.add_person(ws, name="Ana Treasurer", roles=("treasurer",))
        service.set_passphrase(ws, boss.person, "clave-1")
    with a.open() as ws:
        from codesign.auth import sign_in

        sign_in(ws, "Ana Treasurer", "clave-1")
        post_transaction(
            ws, date=dt.date.today(), description="Cuota", postings=[("1000", 500), ("4000", -500)]
        )
    a.export(tmp_path / "a.zip")

    def reauthor(lines: list[list]) -> list[list]:
        for line in lines:
            if line[4] in ("ledger_transaction", "posting"):
                line[3] = member.person.hex
        return lines

    forged = forge(tmp_path / "a.zip", tmp_path / "f.zip", a.home, edit_lines=reauthor)
    before = state(b.file)
    with pytest.raises(BadInput, match="Juan Pérez"):
        b.receive(forged)
    assert state(b.file) == before
    assert b.receive(tmp_path / "a.zip").status == "imported"


def test_gaps_are_reported_and_filled_later(laptops, tmp_path: Path) -> None:
    """A bundle that skips changes names the missing numbers; a later one fills them."""
    a, b = laptops(2)
    b.join(a, tmp_path / "j.zip")
    _person(a, "Uno")
    _person(a, "Dos")
    a.export(tmp_path / "both.zip")

    def last_group(lines: list[list]) -> list[list]:
        group = lines[-1][9]
        return [line for line in lines if line[9] == group]

    forge(tmp_path / "both.zip", tmp_path / "last.zip", a.home, edit_lines=last_group)
    report = b.receive(tmp_path / "last.zip")
    assert report.status == "imported"
    (gap,) = report.gaps
    assert gap.first < gap.last
    assert f"{gap.first}–{gap.last}" in gap.text()
    report = b.receive(tmp_path / "both.zip")
    assert report.gaps == ()
    assert state(a.file) == state(b.file)


def test_file_copied_to_another_laptop_gets_a_new_device(laptops, tmp_path: Path) -> None:
    """A file whose device signed with another laptop's key numbers its changes anew."""
    a, b = laptops(2)
    a.export(tmp_path / "a.zip", full=True)
    with a.open() as ws:
        first = ws.device_id
    shutil.copyfile(a.file, b.file)
    with b.open() as ws:
        assert ws.device_id != first
    with a.open() as ws:
        assert ws.device_id == first


def test_clock_far_ahead_is_flagged_and_not_followed(laptops, tmp_path: Path) -> None:
    """A change stamped two days ahead is imported, flagged, and does not push our clock."""
    from codesign.journal.clock import COUNTER_BITS, physical_ms, wall_ms

    a, b = laptops(2)
    b.join(a, tmp_path / "j.zip")
    _person(a, "Adelantada")
    a.export(tmp_path / "a.zip")
    ahead = (wall_ms() + 48 * 3600 * 1000) << COUNTER_BITS

    def push(lines: list[list]) -> list[list]:
        for line in lines:
            if line[9] == lines[-1][9]:  # the new person's group only
                line[2] = ahead + line[1]
        return lines

    forge(tmp_path / "a.zip", tmp_path / "ahead.zip", a.home, edit_lines=push)
    report = b.receive(tmp_path / "ahead.zip")
    assert report.status == "imported" and report.skew
    with b.open() as ws:
        assert physical_ms(ws.clock.tick()) - wall_ms() < 3600 * 1000


def test_edits_after_a_close_are_refused(laptops, tmp_path: Path, monkeypatch) -> None:
    """An entity that freezes once closed keeps its closing values on every laptop."""
    import uuid

    from codesign.journal import policy

    monkeypatch.setitem(
        policy.POLICIES,
        "household",
        policy.EntityPolicy(closed_when=lambda fields: fields.get("notes") == "cerrada"),
    )
    a, b = laptops(2)
    with a.open() as ws:
        _r, household = service.add_household(ws, name="Familia Sol")
    b.join(a, tmp_path / "j.zip")
    with a.open() as ws:
        service.update_household(ws, household, notes="cerrada")
    with b.open() as ws:
        service.update_household(ws, uuid.UUID(str(household)), name="Familia Luna")  # type: ignore[arg-type]
    a.export(tmp_path / "a.zip")
    b.export(tmp_path / "b.zip")
    a.receive(tmp_path / "b.zip")
    b.receive(tmp_path / "a.zip")
    assert state(a.file) == state(b.file)
    import sqlite3

    conn = sqlite3.connect(a.file)
    assert conn.execute("SELECT name FROM household").fetchone()[0] == "Familia Sol"
    assert conn.execute("SELECT kind FROM sync_flag").fetchall() == [("refused",)]
    conn.close()


def test_insert_from_an_older_schema_gets_defaults(laptops, tmp_path: Path) -> None:
    """An insert without a column a later schema added gets that column's default."""
    a, b = laptops(2)
    b.join(a, tmp_path / "j.zip")
    with a.open() as ws:
        service.add_household(ws, name="Familia Antigua", notes="x")
    a.export(tmp_path / "a.zip")

    def older(lines: list[list]) -> list[list]:
        for line in lines:
            if line[4] == "household" and line[6] == "insert":
                fields = orjson.loads(line[7])
                del fields["notes"]
                line[7] = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS).decode()
        return lines

    forge(tmp_path / "a.zip", tmp_path / "old.zip", a.home, edit_lines=older)
    assert b.receive(tmp_path / "old.zip").status == "imported"
    import sqlite3

    conn = sqlite3.connect(b.file)
    notes = conn.execute("SELECT notes FROM household WHERE name = 'Familia Antigua'").fetchone()
    conn.close()
    assert notes == ("",)


def test_a_joined_file_is_back_in_wal_mode(laptops, tmp_path: Path) -> None:
    """Joining writes without the WAL for speed, then leaves the file in WAL mode like any other."""
    a, b = laptops(2)
    b.join(a, tmp_path / "j.zip")
    header = b.file.read_bytes()[:20]
    assert header[18] == 2 and header[19] == 2  # WAL read and write versions
