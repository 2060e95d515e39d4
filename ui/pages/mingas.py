"""The Mingas page: roster, check-in on site, balances, commissions and shifts, charts.

Planning runs off the UI thread with progress and Cancel (``PlanRosterDialog``);
attendance marks and roster edits are undoable service calls; tables are Qt
models over the work services, sortable and searchable, exportable to CSV.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.cooperative import cooperative_info
from codesign.journal.writer import WriteResult
from i18n import gettext as _
from i18n import ngettext
from models.work_tables import WORK_TABLES
from ui.context import AppContext
from ui.widgets import needs_text
from ui.work_actions import BalanceActions, PlanningActions
from ui.work_charts import ChartsTab
from ui.work_dialogs import PlanRosterDialog
from ui.work_fines import FinesTab
from ui.work_models import Formats, set_formats
from ui.work_planning import PlanningTab
from ui.work_tabs import BalancesTab, CheckInTab, RosterTab, Table

ENTITIES = (*WORK_TABLES, "household", "person")
Tab = RosterTab | CheckInTab | BalancesTab | FinesTab | PlanningTab | ChartsTab


class MingasPage(QWidget):
    """The collective work of the open cooperative."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.formats = Formats()
        self.last_plan = None
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.plan_action = self.toolbar.addAction("")
        self.plan_action.triggered.connect(lambda _c=False: self.plan_roster())
        self.export_action = self.toolbar.addAction("")
        self.export_action.triggered.connect(lambda _c=False: self.export_roster())
        self.report_action = self.toolbar.addAction("")
        self.report_action.triggered.connect(lambda _c=False: self.work_report())
        self.table_action = self.toolbar.addAction("")
        self.table_action.triggered.connect(lambda _c=False: self.export_table())
        self.status = QLabel(self)
        self.tabs = QTabWidget(self)
        self.roster = RosterTab(context, self.tabs)
        self.checkin = CheckInTab(context, self.tabs)
        self.balances = BalancesTab(context, self.tabs)
        self.fines = FinesTab(context, self.tabs)
        self.planning = PlanningTab(context, self.tabs)
        self.charts = ChartsTab(context, self.tabs)
        for tab in self._tabs():
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.planning_actions = PlanningActions(context, self.planning)
        self.balance_actions = BalanceActions(context, self.balances, self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.plan_action.setText(_("Plan roster…"))
        self.plan_action.setToolTip(
            _("A fair roster for the coming weeks; locked and hand-made assignments stay.")
            + " "
            + needs_text(Action.PLAN_WORK)
        )
        self.export_action.setText(_("Export roster…"))
        self.export_action.setToolTip(
            _("Calendar (.ics) for phones, CSV, or a PDF with task cards.")
        )
        self.report_action.setText(_("Work report…"))
        self.table_action.setText(_("Export table…"))
        titles = (
            _("Roster"),
            _("Check-in"),
            _("Balances"),
            _("Fines"),
            _("Commissions and shifts"),
            _("Charts"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        for tab in (self.roster, self.checkin, self.balances, self.fines, self.planning):
            tab.retranslate()
        self.planning_actions.retranslate()
        self.balance_actions.retranslate()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_search(self) -> None:
        """The Find shortcut: search in the tab shown."""
        table = self._current_table()
        if table is not None:
            table.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            table.search.selectAll()

    def _current_table(self) -> Table | None:
        tab = self.tabs.currentWidget()
        for attribute in ("roster", "table", "commissions"):
            found = getattr(tab, attribute, None)
            if isinstance(found, Table):
                return found
        return None

    def _on_changed(self, result: WriteResult) -> None:
        if result.touches(*ENTITIES):
            self.refresh()

    def refresh(self) -> None:
        """Read everything again."""
        ws = self.context.ws
        if ws is not None:
            info = self.context.run(self, lambda: cooperative_info(ws))
            if info is not None:
                self.formats = Formats(info.locale)
                set_formats(self.formats)
        for tab in self._tabs():
            tab.load()
        for action in (self.plan_action, self.export_action, self.report_action):
            action.setEnabled(ws is not None)

    def _tabs(self) -> tuple[Tab, ...]:
        """The tabs in the order shown."""
        return (self.roster, self.checkin, self.balances, self.fines, self.planning, self.charts)

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.charts and self.charts.stale:
            self.charts.draw()

    def plan_dialog(self) -> PlanRosterDialog:
        """The planning dialog (not shown yet)."""
        dialog = PlanRosterDialog(self.context, self.formats.locale, self)
        dialog.planned.connect(self.roster.show_plan)
        return dialog

    def plan_roster(self) -> None:
        """Ask for the weeks and plan them, with progress and Cancel."""
        if self.context.ws is not None:
            self.tabs.setCurrentWidget(self.roster)
            self.plan_dialog().exec()

    def _ask(self, title: str, name: str, kinds: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, name, kinds)
        return Path(chosen) if chosen else None

    def export_roster(self, path: Path | None = None, scope: str | None = None) -> Path | None:
        """Write the roster shown (its dates) as .ics, .csv or .pdf, by the suffix.

        ``scope`` is the whole roster (None or ""), a commission's or a household's
        name; asked for when a file is chosen here.
        """
        from codesign.work.exports import export
        from ui.work_tabs import pydate

        ws = self.context.ws
        kinds = _("Calendar (*.ics);;CSV files (*.csv);;PDF files (*.pdf)")
        out = path or self._ask(_("Export roster"), _("roster") + ".ics", kinds)
        if ws is None or out is None:
            return None
        if out.suffix.lower() not in (".ics", ".csv", ".pdf"):
            out = out.with_suffix(".ics")
        choices = self._scopes()
        if scope is None and path is None:
            everything = _("Everyone")
            scope, ok = QInputDialog.getItem(
                self, _("Export roster"), _("For whom?"), [everything, *choices], 0, False
            )
            if not ok:
                return None
            scope = "" if scope == everything else scope
        household, commission = choices.get(scope or "", (None, None))
        start, end = pydate(self.roster.start.date()), pydate(self.roster.end.date())
        done = self.context.run(
            self,
            lambda: export(ws, out, start, end, household=household, commission=commission),
        )
        if done is None:
            return None
        self.status.setText(
            ngettext(
                "Saved {n} assignment to {path}", "Saved {n} assignments to {path}", done.rows
            ).format(n=done.rows, path=out)
        )
        return out

    def _scopes(self) -> dict[str, tuple[uuid.UUID | None, uuid.UUID | None]]:
        """Commissions, then households, by the name shown: (household, commission)."""
        scopes: dict[str, tuple[uuid.UUID | None, uuid.UUID | None]] = {}
        for row in self.planning.commissions.model.records():
            scopes[_("Commission: {name}").format(name=row.name)] = (None, row.id)
        for line in self.balances.table.model.records():
            scopes[_("Household: {name}").format(name=line.name)] = (line.household, None)
        return scopes

    def work_report(self, path: Path | None = None) -> Path | None:
        """Write this year's work report as a PDF."""
        import datetime as dt

        from codesign.work.report import work_report

        ws = self.context.ws
        out = path or self._ask(_("Work report"), _("work-report") + ".pdf", _("PDF files (*.pdf)"))
        if ws is None or out is None:
            return None
        year = str(dt.date.today().year)
        done = self.context.run(self, lambda: work_report(ws, out, period=year))
        if done is not None:
            self.status.setText(_("Saved {path}").format(path=out))
        return out if done else None

    def export_table(self, path: Path | None = None) -> Path | None:
        """Save the rows the current tab's table shows as CSV."""
        from ui.people_models import export_table_csv

        ws, table = self.context.ws, self._current_table()
        if ws is None or table is None:
            return None
        out = path or self._ask(_("Export table"), _("table") + ".csv", _("CSV files (*.csv)"))
        if out is None:
            return None
        rows = self.context.run(
            self, lambda: export_table_csv(table.proxy, out, self.formats.locale)
        )
        if rows is not None:
            self.status.setText(
                ngettext("Saved {n} row to {path}", "Saved {n} rows to {path}", rows).format(
                    n=rows, path=out
                )
            )
        return out
