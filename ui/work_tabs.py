"""The Mingas page's tabs: roster, check-in and balances (planning in ``ui.work_planning``).

Each tab reads through the work services when told to ``load`` and keeps no
session; its table is a Qt model behind a sort-and-search proxy.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from codesign.work import attendance, balances, queries
from codesign.work.attendance import Mark
from codesign.work.roster import RosterResult
from i18n import gettext as _
from i18n import ngettext
from ui.context import AppContext
from ui.widgets import fit_columns, record_table
from ui.work_models import (
    BalancesModel,
    CheckInModel,
    ColumnsModel,
    ExplainModel,
    RosterModel,
    WordFilter,
)


class ActionBar(QToolBar):
    """A row of buttons that folds into a » menu when the window is narrow."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def button(self, act: Callable[[], object]) -> QAction:
        """A new button running ``act``; set its text on the returned action."""
        action = self.addAction("")
        action.triggered.connect(lambda _c=False: act())
        return action


def date_edit(parent: QWidget, day: dt.date) -> QDateEdit:
    """A date field with a calendar, in the reader's short date format."""
    from ui.people_models import qt_date_format

    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(qt_date_format())
    edit.setDate(qdate(day))
    return edit


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class Table(QWidget):
    """A search field over a sortable table of one model."""

    def __init__(self, model: ColumnsModel, widths: tuple[int, ...], parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = WordFilter(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.view: QTableView = record_table(self)
        self.view.setModel(self.proxy)
        # Rows come in the services' order (time, name) until the reader sorts a column.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.widths = widths
        self.count = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)

    def _count(self, *_args: object) -> None:
        shown = self.proxy.rowCount()
        self.count.setText(ngettext("{n} row", "{n} rows", shown).format(n=shown))

    def fit(self) -> None:
        """Columns sized for their texts and translated titles."""
        fit_columns(self.view, self.widths)

    def selected(self) -> Any:
        """The record of the selected row, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.source_record(rows[0].row()) if rows else None


class RosterTab(QWidget):
    """The roster of a span of dates, lock and remove, and the last plan's explanations."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        today = dt.date.today()
        self.start = date_edit(self, today - dt.timedelta(days=today.weekday()))
        self.end = date_edit(self, today + dt.timedelta(weeks=9))
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.load())
        self.roster = Table(RosterModel(self), (11, 12, 0, 0, 0, 12, 16), self)
        self.explain = Table(ExplainModel(self), (0, 10, 8, 8, 9, 24, 0), self)
        self.bar = ActionBar(self)
        self.change_button = self.bar.button(self.change_person)
        self.lock_button = self.bar.button(self.toggle_lock)
        self.remove_button = self.bar.button(self.remove)
        self.span_label, self.explain_title, self.unfilled = (
            QLabel(self),
            QLabel(self),
            QLabel(self),
        )
        self.unfilled.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.span_label, self.start, self.end):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.bar)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.explain_title)
        lower_layout.addWidget(self.unfilled)
        lower_layout.addWidget(self.explain, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.roster)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)

    def retranslate(self) -> None:
        self.span_label.setText(_("From – to:"))
        self.lock_button.setText(_("Lock / unlock"))
        self.lock_button.setToolTip(
            _("A locked assignment stays when the roster is planned again.")
        )
        self.remove_button.setText(_("Remove"))
        self.change_button.setText(_("Change person…"))
        self.change_button.setToolTip(_("Put someone else on this shift; a change by hand stays."))
        self.roster.search.setPlaceholderText(_("Search the roster…"))
        self.explain.search.setPlaceholderText(_("Search households…"))
        self.explain_title.setText(_("Why each household got its shifts (last plan)"))
        for table in (self.roster, self.explain):
            table.model.repaint()
            table.fit()

    def load(self) -> None:
        ws = self.context.ws
        rows: tuple[Any, ...] = ()
        if ws is not None:
            start, end = pydate(self.start.date()), pydate(self.end.date())
            rows = self.context.run(self, lambda: queries.roster_rows(ws, start, end)) or ()
        self.roster.model.set_records(rows)

    def show_plan(self, result: RosterResult) -> None:
        """Show a plan's household lines and its unfilled shifts."""
        self.explain.model.set_records(result.households)
        self.unfilled.setText(
            "\n".join(
                _("Not filled: {date} {commission}, {missing} missing — {reason}").format(
                    date=u.day.isoformat(),
                    commission=u.commission,
                    missing=u.missing,
                    reason=u.reason,
                )
                for u in result.unfilled[:8]
            )
        )

    def change_person(self, choice: str | None = None) -> None:
        """Give the selected assignment to another person (and their household)."""
        row, ws = self.roster.selected(), self.context.ws
        if row is None or ws is None:
            return
        people = self.context.run(self, lambda: queries.people_choices(ws)) or ()
        labels = [f"{name} — {household}" for _p, name, _h, household in people]
        if choice is None:
            choice, ok = QInputDialog.getItem(
                self, _("Change person"), _("Who works this shift?"), labels, 0, True
            )
            if not ok:
                return
        if choice not in labels:
            return
        person, _name, household, _hname = people[labels.index(choice)]
        self.context.push(
            _("Change assignment"),
            lambda ws: attendance.reassign(ws, row.id, household, person),
            self,
        )

    def toggle_lock(self) -> None:
        row = self.roster.selected()
        if row is not None:
            self.context.push(
                _("Lock assignment"),
                lambda ws: attendance.set_locked(ws, row.id, not row.locked),
                self,
            )

    def remove(self) -> None:
        row = self.roster.selected()
        if row is not None:
            self.context.push(
                _("Remove assignment"), lambda ws: attendance.unassign(ws, row.id), self
            )


