"""Opening, locking, checking, quarantining and migrating cooperative files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from codesign.cooperative import counts, create_cooperative
from codesign.errors import FileLocked, OpenCancelled, Quarantined, UnreadableFile
from codesign.people import service
from codesign.workspace import open_workspace
from models.backup import list_backups
from models.ids import uuid7
from models.migrate import SCHEMA_HEAD, script_head, upgrade
from models.paths import quarantine_dir


def make_file(path: Path) -> Path:
    """A closed cooperative file with one person."""
    ws = create_cooperative(path, name="Cooperativa Sol")
    service.add_person(ws, name="Rosa Lema")
    ws.close()
    return path


def test_schema_head_constant_matches_migrations() -> None:
    """The head revision used to skip Alembic on open is the scripts' real head."""
    assert script_head() == SCHEMA_HEAD


def test_file_opens_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    """An opened file uses WAL, foreign keys and full sync."""
    ws = open_workspace(make_file(tmp_path / "c.minga"))
    try:
        with ws.db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
    finally:
        ws.close()


def test_second_open_is_refused_by_the_lock(tmp_path: Path) -> None:
    """A second open of the same file raises FileLocked naming the file; closing frees it."""
    path = make_file(tmp_path / "c.minga")
    first = open_workspace(path)
    try:
        with pytest.raises(FileLocked) as caught:
            open_workspace(path)
        assert str(path) in str(caught.value)
        assert caught.value.exit_code == 66
    finally:
        first.close()
    again = open_workspace(path)
    again.close()


def test_random_minga_file_is_quarantined(tmp_path: Path) -> None:
    """A .minga file that is not a database is moved to quarantine, byte for byte."""
    path = tmp_path / "basura.minga"
    payload = bytes(range(256)) * 40
    path.write_bytes(payload)
    with pytest.raises(Quarantined) as caught:
        open_workspace(path)
    assert not path.exists()
    moved = caught.value.quarantine_path
    assert moved.parent == quarantine_dir()
    assert moved.read_bytes() == payload
    assert str(path) in str(caught.value)
    assert str(moved) in str(caught.value)


def test_other_random_file_is_left_alone(tmp_path: Path) -> None:
    """A random file without the .minga suffix is refused but not moved."""
    path = tmp_path / "notas.txt"
    path.write_text("no es una cooperativa", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        open_workspace(path)
    assert not isinstance(caught.value, Quarantined)
    assert path.read_text(encoding="utf-8") == "no es una cooperativa"


def test_truncated_file_is_quarantined(tmp_path: Path) -> None:
    """A cooperative file cut short is detected and moved aside, never deleted."""
    path = make_file(tmp_path / "c.minga")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(Quarantined) as caught:
        open_workspace(path)
    assert caught.value.quarantine_path.read_bytes() == data[: len(data) // 2]
    assert not path.exists()


def test_unclean_exit_runs_integrity_check(tmp_path: Path) -> None:
    """A lock file left behind by a crash makes the next open check integrity."""
    path = make_file(tmp_path / "c.minga")
    path.with_name(path.name + ".lock").write_text("12345", encoding="utf-8")
    ws = open_workspace(path)
    try:
        assert ws.db.checked_integrity
    finally:
        ws.close()
    clean = open_workspace(path)
    try:
        assert not clean.db.checked_integrity
    finally:
        clean.close()


def test_a_stopped_check_leaves_the_file_unopened_and_checked_next_time(tmp_path: Path) -> None:
    """Stopping the check after a crash opens nothing, changes nothing and checks again later."""
    path = make_file(tmp_path / "c.minga")
    lock = path.with_name(path.name + ".lock")
    lock.write_text("12345", encoding="utf-8")
    before = path.read_bytes()
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return True

    with pytest.raises(OpenCancelled):
        open_workspace(path, cancelled=cancelled)
    assert asked  # the check asked while it ran
    assert path.read_bytes() == before
    assert lock.exists()  # still marked as not closed cleanly
    ws = open_workspace(path, cancelled=lambda: False)
    try:
        assert ws.db.checked_integrity
    finally:
        ws.close()
    assert not lock.exists()


def test_corrupted_page_found_after_unclean_exit(tmp_path: Path) -> None:
    """Garbage written over a data page is caught by the integrity check and quarantined."""
    path = make_file(tmp_path / "c.minga")
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    start = page_size * (pages - 2)
    raw[start + 8 : start + page_size] = b"\xff" * (page_size - 8)
    path.write_bytes(bytes(raw))
    path.with_name(path.name + ".lock").write_text("1", encoding="utf-8")
    with pytest.raises(Quarantined):
        open_workspace(path)
    assert not path.exists()


def test_migration_backs_up_first(tmp_path: Path) -> None:
    """Opening a file on an older schema backs it up, then upgrades it to the head."""
    path = tmp_path / "old.minga"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        upgrade(conn, "0001")
        conn.execute(
            text(
                "INSERT INTO cooperative (id, name, kind, country, currency, locale, statutes,"
                " created_on) VALUES (:id, 'Vieja', 'housing', 'UY', 'UYU', 'es_UY', '{}',"
                " '2020-01-01')"
            ),
            {"id": uuid7().hex},
        )
    engine.dispose()
    assert list_backups(path) == []
    ws = open_workspace(path)
    try:
        assert len(ws.db.backups) == 1
        backup = ws.db.backups[0]
        with sqlite3.connect(backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        with ws.db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                SCHEMA_HEAD
            )
            columns = {row[1] for row in conn.execute(text("PRAGMA table_info(household)"))}
        assert "notes" in columns
        assert counts(ws)["households"] == 0
    finally:
        ws.close()
    assert list_backups(path) == [backup]


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    """A file from a newer Minga is refused with a message and left as it was."""
    path = make_file(tmp_path / "c.minga")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(UnreadableFile) as caught:
        open_workspace(path)
    assert "9999" in str(caught.value)
    assert path.read_bytes() == before


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    """A path with no file is reported as unreadable with exit code 66."""
    with pytest.raises(UnreadableFile) as caught:
        open_workspace(tmp_path / "nada.minga")
    assert caught.value.exit_code == 66


def test_migrations_and_models_give_the_same_schema(tmp_path: Path) -> None:
    """Replaying every migration yields exactly the tables and indexes the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models.base import Base
    from models.tables import load_all

    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        upgrade(conn)
    with engine.connect() as conn:
        load_all()
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_backups_rotate_keeping_the_newest(tmp_path: Path) -> None:
    """Only the newest ``keep`` backups of a file are kept."""
    from models.backup import backup_file

    path = make_file(tmp_path / "c.minga")
    made = [backup_file(path, f"n{i}", keep=3) for i in range(5)]
    assert list_backups(path) == sorted(made[-3:], reverse=True)


def test_a_url_is_shown_without_its_password() -> None:
    """Messages and JSON name a server database without the password typed in its URL."""
    from models.database import shown_target

    shown = shown_target("postgresql://tesoreria:secreto@127.0.0.1:5432/fucvam")
    assert "secreto" not in shown
    assert shown.startswith("postgresql://tesoreria:") and shown.endswith("@127.0.0.1:5432/fucvam")
    assert shown_target(Path("/datos/coop.minga")) == "/datos/coop.minga"
