"""QUndoStack commands that call services: undo and redo are journaled changes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from codesign.errors import MingaError
from codesign.journal.undo import undo_group
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from ui.errors import show_error

if TYPE_CHECKING:
    from ui.context import AppContext


class ServiceCommand(QUndoCommand):
    """One service call; undo writes its inverse, redo the inverse of that."""

    def __init__(
        self, context: AppContext, text: str, action: Callable[[Workspace], WriteResult]
    ) -> None:
        super().__init__(text)
        self._context = context
        self._action = action
        self._last_group: uuid.UUID | None = None
        self._pushed = False

    def first_run(self) -> WriteResult:
        """Do the action now (before it is pushed); errors propagate to the caller."""
        result = self._action(self._context.workspace())
        self._last_group = result.group
        self._context.notify(result)
        return result

    def redo(self) -> None:
        """Qt calls redo on push: the first time the work is already done."""
        if not self._pushed:
            self._pushed = True
            return
        self._invert(_("Redo: {action}").format(action=self.text()))

    def undo(self) -> None:
        """Write the inverse of the last group this command wrote."""
        self._invert(_("Undo: {action}").format(action=self.text()))

    def _invert(self, label: str) -> None:
        if self._last_group is None:
            return
        try:
            result = undo_group(self._context.workspace(), self._last_group, label)
        except MingaError as error:
            show_error(None, error)
            self.setObsolete(True)
            return
        self._last_group = result.group
        self._context.notify(result)
