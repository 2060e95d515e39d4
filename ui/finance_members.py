"""Member accounts in the window: each household's expected, paid and arrears by age, and
the statement of the one selected, exportable as the member report's PDF.

The accounts are read when the tab is first shown and after the books change,
so opening the Finances page stays quick on ten-year books.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.ledger.members import bill_plans
from codesign.ledger.members_accounts import (
    Entry,
    MemberAccount,
    Statement,
    bucket_labels,
    member_accounts,
    statements,
)
from i18n import N_, ngettext
from i18n import gettext as _
from i18n.formatting import format_date
from ui.context import AppContext
from ui.finance_dialogs import _date_edit as date_edit
from ui.finance_models import Money
from ui.table_model import RIGHT, AnyIndex, FlatTableModel
from ui.widgets import fit_columns, needs_text, record_table

if TYPE_CHECKING:
    from ui.finance_plan_list import PlansDialog
    from ui.finance_plans import PlanDialog


class MemberAccountsModel(FlatTableModel):
    """Households by unit with expected, paid, balance and what they owe by age."""

    TITLES = (
        N_("Unit"),
        N_("Household"),
        N_("Expected"),
        N_("Paid"),
        N_("Balance"),
        N_("0–30 days"),
        N_("31–60 days"),
        N_("61–90 days"),
        N_("over 90 days"),
    )
    RIGHT_ALIGNED = frozenset(range(2, 9))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self._records: tuple[MemberAccount, ...] = ()

    def set_records(self, records: Sequence[MemberAccount], money: Money) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self.format = money
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> MemberAccount:
        """The account shown in ``row``."""
        return self._records[row]

    def text(self, record: MemberAccount, column: int) -> str:
        """What cell ``column`` of ``record`` says."""
        if column == 0:
            return record.unit
        if column == 1:
            return record.name
        values = (record.expected, record.paid, record.balance, *record.ageing)
        value = values[column - 2]
        return self.format.money(value) if value or column < 5 else ""

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: text, money aligned right, and the raw amount for sorting."""
        if not index.isValid():
            return None
        record, column = self._records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record, column)
        if role == Qt.ItemDataRole.UserRole:
            if column < 2:
                return self.text(record, column).casefold()
            return (record.expected, record.paid, record.balance, *record.ageing)[column - 2]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        return None


class StatementModel(FlatTableModel):
    """A statement's lines with the running balance, opening and closing rows around them."""

    TITLES = (
        N_("Date"),
        N_("Description"),
        N_("Reference"),
        N_("Charge"),
        N_("Payment"),
        N_("Balance"),
    )
    RIGHT_ALIGNED = frozenset({3, 4, 5})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self.statement: Statement | None = None
        self._records: tuple[tuple[Entry | None, int], ...] = ()

    def set_statement(self, statement: Statement | None, money: Money) -> None:
        """Show ``statement`` (or nothing)."""
        self.beginResetModel()
        self.format = money
        self.statement = statement
        rows: list[tuple[Entry | None, int]] = []
        if statement is not None:
            running = statement.opening
            rows.append((None, running))
            for line in statement.lines:
                running += line.amount
                rows.append((line, running))
        self._records = tuple(rows)
        self.endResetModel()

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the line's date, text, charge or payment, and the balance after it."""
        if not index.isValid():
            return None
        line, running = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.text(line, running, column)

    def text(self, line: Entry | None, running: int, column: int) -> str:
        """What a cell says; ``line`` None is the opening row."""
        money = self.format.money
        if line is None:
            return {1: _("Opening balance"), 5: money(running)}.get(column, "")
        description = line.description
        if not line.billed:
            description = _("{text} (due, not billed)").format(text=line.description)
        cells = (
            format_date(line.date, self.format.locale, "short"),
            description,
            "" if line.reference.startswith("plan:") else line.reference,
            money(line.charge) if line.charge else "",
            money(line.payment) if line.payment else "",
            money(running),
        )
        return cells[column]


