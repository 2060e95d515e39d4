"""The typed errors services raise; the window and the command line show them in one place."""

from __future__ import annotations

from models.errors import (
    AwaitingDecision,
    BadInput,
    CheckFailed,
    FileLocked,
    MingaError,
    NotPermitted,
    OpenCancelled,
    Quarantined,
    UnreadableFile,
    UsageError,
)

__all__ = [
    "AwaitingDecision",
    "BadInput",
    "CheckFailed",
    "FileLocked",
    "MingaError",
    "NotFound",
    "NotPermitted",
    "OpenCancelled",
    "Quarantined",
    "SignInFailed",
    "UnreadableFile",
    "UsageError",
]


class NotFound(BadInput):
    """An id or name that matches nothing (or more than one thing)."""


class SignInFailed(NotPermitted):
    """Wrong passphrase, or a person who has none."""
