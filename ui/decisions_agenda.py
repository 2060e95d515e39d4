"""The agenda of one assembly: add, edit, reorder and remove points, each an undoable command.

Undo calls the agenda services with the earlier values (the title before the
edit, the order before the move, the removed point restored), so it is
journaled and synced like the edit, and refused like it once the assembly is
closed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.decisions import agenda
from codesign.decisions.agenda import AgendaItemRecord
from codesign.errors import MingaError
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from ui.context import AppContext
from ui.decisions_dialogs import buttons
from ui.decisions_models import RecordModel
from ui.errors import show_error
from ui.undo import ContextCommand
from ui.widgets import fit_columns, needs_text, record_table

Step = Callable[[Workspace], WriteResult]


class AgendaCommand(ContextCommand):
    """One agenda change; undo and redo are other calls of the agenda services."""

    def __init__(
        self, context: AppContext, text: str, *, do: Step, undo: Step, redo: Step | None = None
    ) -> None:
        super().__init__(context, text)
        self._do, self._undo, self._redo = do, undo, redo or do
        self._pushed = False

    def first_run(self) -> WriteResult:
        """Make the change now (before it is pushed); a refusal propagates to the caller."""
        result = self._do(self._context.workspace())
        self._context.notify(result)
        return result

    def _step(self, step: Step) -> None:
        try:
            result = step(self._context.workspace())
        except MingaError as error:
            show_error(None, error)
            self.setObsolete(True)
            return
        self._context.notify(result)

    @override
    def redo(self) -> None:
        """Qt calls redo on push: the first time the change is already made."""
        if not self._pushed:
            self._pushed = True
            return
        self._step(self._redo)

    @override
    def undo(self) -> None:
        """Put the agenda back as it was before this change."""
        self._step(self._undo)


class AgendaModel(RecordModel):
    """The points of the agenda, numbered in order."""

    TITLES = (N_("No."), N_("Agenda item"), N_("Text"), N_("Motions"))
    RIGHT_ALIGNED = frozenset({0, 3})

    @override
    def cell(self, record: AgendaItemRecord, column: int) -> str:
        row = self._records.index(record) + 1
        first_line = record.notes.splitlines()[0] if record.notes else ""
        motions = self.number(record.motions) if record.motions else ""
        return (self.number(row), record.title, first_line, motions)[column]

    @override
    def data(self, index: QModelIndex | object, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the cell texts, and the whole text of a point as its tooltip."""
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and isinstance(index, QModelIndex)
            and index.isValid()
            and 0 <= index.row() < len(self._records)
        ):
            record: AgendaItemRecord = self._records[index.row()]
            return f"{record.title}\n\n{record.notes}" if record.notes else record.title
        return super().data(index, role)


