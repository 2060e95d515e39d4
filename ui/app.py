"""Start the window: ``minga gui [FILE]``; and run long work off the UI thread.

Start-up stays lean (DESIGN.md budget: at most 1.3 × importing the ORM,
shapely and Babel and showing an empty window): dialogs, pages and the demo
are imported when first used, and only the current page is made. This module
loads the core (SQLAlchemy) *before* Qt: once PySide6 is imported, its import
hook reads the source of every later module, which cost ~0.1 s for SQLAlchemy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy.dialects.sqlite  # noqa: F401 - loaded before Qt, which slows later imports

from codesign.cooperative import cooperative_info
from codesign.errors import MingaError, OpenCancelled
from codesign.workspace import Workspace, open_workspace
from i18n import gettext as _

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.main_window import MainWindow
    from ui.tasks import Progress

T = TypeVar("T")
APP_NAME = "Minga"
SMOKE_TEST_ENV = "MINGA_SMOKE_TEST"  # "1": show the window, paint once, exit (packaging check)
SMOKE_TIMEOUT_MS = 120_000


def make_application(argv0: str = "minga") -> QApplication:
    """The QApplication with Minga's names, language, Qt translations, theme and text size."""
    from PySide6.QtWidgets import QApplication

    from ui.application import MingaApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else MingaApplication([argv0])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("minga")
    app.setWindowIcon(app_icon())
    from ui import settings, themes
    from ui.qt_translations import apply_language

    apply_language(settings.get(settings.LANGUAGE) or None)
    themes.apply_theme(settings.get(settings.THEME), font_percent=settings.get(settings.FONT_SIZE))
    themes.follow_system_scheme()
    return app


