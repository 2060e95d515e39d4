"""One process per cooperative file, and a trace of unclean exits.

The lock file sits beside the cooperative file. A clean close removes it; a
lock file found unlocked on open means the last session ended uncleanly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from i18n import gettext as _
from models.errors import FileLocked


class FileLock:
    """An exclusive, advisory lock on ``<file>.lock`` held while the file is open."""

    def __init__(self, target: Path) -> None:
        self.path = target.with_name(target.name + ".lock")
        self.target = target
        self.was_stale = False
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise FileLocked naming the file."""
        self.was_stale = self.path.exists()
        handle = self.path.open("a+", encoding="utf-8")
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise FileLocked(
                _(
                    "the file is open in another Minga window (process {pid}); close it there first"
                ).format(pid=holder),
                path=self.target,
            )
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self, *, keep_trace: bool = False) -> None:
        """Release the lock and remove the lock file: the session ended cleanly.

        With ``keep_trace`` the lock file stays, so the next open still knows
        the last session ended uncleanly (an integrity check stopped halfway).
        """
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        if not keep_trace:
            self.path.unlink(missing_ok=True)
        _unlock(handle)
        handle.close()

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
