"""Small forms of the Mingas page: a commission, a shift, an exemption; importing availability.

Each form calls one service when accepted; errors go to the one error box
and the form stays open, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from codesign.work import availability, obligations, planning
from codesign.work.common import CommissionId, ShiftId
from codesign.work.queries import CommissionRow, ShiftRow
from i18n import gettext as _
from i18n import ngettext
from models.ids import PersonId
from ui.context import AppContext
from ui.work_tabs import date_edit, pydate


class Form(QDialog):
    """A form with OK and Cancel; ``submit`` runs the service and closes on success."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 55)

    def submit(self) -> None:
        raise NotImplementedError


class CommissionForm(Form):
    """A new commission: name, skills its shifts need, and whether it is unpopular."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("New commission"), parent)
        self.name, self.skills = QLineEdit(self), QLineEdit(self)
        self.skills.setPlaceholderText(_("for example: albañilería, electricidad"))
        self.unpopular = QCheckBox(_("Unpopular: spread it evenly among households"), self)
        self.form.addRow(_("Name"), self.name)
        self.form.addRow(_("Skills"), self.skills)
        self.form.addRow("", self.unpopular)

    def submit(self) -> None:
        name, skills, unpopular = self.name.text(), self.skills.text(), self.unpopular.isChecked()
        done = self.context.push(
            _("Add commission"),
            lambda ws: planning.add_commission(ws, name=name, skills=skills, unpopular=unpopular)[
                0
            ],
            self,
        )
        if done is not None:
            self.accept()


class ShiftForm(Form):
    """A new shift: date, place, commission, times, people and skills."""

    def __init__(
        self,
        context: AppContext,
        commissions: tuple[CommissionRow, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("New shift"), parent)
        self.date = date_edit(
            self, dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7)
        )
        self.place = QLineEdit(self)
        self.commission = QComboBox(self)
        for row in commissions:
            self.commission.addItem(row.name, row.id)
        self.start, self.end = QTimeEdit(QTime(8, 0), self), QTimeEdit(QTime(12, 0), self)
        self.people = QSpinBox(self)
        self.people.setRange(1, 500)
        self.people.setValue(4)
        self.skills = QLineEdit(self)
        for label, widget in (
            (_("Date"), self.date),
            (_("Place"), self.place),
            (_("Commission"), self.commission),
            (_("Start"), self.start),
            (_("End"), self.end),
            (_("People needed"), self.people),
            (_("Skills"), self.skills),
        ):
            self.form.addRow(label, widget)

    def values(self) -> dict[str, Any]:
        """What the form says, as the shift services' keyword arguments."""
        return {
            "date": pydate(self.date.date()),
            "place": self.place.text(),
            "start": self.start.time().toPython(),
            "end": self.end.time().toPython(),
            "people_needed": self.people.value(),
            "skills": self.skills.text(),
        }

    def submit(self) -> None:
        chosen = self.commission.currentData()
        if not isinstance(chosen, uuid.UUID):
            return
        values = self.values()
        done = self.context.push(
            _("Add shift"),
            lambda ws: planning.schedule_shift(ws, commission=CommissionId(chosen), **values)[0],
            self,
        )
        if done is not None:
            self.accept()


