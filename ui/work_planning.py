"""The Mingas page's planning tab: commissions, the coming weeks' shifts, and their tasks.

Double-clicking a row opens its form in edit mode (as the Edit… buttons do).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from codesign.people.validate import search_key
from codesign.work import queries
from codesign.work.queries import TaskRow
from i18n import N_
from i18n import gettext as _
from ui.context import AppContext
from ui.work_models import FMT, Column, ColumnsModel, CommissionsModel, ShiftsModel
from ui.work_tabs import Table

WEEKS_SHOWN = 9


def _when(task: TaskRow) -> dt.datetime:
    return task.starts_at or dt.datetime.combine(task.due or dt.date.max, dt.time())


class TasksModel(ColumnsModel):
    """Tasks: when (their shift's start, or the date they are due by), commission, text, people."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Date"), lambda t: FMT.date(_when(t).date()) if t.due or t.starts_at else "", _when),
        (
            N_("Time"),
            lambda t: f"{t.starts_at:%H:%M}" if t.starts_at else _("due by"),
            lambda t: t.starts_at.time() if t.starts_at else dt.time.max,
        ),
        (N_("Commission"), lambda t: t.commission, lambda t: search_key(t.commission)),
        (N_("Place"), lambda t: t.place, lambda t: search_key(t.place)),
        (N_("Task"), lambda t: t.description, lambda t: search_key(t.description)),
        (N_("People"), lambda t: ", ".join(t.people), lambda t: len(t.people)),
    )


class PlanningTab(QWidget):
    """Commissions, the shifts of the coming weeks with their places filled, and the tasks."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.commissions = Table(CommissionsModel(self), (0, 20, 9, 8, 0), self)
        self.shifts = Table(ShiftsModel(self), (11, 12, 0, 0, 14, 8, 8), self)
        self.tasks = Table(TasksModel(self), (11, 14, 16, 16, 0, 0), self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for table in (self.commissions, self.shifts, self.tasks):
            split.addWidget(table)
        self.actions_row = QHBoxLayout()
        self.actions_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.actions_row)
        layout.addWidget(split)

    def retranslate(self) -> None:
        self.commissions.search.setPlaceholderText(_("Search commissions…"))
        self.shifts.search.setPlaceholderText(_("Search shifts…"))
        self.tasks.search.setPlaceholderText(_("Search tasks…"))
        for table in (self.commissions, self.shifts, self.tasks):
            table.model.repaint()
            table.fit()

    def load(self) -> None:
        ws = self.context.ws
        if ws is None:
            for table in (self.commissions, self.shifts, self.tasks):
                table.model.set_records(())
            return
        today = dt.date.today()
        end = today + dt.timedelta(weeks=WEEKS_SHOWN)
        self.commissions.model.set_records(
            self.context.run(self, lambda: queries.commission_rows(ws)) or ()
        )
        self.shifts.model.set_records(
            self.context.run(self, lambda: queries.shift_rows(ws, today, end)) or ()
        )
        tasks: tuple[Any, ...] = (
            self.context.run(self, lambda: queries.task_rows(ws, today, end)) or ()
        )
        self.tasks.model.set_records(tasks)
