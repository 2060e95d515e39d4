"""Test set-up: Qt offscreen, a private data dir per test, Spanish restored after each test.

The environment is set before anything imports Qt: without a display Qt
aborts the whole run (exit 134), and settings or backups written to the real
data dir would leak between tests and into the developer's own files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-tests-"))

import pytest

import i18n
from codesign.cooperative import create_cooperative
from codesign.workspace import Workspace

# The throwaway PostgreSQL server (fixtures pg_server, pg_url).
pytest_plugins = ("tests.pg",)


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's application is Minga's own, so system file-open events reach the window."""
    from ui.application import MingaApplication

    return MingaApplication


@pytest.fixture(autouse=True)
def minga_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data dir (settings, backups, quarantine) and Spanish texts."""
    home = tmp_path / "home"
    monkeypatch.setenv("MINGA_HOME", str(home))
    i18n.set_language("es")
    yield home
    i18n.set_language("es")
    qt_translations = sys.modules.get("ui.qt_translations")
    if qt_translations is not None:  # a test switched Qt's own texts too
        qt_translations.install_qt_translator("es")


@pytest.fixture
def coop(tmp_path: Path) -> Iterator[Workspace]:
    """An open, empty cooperative file in set-up mode."""
    ws = create_cooperative(tmp_path / "coop.minga", name="Cooperativa de Prueba")
    yield ws
    ws.close()


@pytest.fixture
def coop_file(tmp_path: Path) -> Callable[..., Path]:
    """Make a closed cooperative file (so a window can open and lock it); returns its path."""

    def make(name: str = "Cooperativa de Prueba", file: str = "file.minga", **kw: str) -> Path:
        ws = create_cooperative(tmp_path / file, name=name, **kw)
        path = ws.path
        ws.close()
        assert path is not None
        return path

    return make


class MessageBoxes:
    """Closes the modal message boxes a test provokes and keeps their texts."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._armed = False

    def expect(self) -> None:
        """Close the next modal message box as soon as it is shown."""
        from PySide6.QtCore import QTimer

        self._armed = True
        QTimer.singleShot(0, self._close_when_shown)

    def _close_when_shown(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.texts.append(box.text() + "\n" + box.informativeText())
            box.done(0)
            self._armed = False
        elif self._armed:
            QTimer.singleShot(10, self._close_when_shown)

    def stop(self) -> None:
        """Stop waiting for a box that never came."""
        self._armed = False


@pytest.fixture
def message_boxes() -> Iterator[MessageBoxes]:
    """A closer for modal message boxes; call ``expect()`` before the action that shows one."""
    boxes = MessageBoxes()
    yield boxes
    boxes.stop()
