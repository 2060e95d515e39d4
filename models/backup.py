"""Consistent copies of a cooperative file, taken before migrations, imports and restores.

A backup is named ``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason><suffix>`` in the
backups dir; the name alone says whose copy it is, when and why, so listing
them needs no database. Restoring copies a backup over the file (after
backing the file up) and gives the restored file a new device identity:
changes made after the backup were journaled under the old device's
numbers, and reusing them would clash with those already sent to others.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.filelock import FileLock
from models.paths import backups_dir

DEFAULT_KEEP = 20
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
RESTORE_REASON = "before-restore"
LOCAL_DEVICE_KEY = "local_device_id"  # the meta row naming this copy's device (see Workspace)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup as the window lists it."""

    path: Path
    taken: dt.datetime
    reason: str
    size: int


def _pattern(source: Path) -> re.Pattern[str]:
    suffix = re.escape(source.suffix or ".minga")
    return re.compile(rf"^{re.escape(source.stem)}-(\d{{8}}-\d{{6}}-\d{{6}})-(.+){suffix}$")


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while the source is open elsewhere."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_file(source: Path, reason: str, *, keep: int = DEFAULT_KEEP) -> Path:
    """Copy ``source`` with SQLite's online backup into the backups dir; return the copy.

    Older copies of the same file beyond ``keep`` are removed, newest kept.
    """
    stamp = dt.datetime.now().strftime(STAMP_FORMAT)
    target = backups_dir() / f"{source.stem}-{stamp}-{reason}{source.suffix or '.minga'}"
    _copy(source, target)
    rotate_backups(source, keep=keep)
    return target


def list_backups(source: Path) -> list[Path]:
    """Backups of ``source``, newest first (not those of ``<stem>-2`` or other names)."""
    return [info.path for info in backup_details(source)]


def backup_details(source: Path) -> list[BackupInfo]:
    """Backups of ``source`` with when and why each was taken, newest first."""
    pattern = _pattern(source)
    found: list[BackupInfo] = []
    for candidate in backups_dir().glob(f"{source.stem}-*"):
        match = pattern.match(candidate.name)
        if match is None or not candidate.is_file():
            continue
        taken = dt.datetime.strptime(match.group(1), STAMP_FORMAT)
        found.append(BackupInfo(candidate, taken, match.group(2), candidate.stat().st_size))
    return sorted(found, key=lambda info: info.taken, reverse=True)


def rotate_backups(source: Path, *, keep: int) -> None:
    """Keep the ``keep`` newest backups of ``source``."""
    for old in list_backups(source)[max(keep, 1) :]:
        old.unlink(missing_ok=True)


def forget_local_device(conn: sqlite3.Connection) -> None:
    """Make the next open of this file register a new device (DESIGN.md: a restored
    backup gets a new device id). The old device stays in the device table, so its
    changes keep their author and the journal its chain."""
    conn.execute("DELETE FROM meta WHERE key = ?", (LOCAL_DEVICE_KEY,))


AfterRestore = Callable[[sqlite3.Connection], None]


def restore_backup(
    backup: Path, target: Path, *, keep: int = DEFAULT_KEEP, after: AfterRestore | None = None
) -> Path | None:
    """Put ``backup`` in place of ``target``, which must not be open; return the safety copy.

    The current ``target`` (if there is one) is backed up first, reason
    ``before-restore``, so a restore can itself be undone from the list; the
    rotation runs only afterwards, so it never removes the backup being
    restored. ``after`` runs on the restored file in the same transaction as the
    device reset: sync keys and anything else tied to the old device belong
    there (``forget_local_device`` always runs).
    """
    lock = FileLock(target)
    lock.acquire()  # FileLocked when a window or a command has the file open
    try:
        safety: Path | None = None
        if target.exists():
            stamp = dt.datetime.now().strftime(STAMP_FORMAT)
            suffix = target.suffix or ".minga"
            safety = backups_dir() / f"{target.stem}-{stamp}-{RESTORE_REASON}{suffix}"
            _copy(target, safety)
        _copy(backup, target)  # page by page through SQLite, WAL of the old content included
        conn = sqlite3.connect(target)
        try:
            with conn:
                forget_local_device(conn)
                if after is not None:
                    after(conn)
        finally:
            conn.close()
    finally:
        lock.release()
    rotate_backups(target, keep=keep)
    return safety
