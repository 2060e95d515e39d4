"""What the main window does with files that come from elsewhere, and with backups.

A second start (``ui.single_instance``) or the system (``QFileOpenEvent``)
forwards files; File → Backups… restores one. Mixed into ``MainWindow``,
which provides ``context``, ``open_file`` and the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from i18n import gettext as _

if TYPE_CHECKING:
    from models.backup import BackupInfo
    from ui.context import AppContext

STATUS_MS = 15_000
BUNDLE_SUFFIX = ".mingabundle"  # sync bundles (packaging/linux/minga-mime.xml, minga.spec)


class ForwardedFiles(QMainWindow):
    """Forwarded files and backup restores for the main window."""

    context: AppContext

    def open_file(self, path: str | Path) -> bool:
        """Provided by the main window."""
        raise NotImplementedError

    def show_section(self, key: str) -> None:
        """Provided by the main window."""
        raise NotImplementedError

    def page(self, key: str) -> QWidget:
        """Provided by the main window."""
        raise NotImplementedError

    def open_bundle(self, path: Path) -> bool:
        """A sync bundle (double-clicked, dropped or forwarded): the Sync section previews it."""
        from ui.pages.sync import SyncPage

        if self.context.ws is None:
            QMessageBox.information(
                self,
                _("Sync bundle"),
                _(
                    "To import the sync bundle {file}, first open the cooperative it belongs "
                    "to; then open the bundle again, or import it in the Sync section."
                ).format(file=path.name),
            )
            return False
        self.show_section("sync")
        page = self.page("sync")
        if not isinstance(page, SyncPage):
            return False
        page.import_file(path)
        return True

    def open_forwarded(self, files: list[str]) -> None:
        """Files sent by a second start or the system: come forward and open the first.

        The file open now is closed cleanly (every change is already saved). While a
        dialog is open the file waits, so nothing is pulled from under it.
        """
        if QApplication.activeModalWidget() is not None:
            QTimer.singleShot(500, lambda: self.open_forwarded(files))
            return
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        if not files:
            return
        before = self.context.ws.path if self.context.ws is not None else None
        now = Path(files[0]).absolute()
        if self.open_file(now) and before is not None and before != now:
            self.statusBar().showMessage(
                _("{old} was closed to open {new}.").format(old=before.name, new=now.name),
                STATUS_MS,
            )

    def open_system_file(self, name: str) -> None:
        """A file the system asked Minga to open (QFileOpenEvent on macOS)."""
        self.open_forwarded([name])

    def browse_backups(self) -> None:
        """File → Backups…: list the open file's backups and restore the one chosen."""
        ws = self.context.ws
        if ws is None or ws.path is None:
            return
        from ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(ws.path, self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_from(dialog.chosen, ws.path)

    def restore_from(self, backup: BackupInfo, target: Path) -> bool:
        """Close ``target`` if open, put ``backup`` in its place and open it again."""
        from ui.safety import restore_file, restored_message

        current = self.context.ws
        if current is not None and current.path is not None and current.path == target:
            self.context.set_workspace(None)  # releases the lock the restore takes
        restored = restore_file(self, backup, target)
        opened = self.open_file(target)
        if restored and opened:
            self.statusBar().showMessage(restored_message(backup), STATUS_MS)
        return restored and opened
