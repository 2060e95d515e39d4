"""The People page: households beside their people, search, roles and the people files.

The tables are views over the records the services return; the page asks
for fresh records only when a change touched people, households or roles.
Actions that need a role stay clickable for everyone: the service refuses
and the error box says to sign in, and the tooltip says who may do it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action, role_label
from codesign.cooperative import cooperative_info
from codesign.journal.writer import WriteResult
from codesign.people import service
from codesign.people.export import export_person
from codesign.people.queries import list_households, list_people
from codesign.people.records import HouseholdRecord, PersonRecord
from i18n import gettext as _
from i18n import ngettext
from models.tables import ROLE_NAMES
from ui.context import AppContext
from ui.people_dialogs import HouseholdDialog, PersonDialog, RolesDialog
from ui.people_models import (
    HouseholdsTableModel,
    PeopleFilter,
    PeopleTableModel,
    SortProxy,
    export_table_csv,
)
from ui.widgets import fit_columns, needs_text, record_table

ENTITIES = ("person", "household", "role_assignment")


class PeoplePage(QWidget):
    """Households and people of the open cooperative, with search and the people actions."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.households_model = HouseholdsTableModel(self)
        self.households_proxy = SortProxy(self)
        self.households_proxy.setSourceModel(self.households_model)
        self.people_model = PeopleTableModel(self)
        self.people_proxy = PeopleFilter(self)
        self.people_proxy.setSourceModel(self.people_model)
        self._active: QTableView | None = None
        self._build_filters()
        self._build_actions()
        self._build_tables()
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()

    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.search.textChanged.connect(self._filter_changed)
        self.role_filter = QComboBox(self)
        self.role_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.role_filter.currentIndexChanged.connect(self._filter_changed)
        self.count = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.role_filter)
        top.addStretch(1)
        top.addWidget(self.count)
        self.status = QLabel(self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)

    def _build_actions(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        for name, slot in (
            ("add_person", self.add_person),
            ("add_household", self.add_household),
            ("edit", self.edit_selected),
            ("remove", self.remove_selected),
            ("roles", self.edit_roles),
            ("", None),
            ("import", self.import_csv),
            ("export_person", self.export_person_data),
            ("export_table", self.export_table),
        ):
            if not name:
                self.toolbar.addSeparator()
                continue
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        self._layout.addWidget(self.toolbar)

    def _build_tables(self) -> None:
        self.households_view = record_table(self)
        self.households_view.setModel(self.households_proxy)
        self.households_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.people_view = record_table(self)
        self.people_view.setModel(self.people_proxy)
        self.people_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.all_households = QPushButton(self)
        self.all_households.setCheckable(True)
        self.all_households.clicked.connect(self.show_all_households)
        self.households_title = QLabel(self)
        self.people_title = QLabel(self)
        for view in (self.households_view, self.people_view):
            view.doubleClicked.connect(lambda _index, v=view: self._on(v, self.edit_selected))
            selection = view.selectionModel()
            selection.selectionChanged.connect(lambda *_args, v=view: self._selected_in(v))
            remove = QAction(view)
            remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            remove.triggered.connect(lambda _c=False, v=view: self._on(v, self.remove_selected))
            view.addAction(remove)
        # Both titles as tall as the button, so the two tables start level.
        self.people_title.setMinimumHeight(self.all_households.sizeHint().height())
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for title, button, view in (
            (self.households_title, self.all_households, self.households_view),
            (self.people_title, None, self.people_view),
        ):
            column = QWidget(self.splitter)
            column_layout = QGridLayout(column)
            column_layout.setContentsMargins(0, 0, 0, 0)
            column_layout.addWidget(title, 0, 0)
            if button is not None:
                column_layout.addWidget(button, 0, 1)
            column_layout.addWidget(view, 1, 0, 1, 2)
            column_layout.setColumnStretch(0, 1)
            self.splitter.addWidget(column)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 7)
        self._layout.addWidget(self.splitter, 1)
        self._layout.addWidget(self.status)
        self._size_columns()

    def _size_columns(self) -> None:
        """Short columns get what their text and title need; the text columns share the rest."""
        fit_columns(self.households_view, (0, 8, 9, 14))
        fit_columns(self.people_view, (0, 0, 20, 13, 0))

    def retranslate(self) -> None:
        """Set every text in the current language (also called when the language changes)."""
        self.search.setPlaceholderText(_("Search people…"))
        self.search.setToolTip(_("Name, household, phone or email; accents do not matter."))
        role = self.selected_role()
        self.role_filter.blockSignals(True)
        self.role_filter.clear()
        self.role_filter.addItem(_("All roles"), None)
        for name in ROLE_NAMES:
            self.role_filter.addItem(_(role_label(name)), name)
        self.role_filter.setCurrentIndex(max(0, self.role_filter.findData(role)))
        self.role_filter.blockSignals(False)
        edit = needs_text(Action.EDIT_PEOPLE)
        texts = {
            "add_person": (_("Add person…"), _("Add a person to a household.")),
            "add_household": (_("Add household…"), _("Add a household.")),
            "edit": (_("Edit…"), _("Edit the selected person or household.")),
            "remove": (_("Remove…"), _("Remove the selected person or household.")),
            "roles": (_("Roles…"), _("Roles and passphrase of the selected person.")),
            "import": (_("Import CSV…"), _("Add people from a spreadsheet saved as CSV.")),
            "export_person": (
                _("Export person's data…"),
                _("Everything held about the selected person, as a JSON file."),
            ),
            "export_table": (_("Export table…"), _("The rows shown, as a CSV file.")),
        }
        own = _("The person themselves, the committee or the secretary may do it.")
        for name, (text, tip) in texts.items():
            extra = {"export_person": own, "export_table": "", "import": edit}.get(name, edit)
            self.actions_by_name[name].setText(text)
            self.actions_by_name[name].setToolTip(f"{tip} {extra}".strip())
        self.all_households.setText(_("All households"))
        self.households_title.setText(_("Households"))
        self.households_model.retranslate()
        self.people_model.retranslate()
        self._update_labels()
        if hasattr(self, "splitter"):
            self._size_columns()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_search(self) -> None:
        """Put the cursor in the search field (the window's Find shortcut calls this)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_role(self) -> str | None:
        """The role the list is filtered to, if any."""
        data = self.role_filter.currentData()
        return data if isinstance(data, str) else None

    def _filter_changed(self) -> None:
        self.people_proxy.set_text(self.search.text())
        self.people_proxy.set_role(self.selected_role())
        self._update_labels()

    def _on_changed(self, result: WriteResult) -> None:
        if result.touches(*ENTITIES):
            self.refresh()

    def refresh(self) -> None:
        """Load fresh records, keeping the selected household and person where they still exist."""
        ws = self.context.ws
        people: tuple[PersonRecord, ...] = ()
        households: tuple[HouseholdRecord, ...] = ()
        if ws is not None:
            people = self.context.run(self, lambda: list_people(ws)) or ()
            households = self.context.run(self, lambda: list_households(ws)) or ()
        household, person = self.selected_household(), self.selected_person()
        self.households_model.set_records(households)
        self.people_model.set_records(people)
        self._select(self.households_view, household.id if household else None)
        self._select(self.people_view, person.id if person else None)
        self._household_selected()
        for action in self.actions_by_name.values():
            action.setEnabled(ws is not None)
        self._update_actions()

    def _select(self, view: QTableView, record_id: uuid.UUID | None) -> None:
        """Select the row of ``record_id`` in ``view`` (the household selection clears if gone)."""
        households = view is self.households_view
        source = self.households_model if households else self.people_model
        proxy = self.households_proxy if households else self.people_proxy
        row = source.row_of(record_id) if record_id is not None else None
        selection = view.selectionModel()
        if row is None:
            if households:
                selection.clearSelection()
            return
        index = proxy.mapFromSource(source.index(row, 0))
        if index.isValid() and not selection.isSelected(index):
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
            view.scrollTo(index)

    def selected_household(self) -> HouseholdRecord | None:
        """The household selected in the households table."""
        rows = self.households_view.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.households_proxy.mapToSource(rows[0])
        return self.households_model.record(source.row())

    def selected_person(self) -> PersonRecord | None:
        """The person selected in the people table."""
        rows = self.people_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.people_model.record(self.people_proxy.mapToSource(rows[0]).row())

    def _selected_in(self, view: QTableView) -> None:
        if view.selectionModel().hasSelection():
            self._active = view
        if view is self.households_view:
            self._household_selected()
        self._update_actions()

    def _household_selected(self) -> None:
        household = self.selected_household()
        self.people_proxy.set_household(household.id if household else None)
        self.all_households.setChecked(household is None)
        self._update_labels()

    def show_all_households(self) -> None:
        """Clear the household selection: people of every household are listed."""
        self.households_view.selectionModel().clearSelection()
        self._household_selected()

    def _update_labels(self) -> None:
        household = self.selected_household()
        self.people_title.setText(
            _("People of {household}").format(household=household.name)
            if household
            else _("People of all households")
        )
        shown, total = self.people_proxy.rowCount(), self.people_model.rowCount()
        self.count.setText(
            ngettext("{shown} of {total} person", "{shown} of {total} people", total).format(
                shown=shown, total=total
            )
        )

    def _update_actions(self) -> None:
        has_ws = self.context.ws is not None
        person = self.selected_person() is not None
        target = self._target() is not None
        self.actions_by_name["edit"].setEnabled(has_ws and target)
        self.actions_by_name["remove"].setEnabled(has_ws and target)
        self.actions_by_name["roles"].setEnabled(has_ws and person)
        self.actions_by_name["export_person"].setEnabled(has_ws and person)

    def _target(self) -> PersonRecord | HouseholdRecord | None:
        """What Edit and Remove act on: the selection in the table used last."""
        if self._active is self.households_view:
            return self.selected_household() or self.selected_person()
        return self.selected_person() or self.selected_household()

    def add_person(self) -> None:
        """Open the person dialog, in the selected household when there is one."""
        household = self.selected_household()
        dialog = PersonDialog(self.context, self.households_model.records(), None, self)
        if household is not None:
            dialog.household.setCurrentText(household.name)
        if dialog.exec() and dialog.added is not None:
            self._select(self.people_view, dialog.added)

    def add_household(self) -> None:
        """Open the household dialog; the new household is selected after saving."""
        dialog = HouseholdDialog(self.context, None, self)
        if dialog.exec() and dialog.added is not None:
            self._select(self.households_view, dialog.added)
            self._household_selected()

    def _on(self, view: QTableView, action: Callable[[], None]) -> None:
        """Run ``action`` on the selection of ``view`` (double-click, Delete key)."""
        self._active = view
        action()

    def edit_selected(self) -> None:
        """Edit the person or household selected last."""
        self._edit(self._target())

    def _edit(self, target: PersonRecord | HouseholdRecord | None) -> None:
        if isinstance(target, PersonRecord):
            PersonDialog(self.context, self.households_model.records(), target, self).exec()
        elif isinstance(target, HouseholdRecord):
            HouseholdDialog(self.context, target, self).exec()

    def edit_roles(self) -> None:
        """Change the selected person's roles or passphrase."""
        person = self.selected_person()
        if person is not None:
            RolesDialog(self.context, person, self).exec()

    def remove_selected(self) -> None:
        """Remove the person or household selected last, once confirmed (undo brings it back)."""
        target = self._target()
        if target is None:
            return
        if isinstance(target, PersonRecord):
            question = _("Remove {name}? Their roles end today.").format(name=target.name)
        else:
            question = _("Remove the household {name}?").format(name=target.name)
        undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        answer = QMessageBox.question(
            self,
            _("Remove"),
            question + "\n" + _("{undo} brings it back.").format(undo=undo_keys),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if isinstance(target, PersonRecord):
            person_id = target.id
            text = _("Remove {name}").format(name=target.name)
            self.context.push(text, lambda ws: service.remove_person(ws, person_id), self)
        else:
            household_id = target.id
            text = _("Remove the household {name}").format(name=target.name)
            self.context.push(text, lambda ws: service.remove_household(ws, household_id), self)

    def import_csv(self) -> None:
        """Choose a CSV file, check it and import its good rows."""
        from ui.csv_import_dialog import CsvImportDialog

        CsvImportDialog(self.context, self).exec()

    def export_person_data(self, path: Path | None = None) -> Path | None:
        """Save everything held about the selected person as JSON; the path written, or None."""
        person = self.selected_person()
        ws = self.context.ws
        if person is None or ws is None:
            return None
        out = path or self._ask_path(
            _("Export person's data"), f"{person.name}.json", _("JSON files (*.json)")
        )
        if out is None or self.context.run(self, lambda: export_person(ws, person.id, out)) is None:
            return None
        self.status.setText(_("Saved {path}").format(path=out))
        return out

    def export_table(self, path: Path | None = None) -> Path | None:
        """Save the rows the last used table shows as CSV (the cooperative's locale decides `;`)."""
        ws = self.context.ws
        if ws is None:
            return None
        proxy = self.households_proxy if self._active is self.households_view else self.people_proxy
        name = _("households") if proxy is self.households_proxy else _("people")
        out = path or self._ask_path(_("Export table"), f"{name}.csv", _("CSV files (*.csv)"))
        info = self.context.run(self, lambda: cooperative_info(ws)) if out else None
        if out is None or info is None:
            return None
        rows = self.context.run(self, lambda: export_table_csv(proxy, out, info.locale))
        if rows is None:
            return None
        self.status.setText(
            ngettext("Saved {n} row to {path}", "Saved {n} rows to {path}", rows).format(
                n=rows, path=out
            )
        )
        return out

    def _ask_path(self, title: str, name: str, kinds: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, name, kinds)
        return Path(chosen) if chosen else None
