"""Dialogs to add and edit people and households and to change roles.

Every save goes through ``AppContext.push`` so it is undoable and service
errors appear in the one error box; the dialogs only check fields inline
(with the same rules the services use) so OK is never offered for bad input.
A dialog stays open when its save fails, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import role_label
from codesign.journal.writer import WriteResult
from codesign.people import service
from codesign.people.queries import role_history
from codesign.people.records import HouseholdRecord, PersonRecord
from codesign.people.validate import FieldError, clean_household, clean_person
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from models.ids import PersonId
from models.tables import ROLE_NAMES
from ui.context import AppContext
from ui.people_models import period_text, qt_date_format

MIN_WIDTH = 480  # room for Spanish labels and messages


class InlineMessage(QLabel):
    """A note under a field, in the palette's colours; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def set_text(self, text: str) -> None:
        """Show ``text`` as the services word it (it may start with a value), or hide when empty."""
        self.setText(text)
        self.setVisible(bool(text))


class FormDialog(QDialog):
    """A form whose fields each have an inline message; OK is enabled only when all are fine."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setMinimumWidth(MIN_WIDTH)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages: dict[str, InlineMessage] = {}
        self._touched = False  # no "empty name" message before the user typed anything
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: QWidget, row: int = -1) -> None:
        """A labelled row holding ``widget`` with its message below it."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.messages[name] = InlineMessage(box)
        column.addWidget(self.messages[name])
        self.form.insertRow(row, label, box)

    def ok_button(self) -> QPushButton:
        """The Save button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Put each problem under its field; OK only when there are none."""
        for name, message in self.messages.items():
            message.set_text(problems.get(name, ""))
        self.ok_button().setEnabled(not any(problems.values()))

    def _edited(self) -> None:
        self._touched = True
        self.validate()

    def validate(self) -> bool:
        """Show the fields' problems; whether the form may be saved."""
        return True

    def save(self) -> bool:
        """Write through the undo stack; False when a service refused (its error was shown)."""
        return True

    @override
    def accept(self) -> None:
        if self.validate() and self.save():
            super().accept()


def _line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def _check(clean: Callable[[Mapping[str, Any]], dict[str, Any]], field: str, value: Any) -> str:
    try:
        clean({field: value})
    except FieldError as error:
        return str(error)
    return ""