class MembersTab(QWidget):
    """Households' accounts at a date, and the selected household's statement for its year."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.money = Money()
        self.loaded = False
        self.model = MemberAccountsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.statement_model = StatementModel(self)
        self.as_of = date_edit(dt.date.today(), self)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        self.as_of_label = QLabel(self)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        # One button for the plans (those in force, a new one): the row fits 1,024 pixels.
        self.plans_button = QPushButton(self)
        plans_menu = QMenu(self.plans_button)
        self.plans_action = plans_menu.addAction("")
        self.plans_action.triggered.connect(lambda _c=False: self.show_plans())
        self.plan_action = plans_menu.addAction("")
        self.plan_action.triggered.connect(lambda _c=False: self.new_plan())
        plans_menu.setToolTipsVisible(True)
        self.plans_button.setMenu(plans_menu)
        self.bill_button = QPushButton(self)
        self.bill_button.clicked.connect(lambda _c=False: self.bill())
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda _c=False: self.export_statement())
        self.table_button = QPushButton(self)
        self.table_button.clicked.connect(lambda _c=False: self.export_table())
        self.summary = QLabel(self)
        self._build_tables()
        self.retranslate()

    def _build_tables(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.as_of_label)
        top.addWidget(self.as_of)
        top.addWidget(self.filter, 1)
        top.addWidget(self.plans_button)
        top.addWidget(self.bill_button)
        top.addWidget(self.export_button)
        top.addWidget(self.table_button)
        self.view = record_table(self, sortable=True, stretch_last=False)
        self.view.setModel(self.proxy)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.show_statement())
        self.statement_title = QLabel(self)
        self.statement_title.setWordWrap(True)
        self.statement_view = record_table(self, sortable=False, stretch_last=False)
        self.statement_view.setModel(self.statement_model)
        lower = QWidget(self)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.statement_title)
        column.addWidget(self.statement_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.as_of_label.setText(_("At"))
        self.filter.setPlaceholderText(_("Filter households…"))
        self.plans_button.setText(_("Payment plans"))
        self.plans_action.setText(_("Plans in force…"))
        self.plan_action.setText(_("New payment plan…"))
        self.bill_button.setText(_("Bill instalments due"))
        self.export_button.setText(_("Export statement…"))
        self.export_button.setToolTip(_("Write the selected household's statement as a PDF."))
        self.table_button.setText(_("Export table…"))
        self.table_button.setToolTip(_("The households shown, with what they owe by age, as CSV."))
        self.model.repaint()
        self.statement_model.repaint()
        self._summarise()
        self.show_statement()
        fit_columns(self.view, (9, 0, 12, 12, 12, 12, 12, 12, 13))
        fit_columns(self.statement_view, (10, 0, 14, 12, 12, 12))

    def day(self) -> dt.date:
        """The date the accounts are read at."""
        value = self.as_of.date()
        return dt.date(value.year(), value.month(), value.day())

    def set_permissions(self, may_post: bool) -> None:
        """Billing is the treasurer's; others see why the button is off."""
        self.bill_button.setEnabled(may_post)
        self.plan_action.setEnabled(may_post)
        plan_hint = _("Say what every household, or one, is expected to pay and from when.")
        if not may_post:
            plan_hint += " " + needs_text(Action.POST_LEDGER)
        self.plan_action.setToolTip(plan_hint)
        hint = _("Post the plan instalments due by this date that are not in the books yet.")
        self.bill_button.setToolTip(
            hint if may_post else hint + " " + needs_text(Action.POST_LEDGER)
        )

    def reload(self, money: Money | None = None) -> None:
        """Read every household's account at the chosen date."""
        self.money = money or self.money
        ws = self.context.ws
        records: tuple[MemberAccount, ...] = ()
        if ws is not None:
            day = self.day()
            records = self.context.run(self, lambda: member_accounts(ws, day)) or ()
        self.model.set_records(records, self.money)
        self.loaded = ws is not None
        self._summarise()
        self.show_statement()

    def _summarise(self) -> None:
        records = self.model._records
        owing = [r for r in records if r.arrears > 0]
        total = sum(r.arrears for r in owing)
        self.summary.setText(
            ngettext(
                "{n} household owes {total} in all.",
                "{n} households owe {total} in all.",
                len(owing),
            ).format(n=len(owing), total=self.money.money(total))
        )

    def selected(self) -> MemberAccount | None:
        """The household selected in the accounts table."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row())

    def select_row(self, row: int) -> None:
        """Select the household in view row ``row``."""
        self.view.selectRow(row)

    def show_statement(self) -> None:
        """The selected household's statement from 1 January of the chosen date's year."""
        account = self.selected()
        ws = self.context.ws
        self.export_button.setEnabled(account is not None)
        if account is None or ws is None:
            self.statement_model.set_statement(None, self.money)
            self.statement_title.setText(_("Select a household to see its statement."))
            return
        end = self.day()
        start = dt.date(end.year, 1, 1)
        found = self.context.run(self, lambda: statements(ws, start, end, account.household))
        statement = found[0] if found else None
        self.statement_model.set_statement(statement, self.money)
        if statement is not None:
            ages = ", ".join(
                f"{label}: {self.money.money(v)}"
                for label, v in zip(bucket_labels(), statement.ageing, strict=True)
                if v
            )
            text = _("{household}: opening {opening}, closing {closing}.").format(
                household=f"{account.unit} {account.name}".strip(),
                opening=self.money.money(statement.opening),
                closing=self.money.money(statement.closing),
            )
            self.statement_title.setText(text + (" " + ages if ages else ""))

    def bill(self) -> None:
        """Post the instalments due (the treasurer's month-end step)."""
        ws = self.context.ws
        if ws is None:
            return
        day = self.day()
        done = self.context.run(self, lambda: bill_plans(ws, day))
        if done is not None:
            self.context.notify(done[0])

    def export_statement(self, target: Path | None = None) -> Path | None:
        """Write the selected household's statement for the year as a PDF."""
        account, ws = self.selected(), self.context.ws
        if account is None or ws is None:
            return None
        if target is None:
            name, _chosen = QFileDialog.getSaveFileName(
                self, _("Export statement"), f"{account.name}.pdf", _("PDF files (*.pdf)")
            )
            if not name:
                return None
            target = Path(name)
        from codesign.reports.member import member_report

        year = str(self.day().year)
        chosen = target
        result = self.context.run(
            self,
            lambda: member_report(ws, chosen, period=year, household=str(account.household)),
        )
        return result.path if result is not None else None

    def new_plan(self) -> PlanDialog | None:
        """Open the payment-plan dialog."""
        ws = self.context.ws
        if ws is None or not self.plan_action.isEnabled():
            return None
        from codesign.people.queries import list_households
        from ui.finance_plans import PlanDialog

        households = self.context.run(self, lambda: list_households(ws)) or ()
        dialog = PlanDialog(self.context, households, self.money, self)
        dialog.open()
        return dialog

    def show_plans(self) -> PlansDialog | None:
        """The plans in force (the treasurer may end one there)."""
        ws = self.context.ws
        if ws is None:
            return None
        from codesign.people.queries import list_households
        from ui.finance_plan_list import PlansDialog

        homes = self.context.run(self, lambda: list_households(ws)) or ()
        names: dict[uuid.UUID, str] = {h.id: f"{h.unit} {h.name}".strip() for h in homes}
        dialog = PlansDialog(self.context, self.money, names, self)
        dialog.finished.connect(lambda _code: self.reload())
        dialog.open()
        return dialog

    def export_table(self, target: Path | None = None) -> Path | None:
        """Save the accounts shown (filtered and sorted) as CSV in the cooperative's style."""
        if self.context.ws is None:
            return None
        if target is None:
            name, _chosen = QFileDialog.getSaveFileName(
                self, _("Export table"), _("member-accounts.csv"), _("CSV files (*.csv)")
            )
            if not name:
                return None
            target = Path(name)
        from ui.people_models import export_table_csv

        chosen = target
        rows = self.context.run(
            self, lambda: export_table_csv(self.proxy, chosen, self.money.locale)
        )
        return chosen if rows is not None else None
