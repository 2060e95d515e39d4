"""Open, create, check and migrate a cooperative file.

A file opens with WAL, foreign keys on and full sync. A second process is
refused (lock). After an unclean exit the file's integrity is checked. A file
that will not open is moved to the quarantine folder, never deleted. Before a
migration the file is backed up.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DatabaseError, OperationalError

from i18n import gettext as _
from models.backup import DEFAULT_KEEP, backup_file
from models.errors import OpenCancelled, Quarantined, UnreadableFile
from models.filelock import FileLock
from models.migrate import SCHEMA_HEAD
from models.paths import quarantine_dir

SQLITE_HEADER = b"SQLite format 3\x00"
SUFFIX = ".minga"


@dataclass(eq=False)
class Database:
    """An open cooperative database and what opening it did."""

    engine: Engine
    path: Path | None
    lock: FileLock | None = None
    backups: list[Path] = field(default_factory=list)
    checked_integrity: bool = False

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a local cooperative file (not a server database)."""
        return self.path is not None

    def close(self) -> None:
        """Release the engine and the lock; the session ended cleanly."""
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a database server rather than a file."""
    return "://" in str(target)


def shown_target(target: str | Path) -> str:
    """A file or URL as messages and JSON name it: a URL's password is never printed."""
    if not is_url(target):
        return str(target)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(str(target)).render_as_string(hide_password=True)
    except ArgumentError:
        return str(target).split("@")[-1]


def server_engine(url: str) -> Engine:
    """An engine on a database server; ``postgresql://`` URLs use the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def sqlite_engine(path: Path) -> Engine:
    """An engine on a cooperative file with Minga's pragmas set on every connection."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _create_schema(engine: Engine) -> None:
    """Create every table of the head schema and stamp it, as Alembic would after upgrade.

    Faster than replaying the migrations (and Alembic is not imported); a test
    checks that the migrations and the models give the same schema.
    """
    from models.base import Base
    from models.tables import load_all

    with engine.begin() as conn:
        load_all()
        Base.metadata.create_all(conn)
        conn.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
                " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": SCHEMA_HEAD})


