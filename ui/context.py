"""What the window's parts share: the open workspace, the undo stack, change notices.

Pages never hold a database session: they call services through ``run`` or
``push`` and refresh when ``changed`` says their entities changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from codesign.errors import MingaError
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from ui.errors import show_error

T = TypeVar("T")


class AppContext(QObject):
    """The open cooperative for the window; one per main window, passed to each page."""

    changed = Signal(object)  # a WriteResult: refresh the views showing its entities
    workspace_changed = Signal()  # a file was opened or closed, or sign-in changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.undo_stack = QUndoStack(self)

    def set_workspace(self, ws: Workspace | None) -> None:
        """Switch to another open file (or none); the previous one is closed."""
        if self.ws is not None and self.ws is not ws:
            self.ws.close()
        self.ws = ws
        self.undo_stack.clear()
        self.workspace_changed.emit()

    def workspace(self) -> Workspace:
        """The open workspace; callers only run while one is open."""
        if self.ws is None:
            raise RuntimeError("no cooperative is open")
        return self.ws

    def run(self, parent: QWidget | None, action: Callable[[], T]) -> T | None:
        """Run a service call; show its error in the one place errors appear."""
        try:
            return action()
        except MingaError as error:
            show_error(parent, error)
            return None

    def run_long(
        self,
        parent: QWidget | None,
        label: str,
        work: Callable[[Callable[[int, int], None]], T],
        *,
        cancellable: bool = True,
    ) -> T | None:
        """Run ``work(progress)`` off the UI thread with progress and Cancel (``ui.tasks``);
        its error is shown like ``run``'s. None when cancelled or failed."""
        from ui.tasks import run_with_progress

        return self.run(
            parent, lambda: run_with_progress(parent, label, work, cancellable=cancellable)
        )

    def push(
        self, text: str, action: Callable[[Workspace], WriteResult], parent: QWidget | None = None
    ) -> WriteResult | None:
        """Run an undoable service call; on success it joins the undo stack."""
        from ui.undo import ServiceCommand

        command = ServiceCommand(self, text, action)
        result = self.run(parent, command.first_run)
        if result is not None and result.rows:  # a call that changed nothing has no undo
            self.undo_stack.push(command)
        return result

    def notify(self, result: WriteResult) -> None:
        """Tell every view what changed."""
        self.changed.emit(result)
