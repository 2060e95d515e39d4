"""Where Minga keeps its own files: data dir, backups, quarantine.

``MINGA_HOME`` overrides the platform data dir so tests and two "laptops" on
one machine stay apart.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The per-user data dir (created on first use)."""
    home = os.environ.get("MINGA_HOME")
    if home:
        path = Path(home)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("minga", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    """Copies made before every migration and import."""
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def quarantine_dir() -> Path:
    """Files that would not open are moved here, never deleted."""
    path = data_dir() / "quarantine"
    path.mkdir(parents=True, exist_ok=True)
    return path
