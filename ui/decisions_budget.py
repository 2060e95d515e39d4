"""The participatory budgeting tab: rounds, ballots, the results table and the chart.

The secretary opens a round with its options and enters each household's
ballot (points spread over options, or approvals); results rank the options
by points and fund them while the budget lasts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.decisions import budgeting
from codesign.errors import BadInput
from codesign.people.queries import list_households
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import parse_money
from ui.context import AppContext
from ui.decisions_dialogs import buttons as _buttons
from ui.decisions_models import PbResultsModel
from ui.widgets import fit_columns, needs_text, record_table


def parse_options(text: str, currency: str, locale: str) -> list[tuple[str, int]]:
    """Lines "title; cost" (cost the locale's way, e.g. 4.500,00) into (title, minor units)."""
    options = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        title, _sep, cost = line.rpartition(";")
        if not title.strip():
            raise BadInput(
                _("line {line}: write the option, a semicolon and its cost").format(line=number)
            )
        options.append((title.strip(), money(cost, currency, locale, number)))
    return options


def money(text: str, currency: str, locale: str, line: int | None = None) -> int:
    """An amount typed the locale's way; BadInput (shown in the error box) when it is not one."""
    try:
        return parse_money(text.strip() or "0", currency, locale)
    except ValueError as error:
        raise BadInput(str(error), row=line) from None


class RoundDialog(QDialog):
    """Open a budgeting round: title, method, points, budget and the options with their cost."""

    def __init__(
        self, context: AppContext, currency: str, locale: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.currency = currency
        self.coop_locale = locale
        self.created: uuid.UUID | None = None
        self.setWindowTitle(_("New budgeting round"))
        form = QFormLayout(self)
        self.title = QLineEdit(self)
        self.title.setText(_("Participatory budget {year}").format(year=dt.date.today().year))
        self.method = QComboBox(self)
        self.method.addItem(_("Points spread over options"), "points")
        self.method.addItem(_("Approvals (one per option)"), "approval")
        self.points = QSpinBox(self)
        self.points.setRange(1, 1000)
        self.points.setValue(10)
        self.budget = QLineEdit(self)
        self.held_on = QDateEdit(QDate.currentDate(), self)
        self.held_on.setCalendarPopup(True)
        self.options = QPlainTextEdit(self)
        self.options.setPlaceholderText(_("One option per line: title; cost"))
        form.addRow(_("Title"), self.title)
        form.addRow(_("Method"), self.method)
        form.addRow(_("Points per household"), self.points)
        form.addRow(_("Budget"), self.budget)
        form.addRow(_("Date"), self.held_on)
        form.addRow(_("Options"), self.options)
        form.addRow(_buttons(self))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    @override
    def accept(self) -> None:
        ws = self.context.workspace()
        day = self.held_on.date().toPython()
        assert isinstance(day, dt.date)

        def create() -> tuple[object, uuid.UUID]:
            return budgeting.create_round(
                ws,
                title=self.title.text(),
                options=parse_options(self.options.toPlainText(), self.currency, self.coop_locale),
                held_on=day,
                budget=money(self.budget.text(), self.currency, self.coop_locale),
                method=str(self.method.currentData()),
                points_per_household=self.points.value(),
            )

        outcome = self.context.run(self, create)
        if outcome is not None:
            result, self.created = outcome
            self.context.notify(result)  # type: ignore[arg-type]
            super().accept()


class BallotDialog(QDialog):
    """One household's ballot: points (or 0/1 approvals) for each option."""

    def __init__(
        self,
        context: AppContext,
        record: budgeting.RoundRecord,
        options: Sequence[tuple[uuid.UUID, str, int]],
        households: Sequence[tuple[uuid.UUID, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.setWindowTitle(_("Budgeting ballot"))
        form = QFormLayout(self)
        self.household = QComboBox(self)
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for household_id, name in households:
            self.household.addItem(name, household_id)
        form.addRow(_("Household"), self.household)
        self.spins: dict[uuid.UUID, QSpinBox] = {}
        limit = record.points_per_household if record.method == "points" else 1
        for option_id, title, _cost in options:
            spin = QSpinBox(self)
            spin.setRange(0, limit)
            form.addRow(title, spin)
            self.spins[option_id] = spin
        self.left = QLabel(self)
        form.addRow(self.left)
        for spin in self.spins.values():
            spin.valueChanged.connect(lambda _v: self._update())
        form.addRow(_buttons(self))
        self._update()

    def _update(self) -> None:
        given = sum(spin.value() for spin in self.spins.values())
        if self.record.method == "points":
            self.left.setText(
                _("{given} of {limit} points given").format(
                    given=given, limit=self.record.points_per_household
                )
            )

    @override
    def accept(self) -> None:
        ws = self.context.workspace()
        index = self.household.findText(self.household.currentText())
        household = self.household.itemData(index) if index >= 0 else None
        if not isinstance(household, uuid.UUID):
            self.household.setFocus()
        if not isinstance(household, uuid.UUID):
            return
        allocation = {oid: spin.value() for oid, spin in self.spins.items()}
        result = self.context.run(
            self, lambda: budgeting.cast_ballot(ws, self.record.id, household, allocation)
        )
        if result is not None:
            self.context.notify(result)
            super().accept()


class BudgetTab(QWidget):
    """Participatory budgeting rounds: the results table and the chart."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.coop_locale = "es_EC"
        self.currency = "USD"
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.round_label = QLabel(self)
        self.rounds = QComboBox(self)
        self.rounds.currentIndexChanged.connect(lambda _i: self.show_round())
        self.summary = QLabel(self)
        self.new_round = QPushButton(self)
        self.new_round.clicked.connect(self.open_round)
        self.ballot_button = QPushButton(self)
        self.ballot_button.clicked.connect(self.enter_ballot)
        row.addWidget(self.round_label)
        row.addWidget(self.rounds, 1)
        row.addWidget(self.summary, 1)
        row.addWidget(self.new_round)
        row.addWidget(self.ballot_button)
        layout.addLayout(row)
        self.model = PbResultsModel(self)
        self.view = record_table(self, sortable=False)
        self.view.setModel(self.model)
        layout.addWidget(self.view, 1)
        self.chart = QLabel(self)
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        layout.addWidget(scroll, 1)
        self.records: tuple[budgeting.RoundRecord, ...] = ()
        self.pixmap: QPixmap | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.round_label.setText(_("Round:"))
        self.new_round.setText(_("New round…"))
        self.new_round.setToolTip(needs_text(Action.RUN_VOTES))
        self.ballot_button.setText(_("Enter ballot…"))
        self.ballot_button.setToolTip(needs_text(Action.RUN_VOTES))
        self.model.repaint()
        fit_columns(self.view, (0, 14, 10, 10, 10))

    def reload(self) -> None:
        """Read the rounds again and show the chosen one."""
        ws = self.context.ws
        current = self.rounds.currentData()
        self.records = (
            (self.context.run(self, lambda: budgeting.list_rounds(ws)) or ()) if ws else ()
        )
        self.rounds.blockSignals(True)
        self.rounds.clear()
        for r in self.records:
            # Ids as text: a combo finds data by identity, and every read makes new UUIDs.
            self.rounds.addItem(f"{r.held_on.isoformat()} · {r.title}", str(r.id))
        self.rounds.setCurrentIndex(max(0, self.rounds.findData(current)))
        self.rounds.blockSignals(False)
        self.show_round()

    def show_round(self) -> None:
        """Results and chart of the chosen round."""
        ws, record = self.context.ws, self.chosen()
        chosen = record.id if record else None
        self.model.currency = self.currency
        if ws is None or not isinstance(chosen, uuid.UUID):
            self.model.set_records((), self.coop_locale)
            self.chart.clear()
            self.summary.setText(_("No budgeting round yet."))
            return
        results = self.context.run(self, lambda: budgeting.round_results(ws, chosen)) or ()
        self.model.set_records(results, self.coop_locale)
        record = next(r for r in self.records if r.id == chosen)
        self.summary.setText(
            ngettext("{n} household voted", "{n} households voted", record.households).format(
                n=record.households
            )
        )
        self.pixmap = QPixmap()
        self.pixmap.loadFromData(budgeting.results_chart(results, self.coop_locale))
        self._fit_chart()

    def _fit_chart(self) -> None:
        if self.pixmap is not None and not self.pixmap.isNull():
            width = min(self.pixmap.width(), max(480, self.width() - 60))
            self.chart.setPixmap(
                self.pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            )

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_chart()

    def chosen(self) -> budgeting.RoundRecord | None:
        """The round shown."""
        data = self.rounds.currentData()
        return next((r for r in self.records if str(r.id) == data), None)

    def select_round(self, round_id: uuid.UUID) -> None:
        """Show ``round_id``."""
        self.rounds.setCurrentIndex(max(0, self.rounds.findData(str(round_id))))

    def open_round(self) -> None:
        """Ask for a new round and show it."""
        if self.context.ws is None:
            return
        dialog = RoundDialog(self.context, self.currency, self.coop_locale, self)
        if dialog.exec() and dialog.created is not None:
            self.select_round(dialog.created)

    def ballot_dialog(self) -> BallotDialog | None:
        """The ballot dialog for the round shown (not shown yet)."""
        ws, record = self.context.ws, self.chosen()
        if ws is None or record is None:
            return None
        options = self.context.run(self, lambda: budgeting.options_of(ws, record.id)) or ()
        homes = self.context.run(self, lambda: list_households(ws)) or ()
        return BallotDialog(self.context, record, options, [(h.id, h.name) for h in homes], self)

    def enter_ballot(self) -> None:
        """Ask for one household's ballot."""
        dialog = self.ballot_dialog()
        if dialog is not None:
            dialog.exec()
