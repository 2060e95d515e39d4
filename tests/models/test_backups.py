"""Backups: listing with when and why, rotation, restore with a safety copy and a new device."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from codesign.cooperative import create_cooperative
from codesign.errors import FileLocked
from codesign.people import service
from codesign.people.queries import list_people
from codesign.workspace import open_workspace
from models.backup import backup_details, backup_file, list_backups, restore_backup, rotate_backups


def _coop(tmp_path: Path, name: str = "coop.minga") -> Path:
    ws = create_cooperative(tmp_path / name, name="Cooperativa Respaldo")
    path = ws.path
    ws.close()
    assert path is not None
    return path


def test_rotation_keeps_the_newest_n(tmp_path: Path) -> None:
    """With keep=N only the N newest backups of the file remain, whatever the reasons."""
    path = _coop(tmp_path)
    made = [backup_file(path, reason, keep=4) for reason in ("a", "b", "c", "d", "e", "f")]
    assert list_backups(path) == list(reversed(made[-4:]))
    rotate_backups(path, keep=2)
    assert list_backups(path) == list(reversed(made[-2:]))


def test_backups_of_a_similar_name_are_kept_apart(tmp_path: Path) -> None:
    """Rotating coop.minga never touches the backups of coop-2.minga (same prefix)."""
    path, other = _coop(tmp_path), _coop(tmp_path, "coop-2.minga")
    theirs = backup_file(other, "manual")
    for _ in range(3):
        backup_file(path, "manual", keep=1)
    assert list_backups(other) == [theirs]
    assert len(list_backups(path)) == 1


def test_details_say_when_why_and_how_big(tmp_path: Path) -> None:
    """Each backup lists its time, its reason and its size in bytes."""
    path = _coop(tmp_path)
    made = backup_file(path, "before-migration-0002")
    (info,) = backup_details(path)
    assert info.path == made
    assert info.reason == "before-migration-0002"
    assert info.size == made.stat().st_size > 0


def test_restore_puts_the_backup_back_and_keeps_the_current_file(tmp_path: Path) -> None:
    """Restoring brings back the old content; the file as it was becomes a backup first."""
    path = _coop(tmp_path)
    ws = open_workspace(path)
    service.add_person(ws, name="Rosa Lema")
    old_device = ws.device_id
    ws.close()
    backup = backup_file(path, "manual")
    ws = open_workspace(path)
    service.add_person(ws, name="Persona Posterior")
    ws.close()
    safety = restore_backup(backup, path)
    assert safety is not None and safety.name.endswith("-before-restore.minga")
    ws = open_workspace(path)
    assert [p.name for p in list_people(ws)] == ["Rosa Lema"]
    assert ws.device_id != old_device  # a restored backup writes as a new device
    ws.close()
    kept = sqlite3.connect(safety)
    names = {row[0] for row in kept.execute("SELECT name FROM person")}
    kept.close()
    assert names == {"Rosa Lema", "Persona Posterior"}


def test_restore_refuses_an_open_file(tmp_path: Path) -> None:
    """While a window or command has the file open, restore refuses and changes nothing."""
    path = _coop(tmp_path)
    backup = backup_file(path, "manual")
    ws = open_workspace(path)
    service.add_person(ws, name="Sigue Aquí")
    try:
        with pytest.raises(FileLocked):
            restore_backup(backup, path)
        assert [p.name for p in list_people(ws)] == ["Sigue Aquí"]
    finally:
        ws.close()
    assert len(list_backups(path)) == 1


def test_restore_runs_the_after_hook_in_the_restored_file(tmp_path: Path) -> None:
    """The hook for what else belongs to the old device sees the restored file."""
    path = _coop(tmp_path)
    backup = backup_file(path, "manual")
    seen: list[int] = []
    restore_backup(
        backup,
        path,
        after=lambda conn: seen.append(
            conn.execute("SELECT count(*) FROM cooperative").fetchone()[0]
        ),
    )
    assert seen == [1]
