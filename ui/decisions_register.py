"""The decision register tab: search, follow-ups, overdue ones in red, shared numbers flagged."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from codesign.decisions import register
from codesign.decisions.numbering import SharedNumber, give_next_number, shared_numbers
from codesign.people.queries import list_people
from i18n import gettext as _
from i18n import ngettext
from ui.context import AppContext
from ui.decisions_dialogs import FollowUpDialog
from ui.decisions_models import SHARED, DecisionsModel, FollowUpsModel
from ui.widgets import fit_columns, record_table, search_timer


class RegisterTab(QWidget):
    """Numbered resolutions, newest first; the follow-ups of the chosen one (or all overdue)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.coop_locale = "es_EC"
        layout = QVBoxLayout(self)
        layout.addLayout(self._search_row())
        self.shared_banner = QLabel(self)
        self.shared_banner.setObjectName("shared_numbers")
        self.shared_banner.setWordWrap(True)
        self.shared_banner.setStyleSheet(f"color: {SHARED.name()}; font-weight: bold;")
        self.shared_banner.hide()
        layout.addWidget(self.shared_banner)
        self.shared: tuple[SharedNumber, ...] = ()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = DecisionsModel(self)
        self.view = record_table(splitter, sortable=False)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.reload_follow_ups())
        lower = QWidget(splitter)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        self.follow_title = QLabel(lower)
        self.add_follow = QPushButton(lower)
        self.add_follow.clicked.connect(self.new_follow_up)
        self.done_button = QPushButton(lower)
        self.done_button.clicked.connect(lambda: self.set_status("done"))
        actions.addWidget(self.follow_title, 1)
        actions.addWidget(self.add_follow)
        actions.addWidget(self.done_button)
        column.addLayout(actions)
        self.follow_model = FollowUpsModel(self)
        self.follow_view = record_table(lower, sortable=False)
        self.follow_view.setModel(self.follow_model)
        column.addWidget(self.follow_view, 1)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def _search_row(self) -> QHBoxLayout:
        """The search, the overdue switch, the count and Give next number."""
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.timer = search_timer(self, self.reload)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.overdue_only = QCheckBox(self)
        self.overdue_only.toggled.connect(lambda _c: self.reload_follow_ups())
        self.count = QLabel(self)
        row.addWidget(self.search, 2)
        row.addWidget(self.overdue_only)
        row.addStretch(1)
        row.addWidget(self.count)
        self.renumber_button = QPushButton(self)
        self.renumber_button.clicked.connect(lambda _c=False: self.give_next_number())
        row.addWidget(self.renumber_button)
        return row

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.search.setPlaceholderText(_("Search decisions by text or number…"))
        self.overdue_only.setText(_("All overdue actions"))
        self.follow_title.setText(_("Follow-up actions"))
        self.add_follow.setText(_("New follow-up…"))
        self.done_button.setText(_("Mark done"))
        self.renumber_button.setText(_("Give next number"))
        self.renumber_button.setToolTip(
            _(
                "Two laptops gave the selected decision's number to two decisions: give this one"
                " the next free number (the other keeps its own)."
            )
        )
        self._show_shared()
        self.model.repaint()
        self.follow_model.repaint()
        fit_columns(self.view, (5, 10, 0, 10, 10, 8))
        fit_columns(self.follow_view, (5, 0, 24, 10, 10))

    def reload(self) -> None:
        """Search the register again."""
        ws = self.context.ws
        records: tuple[register.DecisionRecord, ...] = ()
        if ws is not None:
            text = self.search.text()
            records = self.context.run(self, lambda: register.search_decisions(ws, text)) or ()
        selected = self.selected()
        self.shared = ()
        if ws is not None:
            self.shared = self.context.run(self, lambda: shared_numbers(ws)) or ()
        self._show_shared()
        self.model.set_records(records, self.coop_locale)
        self.count.setText(
            ngettext("{n} decision", "{n} decisions", len(records)).format(n=len(records))
        )
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.view.selectRow(row)
        self.reload_follow_ups()

    def selected(self) -> uuid.UUID | None:
        """The decision chosen in the list."""
        record = self.selected_record()
        return record.id if record else None

    def selected_record(self) -> register.DecisionRecord | None:
        """The decision chosen in the list, as listed."""
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.model.rowCount():
            return None
        record: register.DecisionRecord = self.model.record(rows[0].row())
        return record

    def _show_shared(self) -> None:
        """The banner naming the shared numbers, with who recorded each decision and where."""
        chosen = self.selected_record()
        self.renumber_button.setEnabled(chosen is not None and chosen.shared_number)
        self.shared_banner.setVisible(bool(self.shared))
        if not self.shared:
            return
        numbers = ", ".join(str(s.number) for s in self.shared)
        self.shared_banner.setText(
            ngettext(
                "Number {numbers} is given to more than one decision (laptops that recorded"
                " decisions before syncing). Select one and press Give next number.",
                "Numbers {numbers} are each given to more than one decision (laptops that"
                " recorded decisions before syncing). Select one and press Give next number.",
                len(self.shared),
            ).format(numbers=numbers)
        )
        lines = [
            _("{number}: “{text}”, recorded on {laptop} by {person}").format(
                number=entry.number,
                text=entry.text[:60],
                laptop=entry.laptop or _("an unnamed laptop"),
                person=entry.recorded_by or _("nobody signed in"),
            )
            for shared in self.shared
            for entry in shared.decisions
        ]
        self.shared_banner.setToolTip("\n".join(lines))

    def give_next_number(self) -> None:
        """Give the selected decision, whose number another shares, the next free number."""
        chosen = self.selected_record()
        if chosen is None or not chosen.shared_number or self.context.ws is None:
            return
        decision = chosen.id
        self.context.push(
            _("Give decision {number} the next free number").format(number=chosen.number),
            lambda ws: give_next_number(ws, decision)[0],
            self,
        )

    def reload_follow_ups(self) -> None:
        """Follow-ups of the chosen decision, or every overdue one."""
        chosen_record = self.selected_record()
        self.renumber_button.setEnabled(chosen_record is not None and chosen_record.shared_number)
        ws = self.context.ws
        records: tuple[register.FollowUpRecord, ...] = ()
        self.follow_model.today = dt.date.today()
        if ws is not None:
            if self.overdue_only.isChecked():
                today = dt.date.today()
                records = (
                    self.context.run(self, lambda: register.follow_ups(ws, overdue_on=today)) or ()
                )
            elif (chosen := self.selected()) is not None:
                records = (
                    self.context.run(self, lambda: register.follow_ups(ws, decision=chosen)) or ()
                )
        self.follow_model.set_records(records, self.coop_locale)

    def new_follow_up(self) -> None:
        """Ask for a follow-up action of the chosen decision."""
        ws, decision = self.context.ws, self.selected()
        if ws is None or decision is None:
            return
        people = [(p.id, p.name) for p in self.context.run(self, lambda: list_people(ws)) or ()]
        FollowUpDialog(self.context, decision, people, self).exec()

    def set_status(self, status: str) -> None:
        """Mark the chosen follow-up action ``status``."""
        ws = self.context.ws
        rows = self.follow_view.selectionModel().selectedRows()
        if ws is None or not rows:
            return
        action = self.follow_model.record(rows[0].row()).id
        result = self.context.run(self, lambda: register.set_follow_up_status(ws, action, status))
        if result is not None:
            self.context.notify(result)
