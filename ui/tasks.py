"""Long work off the UI thread, so the window never freezes (DESIGN.md: over half a second).

Two shapes, both taking ``work(progress)`` where ``progress(done, total)``
reports how far it got (``total`` 0: unknown) and raises ``Cancelled`` once
the person pressed Cancel, so the work stops at its next report:

- ``run_with_progress(parent, label, work)``: the caller waits for the
  answer (opening a file, an import, a report). A window-modal progress
  dialog with Cancel appears after half a second; the event loop keeps
  running, so the window repaints. Returns the result, or None if
  cancelled; errors raised by ``work`` are raised again on the UI thread.
  Pages use ``AppContext.run_long``, which also shows a ``MingaError`` in
  the one place errors appear.
- ``run_in_background(work, done, failed)``: the window goes on (a check
  whose result appears when ready). ``done(result)`` / ``failed(error)``
  run on the UI thread; ``task.cancel()`` stops it at the next report.

``work`` runs on another thread: it must open its own database connections
(SQLite connections belong to the thread that made them) or use a
workspace only for reading, and it must not touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from i18n import gettext as _

T = TypeVar("T")
Progress = Callable[[int, int], None]
SHOW_AFTER_MS = 500
_RUNNING: set[BackgroundTask[object]] = set()  # held until they finish, whoever dropped theirs


class Cancelled(Exception):
    """Raised inside the worker's progress callback when the user pressed Cancel."""


class _Relay(QObject):
    """Carries the worker's progress and end to the UI thread (queued signals)."""

    progress = Signal(int, int)
    finished = Signal()


class _Outcome(Generic[T]):
    """What the worker left: a value or an error."""

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


def _start(work: Callable[[Progress], T], relay: _Relay, cancelled: threading.Event) -> _Outcome[T]:
    outcome: _Outcome[T] = _Outcome()

    def progress(done: int, total: int) -> None:
        if cancelled.is_set():
            raise Cancelled
        relay.progress.emit(done, total)

    def target() -> None:
        try:
            outcome.value = work(progress)
        except BaseException as error:  # handed to the UI thread
            outcome.error = error
        relay.finished.emit()

    threading.Thread(target=target, name="minga-work", daemon=True).start()
    return outcome


def run_with_progress(
    parent: QWidget | None, label: str, work: Callable[[Progress], T], *, cancellable: bool = True
) -> T | None:
    """Run ``work(progress)`` on a thread with a Cancel-able progress dialog; None if cancelled."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    relay = _Relay()
    loop = QEventLoop()
    cancelled = threading.Event()

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    relay.progress.connect(show_progress)
    relay.finished.connect(loop.quit)
    dialog.canceled.connect(cancelled.set)
    outcome = _start(work, relay, cancelled)
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if isinstance(outcome.error, Cancelled):
        return None
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


class BackgroundTask(QObject, Generic[T]):
    """A running ``run_in_background`` job; ``progress`` reports on the UI thread."""

    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancelled = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self.running = True

    def cancel(self) -> None:
        """Stop at the work's next progress report; neither callback runs."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether Cancel was asked for."""
        return self._cancelled.is_set()


def run_in_background(
    work: Callable[[Progress], T],
    done: Callable[[T], object],
    failed: Callable[[BaseException], object] | None = None,
    parent: QObject | None = None,
) -> BackgroundTask[T]:
    """Start ``work`` on a thread; ``done``/``failed`` are called on the UI thread afterwards."""
    task: BackgroundTask[T] = BackgroundTask(parent)

    def finished() -> None:
        task.running = False
        # Dropped from the event loop, not here: this runs inside the relay's signal, and
        # freeing the task (the relay's parent) during its own emission would crash.
        QTimer.singleShot(0, lambda: _RUNNING.discard(task))
        if task.cancelled or isinstance(outcome.error, Cancelled):
            return
        if outcome.error is not None:
            if failed is None:
                raise outcome.error
            failed(outcome.error)
            return
        done(outcome.value)  # type: ignore[arg-type]

    task._relay.finished.connect(finished)
    _RUNNING.add(task)  # type: ignore[arg-type]
    outcome = _start(work, task._relay, task._cancelled)
    return task
