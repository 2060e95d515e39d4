"""The Decisions page: assemblies, attendance and quorum, motions and votes, register, budgeting.

The committee runs the assembly from here, often with the projector view
open on a second screen; every change refreshes both. Minutes print as PDF
and the whole record exports as Popolo JSON or the register as CSV.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.cooperative import cooperative_info
from codesign.decisions.queries import list_assemblies
from codesign.errors import BadInput, MingaError
from codesign.journal.writer import WriteResult
from i18n import gettext as _
from ui.context import AppContext
from ui.decisions_assembly import AssemblyView
from ui.decisions_budget import BudgetTab
from ui.decisions_dialogs import AssemblyDialog
from ui.decisions_models import AssembliesModel
from ui.decisions_register import RegisterTab
from ui.errors import show_error
from ui.widgets import fit_columns, needs_text, record_table

ENTITIES = (
    "assembly",
    "assembly_attendance",
    "agenda_item",
    "motion",
    "vote_event",
    "vote",
    "decision",
    "follow_up_action",
    "household",
    "pb_round",
    "pb_option",
    "pb_ballot",
)


class _Relay(QObject):
    """Carries a result made off the UI thread back to it (a queued signal)."""

    done = Signal(object)  # the written Path, or a MingaError


class DecisionsPage(QWidget):
    """Assemblies with their view, the decision register and participatory budgeting."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.coop_locale = "es_EC"
        self.projector: QWidget | None = None
        self.busy = False
        self.last_output: Path | None = None
        self._relay = _Relay()
        self._relay.done.connect(self._finished)
        layout = QVBoxLayout(self)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction(self)
        self.new_action.triggered.connect(lambda _c=False: self.new_assembly())
        self.minutes_action = QAction(self)
        self.minutes_action.triggered.connect(lambda _c=False: self.print_minutes())
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda _c=False: self.export())
        self.projector_action = QAction(self)
        self.projector_action.triggered.connect(lambda _c=False: self.show_projector())
        for action in (
            self.new_action,
            self.minutes_action,
            self.export_action,
            self.projector_action,
        ):
            self.toolbar.addAction(action)
        self.status = QLabel(self)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        header = QHBoxLayout()
        header.addWidget(self.toolbar)
        header.addWidget(self.status, 1)
        layout.addLayout(header)
        self.tabs = QTabWidget(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self.tabs)
        self.assemblies_model = AssembliesModel(self)
        self.assemblies_view = record_table(splitter, sortable=False)
        self.assemblies_view.setModel(self.assemblies_model)
        self.assemblies_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._assembly_chosen()
        )
        self.assembly_view = AssemblyView(context, splitter)
        splitter.addWidget(self.assemblies_view)
        splitter.addWidget(self.assembly_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([420, 1000])
        self.register_tab = RegisterTab(context, self.tabs)
        self.budget_tab = BudgetTab(context, self.tabs)
        self.tabs.addTab(splitter, "")
        self.tabs.addTab(self.register_tab, "")
        self.tabs.addTab(self.budget_tab, "")
        layout.addWidget(self.tabs, 1)
        self._stale: set[RegisterTab | BudgetTab] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()

    def retranslate(self) -> None:
        """Every text in the current language (also on a language change)."""
        self.new_action.setText(_("Convene assembly…"))
        self.new_action.setToolTip(needs_text(Action.RUN_ASSEMBLIES))
        self.minutes_action.setText(_("Minutes PDF…"))
        self.minutes_action.setToolTip(_("Print the minutes of the chosen assembly."))
        self.export_action.setText(_("Export…"))
        self.export_action.setToolTip(
            _("Popolo JSON of every assembly, motion and vote, or the register as CSV.")
        )
        self.projector_action.setText(_("Projector view"))
        self.projector_action.setToolTip(
            _("A large, high-contrast window for the hall (F11: full screen).")
        )
        self.tabs.setTabText(0, _("Assemblies"))
        self._show_register_title()
        self.tabs.setTabText(2, _("Participatory budgeting"))
        self.assemblies_model.repaint()
        fit_columns(self.assemblies_view, (9, 0, 10, 6))
        self.assembly_view.retranslate()
        self.register_tab.retranslate()
        self.budget_tab.retranslate()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_search(self) -> None:
        """The Find shortcut: search households in attendance, or the register."""
        if self.tabs.currentIndex() == 1:
            self.register_tab.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.assembly_view.tabs.setCurrentIndex(0)
            self.assembly_view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_changed(self, result: WriteResult) -> None:
        if not result.touches(*ENTITIES):
            return
        if result.touches("assembly", "motion", "agenda_item"):
            self._load_assemblies()
        self.assembly_view.reload()
        if result.touches("decision", "follow_up_action", "vote_event"):
            self._mark_stale(self.register_tab)
            self._show_register_title()
        if result.touches("pb_round", "pb_option", "pb_ballot"):
            self._mark_stale(self.budget_tab)

    def _mark_stale(self, tab: RegisterTab | BudgetTab) -> None:
        """Read a tab now if it is shown, else when it is next shown (start-up stays quick)."""
        self._stale.add(tab)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        shown = self.tabs.widget(index)
        for tab in (self.register_tab, self.budget_tab):
            if tab is shown and tab in self._stale:
                self._stale.discard(tab)
                tab.reload()

    def refresh(self) -> None:
        """Read everything again (a file was opened or the sign-in changed)."""
        ws = self.context.ws
        if ws is not None:
            info = self.context.run(self, lambda: cooperative_info(ws))
            if info is not None:
                self.coop_locale = info.locale
                self.budget_tab.currency = info.currency
        for tab in (self.register_tab, self.budget_tab):
            tab.coop_locale = self.coop_locale
        self._load_assemblies()
        self._mark_stale(self.register_tab)
        self._show_register_title()

    def _show_register_title(self) -> None:
        """The register's tab says so when decision numbers are shared (after a sync)."""
        ws, shared = self.context.ws, 0
        if ws is not None:
            from codesign.decisions.numbering import count_shared_numbers

            shared = self.context.run(self, lambda: count_shared_numbers(ws)) or 0
        title = _("Decision register")
        self.tabs.setTabText(1, f"{title} ⚠" if shared else title)
        self.tabs.setTabToolTip(
            1, _("Some decision numbers are given twice: see the register.") if shared else ""
        )
        self._mark_stale(self.budget_tab)
        self.new_action.setEnabled(ws is not None)

    def _load_assemblies(self) -> None:
        ws = self.context.ws
        chosen = self.selected_assembly()
        records = (self.context.run(self, lambda: list_assemblies(ws)) or ()) if ws else ()
        self.assemblies_view.selectionModel().blockSignals(True)
        self.assemblies_model.set_records(records, self.coop_locale)
        row = self.assemblies_model.row_of(chosen) if chosen else -1
        if row < 0 and records:
            row = 0
        if row >= 0:
            self.assemblies_view.selectRow(row)
        self.assemblies_view.selectionModel().blockSignals(False)
        self._assembly_chosen()

    def selected_assembly(self) -> uuid.UUID | None:
        """The assembly chosen in the list."""
        rows = self.assemblies_view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.assemblies_model.rowCount():
            return None
        assembly: uuid.UUID = self.assemblies_model.record(rows[0].row()).id
        return assembly

    def select_assembly(self, assembly: uuid.UUID) -> None:
        """Choose an assembly in the list."""
        row = self.assemblies_model.row_of(assembly)
        if row >= 0:
            self.assemblies_view.selectRow(row)

    def _assembly_chosen(self) -> None:
        chosen = self.selected_assembly()
        if chosen != self.assembly_view.assembly:
            self.assembly_view.set_assembly(chosen, self.coop_locale)
        if self.projector is not None:
            from ui.projector import ProjectorWindow

            assert isinstance(self.projector, ProjectorWindow)
            self.projector.follow(chosen, self.coop_locale)

    def new_assembly(self) -> None:
        """Convene an assembly and show it."""
        if self.context.ws is None:
            return
        dialog = AssemblyDialog(self.context, self)
        if dialog.exec() and dialog.created is not None:
            self.select_assembly(dialog.created)

    def show_projector(self) -> QWidget:
        """Open (or raise) the projector window on the chosen assembly."""
        from ui.projector import ProjectorWindow

        if self.projector is None:
            self.projector = ProjectorWindow(self.context)
            self._place_on_other_screen(self.projector)
        assert isinstance(self.projector, ProjectorWindow)
        self.projector.follow(self.selected_assembly(), self.coop_locale)
        self.projector.show()
        self.projector.raise_()
        return self.projector

    def _in_background(self, label: str, work: Callable[[], Path]) -> None:
        """Run ``work`` off the UI thread (minutes and exports take seconds on big files)."""
        self.busy = True
        self.status.setText(label)
        for action in (self.minutes_action, self.export_action):
            action.setEnabled(False)
        relay = self._relay

        def run() -> None:
            try:
                relay.done.emit(work())
            except MingaError as error:
                relay.done.emit(error)
            except Exception as error:
                relay.done.emit(BadInput(str(error)))

        threading.Thread(target=run, name="minga-decisions-output", daemon=True).start()

    def _finished(self, outcome: object) -> None:
        self.busy = False
        for action in (self.minutes_action, self.export_action):
            action.setEnabled(True)
        if isinstance(outcome, MingaError):
            self.status.setText("")
            show_error(self, outcome)
        else:
            self.status.setText(_("Wrote {file}").format(file=outcome))
            self.last_output = Path(str(outcome))

    def _ask_path(self, title: str, default: str, filters: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / default), filters
        )
        return Path(name) if name else None

    def _place_on_other_screen(self, window: QWidget) -> None:
        """With a projector plugged in, open the view there (full screen) rather than here."""
        here = self.screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        if others:
            window.setGeometry(others[-1].availableGeometry())
            window.showFullScreen()

    def print_minutes(self, path: Path | None = None) -> Path | None:
        """Write the chosen assembly's minutes to a PDF (off the UI thread); return its path."""
        ws, chosen = self.context.ws, self.selected_assembly()
        if ws is None or chosen is None or self.busy:
            return None
        target = path or self._ask_path(_("Minutes PDF"), "acta.pdf", _("PDF files (*.pdf)"))
        if target is None:
            return None

        def work() -> Path:
            from codesign.reports.minutes import minutes_report

            return minutes_report(ws, target, assemblies=[chosen]).path

        self._in_background(_("Writing the minutes…"), work)
        return target

    def export(self, path: Path | None = None) -> Path | None:
        """Popolo JSON (.json) or the register (.csv), by the name chosen (off the UI thread)."""
        ws = self.context.ws
        if ws is None or self.busy:
            return None
        target = path or self._ask_path(
            _("Export decisions"),
            "decisiones.json",
            _("Popolo JSON (*.json);;Decision register CSV (*.csv)"),
        )
        if target is None:
            return None

        def work() -> Path:
            if target.suffix.lower() == ".csv":
                from codesign.decisions.exports import export_register_csv

                return export_register_csv(ws, target)[0]
            from codesign.decisions.popolo import export_popolo

            return export_popolo(ws, target).path

        self._in_background(_("Exporting the decisions…"), work)
        return target
