"""QUndoStack commands that call services: undo and redo are journaled changes."""

from __future__ import annotations

import uuid
import weakref
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


class ContextCommand(QUndoCommand):
    """A command on a context's undo stack, holding that context weakly.

    The stack (a child of the context) owns its commands; a strong reference
    back would make a cycle through C++ that the garbage collector breaks in an
    arbitrary order, destroying Qt objects under each other.
    """

    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self._context_ref = weakref.ref(context)

    @property
    def _context(self) -> AppContext:
        context = self._context_ref()
        if context is None:
            raise RuntimeError("the window this command belonged to is gone")
        return context


class ServiceCommand(ContextCommand):
    """One service call; undo writes its inverse, redo the inverse of that."""

    def __init__(
        self, context: AppContext, text: str, action: Callable[[Workspace], WriteResult]
    ) -> None:
        super().__init__(context, text)
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
