"""The Finances page: the ledger fingerprint and check, the register and account balances.

The register reads transactions in batches as the reader scrolls, so it stays
fast with years of books; search and the account filter run in the database.
Member accounts, budgets and charts are read when their tab is first shown.
The treasurer's actions are disabled for everyone else, with a tooltip that
says to sign in. Ledger entries are not on the undo stack: the ledger only
grows, and a correction is a reversal.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action, may
from codesign.cooperative import cooperative_info
from codesign.journal.writer import WriteResult
from codesign.ledger.attachments import attach_file
from codesign.ledger.queries import AccountBalance, Verification, balances, verify
from codesign.ledger.register import (
    AccountChoice,
    TransactionRecord,
    count_transactions,
    list_accounts,
    list_transactions,
)
from codesign.people.queries import list_households
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import format_date
from ui.context import AppContext
from ui.finance_budgets import BudgetsTab
from ui.finance_charts import ChartsTab
from ui.finance_dialogs import APPEND_ONLY, ReverseDialog, TransactionDialog, account_text
from ui.finance_members import MembersTab
from ui.finance_models import BalancesModel, Money, RegisterModel
from ui.finance_receipts import ReceiptsDialog
from ui.finance_tools import AccountDialog, BankImportDialog, choose_file
from ui.widgets import fingerprint_label, fit_columns, needs_text, record_table, search_timer

ENTITIES = ("ledger_transaction", "posting", "account", "payment_plan", "budget_line", "household")


class _VerifyRelay(QObject):
    """Carries a check computed off the UI thread back to it (a queued signal)."""

    done = Signal(int, object)  # generation, Verification or None


class FinancesPage(QWidget):
    """The open cooperative's books: fingerprint, register, balances and the ledger actions."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.money = Money()
        self.verification: Verification | None = None
        self.checking = False
        self._generation = 0
        self._relay = _VerifyRelay()
        self._relay.done.connect(self._verified)
        self.accounts: tuple[AccountChoice, ...] = ()
        self.register_model = RegisterModel(self)
        self.balances_model = BalancesModel(self)
        self._search_timer = search_timer(self, self.reload_register)
        layout = QVBoxLayout(self)
        self._build_header(layout)
        self._build_actions(layout)
        self._build_tabs(layout)
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()

    def _build_header(self, layout: QVBoxLayout) -> None:
        self.fingerprint_title = QLabel(self)
        self.fingerprint = fingerprint_label(self)
        self.copy_button = QPushButton(self)
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self.verify_status = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.fingerprint_title)
        row.addWidget(self.fingerprint)
        row.addWidget(self.copy_button)
        row.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        row.addWidget(self.verify_status, 1)
        layout.addLayout(row)

    def _build_actions(self, layout: QVBoxLayout) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction(self)
        self.new_action.triggered.connect(lambda _checked=False: self.new_transaction())
        self.reverse_action = QAction(self)
        self.reverse_action.triggered.connect(lambda _checked=False: self.reverse_selected())
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda _checked=False: self.import_bank())
        self.attach_action = QAction(self)
        self.attach_action.triggered.connect(lambda _checked=False: self.attach_receipt())
        self.receipts_action = QAction(self)
        self.receipts_action.triggered.connect(lambda _checked=False: self.show_receipts())
        self.account_action = QAction(self)
        self.account_action.triggered.connect(lambda _checked=False: self.add_account())
        self.may_post = False
        for action in (
            self.new_action,
            self.reverse_action,
            self.import_action,
            self.attach_action,
            self.receipts_action,
            self.account_action,
        ):
            self.toolbar.addAction(action)
        self.append_only = QLabel(self)
        self.append_only.setWordWrap(True)
        self.append_only.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout()
        row.addWidget(self.toolbar)
        row.addWidget(self.append_only, 1)
        layout.addLayout(row)

    def _build_tabs(self, layout: QVBoxLayout) -> None:
        self.tabs = QTabWidget(self)
        register = QWidget(self.tabs)
        self.search = QLineEdit(register)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.account_filter = QComboBox(register)
        self.account_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.account_filter.setMinimumContentsLength(28)
        self.account_filter.currentIndexChanged.connect(lambda _i: self.reload_register())
        self.count = QLabel(register)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.account_filter, 1)
        filters.addStretch(1)
        filters.addWidget(self.count)
        self.register_view = record_table(register, sortable=False, stretch_last=False)
        self.register_view.setModel(self.register_model)
        self.register_view.selectionModel().selectionChanged.connect(self._update_actions)
        self.register_view.doubleClicked.connect(lambda _index: self.reverse_selected())
        column = QVBoxLayout(register)
        column.setContentsMargins(0, 4, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.register_view, 1)
        self.balances_view = record_table(self.tabs, sortable=False, stretch_last=False)
        self.balances_view.setModel(self.balances_model)
        self.members_tab = MembersTab(self.context, self.tabs)
        self.budgets_tab = BudgetsTab(self.context, self.tabs)
        self.charts_tab = ChartsTab(self.context, self.tabs)
        for tab in (register, self.balances_view, self.members_tab, self.budgets_tab):
            self.tabs.addTab(tab, "")
        self.tabs.addTab(self.charts_tab, "")
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())
        layout.addWidget(self.tabs, 1)

    def _size_columns(self) -> None:
        """Short columns get what their text and title need; the text columns share the rest."""
        fit_columns(self.register_view, (12, 0, 10, 13, 14, 24, 28))
        fit_columns(self.balances_view, (8, 0, 12, 16))

    def retranslate(self) -> None:
        """Set every text in the current language (also called when the language changes)."""
        self.fingerprint_title.setText(_("Ledger fingerprint:"))
        self.copy_button.setText(_("Copy"))
        self.copy_button.setToolTip(_("Copy the full fingerprint to compare it with a report."))
        self.new_action.setText(_("New transaction…"))
        self.reverse_action.setText(_("Reverse…"))
        self.reverse_action.setToolTip(
            _("Post a transaction that cancels the selected one.")
            + " "
            + needs_text(Action.POST_LEDGER)
        )
        self.import_action.setText(_("Import bank statement…"))
        self.attach_action.setText(_("Attach receipt…"))
        self.receipts_action.setText(_("Receipts…"))
        self.receipts_action.setToolTip(_("Open or save the receipts of the selected transaction."))
        self.account_action.setText(_("New account…"))
        self._set_permissions()
        self.append_only.setText(_(APPEND_ONLY))
        self.search.setPlaceholderText(_("Search transactions…"))
        self.search.setToolTip(_("Description, reference or household; every word must match."))
        self.tabs.setTabText(0, _("Register"))
        self.tabs.setTabText(1, _("Balances"))
        self.tabs.setTabText(2, _("Member accounts"))
        self.tabs.setTabText(3, _("Budgets"))
        self.tabs.setTabText(4, _("Charts"))
        for tab in (self.members_tab, self.budgets_tab, self.charts_tab):
            tab.retranslate()
        self._fill_account_filter()
        self.register_model.retranslate()
        self._load_balances()
        self._show_verification()
        self._update_count()
        self._size_columns()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_search(self) -> None:
        """Show the register and put the cursor in its search field (the Find shortcut)."""
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _fill_account_filter(self) -> None:
        current = self.selected_account()
        self.account_filter.blockSignals(True)
        self.account_filter.clear()
        self.account_filter.addItem(_("All accounts"), None)
        for account in self.accounts:
            self.account_filter.addItem(account_text(account), account.code)
        self.account_filter.setCurrentIndex(max(0, self.account_filter.findData(current)))
        self.account_filter.blockSignals(False)

    def selected_account(self) -> str | None:
        """The account code the register is filtered to, if any."""
        data = self.account_filter.currentData()
        return data if isinstance(data, str) else None

    def _on_changed(self, result: WriteResult) -> None:
        if result.touches(*ENTITIES):
            self.refresh()

    def refresh(self) -> None:
        """Read the books again: check, fingerprint, accounts, balances and the register."""
        ws = self.context.ws
        self.accounts = ()
        if ws is not None:
            info = self.context.run(self, lambda: cooperative_info(ws))
            if info is not None:
                self.money = Money(info.currency, info.locale)
            self.accounts = self.context.run(self, lambda: list_accounts(ws)) or ()
        self._load_balances()
        self._fill_account_filter()
        self._start_verify(ws)
        self.reload_register()
        self.may_post = ws is not None and bool(
            self.context.run(self, lambda: may(ws, Action.POST_LEDGER))
        )
        self._set_permissions()
        for tab in (self.members_tab, self.budgets_tab, self.charts_tab):
            tab.loaded = False
        self._load_tab()

    def _set_permissions(self) -> None:
        """The treasurer's actions: off for everyone else, with the hint to sign in."""
        hint = " " + needs_text(Action.POST_LEDGER)
        texts = (
            (self.new_action, _("Post a dated, balanced transaction.")),
            (self.import_action, _("Read a bank CSV or OFX file and post its new lines.")),
            (self.attach_action, _("Keep a scanned receipt with the selected transaction.")),
            (self.account_action, _("Add an account to the chart of accounts.")),
        )
        for action, text in texts:
            action.setToolTip(text + hint)
        self.new_action.setEnabled(self.may_post)
        self.import_action.setEnabled(self.may_post)
        self.account_action.setEnabled(self.may_post)
        self._update_actions()
        self.members_tab.set_permissions(self.may_post)
        self.budgets_tab.set_permissions(self.may_post)

    def _load_tab(self) -> None:
        """Read the shown tab's figures if the books changed since it last did."""
        current = self.tabs.currentWidget()
        if current is self.members_tab and not self.members_tab.loaded:
            self.members_tab.reload(self.money)
        elif current is self.budgets_tab and not self.budgets_tab.loaded:
            self.budgets_tab.reload(self.money, self.accounts)
        elif current is self.charts_tab and not self.charts_tab.loaded:
            self.charts_tab.reload(self.money)

    def _load_balances(self) -> None:
        """Read the balances again (the query gives account names in the current language)."""
        ws = self.context.ws
        records: tuple[AccountBalance, ...] = ()
        if ws is not None:
            records = self.context.run(self, lambda: balances(ws)) or ()
        self.balances_model.set_records(records, self.money)

    def _filters(self) -> dict[str, Any]:
        return {"text": self.search.text().strip() or None, "account": self.selected_account()}

    def reload_register(self) -> None:
        """Read the register from the top with the current search and account filter."""
        self._search_timer.stop()
        ws = self.context.ws
        selected = self.selected_transaction()
        if ws is None:
            self.register_model.set_source(None, self.money)
            self._total = 0
        else:
            filters = self._filters()
            self.register_model.set_source(
                lambda offset, limit: list_transactions(ws, limit=limit, offset=offset, **filters),
                self.money,
            )
            self._total = count_transactions(ws, **filters)
        if selected is not None:
            row = self.register_model.row_of(selected.id)
            if row is not None:
                self.register_view.selectRow(row)
        self._update_count()
        self._update_actions()

    def _update_count(self) -> None:
        total = getattr(self, "_total", 0)
        self.count.setText(
            ngettext("{total} transaction", "{total} transactions", total).format(total=total)
        )

    def _start_verify(self, ws: Workspace | None) -> None:
        """Check the books and compute the fingerprint off the UI thread (seconds on big books)."""
        self._generation += 1
        self.verification = None
        self.checking = ws is not None
        self._show_verification()
        if ws is None:
            return
        generation, relay = self._generation, self._relay

        def work() -> None:
            try:
                result: Verification | None = verify(ws)
            except Exception:  # e.g. the file was closed meanwhile; the next refresh checks again
                result = None
            relay.done.emit(generation, result)

        threading.Thread(target=work, name="minga-verify", daemon=True).start()

    def _verified(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # the books changed meanwhile; a newer check is on its way
        self.checking = False
        self.verification = result if isinstance(result, Verification) else None
        self._show_verification()

    def _show_verification(self) -> None:
        check = self.verification
        self.copy_button.setEnabled(check is not None)
        if check is None:
            self.fingerprint.setText("—")
            self.fingerprint.setToolTip("")
            self.verify_status.setForegroundRole(QPalette.ColorRole.WindowText)
            self.verify_status.setText(_("Checking the ledger…") if self.checking else "")
            return
        self.fingerprint.setText(check.fingerprint[:16])
        self.fingerprint.setToolTip(check.fingerprint)
        if check.ok:
            text = ngettext(
                "✓ {n} transaction; every one balances.",
                "✓ {n} transactions; every one balances.",
                check.transactions,
            ).format(n=check.transactions)
            self.verify_status.setForegroundRole(QPalette.ColorRole.WindowText)
        else:
            count = len(check.unbalanced)
            text = ngettext(
                "⚠ {n} transaction does not balance.",
                "⚠ {n} transactions do not balance.",
                count,
            ).format(n=count)
            self.verify_status.setForegroundRole(QPalette.ColorRole.LinkVisited)
        self.verify_status.setText(text)

    def copy_fingerprint(self) -> None:
        """Put the full fingerprint on the clipboard."""
        if self.verification is not None:
            QGuiApplication.clipboard().setText(self.verification.fingerprint)

    def selected_transaction(self) -> TransactionRecord | None:
        """The transaction selected in the register."""
        rows = self.register_view.selectionModel().selectedRows()
        return self.register_model.record(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        record = self.selected_transaction()
        self.reverse_action.setEnabled(
            self.may_post
            and self.context.ws is not None
            and record is not None
            and record.reversed_by is None
            and record.reverses_id is None
        )
        self.attach_action.setEnabled(self.may_post and record is not None)
        self.receipts_action.setEnabled(record is not None)

    def new_transaction_dialog(self) -> TransactionDialog:
        """The entry dialog for the open cooperative (not shown yet)."""
        ws = self.context.workspace()
        households = self.context.run(self, lambda: list_households(ws)) or ()
        return TransactionDialog(
            self.context, self.accounts, [h.name for h in households], self.money, self
        )

    def new_transaction(self) -> None:
        """Ask for a transaction and post it."""
        if self.context.ws is not None:
            self.new_transaction_dialog().exec()

    def reverse_dialog(self) -> ReverseDialog | None:
        """The reversal dialog for the selected transaction (not shown yet)."""
        record = self.selected_transaction()
        if record is None or self.context.ws is None:
            return None
        return ReverseDialog(self.context, record, self.money, self)

    def reverse_selected(self) -> None:
        """Ask to confirm and date a reversal of the selected transaction, then post it."""
        if not self.reverse_action.isEnabled():
            return
        dialog = self.reverse_dialog()
        if dialog is not None:
            dialog.exec()

    def add_account(self) -> AccountDialog | None:
        """Ask for a new account of the chart."""
        if self.context.ws is None or not self.may_post:
            return None
        dialog = AccountDialog(self.context, self)
        dialog.open()
        return dialog

    def import_bank(self, path: Path | None = None) -> BankImportDialog | None:
        """Choose a statement, preview it with its suggested matches, and import."""
        if self.context.ws is None or not self.may_post:
            return None
        path = path or choose_file(self, "statement")
        if path is None:
            return None
        dialog = BankImportDialog(self.context, path, self.money, self)
        dialog.open()
        return dialog

    def show_receipts(self) -> ReceiptsDialog | None:
        """The receipts of the selected transaction (everyone may look at them)."""
        record = self.selected_transaction()
        if record is None or self.context.ws is None:
            return None
        title = f"{format_date(record.posted_on, self.money.locale)} — {record.description}"
        dialog = ReceiptsDialog(self.context, record.id, title, self.money.locale, self)
        dialog.open()
        return dialog

    def attach_receipt(self, path: Path | None = None) -> bool:
        """Attach a scanned receipt to the selected transaction."""
        record, ws = self.selected_transaction(), self.context.ws
        if record is None or ws is None or not self.may_post:
            return False
        chosen = path or choose_file(self, "receipt")
        if chosen is None:
            return False
        outcome = self.context.run(self, lambda: attach_file(ws, record.id, chosen))
        if outcome is not None:
            self.context.notify(outcome[0])
        return outcome is not None
