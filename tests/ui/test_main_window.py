"""The main window: opening files, the sidebar, the lock, recent files, sign-in, lazy start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from codesign.people import service
from codesign.workspace import Workspace, open_workspace
from ui import settings
from ui.main_window import MainWindow
from ui.pages import SECTIONS
from ui.signin import SignInDialog

if TYPE_CHECKING:
    from conftest import MessageBoxes

SECTION_ORDER = ["design", "mingas", "finances", "decisions", "cases", "people", "sync"]


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def test_window_title_names_the_open_cooperative(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """Opening a file shows "<name> — Minga" in the title and the file path in the status bar."""
    path = coop_file(name="Cooperativa Alianza Solidaria")
    window = make_window(qtbot)
    assert window.windowTitle() == "Minga"
    assert window.open_file(path)
    assert window.windowTitle() == "Cooperativa Alianza Solidaria — Minga"
    assert window.path_label.toolTip() == str(path)


def test_sidebar_lists_seven_sections_in_order(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """The sidebar holds Design, Mingas, Finances, Decisions, Cases, People, Sync in that order."""
    window = make_window(qtbot)
    window.open_file(coop_file())
    assert window.sidebar.keys() == SECTION_ORDER
    assert [s.key for s in SECTIONS] == SECTION_ORDER
    assert window.sidebar.item(0).text() == "Diseño"


def test_ctrl_number_switches_sections(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """Ctrl+1 … Ctrl+7 show the sections in sidebar order."""
    window = make_window(qtbot)
    window.open_file(coop_file())
    show_active(qtbot, window)
    for number in (7, 3, 1, 6, 2, 5, 4):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        key = SECTION_ORDER[number - 1]
        assert window.current_section() == key
        assert window.pages.currentWidget() is window.page(key)


def test_pages_are_made_when_first_shown(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """Only the shown section's page exists after opening; others are made on first visit."""
    window = make_window(qtbot)
    window.open_file(coop_file())
    assert set(window._pages) == {"design"}
    window.show_section("sync")
    assert set(window._pages) == {"design", "sync"}
    assert window.pages.currentWidget().objectName() == "page_sync"