class AgendaItemDialog(QDialog):
    """The title and text of one agenda point."""

    def __init__(self, parent: QWidget | None, title: str = "", notes: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Agenda item"))
        form = QFormLayout(self)
        self.title = QLineEdit(title, self)
        self.title.setMaxLength(agenda.TITLE_LENGTH)
        self.notes = QPlainTextEdit(notes, self)
        self.notes.setPlaceholderText(_("What the assembly will discuss (optional)"))
        form.addRow(_("Title"), self.title)
        form.addRow(_("Text"), self.notes)
        form.addRow(buttons(self))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def values(self) -> tuple[str, str]:
        """The title and the text as typed."""
        return self.title.text(), self.notes.toPlainText()


class AgendaPanel(QWidget):
    """The agenda list with Add, Edit, Up, Down and Remove."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.assembly: uuid.UUID | None = None
        self.closed = False
        self._keep: uuid.UUID | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        self.title = QLabel(self)
        heading.addWidget(self.title, 1)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(lambda _c=False: self.add_item())
        self.edit_button = QPushButton(self)
        self.edit_button.clicked.connect(lambda _c=False: self.edit_selected())
        self.up_button = QPushButton(self)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self)
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in self._buttons():
            heading.addWidget(button)
        column.addLayout(heading)
        self.model = AgendaModel(self)
        self.view = record_table(self, sortable=False, stretch_last=False)
        self.view.setModel(self.model)
        self.view.setMaximumHeight(self.fontMetrics().height() * 8)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        column.addWidget(self.view)
        for keys, slot in (
            (QKeySequence("Alt+Up"), lambda: self.move_selected(-1)),
            (QKeySequence("Alt+Down"), lambda: self.move_selected(1)),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected),
        ):
            shortcut = QShortcut(keys, self.view, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the list only
        self.retranslate()

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.add_button,
            self.edit_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        )

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.title.setText(_("Agenda"))
        self.add_button.setText(_("Add item…"))
        self.edit_button.setText(_("Edit…"))
        self.up_button.setText(_("Up"))
        self.up_button.setToolTip(_("Move the selected item up (Alt+Up)."))
        self.down_button.setText(_("Down"))
        self.down_button.setToolTip(_("Move the selected item down (Alt+Down)."))
        self.remove_button.setText(_("Remove"))
        self.model.repaint()
        fit_columns(self.view, (4, 0, 0, 8))
        self._update_buttons()

    def set_items(
        self,
        assembly: uuid.UUID | None,
        items: Sequence[AgendaItemRecord],
        *,
        closed: bool,
        locale: str,
    ) -> None:
        """Show the agenda of ``assembly``; a closed assembly's agenda is read only."""
        chosen = self._keep or self.selected_id()
        self._keep = None
        self.assembly, self.closed = assembly, closed
        self.model.set_records(items, locale)
        row = self.model.row_of(chosen) if chosen is not None else -1
        if row >= 0:
            self.view.selectRow(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        editable = self.assembly is not None and not self.closed
        row = self.model.row_of(chosen.id) if chosen else -1
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and chosen is not None)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.model.rowCount() - 1)
        # A point with motions stays: pressing Remove says so (the service refuses).
        self.remove_button.setEnabled(editable and chosen is not None)
        if self.closed:
            tip = _("The assembly is closed: its minutes are final and the agenda stays as it is.")
        else:
            tip = needs_text(Action.RUN_ASSEMBLIES)
        for button in (self.add_button, self.edit_button):
            button.setToolTip(tip)
        if chosen is not None and chosen.motions and not self.closed:
            self.remove_button.setToolTip(_("An item with motions stays on the agenda."))
        else:
            self.remove_button.setToolTip(tip)

    def selected(self) -> AgendaItemRecord | None:
        """The point selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.model.rowCount():
            return None
        record: AgendaItemRecord = self.model.record(rows[0].row())
        return record

    def selected_id(self) -> uuid.UUID | None:
        """The id of the selected point."""
        chosen = self.selected()
        return chosen.id if chosen else None

    def _push(self, command: AgendaCommand) -> bool:
        result = self.context.run(self, command.first_run)
        if result is None:
            return False
        self.context.undo_stack.push(command)
        return True

    def add_item(self, title: str | None = None, notes: str = "") -> None:
        """Add a point at the end (asks for its title and text when ``title`` is None)."""
        assembly = self.assembly
        if assembly is None or self.context.ws is None:
            return
        if title is None:
            dialog = AgendaItemDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            title, notes = dialog.values()
        added: list[uuid.UUID] = []
        text, body = title, notes

        def add(ws: Workspace) -> WriteResult:
            result, item = agenda.add_agenda_item(ws, assembly, text, body)
            added.append(item)
            self._keep = item
            return result

        self._push(
            AgendaCommand(
                self.context,
                _("Add an agenda item"),
                do=add,
                undo=lambda ws: agenda.remove_agenda_item(ws, added[0]),
                redo=lambda ws: agenda.restore_agenda_item(ws, added[0]),
            )
        )

    def edit_selected(self, title: str | None = None, notes: str | None = None) -> None:
        """Give the selected point a new title and text (asked for when ``title`` is None)."""
        chosen = self.selected()
        if chosen is None or self.closed:
            return
        if title is None:
            dialog = AgendaItemDialog(self, chosen.title, chosen.notes)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            title, notes = dialog.values()
        new_title, new_notes = title, chosen.notes if notes is None else notes
        if (new_title.strip(), new_notes.strip()) == (chosen.title, chosen.notes):
            return
        item = chosen.id
        self._push(
            AgendaCommand(
                self.context,
                _("Edit an agenda item"),
                do=lambda ws: agenda.edit_agenda_item(ws, item, title=new_title, notes=new_notes),
                undo=lambda ws: agenda.edit_agenda_item(
                    ws, item, title=chosen.title, notes=chosen.notes
                ),
            )
        )

    def move_selected(self, offset: int) -> None:
        """Move the selected point ``offset`` places (−1 up, +1 down)."""
        chosen, assembly = self.selected(), self.assembly
        if chosen is None or assembly is None or self.closed:
            return
        before = [record.id for record in self.model.records()]
        row = before.index(chosen.id)
        target = row + offset
        if not 0 <= target < len(before):
            return
        after = list(before)
        after.insert(target, after.pop(row))

        def reorder(order: list[uuid.UUID]) -> Step:
            def step(ws: Workspace) -> WriteResult:
                self._keep = chosen.id
                return agenda.reorder_agenda(ws, assembly, order)

            return step

        self._push(
            AgendaCommand(
                self.context,
                _("Move “{title}”").format(title=chosen.title),
                do=reorder(after),
                undo=reorder(before),
            )
        )

    def remove_selected(self) -> None:
        """Take the selected point off the agenda (refused when it has motions)."""
        chosen = self.selected()
        if chosen is None or self.closed:
            return
        item = chosen.id
        self._push(
            AgendaCommand(
                self.context,
                _("Remove “{title}”").format(title=chosen.title),
                do=lambda ws: agenda.remove_agenda_item(ws, item),
                undo=lambda ws: agenda.restore_agenda_item(ws, item),
            )
        )
