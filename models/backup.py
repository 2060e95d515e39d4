"""Consistent copies of a cooperative file, taken before migrations and imports."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from models.paths import backups_dir

DEFAULT_KEEP = 20


def backup_file(source: Path, reason: str, *, keep: int = DEFAULT_KEEP) -> Path:
    """Copy ``source`` with SQLite's online backup into the backups dir; return the copy.

    Older copies of the same file beyond ``keep`` are removed, newest kept.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir() / f"{source.stem}-{stamp}-{reason}{source.suffix or '.minga'}"
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    rotate_backups(source, keep=keep)
    return target


def list_backups(source: Path) -> list[Path]:
    """Backups of ``source``, newest first."""
    pattern = f"{source.stem}-*{source.suffix or '.minga'}"
    return sorted(backups_dir().glob(pattern), reverse=True)


def rotate_backups(source: Path, *, keep: int) -> None:
    """Keep the ``keep`` newest backups of ``source``."""
    for old in list_backups(source)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