def test_opening_a_locked_file_shows_an_error(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """A file open elsewhere is refused with a message naming the lock; the window carries on."""
    assert coop.path is not None
    window = make_window(qtbot)
    message_boxes.expect()
    assert not window.open_file(coop.path)
    assert window.context.ws is None
    assert len(message_boxes.texts) == 1
    assert "otra ventana de Minga" in message_boxes.texts[0]
    assert str(os.getpid()) in message_boxes.texts[0]
    assert settings.recent_files() == []


def test_closing_the_window_releases_the_lock(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """After the window closes, another process (here: another open) can open the file."""
    path = coop_file()
    window = make_window(qtbot)
    window.open_file(path)
    with pytest.raises(Exception, match="otra ventana"):
        open_workspace(path)
    window.close()
    ws = open_workspace(path)
    ws.close()


def test_recent_files_survive_a_new_window(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """Files opened in one window are listed, newest first, in the next window's Open recent."""
    first, second = coop_file(file="a.minga"), coop_file(file="b.minga")
    window = make_window(qtbot)
    window.open_file(first)
    window.open_file(second)
    window.close()
    again = make_window(qtbot)
    again.fill_recent_menu()
    listed = [a.data() for a in again.recent_menu.actions() if a.data()]
    assert listed == [str(second), str(first)]
    second.unlink()
    again.fill_recent_menu()
    missing = [a for a in again.recent_menu.actions() if a.data() == str(second)]
    assert len(missing) == 1 and not missing[0].isEnabled()


def test_start_reopens_the_last_file(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """Without a FILE argument the window reopens the file open when it last closed."""
    from ui.app import start_window

    path = coop_file(name="Cooperativa Reabierta")
    window = make_window(qtbot)
    window.open_file(path)
    window.close()
    again = start_window([])
    qtbot.addWidget(again)
    assert again.context.ws is not None and again.context.ws.path == path
    again.close_file()
    again.close()
    third = start_window([])
    qtbot.addWidget(third)
    assert third.context.ws is None


def test_window_geometry_is_remembered(qtbot: QtBot) -> None:
    """The size a window closes with is the size the next window opens with."""
    window = make_window(qtbot)
    window.show()
    window.resize(700, 530)  # within the offscreen screen (800 × 600), so nothing is clamped
    qtbot.waitUntil(lambda: window.size().width() == 700)
    window.close()
    again = make_window(qtbot)
    assert (again.width(), again.height()) == (700, 530)


def test_standard_shortcuts(qtbot: QtBot) -> None:
    """Open, export, undo, redo, find and quit use the platform's standard keys."""
    window = make_window(qtbot)
    standard = QKeySequence.StandardKey
    expected = {
        "open": standard.Open,
        "export": standard.SaveAs,
        "undo": standard.Undo,
        "redo": standard.Redo,
        "find": standard.Find,
    }
    for name, key in expected.items():
        shortcut = window.actions_by_name[name].shortcut()
        assert shortcut == QKeySequence(key), name
        assert not shortcut.isEmpty(), name
    quit_keys = QKeySequence.keyBindings(standard.Quit) or [QKeySequence("Ctrl+Q")]
    assert window.actions_by_name["quit"].shortcuts() == quit_keys


def test_welcome_page_opens_the_demo(qtbot: QtBot, minga_home: Path) -> None:
    """With no file open the welcome page shows; its demo button creates and opens the demo."""
    window = make_window(qtbot)
    window.show()
    assert window.central.currentWidget() is window.welcome
    assert window.welcome is not None
    assert window.welcome.demo_button.isVisibleTo(window.welcome)
    window.welcome.demo_button.click()
    qtbot.waitUntil(lambda: window.context.ws is not None, timeout=20000)
    assert (minga_home / "demo.minga").exists()
    assert window.windowTitle().startswith("Cooperativa de Vivienda")
    assert window.central.currentIndex() == 0


def show_active(qtbot: QtBot, window: MainWindow) -> None:
    """Show the window and wait until it has the keyboard (shortcuts need an active window)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def people_file(coop_file: Callable[..., Path]) -> Path:
    """A file where Ana is treasurer with a passphrase (so set-up mode is over)."""
    path = coop_file()
    ws = open_workspace(path)
    service.add_person(ws, name="Luis Tupiza")
    _result, added = service.add_person(ws, name="Ana Quispe", roles=("member", "treasurer"))
    service.set_passphrase(ws, added.person, "minga-2026")  # set-up mode ends here
    ws.close()
    return path


def test_status_bar_says_who_is_signed_in(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """Set-up mode, then "not signed in", then the person and role after signing in and out."""
    window = make_window(qtbot)
    window.open_file(coop_file(file="empty.minga"))
    assert window.who_label.full_text().startswith("Modo de configuración")
    window.open_file(people_file(coop_file))
    assert window.who_label.full_text() == "Sin sesión iniciada"
    dialog = SignInDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert [dialog.person.itemText(i) for i in range(dialog.person.count())] == ["Ana Quispe"]
    dialog.person.setCurrentText("Ana Quispe")
    dialog.passphrase.setText("minga-2026")
    dialog.accept()
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert window.who_label.full_text() == "Sesión iniciada: Ana Quispe (miembro, tesorero/a)"
    assert window.actions_by_name["sign_out"].isEnabled()
    window.actions_by_name["sign_out"].trigger()
    assert window.who_label.full_text() == "Sin sesión iniciada"


def test_wrong_passphrase_stays_in_the_dialog(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """A wrong passphrase is shown inside the sign-in dialog, which stays open; nobody acts."""
    window = make_window(qtbot)
    window.open_file(people_file(coop_file))
    dialog = SignInDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.person.setCurrentText("Ana Quispe")
    dialog.passphrase.setText("wrong")
    dialog.accept()
    assert dialog.isVisible()
    assert "Ana Quispe" in dialog.message.text()
    assert dialog.message.isVisible()
    assert window.context.workspace().actor is None


def test_find_focuses_the_page_search(qtbot: QtBot, coop_file: Callable[..., Path]) -> None:
    """Find puts the cursor in the current page's search box when the page has one."""
    window = make_window(qtbot)
    window.open_file(coop_file())
    show_active(qtbot, window)
    window.show_section("people")
    page = window.page("people")
    window.actions_by_name["find"].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    assert page.isAncestorOf(QApplication.focusWidget())


def test_start_up_imports_only_what_it_shows(
    coop_file: Callable[..., Path], minga_home: Path
) -> None:
    """Opening the window on a file loads no dialog, wizard, other pages or heavy libraries."""
    path = coop_file()
    code = (
        "import sys\n"
        "from ui.app import bench_open\n"
        f"window = bench_open({str(path)!r})\n"
        "assert window.context.ws is not None\n"
        "lazy = ['ui.wizard', 'ui.pages.people', 'matplotlib',\n"
        "        'reportlab', 'ortools', 'ezdxf', 'codesign.demo', 'alembic']\n"
        "print(sorted(m for m in lazy if m in sys.modules))\n"
        "window.close()\n"
    )
    env = {**os.environ, "MINGA_HOME": str(minga_home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_long_work_runs_off_the_ui_thread_and_can_be_cancelled(qtbot: QtBot) -> None:
    """Work runs on another thread while the window stays live; Cancel stops it, giving None."""
    import threading
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from ui.tasks import run_with_progress

    threads: set[str] = set()
    steps: list[int] = []

    def work(progress: Callable[[int, int], None]) -> str:
        threads.add(threading.current_thread().name)
        for step in range(5000):
            progress(step, 5000)
            steps.append(step)
            time.sleep(0.002)
        return "finished"

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        assert len(dialogs) == 1
        button = dialogs[0].findChild(QPushButton)
        assert button is not None
        button.click()

    QTimer.singleShot(200, press_cancel)
    assert run_with_progress(None, "…", work) is None
    assert threading.current_thread().name not in threads
    assert 0 < len(steps) < 5000
    assert run_with_progress(None, "…", lambda _progress: "quick") == "quick"


def test_file_left_by_a_crash_is_checked_off_the_ui_thread(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """After an unclean exit the integrity check runs in a worker; the file then works here."""
    import threading

    from codesign.people.queries import list_people
    from models import database

    path = coop_file(name="Cooperativa Tras Apagón")
    ws = open_workspace(path)
    service.add_person(ws, name="Rosa Lema")
    ws.close()
    path.with_name(path.name + ".lock").write_text("4242", encoding="utf-8")
    threads: list[str] = []
    original = database._check_file

    def spy(db: database.Database, **kw: Any) -> None:
        threads.append(threading.current_thread().name)
        original(db, **kw)

    database._check_file = spy
    try:
        window = make_window(qtbot)
        assert window.open_file(path)
    finally:
        database._check_file = original
    assert threads and threads[0] != threading.main_thread().name
    opened = window.context.workspace()
    assert opened.db.checked_integrity
    assert [p.name for p in list_people(opened)] == ["Rosa Lema"]


def test_sections_fit_the_screen_they_need_not_the_widest(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """Once the Design page exists, the other sections still fit a 1,024-pixel-wide window."""
    window = make_window(qtbot)
    window.show()
    assert window.open_file(coop_file())
    window.show_section("design")
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() > 0)
    design = window.minimumSizeHint().width()
    window.show_section("people")
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() < min(design, 1024), timeout=2000)
    window.show_section("design")
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() == design, timeout=2000)
