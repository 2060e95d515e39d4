"""The treasurer's other dialogs: a new account, a receipt to attach, a bank statement to
import with its lines matched to what households owe.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.ledger.accounts import add_account
from codesign.ledger.bank import BankLine, RowError, import_bank_lines, with_refs
from codesign.ledger.bank_matches import REASONS, ExpectedMatch, match_expected
from i18n import N_, ngettext
from i18n import gettext as _
from i18n.formatting import format_date
from ui.context import AppContext
from ui.finance_models import ACCOUNT_TYPE_LABELS, Money
from ui.table_model import RIGHT, AnyIndex, FlatTableModel
from ui.widgets import fit_columns, record_table

FILE_KINDS = {
    "statement": (N_("Import bank statement"), N_("Bank statements (*.csv *.ofx *.qfx)")),
    "receipt": (N_("Attach receipt"), N_("Scans and documents (*.png *.jpg *.jpeg *.pdf)")),
}


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The dialog's OK (named ``ok_text``) and Cancel buttons, wired to accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def choose_file(parent: QWidget, kind: str) -> Path | None:
    """Ask for a bank statement or a receipt to open."""
    title, filters = FILE_KINDS[kind]
    name, _chosen = QFileDialog.getOpenFileName(
        parent, _(title), "", _(filters) + ";;" + _("All files (*)")
    )
    return Path(name) if name else None


class AccountDialog(QDialog):
    """Add an account to the chart (code, name, type)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.added: uuid.UUID | None = None
        self.setWindowTitle(_("New account"))
        self.setMinimumWidth(460)
        self.code = QLineEdit(self)
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(_("e.g. 5800"))
        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.type = QComboBox(self)
        for kind, label in ACCOUNT_TYPE_LABELS.items():
            self.type.addItem(_(label), kind)
        form = QFormLayout()
        form.addRow(_("Code"), self.code)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Type"), self.type)
        buttons = ok_cancel(self, _("Add"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> bool:
        """Add the account; False (the reason shown) when refused."""
        ws = self.context.workspace()
        kind = str(self.type.currentData())
        outcome = self.context.run(
            self,
            lambda: add_account(ws, code=self.code.text(), name=self.name.text(), type=kind),
        )
        if outcome is None:
            return False
        result, self.added = outcome
        self.context.notify(result)
        return True

    @override
    def accept(self) -> None:
        if self.save():
            super().accept()


class BankLinesModel(FlatTableModel):
    """Statement lines with the household each probably comes from; ticked ones settle dues."""

    TITLES = (
        N_("Settle dues"),
        N_("Date"),
        N_("Description"),
        N_("Amount"),
        N_("Household"),
        N_("Owed"),
        N_("Why"),
    )
    RIGHT_ALIGNED = frozenset({3, 5})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self.matches: dict[str, ExpectedMatch] = {}
        self.ticked: set[str] = set()
        self._records: tuple[BankLine, ...] = ()

    def set_lines(
        self, lines: Sequence[BankLine], matches: Sequence[ExpectedMatch], money: Money
    ) -> None:
        """Show ``lines``; every suggested match starts ticked."""
        self.beginResetModel()
        self.format = money
        self._records = tuple(lines)
        self.matches = {m.ref: m for m in matches}
        self.ticked = set(self.matches)
        self.endResetModel()

    def chosen(self) -> dict[str, uuid.UUID]:
        """Line ref → household for the ticked matches."""
        return {ref: self.matches[ref].household for ref in self.ticked}

    def lines(self) -> tuple[BankLine, ...]:
        """The lines shown."""
        return self._records

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        checkable = index.isValid() and index.column() == 0
        if checkable and self._records[index.row()].ref in self.matches:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    @override
    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        ref = self._records[index.row()].ref
        if ref not in self.matches:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        (self.ticked.add if checked else self.ticked.discard)(ref)
        self.dataChanged.emit(index, index)
        return True

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the line and its suggestion."""
        if not index.isValid():
            return None
        line, column = self._records[index.row()], index.column()
        match = self.matches.get(line.ref)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and match is not None:
            return Qt.CheckState.Checked if line.ref in self.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        cells = (
            "",
            format_date(line.date, self.format.locale, "short"),
            line.description,
            self.format.money(line.amount),
            match.name if match else "",
            self.format.money(match.owed) if match else "",
            _(REASONS[match.reason]) if match else "",
        )
        return cells[column]


class BankImportDialog(QDialog):
    """Preview a statement, confirm which lines settle which household's dues, import."""

    def __init__(
        self, context: AppContext, path: Path, money: Money, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.path, self.money = context, Path(path), money
        self.imported = 0
        self.setWindowTitle(_("Import a bank statement"))
        self.resize(900, 520)
        self.model = BankLinesModel(self)
        self.view = record_table(self, sortable=False, stretch_last=False)
        self.view.setModel(self.model)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = ok_cancel(self, _("Import"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(str(self.path), self))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.read()
        fit_columns(self.view, (10, 10, 0, 12, 24, 12, 24))

    def read(self) -> None:
        """Read the statement (nothing is written) and suggest matches."""
        from codesign.cooperative import cooperative_info
        from codesign.ledger.bank import read_bank_csv
        from codesign.ledger.bank_ofx import read_ofx

        ws = self.context.workspace()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        def load() -> tuple[tuple[BankLine, ...], tuple[RowError, ...]]:
            info = cooperative_info(ws)
            if self.path.suffix.lower() == ".csv":
                return read_bank_csv(self.path, locale=info.locale, currency=info.currency)
            return read_ofx(self.path, currency=info.currency)

        outcome = self.context.run(self, load)
        lines, errors = outcome if outcome is not None else ((), ())
        if errors:
            first = min(errors, key=lambda e: e.row)
            self.summary.setText(
                _("Row {row}: {reason}. Nothing will be imported; correct the file first.").format(
                    row=first.row, reason=first.reason
                )
            )
            ok.setEnabled(False)
            return
        lines = tuple(with_refs(lines))
        matches = self.context.run(self, lambda: match_expected(ws, lines)) or ()
        self.model.set_lines(lines, matches, self.money)
        self.summary.setText(
            ngettext(
                "{n} line; {m} matched to what a household owes (untick to leave it unmatched).",
                "{n} lines; {m} matched to what a household owes (untick to leave it unmatched).",
                len(lines),
            ).format(n=len(lines), m=len(matches))
        )
        ok.setEnabled(bool(lines))

    def save(self) -> bool:
        """Import every new line; ticked ones settle the household's dues."""
        ws = self.context.workspace()
        lines, chosen = self.model.lines(), self.model.chosen()
        outcome = self.context.run(self, lambda: import_bank_lines(ws, lines, households=chosen))
        if outcome is None:
            return False
        result, self.imported, _duplicates = outcome
        if result is not None:
            self.context.notify(result)
        return True

    @override
    def accept(self) -> None:
        if self.save():
            super().accept()
