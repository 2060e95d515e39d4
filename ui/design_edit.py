"""Canvas edits as undoable commands: each edit saves a new version, undo saves the previous plan.

Versions are immutable, so undo never deletes one: it saves the drawing as
it was before the edit as the next version (and redo saves the edit again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from codesign.design.records import ProposalId
from codesign.design.style import KIND_STYLES
from codesign.errors import MingaError
from i18n import gettext as _
from ui.context import AppContext
from ui.errors import show_error
from ui.undo import ContextCommand

if TYPE_CHECKING:
    from plans.features import Feature, Plan
    from ui.pages.design import DesignPage


class EditCommand(ContextCommand):
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
        super().__init__(context, text)
        self._proposal = proposal
        self._before = before
        self._after = after
        self._saved = saved

    def _save(self, plan: Plan, note: str) -> None:
        from codesign.design.proposals import save_version

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
    allowed = False
    if ws is not None and proposal is not None and newest:
        from codesign.design.proposals import can_edit

        allowed = can_edit(ws, proposal.id)
    page.edit_action.setEnabled(allowed)
    if not allowed and page.edit_action.isChecked():
        page.edit_action.setChecked(False)
    on = allowed and page.edit_action.isChecked()
    page.rotate_action.setEnabled(on)
    page.rename_action.setEnabled(on)
    page.count_action.setEnabled(on)
    page.draw_button.setEnabled(on)
    if on or page._editor is not None:  # the editor is made only once editing is offered
        page.editor.set_enabled(on)
        if not on:
            page.editor.cancel_drawing()


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


DRAW_KINDS = ("unit", "room", "common", "building", "path", "green", "plot")


def build_edit_tools(page: DesignPage) -> None:
    """The editing switch, Rotate, Rename and the Draw menu, in a bar of their own."""
    page.edit_action = QAction(page)
    page.edit_action.setCheckable(True)
    page.edit_action.toggled.connect(lambda _on: update_editing(page))
    page.rotate_action = QAction(page)
    page.rotate_action.triggered.connect(lambda _c=False: page.editor.rotate_selected(90.0))
    page.rename_action = QAction(page)
    page.rename_action.triggered.connect(lambda _c=False: rename_selected(page))
    page.count_action = QAction(page)
    page.count_action.triggered.connect(lambda _c=False: set_count_selected(page))
    page.draw_button = QToolButton(page)
    page.draw_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(page.draw_button)
    page.draw_actions = {}
    for kind in DRAW_KINDS:
        action = menu.addAction("")
        action.triggered.connect(lambda _c=False, k=kind: page.editor.start_drawing(k))
        page.draw_actions[kind] = action
    page.draw_button.setMenu(menu)
    page.edit_bar = QToolBar(page)  # placed above the canvas, beside the version
    page.edit_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    page.edit_bar.addAction(page.edit_action)
    page.edit_bar.addAction(page.rotate_action)
    page.edit_bar.addAction(page.rename_action)
    page.edit_bar.addAction(page.count_action)
    page.edit_bar.addWidget(page.draw_button)


def retranslate_edit_tools(page: DesignPage) -> None:
    """The editing tools' texts in the current language."""
    page.edit_action.setText(_("Edit drawing"))
    page.edit_action.setToolTip(
        _(
            "Drag features to move them, drag the corner squares to move vertices; "
            "they snap to other vertices and a 10 cm grid. Every edit saves a version."
        )
    )
    page.rotate_action.setText(_("Rotate 90°"))
    page.count_action.setText(_("People…"))
    page.count_action.setToolTip(
        _("How many people live in the selected unit, or how many students use the room.")
    )
    page.rename_action.setText(_("Rename…"))
    page.rename_action.setToolTip(
        _("Change the label of the selected feature (a unit's label names its household's unit).")
    )
    page.draw_button.setText(_("Draw"))
    page.draw_button.setToolTip(
        _("Click the corners of a new shape; double-click or Enter ends it, Escape cancels.")
    )
    for kind, action in page.draw_actions.items():
        action.setText(_(KIND_STYLES[kind].label))


def push_add(page: DesignPage, feature: Feature) -> None:
    """Add a drawn feature (labelled like "room 3") as a new version, on the undo stack."""
    proposal = page.selected_proposal()
    if proposal is None:
        return
    before = page.canvas.plan()
    count = len(before.of_kind(feature.kind)) + 1
    named = replace(feature, label=f"{_(KIND_STYLES[feature.kind].label).capitalize()} {count}")
    after = before.replaced((*before.features, named))
    text = _("Draw {feature}").format(feature=named.label)

    def saved() -> None:
        page._prefer_newest = True

    command = EditCommand(
        page.context, proposal.id, before=before, after=after, text=text, saved=saved
    )
    page.context.undo_stack.push(command)


def rename_selected(page: DesignPage, label: str | None = None) -> None:
    """Give the selected feature a new label (asked for unless given), as an undoable edit."""
    from PySide6.QtWidgets import QInputDialog

    items = page.canvas.selected_items()
    if len(items) != 1 or not page.edit_action.isChecked():
        return
    item = items[0]
    if label is None:
        label, ok = QInputDialog.getText(page, _("Rename…"), _("Label:"), text=item.feature.label)
        if not ok:
            return
    if label.strip() and label.strip() != item.feature.label:
        push_edit(page, item.index, replace(item.feature, label=label.strip()))


def _warm_up() -> None:
    """Load the geometry modules (shapely, numpy, plans, the rule check) in the background."""
    import codesign.design.checking  # noqa: F401
    import ui.plan_editing  # noqa: F401


def warm_up_later(delay_s: float = 1.0) -> None:
    """Start-up does not pay for geometry; the first drawing shown does not wait for it."""
    import threading

    timer = threading.Timer(delay_s, _warm_up)
    timer.daemon = True
    timer.start()


COUNTED = {"unit": "people", "room": "students"}


def set_count_selected(page: DesignPage, count: int | None = None) -> None:
    """Set the people of the selected unit (or students of a room), as an undoable edit."""
    from PySide6.QtWidgets import QInputDialog

    items = page.canvas.selected_items()
    if len(items) != 1 or not page.edit_action.isChecked():
        return
    feature = items[0].feature
    key = COUNTED.get(feature.kind)
    if key is None:
        return
    if count is None:
        prompt = _("People living here:") if key == "people" else _("Students using it:")
        current = feature.attr(key)
        count, ok = QInputDialog.getInt(
            page, page.count_action.text(), prompt, int(current or 0), 0, 500
        )
        if not ok:
            return
    push_edit(page, items[0].index, feature.with_attributes(**{key: count}))