def create_database(target: str | Path) -> Database:
    """Create a new, empty cooperative database at the newest schema."""
    if is_url(target):
        engine = server_engine(str(target))
        try:
            if inspect(engine).get_table_names():
                raise UnreadableFile(
                    _("the database already holds tables; use an empty database"),
                    path=str(engine.url),
                )
            _create_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return Database(engine=engine, path=None)
    path = Path(target)
    if path.exists():
        raise UnreadableFile(_("the file already exists; choose another name"), path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    lock.acquire()
    try:
        engine = sqlite_engine(path)
        _create_schema(engine)
    except BaseException:
        lock.release()
        raise
    return Database(engine=engine, path=path, lock=lock)


def open_database(
    target: str | Path,
    *,
    migrate: bool = True,
    backups_keep: int = DEFAULT_KEEP,
    cancelled: Callable[[], bool] | None = None,
) -> Database:
    """Open an existing cooperative database, checking and migrating it as needed.

    ``backups_keep`` is how many backups of this file to keep when one is made.
    ``cancelled`` is asked now and then during the integrity check after an
    unclean exit (the only step that may take long and change nothing); when
    it answers True the file is left unopened and ``OpenCancelled`` raised.
    """
    if is_url(target):
        engine = server_engine(str(target))
        db = Database(engine=engine, path=None)
        _check_schema(db, migrate=migrate, keep=backups_keep)
        return db
    path = Path(target)
    if not path.is_file():
        raise UnreadableFile(_("no such cooperative file"), path=path)
    lock = FileLock(path)
    lock.acquire()
    db = Database(engine=sqlite_engine(path), path=path, lock=lock)
    try:
        _check_file(db, unclean=lock.was_stale, cancelled=cancelled)
        _check_schema(db, migrate=migrate, keep=backups_keep)
    except _Damaged as damaged:
        db.close()
        raise quarantine(path, damaged.reason) from None
    except OpenCancelled:
        db.engine.dispose()
        lock.release(keep_trace=True)  # still unchecked: the next open checks it
        raise
    except BaseException:
        db.close()
        raise
    return db


class _Damaged(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_file(db: Database, *, unclean: bool, cancelled: Callable[[], bool] | None) -> None:
    assert db.path is not None
    path = db.path
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_HEADER):
        if path.suffix.lower() == SUFFIX:
            raise _Damaged(_("it is not a database (damaged or not a Minga file)"))
        raise UnreadableFile(_("not a Minga cooperative file"), path=path)
    if len(header) == 100:
        page_size = int.from_bytes(header[16:18], "big") or 65536
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        wal = path.with_name(path.name + "-wal")
        if pages and not wal.exists() and path.stat().st_size < pages * page_size:
            raise _Damaged(_("the file is truncated (shorter than its header says)"))
    else:
        raise _Damaged(_("the file is truncated"))
    if unclean:
        _check_integrity(db, path, cancelled)


def _check_integrity(db: Database, path: Path, cancelled: Callable[[], bool] | None) -> None:
    """The whole-file check after an unclean exit; ``cancelled`` (when given) may stop it."""
    db.checked_integrity = True
    stopped = OpenCancelled(_("the check was stopped; the file was not opened"), path=path)
    if cancelled is not None and cancelled():  # Cancel pressed before the check began
        raise stopped
    stop = _Stop(cancelled) if cancelled is not None else None
    try:
        with db.engine.connect() as conn:
            if stop is not None:
                stop.watch(conn.connection.dbapi_connection)
            try:
                result = conn.execute(text("PRAGMA quick_check")).scalar()
            finally:
                if stop is not None:
                    stop.stop()
    except DatabaseError as exc:
        if stop is not None and stop.asked:
            raise stopped from None
        raise _Damaged(_("integrity check failed: {reason}").format(reason=_orig(exc))) from exc
    if result != "ok":
        raise _Damaged(_("integrity check failed: {reason}").format(reason=result))


class _Stop:
    """Watches ``cancelled()`` while a long statement runs and interrupts it when it says so.

    The integrity check is one step for SQLite's progress handler, so a
    watcher thread asks every 50 ms and calls ``interrupt``, which SQLite
    allows from any thread.
    """

    def __init__(self, cancelled: Callable[[], bool]) -> None:
        self.cancelled = cancelled
        self.asked = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, conn: Any) -> None:
        """Start watching on behalf of the DB-API connection ``conn``."""

        def run() -> None:
            while not self._done.wait(0.05):
                if self.cancelled() and not self._done.is_set():
                    self.asked = True
                    conn.interrupt()
                    return

        self._thread = threading.Thread(target=run, name="minga-check-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """The statement ended: stop watching."""
        self._done.set()
        if self._thread is not None:
            self._thread.join()


def _orig(exc: DatabaseError) -> str:
    return str(getattr(exc, "orig", exc))


def _check_schema(db: Database, *, migrate: bool, keep: int) -> None:
    try:
        with db.engine.connect() as conn:
            names = {
                row[0]
                for row in conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type='table'")
                    if db.is_sqlite
                    else text(
                        "SELECT table_name FROM information_schema.tables"
                        " WHERE table_schema = current_schema()"
                    )
                )
            }
            if "alembic_version" not in names or "cooperative" not in names:
                raise UnreadableFile(_("not a Minga cooperative file"), path=db.path)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            conn.execute(text("SELECT count(*) FROM cooperative")).scalar()
    except (DatabaseError, OperationalError) as exc:
        if db.is_sqlite:
            raise _Damaged(_orig(exc)) from exc
        raise UnreadableFile(_orig(exc), path=str(db.engine.url)) from exc
    if revision == SCHEMA_HEAD:
        return
    from models.migrate import known_revisions, upgrade

    if revision not in known_revisions():
        raise UnreadableFile(
            _("the file was written by a newer Minga (schema {revision}); update Minga").format(
                revision=revision
            ),
            path=db.path,
        )
    if not migrate:
        raise UnreadableFile(_("the file needs an upgrade"), path=db.path)
    if db.path is not None:
        db.backups.append(backup_file(db.path, f"before-migration-{revision}", keep=keep))
    with db.engine.begin() as conn:
        upgrade(conn)


def quarantine(path: Path, reason: str) -> Quarantined:
    """Move a damaged file (and its WAL files) to the quarantine folder; return the error."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = quarantine_dir() / f"{stamp}-{path.name}"
    counter = 1
    while target.exists():
        target = quarantine_dir() / f"{stamp}-{counter}-{path.name}"
        counter += 1
    shutil.move(str(path), str(target))
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            shutil.move(str(side), str(target.with_name(target.name + extra)))
    path.with_name(path.name + ".lock").unlink(missing_ok=True)
    message = _("the file cannot be opened ({reason}); it was moved to {target}").format(
        reason=reason, target=target
    )
    return Quarantined(message, path=path, quarantine_path=target)


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with Minga's pragmas, for bulk writes."""
    conn = sqlite3.connect(path)
    _set_pragmas(conn, None)
    return conn
