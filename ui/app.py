"""Start the window: ``minga gui [FILE]``; and run long work off the UI thread.

Start-up stays lean (DESIGN.md budget: at most 1.3 × importing the ORM,
shapely and Babel and showing an empty window): dialogs, pages and the demo
are imported when first used, and only the current page is made. This module
loads the core (SQLAlchemy) *before* Qt: once PySide6 is imported, its import
hook reads the source of every later module, which cost ~0.1 s for SQLAlchemy.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy.dialects.sqlite  # noqa: F401 - loaded before Qt, which slows later imports

from codesign.cooperative import cooperative_info
from codesign.errors import MingaError
from codesign.workspace import Workspace, open_workspace
from i18n import gettext as _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.main_window import MainWindow

T = TypeVar("T")
Progress = Callable[[int, int], None]
APP_NAME = "Minga"


def make_application(argv0: str = "minga") -> QApplication:
    """The QApplication with Minga's names, language, Qt translations and theme."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([argv0])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("minga")
    from ui import settings
    from ui.qt_translations import apply_language

    apply_language(settings.get(settings.LANGUAGE) or None)
    theme = settings.get(settings.THEME)
    if theme != "system":  # the platform's look needs nothing (and no import of the dialog)
        from ui.preferences import apply_theme

        apply_theme(theme)
    return app


def start_window(files: list[str]) -> MainWindow:
    """The main window on ``files[0]``, else on the last file if it is still there."""
    from ui import settings
    from ui.main_window import MainWindow

    window = MainWindow()
    if files:
        window.open_file(files[0])
    else:
        last = settings.get(settings.LAST_FILE)
        if last and Path(last).is_file():
            window.open_file(last)
    return window


def main(argv: list[str]) -> int:
    """Run the window; ``argv`` holds at most one cooperative file."""
    app = make_application(sys.argv[0] if sys.argv else "minga")
    window = start_window(list(argv))
    window.show()
    return app.exec()


def bench_open(path: str) -> MainWindow:
    """Show the window on ``path`` and let it paint once (the start-up benchmark)."""
    app = make_application()
    window = start_window([path])
    window.show()
    app.processEvents()
    return window


class Cancelled(Exception):
    """Raised inside the worker's progress callback when the user pressed Cancel."""


def run_with_progress(
    parent: QWidget | None, label: str, work: Callable[[Progress], T], *, cancellable: bool = True
) -> T | None:
    """Run ``work(progress)`` on a thread with a Cancel-able progress dialog; None if cancelled.

    ``work`` must open its own database connections (SQLite ones stay in their thread).
    Errors it raises are raised again here, on the UI thread.
    """
    from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
    from PySide6.QtWidgets import QProgressDialog

    class Relay(QObject):
        """Carries the worker's progress and end to the UI thread (queued signals)."""

        progress = Signal(int, int)
        finished = Signal()

    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    relay = Relay()
    loop = QEventLoop()
    cancelled = threading.Event()
    outcome: dict[str, object] = {}

    def progress(done: int, total: int) -> None:
        if cancelled.is_set():
            raise Cancelled
        relay.progress.emit(done, total)

    def target() -> None:
        try:
            outcome["value"] = work(progress)
        except BaseException as error:  # handed to the UI thread below
            outcome["error"] = error
        relay.finished.emit()

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    relay.progress.connect(show_progress)
    relay.finished.connect(loop.quit)
    dialog.canceled.connect(cancelled.set)
    worker = threading.Thread(target=target, name="minga-work", daemon=True)
    worker.start()
    loop.exec()
    worker.join()
    dialog.close()
    dialog.deleteLater()
    error = outcome.get("error")
    if isinstance(error, Cancelled):
        return None
    if isinstance(error, BaseException):
        raise error
    return outcome.get("value")  # type: ignore[return-value]


def open_busy(path: Path, parent: QWidget | None = None) -> Workspace:
    """Open a cooperative file off the UI thread, with the wait cursor.

    The integrity check after a crash reads the whole file (seconds on a big
    one) and a migration rewrites it: the window keeps painting meanwhile and
    a progress dialog appears if it takes longer than half a second.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ui import settings

    keep = settings.get(settings.BACKUPS_KEEP)

    def work(_progress: Progress) -> Workspace:
        ws = open_workspace(path, backups_keep=keep)
        # SQLite connections belong to the thread that made them: drop the
        # worker's, the UI thread makes its own on first use.
        ws.db.engine.dispose()
        return ws

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        opened = run_with_progress(
            parent, _("Opening {name}…").format(name=path.name), work, cancellable=False
        )
    finally:
        QGuiApplication.restoreOverrideCursor()
    assert opened is not None  # without a Cancel button the work always finishes
    return opened


def cooperative_name(ws: Workspace) -> str:
    """The cooperative's name for the title bar; the file name if the row cannot be read."""
    try:
        return cooperative_info(ws).name
    except MingaError:
        return ws.path.stem if ws.path is not None else ws.label


def demo_available() -> bool:
    """Whether this build has the demo, found without importing it (start-up stays lean)."""
    from importlib.util import find_spec

    return find_spec("codesign.demo") is not None


def ensure_demo(parent: QWidget | None) -> Path | None:
    """The demo cooperative in the data dir, made the first time (with progress and Cancel).

    None when this build has no demo or the person cancelled.
    """
    from models.paths import data_dir

    path = data_dir() / "demo.minga"
    if path.exists():
        return path
    try:
        from codesign import demo
    except ImportError:
        return None
    make_demo = getattr(demo, "make_demo", None)
    if make_demo is None:
        return None

    def make(progress: Progress) -> object:
        return make_demo(path, households=120, years=3, seed=1, progress=progress)

    done = run_with_progress(parent, _("Creating the demo cooperative…"), make)
    return path if done is not None else None


def show_about(parent: QWidget | None) -> None:
    """Name, version, licence, and what Minga is for."""
    from importlib.metadata import PackageNotFoundError, version

    from PySide6.QtWidgets import QMessageBox

    try:
        number = version("minga")
    except PackageNotFoundError:
        number = "?"
    what = _(
        "Co-design, mingas, finances and decisions for housing and school cooperatives. "
        "Everything works offline; laptops keep in step by exchanging files."
    )
    licence = _("Free software under the GNU General Public License, version 3 or later.")
    QMessageBox.about(
        parent, _("About Minga"), f"<h3>Minga {number}</h3><p>{what}</p><p>{licence}</p>"
    )
