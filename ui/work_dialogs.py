"""Planning the roster off the UI thread, with progress and Cancel.

The service runs in a worker thread; a relay object carries its progress
and its result back to the UI thread as queued signals, and Cancel sets the
event the solver checks, so the window never freezes.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.errors import MingaError
from codesign.work.roster import RosterResult, plan_roster
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import format_decimal
from ui.context import AppContext
from ui.errors import show_error


class _Relay(QObject):
    """Signals from the planning thread, delivered on the UI thread."""

    progress = Signal(float, int, int)  # seconds, best largest deviation, bound (minutes)
    done = Signal(object)  # RosterResult or MingaError


def next_monday(today: dt.date | None = None) -> dt.date:
    """The Monday after ``today`` (planning starts on a fresh week)."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday())


class PlanRosterDialog(QDialog):
    """Choose the weeks, plan, watch the solver improve the roster, cancel at will."""

    planned = Signal(object)  # RosterResult

    def __init__(self, context: AppContext, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.number_locale = locale
        self.outcome: RosterResult | None = None
        self.cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._planning = False
        self._began = 0.0
        self._relay = _Relay()
        self._relay.progress.connect(self._progressed)
        self._relay.done.connect(self._finished)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self.setWindowTitle(_("Plan roster"))
        from ui.work_tabs import date_edit

        self.start = date_edit(self, next_monday())
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 52)
        self.weeks.setValue(8)
        self.limit = QDoubleSpinBox(self)
        self.limit.setRange(0.5, 300)
        self.limit.setValue(10)
        self.limit.setSuffix(" s")
        form = QFormLayout()
        form.addRow(_("From"), self.start)
        form.addRow(_("Weeks"), self.weeks)
        form.addRow(_("Time to improve it"), self.limit)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.status = QLabel(_("Locked and hand-made assignments are kept."), self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.plan_button = QPushButton(_("Plan"), self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.buttons.addButton(self.plan_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.plan_button.clicked.connect(self.start_planning)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def running(self) -> bool:
        """Whether a plan is being made now: its thread runs and its answer has not arrived.

        The answer can arrive a moment before the thread ends; Plan pressed
        again then must not be ignored.
        """
        return self._planning and self._thread is not None and self._thread.is_alive()

    def start_planning(self) -> None:
        """Start the planning thread."""
        ws = self.context.ws
        if ws is None or self.running():
            return
        day = self.start.date()
        start = dt.date(day.year(), day.month(), day.day())
        weeks, limit, relay, cancel = (
            self.weeks.value(),
            self.limit.value(),
            self._relay,
            self.cancel,
        )
        cancel.clear()

        def work() -> None:
            try:
                result: object = plan_roster(
                    ws,
                    start,
                    weeks,
                    time_limit=limit,
                    progress=relay.progress.emit,
                    cancel=cancel,
                )
            except MingaError as error:
                result = error
            relay.done.emit(result)

        self._began = time.perf_counter()
        self._planning = True
        self.plan_button.setEnabled(False)
        self.status.setText(_("Planning: the first roster, then the solver improves it…"))
        self._thread = threading.Thread(target=work, name="minga-roster", daemon=True)
        self._thread.start()
        self._timer.start()

    def cancel_or_close(self) -> None:
        """Stop the solver (the best roster so far is kept), or close when idle."""
        if self.running():
            self.cancel.set()
            self.status.setText(_("Stopping; the best roster so far is kept…"))
            return
        self.reject()

    @override
    def reject(self) -> None:
        """Escape or the window's close button: stop the search first, keep its roster."""
        if self._thread is not None and self._thread.is_alive():
            self.cancel.set()
            self._thread.join(timeout=30)  # the solver stops within a fraction of a second
        super().reject()

    def _tick(self) -> None:
        elapsed = time.perf_counter() - self._began
        self.bar.setValue(min(1000, int(1000 * elapsed / max(0.1, self.limit.value()))))

    def _hours(self, minutes: int) -> str:
        return format_decimal(minutes / 60, self.number_locale, places=1)

    def _progressed(self, seconds: float, deviation: int, bound: int) -> None:
        del seconds
        self.status.setText(
            _(
                "Best roster so far: largest deviation {hours} h (it cannot be below {bound} h)"
            ).format(hours=self._hours(deviation), bound=self._hours(bound))
        )

    def _finished(self, outcome: object) -> None:
        self._planning = False
        self._timer.stop()
        self.plan_button.setEnabled(True)
        self.bar.setValue(1000)
        if isinstance(outcome, MingaError):
            self.status.setText("")
            show_error(self, outcome)
            return
        assert isinstance(outcome, RosterResult)
        self.outcome = outcome
        written = outcome.write
        if written is not None:
            # Already written by the thread: the undo stack just takes the group (Ctrl+Z).
            self.context.push(_("Plan roster"), lambda _ws: written, self)
        missing = sum(u.missing for u in outcome.unfilled)
        self.status.setText(
            ngettext(
                "{places} place assigned; largest deviation {hours} h.",
                "{places} places assigned; largest deviation {hours} h.",
                outcome.assigned,
            ).format(places=outcome.assigned, hours=self._hours(outcome.max_deviation))
            + (
                " "
                + ngettext(
                    "{n} place could not be filled.", "{n} places could not be filled.", missing
                ).format(n=missing)
                if missing
                else ""
            )
        )
        self.cancel_button.setText(_("Close"))
        self.planned.emit(outcome)