class PersonDialog(FormDialog):
    """Add a person, or edit one; only changed fields are saved, so sync sees real edits."""

    TEXT_FIELDS = (
        ("name", N_("Name"), ""),
        ("phone", N_("Phone"), N_("e.g. 099 123 4567")),
        ("email", N_("Email"), N_("e.g. ana@example.org")),
        ("document", N_("Document"), ""),
        ("birth_year", N_("Birth year"), N_("e.g. 1985")),
    )

    def __init__(
        self,
        context: AppContext,
        households: Sequence[HouseholdRecord],
        person: PersonRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Edit person") if person else _("Add person"), parent)
        self.person = person
        self.added: PersonId | None = None
        self._households = {h.name: h for h in households}
        self._before = _person_values(person)
        self.edits: dict[str, QLineEdit] = {}
        for field, label, example in self.TEXT_FIELDS:
            self.edits[field] = _line(self._before[field], _(example) if example else "")
            self.edits[field].textEdited.connect(self._edited)
            self.add_field(field, _(label), self.edits[field])
        self.edits["birth_year"].setMaxLength(4)
        self.household = QComboBox(self)
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = sorted(self._households, key=str.casefold)
        self.household.addItems(names)
        completer = QCompleter(names, self.household)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.household.setCompleter(completer)
        self.household.setCurrentText(self._before["household"])
        self.household.setPlaceholderText(_("A new household named after the person"))
        self.household.currentTextChanged.connect(self._edited)
        self.add_field("household", _("Household"), self.household, row=1)
        self.notes = _notes(self._before["notes"], self)
        self.add_field("notes", _("Notes"), self.notes)
        self._touched = person is not None
        self.validate()

    def values(self) -> dict[str, str]:
        """Every field as typed."""
        out = {f: e.text() for f, e in self.edits.items()}
        out["household"] = self.household.currentText().strip()
        out["notes"] = self.notes.toPlainText()
        return out

    @override
    def validate(self) -> bool:
        values = self.values()
        problems = {f: _check(clean_person, f, values[f]) for f, _l, _e in self.TEXT_FIELDS}
        if not self._touched and not values["name"].strip():
            problems["name"] = ""
        if self.person is not None and not values["household"]:
            problems["household"] = _("Choose a household")
        self.show_problems(problems)
        if values["household"] and values["household"] not in self._households:
            self.messages["household"].set_text(_("A new household will be added."))
        ok = not any(problems.values()) and bool(values["name"].strip())
        self.ok_button().setEnabled(ok)
        return ok

    def changes(self) -> dict[str, str]:
        """The fields that differ from the person being edited (all of them when adding)."""
        values = self.values()
        return {f: v for f, v in values.items() if self.person is None or v != self._before[f]}

    def _household_ref(self, name: str) -> str | None:
        """The id of a listed household (names may repeat), else the new name."""
        known = self._households.get(name)
        return str(known.id) if known else (name or None)

    @override
    def save(self) -> bool:
        """Add, or save the changed fields; a new household name is added first (its own step)."""
        changes: dict[str, Any] = self.changes()
        household = changes.pop("household", None)
        ref = self._household_ref(household or "")
        if self.person is None:

            def add(ws: Workspace) -> WriteResult:
                result, added = service.add_person(ws, household=ref, **changes)
                self.added = added.person
                return result

            return self.context.push(_("Add person"), add, self) is not None
        if household is not None and household not in self._households:
            done = self.context.push(
                _("Add household"), lambda ws: service.add_household(ws, name=household)[0], self
            )
            if done is None:
                return False
        if ref is not None and household is not None:
            changes["household"] = ref
        if not changes:
            return True
        person_id = self.person.id
        edit = self.context.push(
            _("Edit person"), lambda ws: service.update_person(ws, person_id, changes), self
        )
        return edit is not None


def _person_values(person: PersonRecord | None) -> dict[str, str]:
    if person is None:
        return dict.fromkeys(
            ("name", "phone", "email", "document", "birth_year", "household", "notes"), ""
        )
    values = {f: getattr(person, f) for f in ("name", "phone", "email", "document", "notes")}
    year = str(person.birth_year) if person.birth_year else ""
    return {**values, "birth_year": year, "household": person.household}


def _notes(text: str, parent: QWidget) -> QPlainTextEdit:
    edit = QPlainTextEdit(text, parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(parent.fontMetrics().lineSpacing() * 4 + 12)
    return edit


class HouseholdDialog(FormDialog):
    """Add or edit a household; the join date may be left unknown."""

    def __init__(
        self,
        context: AppContext,
        household: HouseholdRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Edit household") if household else _("Add household"), parent)
        self.household = household
        self.added: Any = None
        self.name = _line(household.name if household else "", _("e.g. Familia Quispe"))
        self.unit = _line(household.unit if household else "", _("e.g. B02-14"))
        self.address = _line(household.address if household else "")
        self.notes = _notes(household.notes if household else "", self)
        self.add_field("name", _("Name"), self.name)
        self.add_field("unit", _("Unit"), self.unit)
        self.add_field("address", _("Address"), self.address)
        # Ticking the label sets a date; unticked means "not known".
        self.known = QCheckBox(_("Joined on"), self)
        self.joined = QDateEdit(self)
        self.joined.setCalendarPopup(True)
        self.joined.setDisplayFormat(qt_date_format())
        joined = household.joined_on if household else None
        shown = joined or dt.date.today()
        self.joined.setDate(QDate(shown.year, shown.month, shown.day))
        self.known.toggled.connect(self.joined.setEnabled)
        self.known.setChecked(joined is not None)
        self.joined.setEnabled(joined is not None)
        self.form.addRow(self.known, self.joined)
        self.add_field("notes", _("Notes"), self.notes)
        self._touched = household is not None
        self.name.textEdited.connect(self._edited)
        self.validate()

    def values(self) -> dict[str, Any]:
        """Every field as entered (``joined_on`` None when unknown)."""
        joined = self.joined.date().toPython() if self.known.isChecked() else None
        return {
            "name": self.name.text(),
            "unit": self.unit.text(),
            "address": self.address.text(),
            "joined_on": joined,
            "notes": self.notes.toPlainText(),
        }

    @override
    def validate(self) -> bool:
        """Show the name's problem; OK only with a name."""
        name = self.name.text()
        problem = _check(clean_household, "name", name) if self._touched else ""
        self.show_problems({"name": problem})
        ok = not problem and bool(name.strip())
        self.ok_button().setEnabled(ok)
        return ok

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the household being edited (all when adding)."""
        values = self.values()
        if self.household is None:
            return values
        before = {f: getattr(self.household, f) for f in values}
        return {f: v for f, v in values.items() if v != before[f]}

    @override
    def save(self) -> bool:
        """Add, or save the changed fields."""
        changes = self.changes()
        if self.household is None:

            def add(ws: Workspace) -> WriteResult:
                result, self.added = service.add_household(ws, **changes)
                return result

            return self.context.push(_("Add household"), add, self) is not None
        if not changes:
            return True
        household_id = self.household.id
        edit = self.context.push(
            _("Edit household"),
            lambda ws: service.update_household(ws, household_id, **changes),
            self,
        )
        return edit is not None


class RolesDialog(FormDialog):
    """The person's roles today, their role history, and an optional new passphrase."""

    def __init__(
        self, context: AppContext, person: PersonRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Roles of {name}").format(name=person.name), parent)
        self.person = person
        self.boxes = {role: QCheckBox(_(role_label(role)), self) for role in ROLE_NAMES}
        grid = QWidget(self)
        grid_layout = QFormLayout(grid)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        for index in range(0, len(ROLE_NAMES), 2):
            pair = ROLE_NAMES[index : index + 2]
            grid_layout.addRow(self.boxes[pair[0]], self.boxes[pair[1]])
        for role, box in self.boxes.items():
            box.setChecked(role in person.roles)
        self.add_field("roles", _("Roles today"), grid)
        history = context.run(self, lambda: role_history(context.workspace(), person.id)) or ()
        lines = [
            _("{role}: {period}").format(
                role=_(role_label(r.role)), period=period_text(r.start_on, r.end_on)
            )
            for r in history
        ]
        self.history = QListView(self)
        self.history.setModel(QStringListModel(lines or [_("No roles yet")], self.history))
        self.history.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.history.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_field("history", _("History"), self.history)
        self.passphrase = QGroupBox(_("Set passphrase…"), self)
        self.passphrase.setCheckable(True)
        self.passphrase.setChecked(False)
        self.first = _line()
        self.second = _line()
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textEdited.connect(self.validate)
        pass_form = QFormLayout(self.passphrase)
        pass_form.addRow(_("Passphrase"), self.first)
        pass_form.addRow(_("Repeat it"), self.second)
        self.add_field("passphrase", "", self.passphrase)
        self.passphrase.toggled.connect(self.validate)
        self.validate()

    def chosen_roles(self) -> tuple[str, ...]:
        """The roles ticked."""
        return tuple(r for r, box in self.boxes.items() if box.isChecked())

    @override
    def validate(self) -> bool:
        """A new passphrase must be long enough and typed twice the same."""
        problem = ""
        if self.passphrase.isChecked():
            first, second = self.first.text(), self.second.text()
            if len(first) < 4:
                problem = _("the passphrase needs at least 4 characters") if first else ""
            elif second and first != second:
                problem = _("the two passphrases differ")
            ok = len(first) >= 4 and first == second
        else:
            ok = True
        self.show_problems({"passphrase": problem})
        self.ok_button().setEnabled(ok)
        return ok

    @override
    def save(self) -> bool:
        """Change roles, then the passphrase, each an undo step; False if one was refused."""
        person_id = self.person.id
        roles = self.chosen_roles()
        if set(roles) != set(self.person.roles):
            done = self.context.push(
                _("Change roles"), lambda ws: service.set_roles(ws, person_id, roles), self
            )
            if done is None:
                return False
            self.person = replace(self.person, roles=roles)  # a retry must not repeat it
        if self.passphrase.isChecked():
            secret = self.first.text()
            done = self.context.push(
                _("Set passphrase"),
                lambda ws: service.set_passphrase(ws, person_id, secret),
                self,
            )
            return done is not None
        return True
