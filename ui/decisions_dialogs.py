"""Dialogs to convene an assembly, put a motion, and add a follow-up action.

Each one calls its service through ``AppContext.run`` on OK: a refusal shows
the error and keeps the dialog open with what was typed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from typing_extensions import override

from codesign.decisions import assemblies, register, votes
from codesign.errors import BadInput
from codesign.reports.minutes import RULE_LABELS
from i18n import N_
from i18n import gettext as _
from models.decisions import MAJORITY_RULES
from models.ids import parse_uuid
from ui.context import AppContext

LINK_LABELS = {
    "proposal": N_("design proposal"),
    "budget_line": N_("budget line"),
    "reference_case": N_("reference case"),
}


def buttons(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel, wired to the dialog's accept and reject."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _python_datetime(edit: QDateTimeEdit) -> dt.datetime:
    value = edit.dateTime().toPython()
    assert isinstance(value, dt.datetime)
    return value.replace(second=0, microsecond=0)


class AssemblyDialog(QDialog):
    """Convene an assembly: kind, title, place, both calls and the agenda (one item a line)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.created: uuid.UUID | None = None
        self.setWindowTitle(_("Convene an assembly"))
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        self.kind.addItem(_("Ordinary assembly"), "ordinary")
        self.kind.addItem(_("Extraordinary assembly"), "extraordinary")
        self.title = QLineEdit(self)
        self.place = QLineEdit(self)
        self.place.setText(_("Community hall"))
        start = QDateTime(QDate.currentDate(), QTime(18, 0))
        self.first_call = QDateTimeEdit(start, self)
        self.first_call.setCalendarPopup(True)
        self.second_call = QDateTimeEdit(start.addSecs(30 * 60), self)
        self.second_call.setCalendarPopup(True)
        self.agenda = QPlainTextEdit(self)
        self.agenda.setPlaceholderText(_("One agenda item per line"))
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Place"), self.place)
        form.addRow(_("First call"), self.first_call)
        form.addRow(_("Second call"), self.second_call)
        form.addRow(_("Agenda"), self.agenda)
        form.addRow(buttons(self))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    @override
    def accept(self) -> None:
        ws = self.context.workspace()
        first = _python_datetime(self.first_call)
        outcome = self.context.run(
            self,
            lambda: assemblies.create_assembly(
                ws,
                held_on=first.date(),
                kind=str(self.kind.currentData()),
                title=self.title.text(),
                place=self.place.text(),
                first_call_at=first,
                second_call_at=_python_datetime(self.second_call),
                agenda=self.agenda.toPlainText().splitlines(),
            ),
        )
        if outcome is not None:
            result, self.created = outcome
            self.context.notify(result)
            super().accept()


class MotionDialog(QDialog):
    """Put a motion (or an amendment) with its majority rule, proposer and seconder."""

    def __init__(
        self,
        context: AppContext,
        assembly: uuid.UUID,
        people: Sequence[tuple[uuid.UUID, str]],
        motions: Sequence[tuple[uuid.UUID, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.assembly = assembly
        self.setWindowTitle(_("New motion"))
        form = QFormLayout(self)
        self.text = QPlainTextEdit(self)
        self.rule = QComboBox(self)
        for rule in MAJORITY_RULES:
            self.rule.addItem(_(RULE_LABELS[rule]), rule)
        self.proposer = self._people(people)
        self.seconder = self._people(people)
        self.amends = QComboBox(self)
        self.amends.addItem(_("(not an amendment)"), None)
        for motion_id, label in motions:
            self.amends.addItem(label, motion_id)
        self.link_kind = QComboBox(self)
        self.link_kind.addItem(_("(no link)"), "")
        for entity, label in LINK_LABELS.items():
            self.link_kind.addItem(_(label), entity)
        self.link_id = QLineEdit(self)
        self.link_id.setPlaceholderText(_("id of the proposal, budget line or case"))
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_kind)
        link_row.addWidget(self.link_id, 1)
        form.addRow(_("Text"), self.text)
        form.addRow(_("Majority"), self.rule)
        form.addRow(_("Proposed by"), self.proposer)
        form.addRow(_("Seconded by"), self.seconder)
        form.addRow(_("Amends"), self.amends)
        form.addRow(_("Links to"), link_row)
        form.addRow(buttons(self))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _people(self, people: Sequence[tuple[uuid.UUID, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.addItem("", None)
        for person_id, name in people:
            combo.addItem(name, person_id)
        combo.setCurrentIndex(0)
        return combo

    @staticmethod
    def _choice(combo: QComboBox) -> uuid.UUID | None:
        data = combo.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def link(self) -> tuple[str, uuid.UUID] | None:
        """The linked row, or None; BadInput when an id is typed that is not one."""
        entity = str(self.link_kind.currentData() or "")
        if not entity:
            return None
        found = parse_uuid(self.link_id.text())
        if found is None:
            raise BadInput(_("the link needs the id of the row it names"))
        return entity, found

    @override
    def accept(self) -> None:
        ws = self.context.workspace()
        outcome = self.context.run(
            self,
            lambda: votes.add_motion(
                ws,
                self.assembly,
                self.text.toPlainText(),
                majority=str(self.rule.currentData()),
                proposer=self._choice(self.proposer),
                seconder=self._choice(self.seconder),
                amends=self._choice(self.amends),
                link=self.link(),
            ),
        )
        if outcome is not None:
            self.context.notify(outcome[0])
            super().accept()


class FollowUpDialog(QDialog):
    """A follow-up action of a decision: what, who and by when."""

    def __init__(
        self,
        context: AppContext,
        decision: uuid.UUID,
        people: Sequence[tuple[uuid.UUID, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.decision = decision
        self.setWindowTitle(_("New follow-up action"))
        form = QFormLayout(self)
        self.description = QLineEdit(self)
        self.responsible = QComboBox(self)
        self.responsible.addItem("", None)
        for person_id, name in people:
            self.responsible.addItem(name, person_id)
        self.due = QDateEdit(QDate.currentDate().addDays(30), self)
        self.due.setCalendarPopup(True)
        form.addRow(_("Action"), self.description)
        form.addRow(_("Responsible"), self.responsible)
        form.addRow(_("Due"), self.due)
        form.addRow(buttons(self))

    @override
    def accept(self) -> None:
        ws = self.context.workspace()
        due = self.due.date().toPython()
        assert isinstance(due, dt.date)
        person = self.responsible.currentData()
        outcome = self.context.run(
            self,
            lambda: register.add_follow_up(
                ws,
                self.decision,
                self.description.text(),
                responsible=person if isinstance(person, uuid.UUID) else None,
                due_on=due,
            ),
        )
        if outcome is not None:
            self.context.notify(outcome[0])
            super().accept()