class ExemptionForm(Form):
    """An approved exemption for one household: from, to and the reason."""

    def __init__(
        self, context: AppContext, household: uuid.UUID, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Exemption for {household}").format(household=name), parent)
        self.household = household
        today = dt.date.today()
        self.start, self.end = (
            date_edit(self, today),
            date_edit(self, today + dt.timedelta(days=30)),
        )
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems([_("Illness"), _("Old age"), _("Pregnancy"), _("Work away")])
        self.form.addRow(_("From"), self.start)
        self.form.addRow(_("To"), self.end)
        self.form.addRow(_("Reason"), self.reason)

    def submit(self) -> None:
        start, end, reason = (
            pydate(self.start.date()),
            pydate(self.end.date()),
            self.reason.currentText(),
        )
        household = self.household
        done = self.context.push(
            _("Add exemption"),
            lambda ws: obligations.add_exemption(
                ws, household, from_date=start, to_date=end, reason=reason
            )[0],
            self,
        )
        if done is not None:
            self.accept()


class HoursRuleForm(Form):
    """Hours every household owes per week or month during a phase of the project."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("New hours rule"), parent)
        self.phase = QLineEdit(self)
        self.phase.setPlaceholderText(_("for example: Construction"))
        self.hours = QSpinBox(self)
        self.hours.setRange(0, 200)
        self.hours.setValue(20)
        self.period = QComboBox(self)
        self.period.addItem(_("per week"), "week")
        self.period.addItem(_("per month"), "month")
        self.start = date_edit(self, dt.date.today())
        self.open_end = QCheckBox(_("Until a new rule replaces it"), self)
        self.open_end.setChecked(True)
        self.end = date_edit(self, dt.date.today() + dt.timedelta(days=365))
        self.open_end.toggled.connect(lambda on: self.end.setEnabled(not on))
        self.end.setEnabled(False)
        for label, widget in (
            (_("Phase"), self.phase),
            (_("Hours owed"), self.hours),
            ("", self.period),
            (_("From"), self.start),
            ("", self.open_end),
            (_("To"), self.end),
        ):
            self.form.addRow(label, widget)

    def submit(self) -> None:
        phase, hours, period = self.phase.text(), self.hours.value(), str(self.period.currentData())
        start = pydate(self.start.date())
        end = None if self.open_end.isChecked() else pydate(self.end.date())
        done = self.context.push(
            _("Add hours rule"),
            lambda ws: obligations.add_hours_rule(
                ws, hours=hours, period=period, from_date=start, to_date=end, phase=phase
            )[0],
            self,
        )
        if done is not None:
            self.accept()


class MemberForm(Form):
    """A person joins a commission, with the skills they bring."""

    def __init__(
        self,
        context: AppContext,
        commission: CommissionRow,
        people: tuple[tuple[uuid.UUID, str, uuid.UUID, str], ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context, _("Member of {commission}").format(commission=commission.name), parent
        )
        self.commission = commission
        self.person = QComboBox(self)
        self.person.setEditable(True)
        for person, name, _household, household_name in people:
            self.person.addItem(f"{name} — {household_name}", person)
        self.skills = QLineEdit(commission.skills, self)
        self.coordinator = QCheckBox(_("Coordinates the commission"), self)
        self.form.addRow(_("Person"), self.person)
        self.form.addRow(_("Skills"), self.skills)
        self.form.addRow("", self.coordinator)

    def submit(self) -> None:
        person = self.person.currentData()
        if not isinstance(person, uuid.UUID):
            return
        commission, skills, lead = (
            self.commission.id,
            self.skills.text(),
            self.coordinator.isChecked(),
        )
        done = self.context.push(
            _("Add commission member"),
            lambda ws: planning.add_member(
                ws, CommissionId(commission), PersonId(person), skills=skills, coordinator=lead
            )[0],
            self,
        )
        if done is not None:
            self.accept()


class TaskForm(Form):
    """A task on a shift, or due by a date for a commission; printed as a task card."""

    def __init__(
        self,
        context: AppContext,
        shift: ShiftRow | None,
        commissions: tuple[CommissionRow, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("Task for {commission}").format(commission=shift.commission)
            if shift is not None
            else _("Task due by a date")
        )
        super().__init__(context, title, parent)
        self.shift = shift
        self.description = QLineEdit(self)
        self.form.addRow(_("Task"), self.description)
        self.due = date_edit(self, dt.date.today() + dt.timedelta(days=14))
        self.commission = QComboBox(self)
        for row in commissions:
            self.commission.addItem(row.name, row.id)
        if shift is None:
            self.form.addRow(_("Due by"), self.due)
            self.form.addRow(_("Commission"), self.commission)

    def submit(self) -> None:
        text = self.description.text()
        shift = ShiftId(self.shift.id) if self.shift is not None else None
        due = None if shift is not None else pydate(self.due.date())
        chosen = self.commission.currentData()
        commission = (
            CommissionId(chosen) if isinstance(chosen, uuid.UUID) and shift is None else None
        )
        done = self.context.push(
            _("Add task"),
            lambda ws: planning.add_task(
                ws, description=text, shift=shift, due_on=due, commission=commission
            )[0],
            self,
        )
        if done is not None:
            self.accept()


def import_availability_file(
    context: AppContext, parent: QWidget, path: Path | None = None
) -> int | None:
    """Choose a CSV of availability and import it whole, or list every bad row."""
    ws = context.ws
    if ws is None:
        return None
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, _("Import availability"), "", _("CSV files (*.csv)")
        )
        if not chosen:
            return None
        path = Path(chosen)
    outcome = context.run(parent, lambda: availability.import_availability(ws, path))
    if outcome is None:
        return None
    result, errors = outcome
    if errors:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Import availability"), "", parent=parent)
        box.setText(
            ngettext(
                "{n} row cannot be read; nothing was imported.",
                "{n} rows cannot be read; nothing was imported.",
                len(errors),
            ).format(n=len(errors))
        )
        box.setDetailedText("\n".join(str(e) for e in errors))
        box.setInformativeText("\n".join(str(e) for e in errors[:5]))
        box.exec()
        return None
    assert result is not None
    context.notify(result)
    return len(result.rows)
