"""One assembly: the live quorum, attendance with a fast search, proxies, agenda, motions, the vote.

Attendance is taken by selecting a household (type to find it) and pressing
Present, Gone, Absent or Proxy…; the quorum line changes at once.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from codesign.auth import Action
from codesign.decisions import assemblies, register
from codesign.decisions.queries import AssemblyDetail, MotionRecord, assembly_detail
from codesign.people.queries import list_people
from i18n import gettext as _
from i18n.formatting import format_date, format_number
from ui.context import AppContext
from ui.decisions_agenda import AgendaPanel
from ui.decisions_dialogs import MotionDialog
from ui.decisions_models import AttendanceModel, MotionsModel, SearchProxy, bold, source_row
from ui.decisions_vote import VotePanel
from ui.widgets import fit_columns, needs_text, record_table


class AssemblyView(QWidget):
    """The assembly chosen in the list, with its attendance, motions and vote panel."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.assembly: uuid.UUID | None = None
        self.detail: AssemblyDetail | None = None
        self.coop_locale = "es_EC"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setFont(bold(self.font()))
        self.heading.setWordWrap(True)
        self.quorum = QLabel(self)
        self.quorum.setObjectName("quorum")
        font = bold(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.quorum.setFont(font)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        self.open1 = QPushButton(self)
        self.open1.clicked.connect(lambda: self._open(1))
        self.open2 = QPushButton(self)
        self.open2.clicked.connect(lambda: self._open(2))
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self._close)
        for button in (self.open1, self.open2, self.close_button):
            header.addWidget(button)
        layout.addLayout(header)
        layout.addWidget(self.quorum)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._attendance_tab(), "")
        self.tabs.addTab(self._motions_tab(), "")
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def _attendance_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.search = QLineEdit(tab)
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 1)
        self.present_button = QPushButton(tab)
        self.present_button.clicked.connect(lambda: self._mark("present"))
        self.left_button = QPushButton(tab)
        self.left_button.clicked.connect(self._mark_left)
        self.absent_button = QPushButton(tab)
        self.absent_button.clicked.connect(lambda: self._mark("absent"))
        self.proxy_button = QPushButton(tab)
        self.proxy_button.clicked.connect(self._mark_proxy)
        for button in (
            self.present_button,
            self.left_button,
            self.absent_button,
            self.proxy_button,
        ):
            row.addWidget(button)
        column.addLayout(row)
        self.attendance_model = AttendanceModel(self)
        self.attendance_proxy = SearchProxy(self)
        self.attendance_proxy.setSourceModel(self.attendance_model)
        self.search.textChanged.connect(self.attendance_proxy.setFilterFixedString)
        self.search.returnPressed.connect(lambda: self._mark("present"))
        self.attendance_view = record_table(tab)
        self.attendance_view.setModel(self.attendance_proxy)
        self.attendance_view.doubleClicked.connect(lambda _i: self._mark("present"))
        column.addWidget(self.attendance_view, 1)
        QShortcut(QKeySequence("Ctrl+Return"), tab, lambda: self._mark("present"))
        return tab

    def _motions_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(splitter)
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        self.agenda = AgendaPanel(self.context, top)
        column.addWidget(self.agenda)
        row = QHBoxLayout()
        self.motions_title = QLabel(top)
        self.new_motion = QPushButton(top)
        self.new_motion.clicked.connect(self.add_motion)
        self.record_decision = QPushButton(top)
        self.record_decision.clicked.connect(self.decide)
        row.addWidget(self.motions_title, 1)
        row.addWidget(self.new_motion)
        row.addWidget(self.record_decision)
        column.addLayout(row)
        self.motions_model = MotionsModel(self)
        self.motions_view = record_table(top, sortable=False)
        self.motions_view.setModel(self.motions_model)
        self.motions_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._motion_chosen()
        )
        column.addWidget(self.motions_view, 1)
        self.vote_panel = VotePanel(self.context, splitter)
        splitter.addWidget(top)
        splitter.addWidget(self.vote_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 450])
        return splitter

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.open1.setText(_("Open on first call"))
        self.open2.setText(_("Open on second call"))
        self.close_button.setText(_("Close assembly"))
        for button in (self.open1, self.open2, self.close_button):
            button.setToolTip(needs_text(Action.RUN_ASSEMBLIES))
        self.tabs.setTabText(0, _("Attendance"))
        self.tabs.setTabText(1, _("Agenda, motions and votes"))
        self.search.setPlaceholderText(_("Find a household by name or unit…"))
        self.present_button.setText(_("Present"))
        self.present_button.setToolTip(
            _("Mark the selected household present (Enter or Ctrl+Enter).")
        )
        self.left_button.setText(_("Gone"))
        self.left_button.setToolTip(_("The household left early: the quorum loses it."))
        self.absent_button.setText(_("Absent"))
        self.proxy_button.setText(_("Proxy…"))
        self.proxy_button.setToolTip(_("Another household present holds this household's proxy."))
        self.agenda.retranslate()
        self.motions_title.setText(_("Motions"))
        self.new_motion.setText(_("New motion…"))
        self.record_decision.setText(_("Record decision"))
        self.record_decision.setToolTip(_("Enter the voted motion in the decision register."))
        self.attendance_model.repaint()
        self.motions_model.repaint()
        fit_columns(self.attendance_view, (0, 8, 14, 24, 8, 8))
        fit_columns(self.motions_view, (4, 0, 20, 14, 6, 6, 6, 10))
        self.vote_panel.retranslate()
        self.show_detail()

    def set_assembly(self, assembly: uuid.UUID | None, locale: str) -> None:
        """Show ``assembly`` (None: nothing chosen)."""
        self.assembly = assembly
        self.coop_locale = locale
        self.vote_panel.coop_locale = locale
        self.reload()

    def reload(self) -> None:
        """Read the assembly again (after any change to decisions)."""
        ws, assembly = self.context.ws, self.assembly
        self.detail = None
        if ws is not None and assembly is not None:
            self.detail = self.context.run(self, lambda: assembly_detail(ws, assembly))
        self.show_detail()

    def show_detail(self) -> None:
        """Fill the heading, quorum line, lists and the vote panel from ``detail``."""
        d = self.detail
        selected = self.selected_motion()
        chosen_household = self._selected_household()
        if d is None:
            self.heading.setText(_("Choose an assembly in the list, or convene a new one."))
            self.quorum.setText("")
            self.attendance_model.set_records((), self.coop_locale)
            self.motions_model.set_records((), self.coop_locale)
            self.agenda.set_items(None, (), closed=True, locale=self.coop_locale)
            self.vote_panel.set_motion(None, ())
            return
        a = d.assembly
        self.heading.setText(
            f"{a.title or _('Assembly')} — {format_date(a.held_on, self.coop_locale, 'long')}"
            + (f" · {a.place}" if a.place else "")
        )
        self.quorum.setText(quorum_text(d, self.coop_locale))
        self.quorum.setStyleSheet("color: #3b8a4a;" if d.quorum.met else "color: #c0504d;")
        self.open1.setEnabled(a.status == "planned")
        self.open2.setEnabled(a.status == "planned")
        self.close_button.setEnabled(a.status == "open")
        self.attendance_model.set_records(d.attendance, self.coop_locale)
        self.motions_model.set_records(d.motions, self.coop_locale)
        self.agenda.set_items(
            a.id, d.agenda_items, closed=a.status == "closed", locale=self.coop_locale
        )
        if chosen_household is not None:
            self._select_household(chosen_household)
        row = self.motions_model.row_of(selected.id) if selected else -1
        if row < 0 and d.motions:
            row = len(d.motions) - 1
        if row >= 0:
            self.motions_view.selectRow(row)
        self._motion_chosen()

    def selected_motion(self) -> MotionRecord | None:
        """The motion selected in the list."""
        rows = self.motions_view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.motions_model.rowCount():
            return None
        record: MotionRecord = self.motions_model.record(rows[0].row())
        return record

    def _motion_chosen(self) -> None:
        motion = self.selected_motion()
        self.vote_panel.set_motion(motion, self.detail.attendance if self.detail else ())

    def _selected_household(self) -> uuid.UUID | None:
        rows = self.attendance_view.selectionModel().selectedRows()
        if not rows:
            return None
        row = source_row(self.attendance_proxy, rows[0])
        if row >= self.attendance_model.rowCount():
            return None
        household: uuid.UUID = self.attendance_model.record(row).household
        return household

    def _select_household(self, household: uuid.UUID) -> None:
        row = self.attendance_model.row_of(household)
        if row >= 0:
            index = self.attendance_proxy.mapFromSource(self.attendance_model.index(row, 0))
            if index.isValid():
                self.attendance_view.selectRow(index.row())

    def select_household(self, household: uuid.UUID) -> None:
        """Select a household in the attendance list (tests and the search use it)."""
        self._select_household(household)

    def _target(self) -> uuid.UUID | None:
        household = self._selected_household()
        if household is None and self.attendance_proxy.rowCount() == 1:
            row = source_row(self.attendance_proxy, self.attendance_proxy.index(0, 0))
            household = self.attendance_model.record(row).household
        return household

    def _notify(self, outcome: object) -> None:
        if outcome is not None:
            result = outcome.write if hasattr(outcome, "write") else outcome  # AttendanceResult
            self.context.notify(result)  # type: ignore[arg-type]

    def _mark(self, status: str) -> None:
        ws, assembly, household = self.context.ws, self.assembly, self._target()
        if ws is None or assembly is None or household is None:
            return
        self._notify(
            self.context.run(
                self, lambda: assemblies.set_attendance(ws, assembly, household, status)
            )
        )
        if status == "present" and self.search.text():
            self.search.clear()
            self.search.setFocus()

    def _mark_left(self) -> None:
        ws, assembly, household = self.context.ws, self.assembly, self._target()
        if ws is None or assembly is None or household is None:
            return
        self._notify(self.context.run(self, lambda: assemblies.mark_left(ws, assembly, household)))

    def _mark_proxy(self) -> None:
        ws, assembly, household, d = self.context.ws, self.assembly, self._target(), self.detail
        if ws is None or assembly is None or household is None or d is None:
            return
        holders = [r for r in d.attendance if r.in_room and r.household != household]
        if not holders:
            return
        name, ok = QInputDialog.getItem(
            self, _("Proxy"), _("Household holding the proxy:"), [r.name for r in holders], 0, False
        )
        if not ok:
            return
        holder = next(r.household for r in holders if r.name == name)
        self._notify(
            self.context.run(
                self,
                lambda: assemblies.set_attendance(
                    ws, assembly, household, "proxy", proxy_holder=holder
                ),
            )
        )

    def _open(self, call: int) -> None:
        ws, assembly = self.context.ws, self.assembly
        if ws is not None and assembly is not None:
            self._notify(
                self.context.run(self, lambda: assemblies.open_assembly(ws, assembly, call))
            )

    def _close(self) -> None:
        ws, assembly = self.context.ws, self.assembly
        if ws is not None and assembly is not None:
            self._notify(self.context.run(self, lambda: assemblies.close_assembly(ws, assembly)))

    def add_agenda_item(self, title: str | None = None) -> None:
        """Add a point at the end of the agenda (asks for it when ``title`` is None)."""
        self.agenda.add_item(title)

    def add_motion(self) -> None:
        """Ask for a motion and put it before the assembly."""
        ws, assembly, d = self.context.ws, self.assembly, self.detail
        if ws is None or assembly is None or d is None:
            return
        people = [(p.id, p.name) for p in self.context.run(self, lambda: list_people(ws)) or ()]
        motions = [(m.id, f"{m.number}. {m.text[:60]}") for m in d.motions]
        MotionDialog(self.context, assembly, people, motions, self).exec()

    def decide(self) -> None:
        """Enter the selected, voted motion in the register."""
        ws, motion, d = self.context.ws, self.selected_motion(), self.detail
        if ws is None or motion is None or d is None:
            return
        day = d.assembly.held_on
        outcome = self.context.run(
            self,
            lambda: register.record_decision(
                ws, text=motion.text, decided_on=day, motion=motion.id
            ),
        )
        if outcome is not None:
            self.context.notify(outcome[0])


def quorum_text(d: AssemblyDetail, locale: str) -> str:
    """ "Quorum reached: 312 of 301 needed (290 present, 22 by proxy) — first call"."""
    q = d.quorum

    def n(value: int) -> str:
        return format_number(value, locale)

    state = _("Quorum reached") if q.met else _("No quorum")
    call = _("first call") if q.call == 1 else _("second call")
    return _(
        "{state}: {represented} of {needed} needed ({present} present, {proxies} by proxy) — {call}"
    ).format(
        state=state,
        represented=n(q.represented),
        needed=n(q.needed),
        present=n(q.in_room),
        proxies=n(q.by_proxy),
        call=call,
    )
