"""The receipts kept with a transaction: listed, opened with the desktop's viewer, saved.

Everyone may look at them (the books are open to every member); opening
writes a copy to a private temporary folder, since the bytes live inside
the cooperative file. Each copy is checked against its SHA-256 first.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.ledger.attachments import AttachmentRecord, list_attachments, save_attachment
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_decimal
from ui.context import AppContext
from ui.table_model import FlatTableModel
from ui.widgets import fit_columns, record_table

AnyIndex = QModelIndex | QPersistentModelIndex


class ReceiptsModel(FlatTableModel):
    """The files attached to one transaction: name, kind and size."""

    TITLES = (N_("File"), N_("Kind"), N_("Size"))
    SIZE = 2
    RIGHT_ALIGNED = frozenset({SIZE})

    def __init__(self, locale: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = locale
        self._records: tuple[AttachmentRecord, ...] = ()

    def set_records(self, records: Sequence[AttachmentRecord]) -> None:
        """Show ``records`` in the order given (oldest first)."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> AttachmentRecord:
        """The attachment shown in ``row``."""
        return self._records[row]

    def size_text(self, size: int) -> str:
        """A size in kilobytes, the locale's way (at least 0,1 kB)."""
        kilobytes = max(size / 1024, 0.1)
        return _("{size} kB").format(size=format_decimal(round(kilobytes, 1), self.locale))

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: name, MIME type and size; the size aligned right."""
        if not index.isValid():
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return record.name
            if column == 1:
                return record.mime
            return self.size_text(record.size)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class ReceiptsDialog(QDialog):
    """List a transaction's receipts; open one with the desktop's viewer or save a copy."""

    def __init__(
        self,
        context: AppContext,
        transaction: uuid.UUID,
        title: str,
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Receipts"))
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.model = ReceiptsModel(locale, self)
        self.view = record_table(self, sortable=False)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.view)
        self.empty = QLabel(_("No receipt is attached to this transaction."), self)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(_("Open"), self)
        self.save_button = QPushButton(_("Save a copy…"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(lambda _checked=False: self.open_selected())
        self.save_button.clicked.connect(lambda _checked=False: self.save_selected())
        layout.addWidget(buttons)
        self.opened: list[Path] = []  # copies handed to the desktop, for the record
        records = context.run(self, lambda: list_attachments(context.workspace(), transaction))
        self.model.set_records(records or ())
        fit_columns(self.view, (0, 24, 10))
        if self.model.rowCount():
            self.view.selectRow(0)
        self.empty.setVisible(not self.model.rowCount())
        self.view.setVisible(bool(self.model.rowCount()))
        self.open_button.setEnabled(bool(self.model.rowCount()))
        self.save_button.setEnabled(bool(self.model.rowCount()))
        self.resize(self.fontMetrics().averageCharWidth() * 72, self.sizeHint().height() + 120)

    def selected(self) -> AttachmentRecord | None:
        """The receipt chosen in the list."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def open_selected(self) -> Path | None:
        """Write a checked copy to a private temporary folder and open it."""
        record = self.selected()
        if record is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="minga-receipt-"))
        target = folder / (Path(record.name).name or "receipt")
        ws = self.context.workspace()
        copy = self.context.run(self, lambda: save_attachment(ws, record.blob, target))
        if copy is None:
            return None
        self.opened.append(copy)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        return copy

    def save_selected(self, out: Path | None = None) -> Path | None:
        """Save a checked copy where the person chooses."""
        record = self.selected()
        if record is None:
            return None
        if out is None:
            name, _chosen = QFileDialog.getSaveFileName(self, _("Save a copy"), record.name)
            if not name:
                return None
            out = Path(name)
        ws = self.context.workspace()
        return self.context.run(self, lambda: save_attachment(ws, record.blob, out))
