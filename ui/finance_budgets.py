"""Budgets in the window: the lines of a year (edited by the treasurer), budget vs actual
per account with the variance, and the same chart the treasury report prints.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.errors import MingaError
from codesign.ledger.budgets import (
    BudgetComparison,
    BudgetRecord,
    budget_vs_actual,
    list_budget_lines,
    remove_budget_line,
    set_budget_line,
)
from codesign.ledger.register import AccountChoice
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_amount, format_decimal, parse_money
from ui.context import AppContext
from ui.finance_dialogs import account_text
from ui.finance_models import Money
from ui.finance_tools import ok_cancel
from ui.table_model import RIGHT, AnyIndex, FlatTableModel
from ui.widgets import fit_columns, needs_text, record_table


class BudgetLinesModel(FlatTableModel):
    """The budget lines of a year: period, phase, account, amount, note."""

    TITLES = (N_("Period"), N_("Phase"), N_("Account"), N_("Amount"), N_("Note"))
    RIGHT_ALIGNED = frozenset({3})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self.names: dict[str, str] = {}
        self._records: tuple[BudgetRecord, ...] = ()

    def set_records(
        self, records: Sequence[BudgetRecord], money: Money, names: dict[str, str]
    ) -> None:
        """Show ``records``; ``names`` are the accounts' names by code."""
        self.beginResetModel()
        self.format, self.names = money, names
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> BudgetRecord:
        """The line in ``row``."""
        return self._records[row]

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the line's cells."""
        if not index.isValid():
            return None
        record, column = self._records[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        name = _(self.names.get(record.account, ""))
        cells = (
            record.period,
            record.phase,
            f"{record.account} {name}".strip(),
            self.format.money(record.amount),
            record.note,
        )
        return cells[column]


class ComparisonModel(FlatTableModel):
    """Budget, actual, variance and the share used, per budgeted account."""

    TITLES = (N_("Account"), N_("Budget"), N_("Actual"), N_("Variance"), N_("Used"))
    RIGHT_ALIGNED = frozenset({1, 2, 3, 4})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self._records: tuple[BudgetComparison, ...] = ()

    def set_records(self, records: Sequence[BudgetComparison], money: Money) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self.format = money
        self._records = tuple(records)
        self.endResetModel()

    def records(self) -> tuple[BudgetComparison, ...]:
        """The rows shown."""
        return self._records

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: money cells, and the variance's meaning in its tooltip."""
        if not index.isValid():
            return None
        record, column = self._records[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return (
                _("As planned or better")
                if record.favourable
                else _("Less income or more spending")
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        used = record.used
        cells = (
            f"{record.code} {record.name}",
            self.format.money(record.budget),
            self.format.money(record.actual),
            ("✓ " if record.favourable else "⚠ ") + self.format.money(record.variance),
            "" if used is None else format_decimal(100 * used, self.format.locale, places=0) + " %",
        )
        return cells[column]


class BudgetLineDialog(QDialog):
    """Add or change one budget line."""

    def __init__(
        self,
        context: AppContext,
        accounts: Sequence[AccountChoice],
        money: Money,
        year: int,
        *,
        line: BudgetRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.money, self.line = context, money, line
        self.setWindowTitle(_("Budget line"))
        self.setMinimumWidth(520)
        self.period = QLineEdit(line.period if line else str(year), self)
        self.period.setToolTip(_("A year such as 2026 or a month such as 2026-05."))
        self.phase = QLineEdit(line.phase if line else "", self)
        self.phase.setPlaceholderText(_("e.g. Foundations, Structure, Finishes (optional)"))
        self.account = QComboBox(self)
        for choice in accounts:
            self.account.addItem(account_text(choice), choice.code)
        if line is not None:
            self.account.setCurrentIndex(max(0, self.account.findData(line.account)))
        self.amount = QLineEdit(self)
        if line is not None:
            self.amount.setText(format_amount(line.amount, money.currency, money.locale))
        self.note = QLineEdit(line.note if line else "", self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Period"), self.period)
        form.addRow(_("Phase"), self.phase)
        form.addRow(_("Account"), self.account)
        form.addRow(_("Amount"), self.amount)
        form.addRow(_("Note"), self.note)
        buttons = ok_cancel(self, _("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def save(self) -> bool:
        """Store the line through the service; False (and the reason shown) when refused."""
        try:
            amount = parse_money(self.amount.text(), self.money.currency, self.money.locale)
        except (MingaError, ValueError) as error:
            self.problem.setText(str(error))
            return False
        ws = self.context.workspace()
        code = self.account.currentData()
        outcome = self.context.run(
            self,
            lambda: set_budget_line(
                ws,
                period=self.period.text(),
                account=str(code),
                amount=amount,
                phase=self.phase.text(),
                note=self.note.text(),
                line=self.line.id if self.line else None,
            ),
        )
        if outcome is None:
            return False
        self.context.notify(outcome[0])
        return True

    @override
    def accept(self) -> None:
        if self.save():
            super().accept()


class BudgetsTab(QWidget):
    """A year's budget lines, budget vs actual and its chart."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.money = Money()
        self.accounts: tuple[AccountChoice, ...] = ()
        self.loaded = False
        self.lines_model = BudgetLinesModel(self)
        self.comparison_model = ComparisonModel(self)
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.year_label = QLabel(self)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(lambda _c=False: self.edit_line(None))
        self.edit_button = QPushButton(self)
        self.edit_button.clicked.connect(lambda _c=False: self.edit_line(self.selected()))
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(lambda _c=False: self.remove_selected())
        self.may_post = True
        self.lines_view = record_table(self, sortable=False, stretch_last=False)
        self.lines_view.setModel(self.lines_model)
        self.lines_view.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.lines_view.doubleClicked.connect(lambda _i: self.edit_line(self.selected()))
        self.comparison_view = record_table(self, sortable=False, stretch_last=False)
        self.comparison_view.setModel(self.comparison_model)
        self.chart = QLabel(self)
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self._layout(scroll)
        self.retranslate()

    def _layout(self, scroll: QScrollArea) -> None:
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        for button in (self.add_button, self.edit_button, self.remove_button):
            top.addWidget(button)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.comparison_view)
        lower.addWidget(scroll)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        scroll.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.lines_view)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.year_label.setText(_("Year"))
        self.add_button.setText(_("Add line…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove"))
        self.lines_model.repaint()
        self.comparison_model.repaint()
        self._update()
        fit_columns(self.lines_view, (8, 16, 0, 14, 20))
        fit_columns(self.comparison_view, (0, 13, 13, 15, 7))

    def set_permissions(self, may_post: bool) -> None:
        """Editing the budget is the treasurer's; others see why the buttons are off."""
        self.may_post = may_post
        self._update()

    def _update(self) -> None:
        selected = self.selected() is not None
        self.add_button.setEnabled(self.may_post)
        self.edit_button.setEnabled(self.may_post and selected)
        self.remove_button.setEnabled(self.may_post and selected)
        hint = "" if self.may_post else needs_text(Action.POST_LEDGER)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setToolTip(hint)

    def selected(self) -> BudgetRecord | None:
        """The budget line selected."""
        rows = self.lines_view.selectionModel().selectedRows()
        return self.lines_model.record(rows[0].row()) if rows else None

    def reload(
        self, money: Money | None = None, accounts: Sequence[AccountChoice] | None = None
    ) -> None:
        """Read the year's lines and compare them with the books."""
        self.money = money or self.money
        if accounts is not None:
            self.accounts = tuple(accounts)
        ws = self.context.ws
        period = str(self.year.value())
        lines: tuple[BudgetRecord, ...] = ()
        rows: tuple[BudgetComparison, ...] = ()
        if ws is not None:
            lines = self.context.run(self, lambda: list_budget_lines(ws, period)) or ()
            rows = self.context.run(self, lambda: budget_vs_actual(ws, period)) or ()
        names = {a.code: a.name for a in self.accounts}
        self.lines_model.set_records(lines, self.money, names)
        self.comparison_model.set_records(rows, self.money)
        self.loaded = ws is not None
        self._draw(rows)
        self._update()

    def _draw(self, rows: Sequence[BudgetComparison]) -> None:
        if not rows:
            self.chart.setPixmap(QPixmap())
            self.chart.setText(_("No budget has been set for this period."))
            return
        from codesign.reports.charts import budget_chart

        png = budget_chart(
            [(f"{r.code} {r.name}", r.budget, r.actual, r.favourable) for r in rows],
            self.money.currency,
            self.money.locale,
        )
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.chart.setPixmap(
            pixmap.scaledToWidth(
                max(420, min(pixmap.width(), 900)), Qt.TransformationMode.SmoothTransformation
            )
        )

    def edit_line(self, line: BudgetRecord | None) -> BudgetLineDialog | None:
        """Open the line dialog (a new line when ``line`` is None)."""
        if self.context.ws is None or not self.may_post:
            return None
        dialog = self.line_dialog(line)
        dialog.open()
        return dialog

    def line_dialog(self, line: BudgetRecord | None) -> BudgetLineDialog:
        """The dialog for ``line``, not shown yet."""
        return BudgetLineDialog(
            self.context, self.accounts, self.money, self.year.value(), line=line, parent=self
        )

    def remove_selected(self) -> None:
        """Remove the selected line (it can be undone from the Edit menu)."""
        line = self.selected()
        if line is None or not self.may_post:
            return
        line_id: uuid.UUID = line.id
        self.context.push(
            _("Remove a budget line"), lambda ws: remove_budget_line(ws, line_id), self
        )
