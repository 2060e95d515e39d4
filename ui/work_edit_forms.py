"""The planning forms in edit mode: a commission, a shift, a task, filled in from the row.

Each reuses its creation form (same fields, same checks) and calls the edit
service on OK; the change is undoable like any other, and a refusal (fewer
people than assigned, a shift whose attendance was taken) is shown in the one
error box with the form left open.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListView, QWidget

from codesign.work import editing
from codesign.work.common import CommissionId, ShiftId, WorkDayId
from codesign.work.editing import MemberRow
from codesign.work.queries import CommissionRow, ShiftRow, TaskRow
from i18n import gettext as _
from i18n import ngettext
from ui.context import AppContext
from ui.work_forms import CommissionForm, Form, ShiftForm, TaskForm
from ui.work_models import FMT
from ui.work_tabs import date_edit, pydate, qdate

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


def qtime(moment: dt.datetime) -> QTime:
    return QTime(moment.hour, moment.minute)


def index_of(combo: QComboBox, value: object) -> int:
    """The row whose data equals ``value`` (``findData`` compares Python objects by identity)."""
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            return row
    return -1


class CommissionEditForm(CommissionForm):
    """A commission's name, skills, unpopular flag, and which members coordinate it."""

    def __init__(
        self,
        context: AppContext,
        row: CommissionRow,
        members: tuple[MemberRow, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.setWindowTitle(_("Edit commission {name}").format(name=row.name))
        self.row = row
        self.name.setText(row.name)
        self.skills.setText(row.skills)
        self.unpopular.setChecked(row.unpopular)
        self.leads = QStandardItemModel(self)
        for member in members:
            item = QStandardItem(member.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(
                Qt.CheckState.Checked if member.coordinator else Qt.CheckState.Unchecked
            )
            item.setData(member.person, PERSON_ROLE)
            self.leads.appendRow(item)
        self.leads_view = QListView(self)
        self.leads_view.setModel(self.leads)
        self.leads_view.setMaximumHeight(self.fontMetrics().height() * 8)
        hint = QLabel(_("Only members can coordinate; add people with Member…"), self)
        hint.setWordWrap(True)
        self.form.addRow(_("Coordinators"), self.leads_view)
        self.form.addRow("", hint)

    def coordinators(self) -> tuple[uuid.UUID, ...]:
        """The people ticked as coordinators."""
        ticked = []
        for row in range(self.leads.rowCount()):
            item = self.leads.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.append(item.data(PERSON_ROLE))
        return tuple(ticked)

    def submit(self) -> None:
        commission = CommissionId(self.row.id)
        name, skills, unpopular = self.name.text(), self.skills.text(), self.unpopular.isChecked()
        leads = self.coordinators()
        done = self.context.push(
            _("Edit commission"),
            lambda ws: editing.edit_commission(
                ws, commission, name=name, skills=skills, unpopular=unpopular, coordinators=leads
            ),
            self,
        )
        if done is not None:
            self.accept()


class ShiftEditForm(ShiftForm):
    """A shift's day, place, times, people needed and skills; its commission stays."""

    def __init__(
        self,
        context: AppContext,
        row: ShiftRow,
        commissions: tuple[CommissionRow, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, commissions, parent)
        self.setWindowTitle(_("Edit shift of {commission}").format(commission=row.commission))
        self.row = row
        self.date.setDate(qdate(row.starts_at.date()))
        self.place.setText(row.place)
        found = index_of(self.commission, row.commission_id)
        if found < 0:
            self.commission.addItem(row.commission, row.commission_id)
            found = self.commission.count() - 1
        self.commission.setCurrentIndex(found)
        self.commission.setEnabled(False)
        self.start.setTime(qtime(row.starts_at))
        self.end.setTime(qtime(row.ends_at))
        self.people.setValue(row.needed)
        self.skills.setText(row.skills)
        note = QLabel(
            ngettext(
                "{n} person is assigned: they stay on the shift, so it needs at least {n}.",
                "{n} people are assigned: they stay on the shift, so it needs at least {n}.",
                row.assigned,
            ).format(n=row.assigned)
            if row.assigned
            else _("Nobody is assigned yet."),
            self,
        )
        note.setWordWrap(True)
        self.form.addRow("", note)
        self.note = note

    def submit(self) -> None:
        shift, values = ShiftId(self.row.id), self.values()
        done = self.context.push(
            _("Edit shift"), lambda ws: editing.edit_shift(ws, shift, **values), self
        )
        if done is not None:
            self.accept()


class WorkDayForm(Form):
    """A work day's date and place: moving it moves every shift on it, times kept."""

    def __init__(self, context: AppContext, row: ShiftRow, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Edit work day"), parent)
        self.work_day = WorkDayId(row.work_day)
        self.date = date_edit(self, row.starts_at.date())
        self.place = QLineEdit(row.place, self)
        note = QLabel(_("Every shift of this day moves with it and keeps its times."), self)
        note.setWordWrap(True)
        self.form.addRow(_("Date"), self.date)
        self.form.addRow(_("Place"), self.place)
        self.form.addRow("", note)

    def submit(self) -> None:
        work_day, day, place = self.work_day, pydate(self.date.date()), self.place.text()
        done = self.context.push(
            _("Edit work day"),
            lambda ws: editing.edit_work_day(ws, work_day, date=day, place=place),
            self,
        )
        if done is not None:
            self.accept()


class TaskEditForm(TaskForm):
    """A task's text, and the shift it belongs to or the date it is due by."""

    def __init__(
        self,
        context: AppContext,
        row: TaskRow,
        shifts: tuple[ShiftRow, ...],
        commissions: tuple[CommissionRow, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, None, commissions, parent)
        self.setWindowTitle(_("Edit task"))
        self.row = row
        self.description.setText(row.description)
        self.on_shift = QComboBox(self)
        self.on_shift.addItem(_("None: due by a date"), None)
        for shift in shifts:
            self.on_shift.addItem(
                f"{FMT.date(shift.starts_at.date())} {shift.starts_at:%H:%M} {shift.commission}"
                + (f" — {shift.place}" if shift.place else ""),
                shift.id,
            )
        if row.shift is not None and index_of(self.on_shift, row.shift) < 0 and row.starts_at:
            self.on_shift.addItem(
                f"{FMT.date(row.starts_at.date())} {row.starts_at:%H:%M} {row.commission}",
                row.shift,
            )
        self.on_shift.setCurrentIndex(max(0, index_of(self.on_shift, row.shift)))
        self.form.insertRow(1, _("Shift"), self.on_shift)
        if row.due is not None:
            self.due.setDate(qdate(row.due))
        if row.commission_id is not None:
            self.commission.setCurrentIndex(max(0, index_of(self.commission, row.commission_id)))
        self.on_shift.currentIndexChanged.connect(lambda _i: self._follow_shift())
        self._follow_shift()

    def _follow_shift(self) -> None:
        """A task on a shift takes the shift's date and commission."""
        free = not isinstance(self.on_shift.currentData(), uuid.UUID)
        self.due.setEnabled(free)
        self.commission.setEnabled(free)

    def submit(self) -> None:
        task, text = self.row.id, self.description.text()
        chosen = self.on_shift.currentData()
        shift = ShiftId(chosen) if isinstance(chosen, uuid.UUID) else None
        due = None if shift is not None else pydate(self.due.date())
        picked = self.commission.currentData()
        commission = (
            CommissionId(picked) if isinstance(picked, uuid.UUID) and shift is None else None
        )
        done = self.context.push(
            _("Edit task"),
            lambda ws: editing.edit_task(
                ws, task, description=text, shift=shift, due_on=due, commission=commission
            ),
            self,
        )
        if done is not None:
            self.accept()
