"""The main window: sidebar of sections, lazily made pages, menus, status bar.

The window owns one ``AppContext``. It opens and closes cooperative files,
keeps the recent files and its geometry in ``ui.settings``, and rebuilds its
texts in ``retranslate`` when the language changes, without a restart.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)
from typing_extensions import override

from codesign.errors import MingaError, Quarantined
from codesign.workspace import Workspace
from i18n import gettext as _
from ui import settings
from ui.app import cooperative_name, demo_available, ensure_demo, open_busy, show_about
from ui.context import AppContext
from ui.errors import show_error
from ui.pages import SECTIONS, create_page
from ui.sidebar import Sidebar
from ui.signin import ElidedLabel, SignInDialog, sign_out, status_text
from ui.widgets import CurrentPageStack
from ui.window_files import BUNDLE_SUFFIX, STATUS_MS, ForwardedFiles

if TYPE_CHECKING:
    from ui.pages.placeholder import WelcomePage

FILE_FILTER = "*.minga"
StandardKey = QKeySequence.StandardKey


class MainWindow(ForwardedFiles):
    """One window on at most one open cooperative file."""

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context if context is not None else AppContext(self)
        self._pages: dict[str, QWidget] = {}
        self._shown_ws: Workspace | None = None
        self._coop_name = ""
        self.welcome: WelcomePage | None = None  # made when first needed, with its demo check
        self.sidebar = Sidebar(self)
        self.pages = CurrentPageStack(self)
        for entry in SECTIONS:
            stub = QWidget(self.pages)
            stub.setObjectName(f"stub_{entry.key}")
            self.pages.addWidget(stub)
        body = QWidget(self)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        QWidget.setTabOrder(self.sidebar, self.pages)  # Tab leaves the sections into the page
        self.central = QStackedWidget(self)
        self.central.addWidget(body)
        self.setCentralWidget(self.central)
        self.who_label = ElidedLabel(Qt.TextElideMode.ElideRight, self)
        self.who_label.setObjectName("whoLabel")
        self.path_label = ElidedLabel(Qt.TextElideMode.ElideMiddle, self, widest=420)
        self.path_label.setObjectName("pathLabel")
        self.path_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.who_label, 1)
        self.statusBar().addPermanentWidget(self.path_label)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self.sidebar.section_chosen.connect(self.show_section)
        self.context.workspace_changed.connect(self._workspace_changed)
        self.retranslate()
        self._restore_window()
        self._workspace_changed()
        self.setAcceptDrops(True)  # a sync bundle dropped on the window is imported

    # -- building -------------------------------------------------------------------------

    def _action(
        self, name: str, slot: Callable[[], object] | None, key: QKeySequence | None = None
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(f"action_{name}")
        if key is not None:
            action.setShortcut(key)
        if slot is not None:
            action.triggered.connect(slot)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence
        self._action("new", self.new_cooperative, keys(StandardKey.New))
        self._action("open", self.choose_file, keys(StandardKey.Open))
        self._action("close", self.close_file, keys(StandardKey.Close))
        self._action("export", None, keys(StandardKey.SaveAs)).setEnabled(False)
        self._action("backups", self.browse_backups)
        self._action("help_section", self.help_for_section, keys(StandardKey.HelpContents))
        self._action("sign_in", self.sign_in)
        self._action("sign_out", lambda: sign_out(self.context))
        prefs = self._action("preferences", self.open_preferences)
        # Empty on Linux and Windows; Ctrl+, is what GNOME and most programs there use.
        prefs.setShortcuts(QKeySequence.keyBindings(StandardKey.Preferences) or [keys("Ctrl+,")])
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        quit_keys = QKeySequence.keyBindings(StandardKey.Quit) or [keys("Ctrl+Q")]  # empty on some
        self._action("quit", self.close).setShortcuts(quit_keys)
        self.actions_by_name["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        self._action("clear_recent", self._clear_recent)
        self._action("find", self.find_in_page, keys(StandardKey.Find))
        self._action("about", lambda: show_about(self)).setMenuRole(QAction.MenuRole.AboutRole)
        for number, entry in enumerate(SECTIONS, start=1):
            go = self._action(f"go_{entry.key}", None, QKeySequence(f"Ctrl+{number}"))
            go.triggered.connect(lambda _checked=False, key=entry.key: self.sidebar.select(key))
            self.addAction(go)  # the shortcut works even with the menu bar hidden

    def _build_menus(self) -> None:
        acts = self.actions_by_name
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        file_menu = ["new", "open", "recent", "close", "|", "export", "backups", "|", "sign_in"]
        file_menu += ["sign_out", "|", "preferences", "|", "quit"]
        for name in file_menu:
            if name == "recent":
                self.file_menu.addMenu(self.recent_menu)
            elif name == "|":
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(acts[name])
        self.edit_menu = bar.addMenu("")
        self._undo_anchor = self.edit_menu.addSeparator()  # undo and redo go before it
        self.edit_menu.addAction(acts["find"])
        if sys.platform.startswith("linux"):  # where GNOME and KDE users look for it
            self.edit_menu.addSeparator()
            self.edit_menu.addAction(acts["preferences"])
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([acts[f"go_{entry.key}"] for entry in SECTIONS])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(acts["help_section"])
        self.help_menu.addSeparator()
        self.help_menu.addAction(acts["about"])

    def _replace_undo_actions(self) -> None:
        """Undo and redo come from the stack with a translated prefix, so they are remade."""
        stack = self.context.undo_stack
        undo = stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence(StandardKey.Undo))
        redo = stack.createRedoAction(self, _("&Redo"))
        redo.setShortcut(QKeySequence(StandardKey.Redo))
        for old in (self.actions_by_name.pop("undo", None), self.actions_by_name.pop("redo", None)):
            if old is not None:
                self.edit_menu.removeAction(old)
                old.deleteLater()
        self.edit_menu.insertActions(self._undo_anchor, [undo, redo])
        self.actions_by_name["undo"], self.actions_by_name["redo"] = undo, redo

    def retranslate(self) -> None:
        """Set every text of the window in the current language."""
        texts = {
            "new": _("&New cooperative…"),
            "open": _("&Open…"),
            "close": _("&Close"),
            "export": _("&Export…"),
            "backups": _("&Backups…"),
            "help_section": _("&Help for this section"),
            "sign_in": _("Sign &in…"),
            "sign_out": _("Sign ou&t"),
            "preferences": _("&Preferences…"),
            "quit": _("&Quit"),
            "clear_recent": _("Clear the list"),
            "find": _("&Find…"),
            "about": _("&About Minga"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        self.actions_by_name["export"].setToolTip(_("Exports come with the later sections."))
        for entry in SECTIONS:
            self.actions_by_name[f"go_{entry.key}"].setText(_(entry.title))
        self.file_menu.setTitle(_("&File"))
        self.recent_menu.setTitle(_("Open &recent"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setAccessibleDescription(_("Use the arrow keys to change section."))
        self.pages.setAccessibleName(_("Section content"))
        self.who_label.setAccessibleName(_("Who is signed in"))
        self.path_label.setAccessibleName(_("Open file"))
        self._replace_undo_actions()
        self.sidebar.retranslate()
        for key, page in list(self._pages.items()):
            retranslate = getattr(page, "retranslate", None)
            if callable(retranslate):
                retranslate()
            else:
                self._make_page(key)
        if self.welcome is not None:
            self.welcome.retranslate()
        self._update_title()
        self._update_status()

    # -- pages ------------------------------------------------------------------------------

    def _make_page(self, key: str) -> QWidget:
        index = [entry.key for entry in SECTIONS].index(key)
        old = self.pages.widget(index)
        page = create_page(SECTIONS[index], self.context, self.pages)
        page.setObjectName(page.objectName() or f"page_{key}")
        self.pages.insertWidget(index, page)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self._pages[key] = page
        return page

    def page(self, key: str) -> QWidget:
        """The page of section ``key``, made on first use."""
        return self._pages.get(key) or self._make_page(key)

    def current_section(self) -> str:
        """The key of the section shown."""
        return self.sidebar.current_key()

    def show_section(self, key: str) -> None:
        """Show section ``key`` (and select it in the sidebar)."""
        if self.sidebar.current_key() != key or self.sidebar.currentRow() < 0:
            self.sidebar.select(key)  # comes back here through section_chosen
            return
        self.pages.setCurrentWidget(self.page(key))

    def _show_welcome(self) -> None:
        if self.welcome is None:
            from ui.pages.placeholder import WelcomePage

            welcome = WelcomePage(self.central, demo_available=demo_available())
            welcome.new_requested.connect(self.new_cooperative)
            welcome.open_requested.connect(self.choose_file)
            welcome.demo_requested.connect(self.open_demo)
            welcome.recent_requested.connect(self.open_file)
            self.central.addWidget(welcome)
            self.welcome = welcome
        self.welcome.set_recent_files(settings.recent_files())
        self.central.setCurrentWidget(self.welcome)

    # -- state shown ------------------------------------------------------------------------

    def _workspace_changed(self) -> None:
        ws = self.context.ws
        if ws is not self._shown_ws:
            self._shown_ws = ws
            self._coop_name = cooperative_name(ws) if ws is not None else ""
        if ws is None:
            if self.isVisible():  # else showEvent does it: start-up on a file never makes it
                self._show_welcome()
        else:
            self.central.setCurrentIndex(0)
            self.show_section(self.current_section())
        for name in ("close", "find", *(f"go_{entry.key}" for entry in SECTIONS)):
            self.actions_by_name[name].setEnabled(ws is not None)
        self.actions_by_name["backups"].setEnabled(ws is not None and ws.path is not None)
        self._update_title()
        self._update_status()

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._coop_name} — Minga" if self._coop_name else "Minga")

    def _update_status(self) -> None:
        ws = self.context.ws
        who, signed = status_text(ws) if ws is not None else ("", False)
        self.who_label.set_full_text(who)
        self.actions_by_name["sign_in"].setEnabled(ws is not None and not signed)
        self.actions_by_name["sign_out"].setEnabled(signed)
        path = str(ws.path or ws.label) if ws is not None else ""
        self.path_label.set_full_text(path)

    # -- files ----------------------------------------------------------------------------

    def open_file(self, path: str | Path) -> bool:
        """Open the cooperative file at ``path``; errors are shown, and the old file stays open."""
        path = Path(path).absolute()
        if path.suffix.lower() == BUNDLE_SUFFIX:
            return self.open_bundle(path)
        current = self.context.ws
        if current is not None and current.path is not None and current.path.absolute() == path:
            return True
        try:
            ws = open_busy(path, self)
        except Quarantined as error:
            settings.forget_file(path)
            from ui.safety import explain_quarantine

            backup = explain_quarantine(self, error)
            return backup is not None and self.restore_from(backup, path)
        except MingaError as error:
            show_error(self, error)
            if not path.exists():
                settings.forget_file(path)  # moved or deleted
            return False
        if ws is None:  # the check after an unclean exit was stopped
            self.statusBar().showMessage(
                _("{name} was not opened; it will be checked when you open it again").format(
                    name=path.name
                ),
                STATUS_MS,
            )
            return False
        self.context.set_workspace(ws)
        settings.remember_file(path)
        if ws.db.checked_integrity:
            from ui.safety import integrity_message

            self.statusBar().showMessage(integrity_message(), STATUS_MS)
        return True

    def help_for_section(self) -> None:
        """F1: a short help page for the section shown (the welcome page's without a file)."""
        from ui.help import HelpDialog

        key = self.current_section() if self.context.ws is not None else "welcome"
        HelpDialog(key, self).exec()

    def adopt(self, ws: Workspace) -> None:
        """Show a workspace opened elsewhere (a new cooperative, a joined file)."""
        self.context.set_workspace(ws)
        if ws.path is not None:
            settings.remember_file(ws.path)

    def choose_file(self) -> None:
        """Ask for a cooperative file and open it."""
        start = str(Path(settings.get(settings.LAST_FILE) or Path.home()).parent)
        name, _chosen = QFileDialog.getOpenFileName(
            self, _("Open a cooperative"), start, _("Minga cooperatives") + f" ({FILE_FILTER})"
        )
        if name:
            self.open_file(name)

    def close_file(self) -> None:
        """Close the open file (releasing its lock); start-up will not reopen it."""
        if self.context.ws is not None:
            self.context.set_workspace(None)
            settings.put(settings.LAST_FILE, "")

    def fill_recent_menu(self) -> None:
        """List the recent files; those no longer on disk are greyed out."""
        self.recent_menu.clear()
        files = settings.recent_files()
        for number, name in enumerate(files, start=1):
            path = Path(name)
            action = self.recent_menu.addAction(f"&{number} {path.name}  ({path.parent})")
            action.setData(name)
            action.setToolTip(name)
            if path.exists():
                action.triggered.connect(lambda _checked=False, n=name: self.open_file(n))
            else:
                action.setEnabled(False)
                action.setText(_("{file} (not found)").format(file=path.name))
        if not files:
            self.recent_menu.addAction(_("No recent files")).setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.actions_by_name["clear_recent"])
        self.actions_by_name["clear_recent"].setEnabled(bool(files))

    def _clear_recent(self) -> None:
        settings.put(settings.RECENT_FILES, [])
        if self.context.ws is None:
            self._show_welcome()

    def new_cooperative(self) -> None:
        """Run the new-cooperative wizard and open what it creates."""
        from ui.wizard import NewCooperativeWizard

        wizard = NewCooperativeWizard(self)
        if wizard.exec() and wizard.workspace is not None:
            self.adopt(wizard.workspace)

    def open_demo(self) -> None:
        """Open the demo cooperative in the data dir, creating it the first time."""
        path = self.context.run(self, lambda: ensure_demo(self))
        if path is not None:
            self.open_file(path)

    # -- people and preferences ----------------------------------------------------------

    def sign_in(self) -> None:
        """Ask who is signing in and their passphrase."""
        if self.context.ws is not None:
            SignInDialog(self.context, self).exec()

    def open_preferences(self) -> None:
        """Language, backups and theme; a new language shows at once."""
        from ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self)
        if dialog.exec() and dialog.language_changed:
            self.retranslate()

    def find_in_page(self) -> None:
        """Put the cursor in the current page's search box, if it has one."""
        focus = getattr(self.pages.currentWidget(), "focus_search", None)
        if callable(focus):
            focus()

    # -- window state -----------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = settings.get(settings.WINDOW_GEOMETRY)
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1200, 760)
        state = settings.get(settings.WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if self.context.ws is None:
            self._show_welcome()
        super().showEvent(event)

    def dropped_bundle(self, mime: QMimeData) -> Path | None:
        """The sync bundle a drag carries, if any (and a cooperative is open)."""
        from ui.sync_dialogs import is_bundle

        for url in mime.urls():
            path = Path(url.toLocalFile())
            if url.isLocalFile() and path.is_file() and is_bundle(path):
                return path
        return None

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.dropped_bundle(event.mimeData()) is not None:
            event.acceptProposedAction()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        """Route a dropped bundle to the Sync page's import preview."""
        path = self.dropped_bundle(event.mimeData())
        if path is None:
            return
        event.acceptProposedAction()
        if self.context.ws is None:
            self.join_from(path)
            return
        self.open_bundle(path)

    def join_from(self, bundle: Path, target: Path | None = None) -> bool:
        """Make a new cooperative file from a full bundle (fingerprint confirmed), and open it."""
        from ui.sync_dialogs import JoinDialog

        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Join a cooperative"), "", FILE_FILTER
            )
            if not chosen:
                return False
            target = Path(chosen)
        dialog = self.context.run(self, lambda: JoinDialog(bundle, target, self))
        if dialog is None or not dialog.exec() or dialog.report is None:
            return False
        return self.open_file(target)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the geometry and release the file's lock."""
        settings.put(settings.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        settings.put(settings.WINDOW_STATE, bytes(self.saveState().data()))
        self.context.set_workspace(None)
        super().closeEvent(event)
