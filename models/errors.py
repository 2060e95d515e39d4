"""Typed errors; each carries the exit code the command line turns it into.

Messages are translated when the error is raised and name the file and the
reason in one line, so the window and the command line show the same text.
"""

from __future__ import annotations

from pathlib import Path


class MingaError(Exception):
    """Something the user can act on; ``str(error)`` is the one-line message."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, row: int | None = None):
        self.path = str(path) if path is not None else None
        self.row = row
        self.reason = message
        parts = [p for p in (self.path, _row_text(row)) if p]
        super().__init__(": ".join([*parts, message]))


def _row_text(row: int | None) -> str:
    from i18n import gettext as _

    return _("row {row}").format(row=row) if row is not None else ""


class UsageError(MingaError):
    """The command was called the wrong way."""

    exit_code = 2


class CheckFailed(MingaError):
    """A check ran and found problems."""

    exit_code = 3


class AwaitingDecision(MingaError):
    """A person must decide before this can go on (quarantine)."""

    exit_code = 4


class BadInput(MingaError):
    """Input was rejected; nothing was changed."""

    exit_code = 65


class UnreadableFile(MingaError):
    """A file could not be read or opened."""

    exit_code = 66


class OpenCancelled(MingaError):
    """The person stopped the integrity check; the file was not opened and is checked next time."""

    exit_code = 1


class FileLocked(UnreadableFile):
    """Another Minga process holds the cooperative file."""


class Quarantined(UnreadableFile):
    """A damaged cooperative file was moved aside; ``quarantine_path`` says where."""

    def __init__(self, message: str, *, path: Path | str, quarantine_path: Path):
        self.quarantine_path = quarantine_path
        super().__init__(message, path=path)


class NotPermitted(MingaError):
    """The signed-in person (or nobody) may not do this."""

    exit_code = 77
