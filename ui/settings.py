"""The window's preferences, declared once and stored as plain INI values.

Each ``Setting`` names its key, default and type in one place, so a typo is
an AttributeError rather than a silently separate key. Values are written as
plain strings (lists as JSON, bytes as base64), never as Qt's pickled
``@Variant``, so another program (or ``models``, which has no Qt) can read
``settings.ini``. The file lives in ``models.paths.data_dir()``, which honours
``MINGA_HOME``: tests and two "laptops" on one machine stay apart.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QSettings

from models.paths import data_dir

T = TypeVar("T", str, int, bytes, list[str])

SETTINGS_FILE = "settings.ini"
MAX_RECENT_FILES = 8


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One stored preference: its INI key, the value when unset, and its Python type."""

    key: str
    default: T
    type: type


LANGUAGE: Setting[str] = Setting("language", "", str)  # "" follows the system
RECENT_FILES: Setting[list[str]] = Setting("recent_files", [], list)
LAST_FILE: Setting[str] = Setting("last_file", "", str)
WINDOW_GEOMETRY: Setting[bytes] = Setting("window_geometry", b"", bytes)
WINDOW_STATE: Setting[bytes] = Setting("window_state", b"", bytes)
BACKUPS_KEEP: Setting[int] = Setting("backups_keep", 20, int)
THEME: Setting[str] = Setting("theme", "system", str)
FONT_SIZE: Setting[int] = Setting("font_size", 100, int)  # percent of the system's text size

ALL_SETTINGS: tuple[Setting[str] | Setting[int] | Setting[bytes] | Setting[list[str]], ...] = (
    LANGUAGE,
    RECENT_FILES,
    LAST_FILE,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    BACKUPS_KEEP,
    THEME,
    FONT_SIZE,
)


def settings_path() -> Path:
    """Where the INI file is, in the current data dir."""
    return data_dir() / SETTINGS_FILE


def _store() -> QSettings:
    # Opened per call: MINGA_HOME may change between tests, and QSettings is cheap to open.
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def _decode(kind: type, default: object, raw: object) -> object:
    """The stored text turned back into ``kind``; ``default`` when it is unreadable."""
    text = raw if isinstance(raw, str) else str(raw)
    try:
        if kind is int:
            return int(text)
        if kind is bytes:
            return base64.b64decode(text.encode("ascii"), validate=True)
        if kind is list:
            value = json.loads(text)
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            return value if ok else default
    except (ValueError, binascii.Error):
        return default
    return text


def _encode(value: object) -> str:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def get(setting: Setting[T]) -> T:
    """The stored value, or the default when unset or unreadable."""
    raw = _store().value(setting.key)
    if raw is None:
        return setting.default
    return cast(T, _decode(setting.type, setting.default, raw))


def put(setting: Setting[T], value: T) -> None:
    """Store ``value`` as plain text and write the file now."""
    if not isinstance(value, setting.type):
        raise TypeError(f"{setting.key} takes {setting.type.__name__}, not {type(value).__name__}")
    store = _store()
    store.setValue(setting.key, _encode(value))
    store.sync()


def reset(setting: Setting[T]) -> None:
    """Forget the stored value; ``get`` answers the default again."""
    store = _store()
    store.remove(setting.key)
    store.sync()


def recent_files() -> list[str]:
    """Recently opened cooperative files, newest first."""
    return get(RECENT_FILES)[:MAX_RECENT_FILES]


def remember_file(path: Path | str) -> None:
    """Put ``path`` first in the recent files and make it the file reopened at start-up."""
    text = str(Path(path).absolute())
    files = [text, *(f for f in get(RECENT_FILES) if f != text)]
    put(RECENT_FILES, files[:MAX_RECENT_FILES])
    put(LAST_FILE, text)


def forget_file(path: Path | str) -> None:
    """Drop ``path`` from the recent files (it was moved or deleted)."""
    text = str(path)
    put(RECENT_FILES, [f for f in get(RECENT_FILES) if f != text])
    if get(LAST_FILE) == text:
        put(LAST_FILE, "")
