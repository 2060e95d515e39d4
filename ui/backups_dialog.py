"""File → Backups…: the backups of the open file, with when, why and how big; restore one.

The dialog only chooses. The window restores (``MainWindow.restore_from``):
it closes the file, puts the backup in place after backing the current file
up, and reopens it, so the restore can itself be undone from this list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from i18n import N_, current_language
from i18n import gettext as _
from i18n.formatting import format_datetime, format_decimal
from models.backup import BackupInfo, backup_details, backup_file
from models.paths import backups_dir
from ui import settings
from ui.table_model import RIGHT, AnyIndex, FlatTableModel
from ui.tasks import run_with_progress
from ui.widgets import fit_columns, record_table


def reason_text(reason: str) -> str:
    """Why a backup was taken, in words."""
    if reason.startswith("before-migration-"):
        revision = reason.removeprefix("before-migration-")
        return _("Before upgrading the file (schema {revision})").format(revision=revision)
    known = {
        "before-restore": _("Before restoring a backup"),
        "before-bank-import": _("Before a bank import"),
        "manual": _("Made by hand"),
    }
    if reason in known:
        return known[reason]
    if reason.startswith("before-") and reason.endswith("import"):
        return _("Before an import")
    return reason.replace("-", " ")


def size_text(size: int) -> str:
    """A file size in megabytes (kilobytes when small), the locale's way."""
    language = current_language()
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_decimal(size / 1024, language, places=0))
    return _("{size} MB").format(size=format_decimal(size / 1024 / 1024, language, places=1))


class BackupsModel(FlatTableModel):
    """Backups newest first: date, reason, size."""

    TITLES = (N_("Taken"), N_("Reason"), N_("Size"))
    RIGHT_ALIGNED = frozenset({2})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: Sequence[BackupInfo] = ()

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        """Show ``backups``."""
        self.beginResetModel()
        self._records = tuple(backups)
        self.endResetModel()

    def backup(self, row: int) -> BackupInfo:
        """The backup on ``row``."""
        return self._records[row]

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the cell texts."""
        if not index.isValid():
            return None
        info = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            texts = (
                lambda: format_datetime(info.taken, current_language(), "medium"),
                lambda: reason_text(info.reason),
                lambda: size_text(info.size),
            )
            return texts[index.column()]()
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return RIGHT
        return str(info.path) if role == Qt.ItemDataRole.ToolTipRole else None


class BackupsDialog(QDialog):
    """Lists the backups of ``source``; ``chosen`` is the one to restore after Accepted."""

    def __init__(self, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(_("Backups"))
        self.source = source
        self.chosen: BackupInfo | None = None
        heading = QLabel(_("Backups of {file}").format(file=source.name), self)
        heading.setObjectName("backupsHeading")
        explain = QLabel(
            _(
                "Minga copies the file before every upgrade, import and restore, and keeps "
                "the newest ones (Preferences → Backups to keep per file). Restoring puts a "
                "copy back in place of the file; the file as it is now is kept as a backup first."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.model = BackupsModel(self)
        self.view = record_table(self, sortable=False)
        self.view.setObjectName("backupsTable")
        self.view.setAccessibleName(_("Backups"))
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _index: self.restore())
        self.empty = QLabel(_("There are no backups of this file yet."), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(_("&Restore…"), self)
        self.restore_button.setObjectName("restoreButton")
        self.backup_button = QPushButton(_("&Back up now"), self)
        self.backup_button.setObjectName("backupNowButton")
        self.folder_button = QPushButton(_("Show the &folder"), self)
        for button in (self.restore_button, self.backup_button, self.folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore)
        self.backup_button.clicked.connect(self.back_up_now)
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups_dir())))
        )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.refresh()
        fit_columns(self.view, (22, 0, 10))

    def refresh(self) -> None:
        """Read the backups folder again."""
        self.model.set_backups(backup_details(self.source))
        has_any = self.model.rowCount() > 0
        self.empty.setVisible(not has_any)
        self.restore_button.setEnabled(has_any)
        if has_any:
            self.view.selectRow(0)

    def selected(self) -> BackupInfo | None:
        """The backup selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        index = rows[0] if rows else self.view.currentIndex()
        if not isinstance(index, QModelIndex) or not index.isValid():
            return None
        return self.model.backup(index.row())

    def back_up_now(self) -> None:
        """Take a backup of the open file now (off the UI thread: seconds on a big file)."""
        keep = settings.get(settings.BACKUPS_KEEP)
        source = self.source
        run_with_progress(
            self,
            _("Making a backup of {file}…").format(file=source.name),
            lambda _progress: backup_file(source, "manual", keep=keep),
            cancellable=False,
        )
        self.refresh()

    def restore(self) -> None:
        """Confirm, then close with the selected backup as ``chosen``."""
        info = self.selected()
        if info is None:
            return
        when = format_datetime(info.taken, current_language(), "medium")
        answer = QMessageBox.question(
            self,
            _("Restore a backup"),
            _(
                "Put the backup of {when} in place of {file}? Changes made since then will "
                "no longer be in the file; the file as it is now is kept as a backup, so you "
                "can go back to it."
            ).format(when=when, file=self.source.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = info
            self.accept()
