"""The payment plans in force, and ending one from a date on.

A plan ended after a date keeps the instalments due by then (they are still
owed, billed or not); the later ones are no longer expected.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action, may
from codesign.ledger.members import Plan, add_months, end_plan, list_plans
from i18n import N_, ngettext
from i18n import gettext as _
from i18n.formatting import format_date
from ui.context import AppContext
from ui.finance_dialogs import _date_edit
from ui.finance_models import Money
from ui.finance_tools import ok_cancel
from ui.table_model import FlatTableModel
from ui.widgets import fit_columns, needs_text, record_table

AnyIndex = QModelIndex | QPersistentModelIndex


class PlansModel(FlatTableModel):
    """Plans: what, for whom, how much, from when, how many and how often."""

    TITLES = (N_("Payment plan"), N_("Household"), N_("Instalment"), N_("First due"), N_("Ends"))
    AMOUNT = 2
    RIGHT_ALIGNED = frozenset({AMOUNT})

    def __init__(
        self, money: Money, names: Mapping[uuid.UUID, str], parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self.money, self.names = money, names
        self._records: tuple[Plan, ...] = ()

    def set_records(self, plans: Sequence[Plan]) -> None:
        """Show ``plans`` (the cooperative-wide ones first, as listed)."""
        self.beginResetModel()
        self._records = tuple(plans)
        self.endResetModel()

    def record(self, row: int) -> Plan:
        """The plan shown in ``row``."""
        return self._records[row]

    def ends_text(self, plan: Plan) -> str:
        """The last due date, or that the plan runs until ended."""
        if plan.instalments is None:
            return _("until ended")
        last = add_months(plan.start, (plan.instalments - 1) * plan.every_months)
        count = ngettext("{n} instalment", "{n} instalments", plan.instalments).format(
            n=plan.instalments
        )
        return f"{format_date(last, self.money.locale)} ({count})"

    def cell(self, plan: Plan, column: int) -> str:
        """The text of one cell."""
        if column == 0:
            return plan.label()
        if column == 1:
            everyone = _("Every household")
            return everyone if plan.household is None else self.names.get(plan.household, "")
        if column == self.AMOUNT:
            return self.money.money(plan.amount)
        if column == 3:
            return format_date(plan.start, self.money.locale)
        return self.ends_text(plan)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the plan's label, household, amount, first due date and end."""
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(self._records[index.row()], index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class PlansDialog(QDialog):
    """The plans in force; the treasurer may end one from a date on."""

    def __init__(
        self,
        context: AppContext,
        money: Money,
        names: Mapping[uuid.UUID, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Payment plans"))
        layout = QVBoxLayout(self)
        self.model = PlansModel(money, names, self)
        self.view = record_table(self, sortable=False)
        self.view.setModel(self.model)
        layout.addWidget(self.view)
        self.empty = QLabel(_("There are no payment plans yet."), self)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.end_button = QPushButton(_("End plan…"), self)
        buttons.addButton(self.end_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.end_button.clicked.connect(lambda _checked=False: self.end_selected())
        layout.addWidget(buttons)
        self.may_end = may(context.workspace(), Action.POST_LEDGER)
        hint = _("Stop expecting the selected plan's instalments after a date.")
        self.end_button.setToolTip(
            hint if self.may_end else hint + " " + needs_text(Action.POST_LEDGER)
        )
        self.reload()
        fit_columns(self.view, (0, 22, 12, 12, 24))
        self.resize(self.fontMetrics().averageCharWidth() * 110, 360)

    def reload(self) -> None:
        """Read the plans again."""
        ws = self.context.workspace()
        self.model.set_records(self.context.run(self, lambda: list_plans(ws)) or ())
        shown = bool(self.model.rowCount())
        self.view.setVisible(shown)
        self.empty.setVisible(not shown)
        self.end_button.setEnabled(self.may_end and shown)
        if shown:
            self.view.selectRow(0)

    def selected(self) -> Plan | None:
        """The plan chosen in the list."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def end_dialog(self) -> EndPlanDialog | None:
        """The dialog asking from when the selected plan ends (not shown yet)."""
        plan = self.selected()
        if plan is None or not self.may_end:
            return None
        return EndPlanDialog(self.context, plan, self)

    def end_selected(self) -> bool:
        """Ask for the date and end the selected plan."""
        dialog = self.end_dialog()
        if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.reload()
        return True


class EndPlanDialog(QDialog):
    """The last date whose instalments stay owed."""

    def __init__(self, context: AppContext, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.plan = context, plan
        self.setWindowTitle(_("End plan"))
        layout = QVBoxLayout(self)
        note = QLabel(
            _(
                "Instalments due up to this date stay owed, billed or not; later ones are no"
                " longer expected. Instalments already in the books are not changed."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.after = _date_edit(dt.date.today(), self)
        form = QFormLayout()
        form.addRow(_("Payment plan"), QLabel(plan.label(), self))
        form.addRow(_("Last date owed"), self.after)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, _("End plan")))

    def save(self) -> bool:
        """End the plan after the date chosen; False when refused (the reason is shown)."""
        after = self.after.date().toPython()
        assert isinstance(after, dt.date)
        ws = self.context.workspace()
        plan = self.plan.id
        result = self.context.run(self, lambda: end_plan(ws, plan, after))
        if result is None:
            return False
        self.context.notify(result)
        return True

    @override
    def accept(self) -> None:
        if self.save():
            super().accept()