class CheckInTab(QWidget):
    """Attendance on site: one day's list, search, and one click per mark."""

    STATUSES = ("present", "absent", "excused")

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.day = date_edit(self, dt.date.today())
        self.day.dateChanged.connect(lambda _d: self.load())
        self._day_chosen = False
        self.table = Table(CheckInModel(self), (12, 0, 0, 0, 20, 9, 9, 7), self)
        self.bar = ActionBar(self)
        self.actions_by_key: dict[str, QAction] = {}
        self.buttons: dict[str, QWidget] = {}  # the bar's button of each action (for clicks)
        row = QHBoxLayout()
        self.day_label = QLabel(self)
        row.addWidget(self.day_label)
        row.addWidget(self.day)
        row.addStretch(1)
        row.addWidget(self.bar)
        for key in (*self.STATUSES, "substitute", "in", "out"):
            action = self.bar.button(functools.partial(self.act, key))
            self.actions_by_key[key] = action
            self.buttons[key] = self.bar.widgetForAction(action)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        texts = {
            "present": _("Present"),
            "absent": _("Absent"),
            "excused": _("Excused"),
            "substitute": _("Substitute…"),
            "in": _("Check in now"),
            "out": _("Check out now"),
        }
        for key, text in texts.items():
            self.actions_by_key[key].setText(text)
        self.day_label.setText(_("Day:"))
        self.table.search.setPlaceholderText(_("Search by name, household or commission…"))
        self.table.model.repaint()
        self.table.fit()

    def load(self) -> None:
        ws = self.context.ws
        rows: tuple[Any, ...] = ()
        if ws is not None and not self._day_chosen:
            self._day_chosen = True  # open on the latest work day, then keep the reader's choice
            latest = self.context.run(self, lambda: queries.last_work_day(ws, dt.date.today()))
            if latest is not None and latest != pydate(self.day.date()):
                self.day.setDate(qdate(latest))  # reloads through dateChanged
                return
        if ws is not None:
            day = pydate(self.day.date())
            rows = self.context.run(self, lambda: queries.roster_rows(ws, day, day)) or ()
        selected = self.table.selected()
        self.table.model.set_records(rows)
        if selected is not None:
            source = self.table.model.row_of(selected.id)
            if source is not None:
                index = self.table.proxy.mapFromSource(self.table.model.index(source, 0))
                self.table.view.selectRow(index.row())

    def act(self, key: str) -> None:
        """Mark the selected assignment; a correction is just another mark."""
        row = self.table.selected()
        if row is None:
            return
        now = dt.datetime.now().replace(second=0, microsecond=0)
        check_in, check_out, status = row.check_in, row.check_out, row.status
        name = ""
        if key in self.STATUSES:
            status = key
        elif key == "substitute":
            name, ok = QInputDialog.getText(self, _("Substitute"), _("Who worked instead?"))
            if not ok or not name.strip():
                return
            status = "substitute"
        elif key == "in":
            status, check_in = "present", now
        else:
            status, check_out = "present", now
            check_in = check_in or row.starts_at
        mark = Mark(status, check_in, check_out, None, name)
        self.context.push(
            _("Take attendance"), lambda ws: attendance.mark_attendance(ws, row.id, mark), self
        )


PERIODS = ("all", "year", "month", "last_month")


def period_span(key: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The dates of a balances period choice."""
    if key == "year":
        return today.replace(month=1, day=1), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    return None, None


class BalancesTab(QWidget):
    """Hours owed, worked and the balance, with each household's state."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.period = QComboBox(self)
        self.period.currentIndexChanged.connect(lambda _i: self.load())
        self.table = Table(BalancesModel(self), (8, 0, 9, 9, 9, 9, 14), self)
        self.summary = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.period)
        row.addWidget(self.summary, 1)
        self.actions_row = row
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        current = max(0, self.period.currentIndex())
        self.period.blockSignals(True)
        self.period.clear()
        for key, text in zip(
            PERIODS,
            (_("Since the start"), _("This year"), _("This month"), _("Last month")),
            strict=True,
        ):
            self.period.addItem(text, key)
        self.period.setCurrentIndex(current)
        self.period.blockSignals(False)
        self.table.search.setPlaceholderText(_("Search households…"))
        self.table.model.repaint()
        self.table.fit()

    def load(self) -> None:
        ws = self.context.ws
        lines: tuple[Any, ...] = ()
        if ws is not None:
            start, end = period_span(str(self.period.currentData() or "all"), dt.date.today())
            lines = self.context.run(self, lambda: balances.balances(ws, start, end)) or ()
        self.table.model.set_records(lines)
        states = {s: sum(1 for b in lines if b.state == s) for s in ("ok", "alert", "suspended")}
        self.summary.setText(
            _("{ok} up to date · {alert} on alert · {suspended} suspended").format(**states)
        )
