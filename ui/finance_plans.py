"""The payment-plan dialog: what every household (or one) is expected to pay, from when."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.errors import MingaError
from codesign.ledger.members import PLAN_ACCOUNTS, PLAN_LABELS, add_plan
from codesign.people.records import HouseholdRecord
from i18n import gettext as _
from i18n.formatting import parse_money
from ui.context import AppContext
from ui.finance_dialogs import _date_edit
from ui.finance_models import Money
from ui.finance_tools import ok_cancel


class PlanDialog(QDialog):
    """Add a payment plan: kind, household or all, instalment, start, how many, how often."""

    def __init__(
        self,
        context: AppContext,
        households: Sequence[HouseholdRecord],
        money: Money,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.money = context, money
        self.added: uuid.UUID | None = None
        self.setWindowTitle(_("New payment plan"))
        self.setMinimumWidth(520)
        self.kind = QComboBox(self)
        for kind, label in PLAN_LABELS.items():
            self.kind.addItem(_(label), kind)
        self.household = QComboBox(self)
        self.household.addItem(_("Every household (the statutes' plan)"), None)
        for record in sorted(households, key=lambda h: (h.unit, h.name)):
            self.household.addItem(f"{record.unit} {record.name}".strip(), str(record.id))
        self.amount = QLineEdit(self)
        self.start = _date_edit(dt.date.today().replace(day=1), self)
        self.instalments = QSpinBox(self)
        self.instalments.setRange(0, 600)
        self.instalments.setSpecialValueText(_("Until ended"))
        self.every = QSpinBox(self)
        self.every.setRange(1, 12)
        self.every.setSuffix(" " + _("month(s)"))
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(_("e.g. Monthly contribution 2027 (optional)"))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Household"), self.household)
        form.addRow(_("Instalment"), self.amount)
        form.addRow(_("First due"), self.start)
        form.addRow(_("Instalments"), self.instalments)
        form.addRow(_("Every"), self.every)
        form.addRow(_("Description"), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(ok_cancel(self, _("Add")))

    def save(self) -> bool:
        """Add the plan; False (and the reason shown) when refused."""
        try:
            amount = parse_money(self.amount.text(), self.money.currency, self.money.locale)
        except (MingaError, ValueError) as error:
            self.problem.setText(str(error))
            return False
        ws = self.context.workspace()
        kind = str(self.kind.currentData())
        household = self.household.currentData()
        start = self.start.date().toPython()
        assert isinstance(start, dt.date)
        count = self.instalments.value() or None
        outcome = self.context.run(
            self,
            lambda: add_plan(
                ws,
                kind=kind,
                amount=amount,
                start=start,
                household=household if isinstance(household, str) else None,
                instalments=count,
                every_months=self.every.value(),
                account=PLAN_ACCOUNTS[kind],
                description=self.description.text(),
            ),
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
