"""Dialogs to post a transaction and to reverse one.

The ledger is append-only (DESIGN.md, Transparency): these dialogs post
through ``AppContext.run``, not the undo stack, and say that a mistake is
corrected with a reversal. The entry dialog parses amounts the cooperative's
way and keeps OK disabled until the postings balance.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.ledger.register import AccountChoice, TransactionRecord
from codesign.ledger.service import post_transaction, reverse_transaction
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_amount, parse_money
from ui.context import AppContext
from ui.finance_models import Money
from ui.people_models import qt_date_format

MIN_WIDTH = 620  # room for Spanish account names beside the amounts
APPEND_ONLY = N_(
    "The ledger only grows: a posted transaction cannot be undone or edited. "
    "To correct one, select it and choose Reverse…"
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(day: dt.date, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(_qdate(day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(qt_date_format())
    return edit


def _placeholder(combo: QComboBox, text: str) -> None:
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(text)


def account_text(account: AccountChoice) -> str:
    """ "1010 Bank account" in the reader's language, as the combo shows it."""
    return f"{account.code} {_(account.name)}"


@dataclass
class PostingRow:
    """The widgets of one posting line."""

    account: QComboBox
    amount: QLineEdit
    remove: QPushButton


class TransactionDialog(QDialog):
    """Enter a dated, described, balanced transaction and post it."""

    def __init__(
        self,
        context: AppContext,
        accounts: Sequence[AccountChoice],
        households: Sequence[str],
        money: Money,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.money = money
        self.accounts = tuple(accounts)
        self.posted: uuid.UUID | None = None
        self.setWindowTitle(_("New transaction"))
        self.setMinimumWidth(MIN_WIDTH)
        form = self._build_form(households)
        self._build_lines()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button().setText(_("Post"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.lines)
        layout.addWidget(self.add_line_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.difference)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.add_line()
        self.add_line()
        self.validate()

    def _build_form(self, households: Sequence[str]) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.date = _date_edit(dt.date.today(), self)
        self.description = QLineEdit(self)
        self.description.setMaxLength(300)
        self.description.textChanged.connect(self.validate)
        self.reference = QLineEdit(self)
        self.reference.setMaxLength(100)
        self.reference.setPlaceholderText(_("e.g. receipt or bank reference"))
        self.household = QComboBox(self)
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.household.addItem("")
        self.household.addItems(sorted(households, key=str.casefold))
        completer = QCompleter(list(households), self.household)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.household.setCompleter(completer)
        _placeholder(self.household, _("None (optional)"))
        form.addRow(_("Date"), self.date)
        form.addRow(_("Description"), self.description)
        form.addRow(_("Reference"), self.reference)
        form.addRow(_("Household"), self.household)
        return form

    def _build_lines(self) -> None:
        self.lines = QGridLayout()
        self.lines.addWidget(QLabel(_("Account"), self), 0, 0)
        amount_title = QLabel(_("Amount"), self)
        amount_title.setToolTip(_("Positive amounts are debits, negative ones credits."))
        self.lines.addWidget(amount_title, 0, 1)
        self.lines.setColumnStretch(0, 3)
        self.lines.setColumnStretch(1, 1)
        self.rows: list[PostingRow] = []
        self.add_line_button = QPushButton(_("Add line"), self)
        self.add_line_button.clicked.connect(lambda _checked=False: self.add_line())
        self.hint = QLabel(
            _("Debits positive, credits negative (for example -25). ") + _(APPEND_ONLY), self
        )
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.difference = QLabel(self)
        self.difference.setTextFormat(Qt.TextFormat.PlainText)
        self.difference.setWordWrap(True)
        bold = QFont(self.difference.font())
        bold.setBold(True)
        self.difference.setFont(bold)

    def ok_button(self) -> QPushButton:
        """The Post button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def add_line(self, code: str = "", amount: str = "") -> PostingRow:
        """Add a posting line, optionally filled with an account code and an amount as typed."""
        account = QComboBox(self)
        account.setEditable(True)
        account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        texts = [account_text(a) for a in self.accounts]
        account.addItem("", None)
        for choice, text in zip(self.accounts, texts, strict=True):
            account.addItem(text, choice.code)
        completer = QCompleter(texts, account)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        account.setCompleter(completer)
        _placeholder(account, _("Code or name"))
        account.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        account.setMinimumContentsLength(24)
        account.currentTextChanged.connect(self.validate)
        edit = QLineEdit(amount, self)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setPlaceholderText(format_amount(0, self.money.currency, self.money.locale))
        edit.textChanged.connect(self.validate)
        remove = QPushButton(_("Remove"), self)
        row = PostingRow(account, edit, remove)
        remove.clicked.connect(lambda: self.remove_line(row))
        index = len(self.rows) + 1
        self.lines.addWidget(account, index, 0)
        self.lines.addWidget(edit, index, 1)
        self.lines.addWidget(remove, index, 2)
        self.rows.append(row)
        if code:
            self.set_account(row, code)
        self.validate()
        return row

    def remove_line(self, row: PostingRow) -> None:
        """Drop a posting line (two always stay)."""
        if len(self.rows) <= 2 or row not in self.rows:
            return
        self.rows.remove(row)
        for widget in (row.account, row.amount, row.remove):
            self.lines.removeWidget(widget)
            widget.deleteLater()
        self.validate()

    def set_account(self, row: PostingRow, code: str) -> None:
        """Choose the account with ``code`` on ``row``."""
        row.account.setCurrentIndex(max(0, row.account.findData(code)))

    def account_code(self, row: PostingRow) -> str | None:
        """The account chosen on ``row``: by the item, or by a typed code or exact name."""
        text = row.account.currentText().strip()
        if not text:
            return None
        folded = text.casefold()
        for choice in self.accounts:
            if folded in (account_text(choice).casefold(), choice.code, _(choice.name).casefold()):
                return choice.code
        code = text.split()[0]
        return code if any(a.code == code for a in self.accounts) else None

    def postings(self) -> tuple[list[tuple[str, int]], list[str]]:
        """The complete lines as (code, minor units), and what is wrong with the others."""
        done: list[tuple[str, int]] = []
        problems: list[str] = []
        for number, row in enumerate(self.rows, start=1):
            typed = row.amount.text().strip()
            account = row.account.currentText().strip()
            if not typed and not account:
                continue
            code = self.account_code(row)
            if code is None:
                problems.append(_("Line {n}: choose an account.").format(n=number))
                continue
            try:
                amount = parse_money(typed, self.money.currency, self.money.locale)
            except ValueError as error:
                problems.append(_("Line {n}: {problem}").format(n=number, problem=error))
                continue
            if amount == 0:
                problems.append(_("Line {n}: enter an amount.").format(n=number))
                continue
            done.append((code, amount))
        return done, problems

    def validate(self) -> bool:
        """Update the difference label; OK only for a described, balanced transaction."""
        if not hasattr(self, "buttons"):
            return False
        done, problems = self.postings()
        total = sum(amount for _code, amount in done)
        balanced = not problems and len(done) >= 2 and total == 0
        if problems:
            text = "\n".join(problems)
        elif len(done) < 2:
            text = _("A transaction needs at least two lines.")
        elif total:
            text = _("Difference: {amount} — the lines must add up to zero.").format(
                amount=self.money.money(total)
            )
        else:
            text = _("Balanced.")
        self.difference.setText(text)
        self.difference.setForegroundRole(
            QPalette.ColorRole.WindowText if balanced else QPalette.ColorRole.LinkVisited
        )
        ok = balanced and bool(self.description.text().strip())
        self.ok_button().setEnabled(ok)
        return ok

    def save(self) -> bool:
        """Post through the service (not undoable); False when it refused."""
        done, _problems = self.postings()
        ws = self.context.workspace()
        day = self.date.date().toPython()
        assert isinstance(day, dt.date)
        household = self.household.currentText().strip() or None
        outcome = self.context.run(
            self,
            lambda: post_transaction(
                ws,
                date=day,
                description=self.description.text(),
                postings=done,
                household=household,
                reference=self.reference.text(),
            ),
        )
        if outcome is None:
            return False
        result, self.posted = outcome
        self.context.notify(result)
        return True

    @override
    def accept(self) -> None:
        if self.validate() and self.save():
            super().accept()


class ReverseDialog(QDialog):
    """Confirm a reversal and choose its date."""

    def __init__(
        self,
        context: AppContext,
        record: TransactionRecord,
        money: Money,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.reversal: uuid.UUID | None = None
        self.setWindowTitle(_("Reverse transaction"))
        self.setMinimumWidth(MIN_WIDTH)
        question = QLabel(
            _(
                "Post a new transaction that cancels “{description}” ({amount})? "
                "The original stays in the ledger, linked to its reversal."
            ).format(description=record.description, amount=money.money(record.amount)),
            self,
        )
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        self.date = _date_edit(dt.date.today(), self)
        form = QFormLayout()
        form.addRow(_("Date of the reversal"), self.date)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reverse"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def save(self) -> bool:
        """Post the reversal through the service; False when it refused."""
        ws = self.context.workspace()
        day = self.date.date().toPython()
        assert isinstance(day, dt.date)
        outcome = self.context.run(self, lambda: reverse_transaction(ws, self.record.id, day))
        if outcome is None:
            return False
        result, self.reversal = outcome
        self.context.notify(result)
        return True

    @override
    def accept(self) -> None:
        if self.save():
            super().accept()
