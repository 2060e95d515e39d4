"""Canvas edits as undoable commands: each edit saves a new version, undo saves the previous plan.

Versions are immutable, so undo never deletes one: it saves the drawing as
it was before the edit as the next version (and redo saves the edit again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from codesign.design.proposals import can_edit, save_version
from codesign.design.records import ProposalId
from codesign.errors import MingaError
from i18n import gettext as _
from plans.features import Feature, Plan
from ui.context import AppContext
from ui.errors import show_error

if TYPE_CHECKING:
    from ui.pages.design import DesignPage


class EditCommand(QUndoCommand):
    """One edit of the drawing of a proposal."""

    def __init__(
        self,
        context: AppContext,
        proposal: ProposalId,
        *,
        before: Plan,
        after: Plan,
        text: str,
        saved: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self._context = context
        self._proposal = proposal
        self._before = before
        self._after = after
        self._saved = saved

    def _save(self, plan: Plan, note: str) -> None:
        try:
            result, _version = save_version(
                self._context.workspace(), self._proposal, plan, note=note
            )
        except MingaError as error:
            show_error(None, error)
            self.setObsolete(True)
            return
        self._saved()
        self._context.notify(result)

    def redo(self) -> None:
        """Save the edited drawing as a new version (also on the first push)."""
        self._save(self._after, self.text())

    def undo(self) -> None:
        """Save the drawing as it was before as a new version."""
        self._save(self._before, _("Undo: {action}").format(action=self.text()))


def update_editing(page: DesignPage) -> None:
    """Offer editing on the newest version of a proposal the signed-in person may change."""
    ws, proposal = page.context.ws, page.selected_proposal()
    newest = page.version_box.currentIndex() == page.version_box.count() - 1
    allowed = bool(ws is not None and proposal is not None and newest and can_edit(ws, proposal.id))
    page.edit_action.setEnabled(allowed)
    if not allowed and page.edit_action.isChecked():
        page.edit_action.setChecked(False)
    page.rotate_action.setEnabled(allowed and page.edit_action.isChecked())
    page.editor.set_enabled(allowed and page.edit_action.isChecked())


def push_edit(page: DesignPage, index: int, feature: Feature) -> None:
    """Save the drawing with ``feature`` in place of feature ``index``, on the undo stack."""
    proposal = page.selected_proposal()
    if proposal is None:
        return
    before = page.canvas.plan()
    after = before.replaced(feature if i == index else f for i, f in enumerate(before.features))
    text = _("Edit {feature}").format(feature=feature.label or feature.id or feature.kind)

    def saved() -> None:
        page._prefer_newest = True

    command = EditCommand(
        page.context, proposal.id, before=before, after=after, text=text, saved=saved
    )
    page.context.undo_stack.push(command)