def app_icon() -> QIcon:
    """Minga's icon at the sizes drawn for it (ui/icons, rendered from minga.svg)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = Path(__file__).with_name("icons")
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(folder / f"minga-{size}.png"), QSize(size, size))
    return icon


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
    """Run the window; ``argv`` holds at most one cooperative file.

    When Minga already runs for this user, the file goes to that window and
    this process exits 0 (``ui.single_instance``).
    """
    app = make_application(sys.argv[0] if sys.argv else "minga")
    from ui.single_instance import claim_or_forward

    server = claim_or_forward(list(argv), app)
    if server is None:
        return 0  # the running window took the file
    if os.environ.get(SMOKE_TEST_ENV) == "1":
        code = smoke_test(app, list(argv))
        server.close()
        return code
    window = start_window(list(argv))
    server.deliver_to(window.open_forwarded)
    connect_file_open_events(app, window)
    window.show()
    code = app.exec()
    server.close()
    return code


def connect_file_open_events(app: QApplication, window: MainWindow) -> None:
    """Files the system asks to open (macOS QFileOpenEvent) go to ``window``."""
    from ui.application import MingaApplication

    if isinstance(app, MingaApplication):
        app.file_open_requested.connect(window.open_system_file)  # dropped with the window
        pending = app.start_delivering()
        if pending:
            window.open_forwarded(pending)


def smoke_test(app: QApplication, files: list[str]) -> int:
    """Show the window on ``files``, quit after its first paint: 0 if a given file opened.

    Used on a frozen build, headless: it proves Qt's plugins, our data files
    and the lazily imported modules made it into the package. Nobody is there to
    answer a message box, so one (an error) is closed at once, its text printed on
    stderr, and the run fails; a watchdog ends a run that never paints.
    """
    import time

    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMessageBox

    started = time.perf_counter()
    seen: dict[str, object] = {}

    class FirstPaint(QObject):
        """Notes what the window shows at its first paint, then quits the application."""

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and "opened" not in seen:
                # Quitting closes the window (and the file), so look now.
                seen["opened"] = window.context.ws is not None
                seen["seconds"] = time.perf_counter() - started
                from ui.help import help_html  # the data files a frozen build must carry

                seen["help"] = bool(help_html(window.current_section()))
                seen["icon"] = not app.windowIcon().pixmap(32, 32).isNull()
                QTimer.singleShot(0, app.quit)
            return False

    def close_message_boxes() -> None:
        box = app.activeModalWidget()
        if isinstance(box, QMessageBox):
            sys.stderr.write(f"minga: smoke test: {box.text()} {box.informativeText()}\n")
            seen["message"] = True
            box.done(0)

    def give_up() -> None:
        sys.stderr.write("minga: smoke test: the window did not paint in time\n")
        seen["timed_out"] = True
        app.exit(1)

    boxes = QTimer(app)
    boxes.timeout.connect(close_message_boxes)
    boxes.start(100)  # runs in the nested loops of dialogs and of opening too
    QTimer.singleShot(SMOKE_TIMEOUT_MS, give_up)
    window = start_window(files)
    if "timed_out" in seen:
        return 1
    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    boxes.stop()
    opened = bool(seen.get("opened"))
    qt_text = QCoreApplication.translate("QPlatformTheme", "Cancel")  # Qt's own catalog
    sys.stdout.write(
        f"smoke test: window painted, file open: {opened}, Qt says {qt_text}, "
        f"help: {seen.get('help')}, icon: {seen.get('icon')}, "
        f"{float(seen.get('seconds', 0.0)):.2f} s\n"  # type: ignore[arg-type]
    )
    window.close()
    failed = "message" in seen or (bool(files) and not opened)
    return code or (1 if failed else 0)


def bench_open(path: str) -> MainWindow:
    """Show the window on ``path`` and let it paint once (the start-up benchmark)."""
    app = make_application()
    window = start_window([path])
    window.show()
    app.processEvents()
    return window


def open_busy(path: Path, parent: QWidget | None = None) -> Workspace | None:
    """Open a cooperative file off the UI thread, with the wait cursor; None if cancelled.

    The integrity check after a crash reads the whole file (seconds on a big
    one) and a migration rewrites it: the window keeps painting meanwhile and
    a progress dialog appears if it takes longer than half a second. Cancel
    stops the check (the file is then left unopened and checked next time);
    a migration, once started, runs to its end.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ui import settings
    from ui.tasks import run_with_progress

    keep = settings.get(settings.BACKUPS_KEEP)
    if _opens_quickly(path):
        return open_workspace(path, backups_keep=keep)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return run_with_progress(
            parent, _("Opening {name}…").format(name=path.name), opening(path, keep)
        )
    finally:
        QGuiApplication.restoreOverrideCursor()


def _opens_quickly(path: Path) -> bool:
    """Whether opening ``path`` needs neither the integrity check nor a migration.

    Such an open takes milliseconds, so it runs on the UI thread without a
    worker and its progress dialog. Anything unclear (no file, a lock file
    left or held, another schema, not a database) takes the careful path.
    """
    import sqlite3

    from models.migrate import SCHEMA_HEAD

    if path.with_name(path.name + ".lock").exists() or not path.is_file():
        return False
    try:
        # immutable: read the file as it lies, leaving no -wal or -shm beside it
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == SCHEMA_HEAD


def opening(path: Path, keep: int) -> Callable[[Progress], Workspace]:
    """The work of ``open_busy``: open ``path``, stopping the check when Cancel is pressed."""
    from ui.tasks import Cancelled

    def work(progress: Progress) -> Workspace:
        def cancelled() -> bool:
            try:
                progress(0, 0)
            except Cancelled:
                return True
            return False

        try:
            ws = open_workspace(path, backups_keep=keep, cancelled=cancelled)
        except OpenCancelled:
            raise Cancelled from None
        # SQLite connections belong to the thread that made them: drop the
        # worker's, the UI thread makes its own on first use.
        ws.db.engine.dispose()
        return ws

    return work


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
    from ui.tasks import run_with_progress

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
