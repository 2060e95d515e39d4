"""Attaching a case as evidence to a motion or a proposal.

Motions and proposals belong to other sections; when this file has none
(or not their tables yet), the dialog says so and offers nothing to pick.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from codesign.cases.service import LINK_TARGETS, LinkTarget, attach_case, link_targets
from i18n import gettext as _
from ui.context import AppContext


class AttachCaseDialog(QDialog):
    """Attach a case as evidence to a motion or a proposal of this file."""

    def __init__(
        self, context: AppContext, case_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.setWindowTitle(_("Attach to motion or proposal"))
        layout = QVBoxLayout(self)
        self.targets: tuple[LinkTarget, ...] = link_targets(context.workspace())
        self.target = QComboBox(self)
        for target in self.targets:
            kind = _(LINK_TARGETS[target.entity])
            self.target.addItem(f"{kind}: {target.label}", target.id)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("Why this case matters here (optional)"))
        self.empty = QLabel(
            _(
                "There are no motions or proposals in this file yet. "
                "Add one in Decisions or Design."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Attach to"), self.target)
        form.addRow(_("Note"), self.note)
        layout.addLayout(form)
        layout.addWidget(self.empty)
        self.empty.setVisible(not self.targets)
        self.target.setEnabled(bool(self.targets))
        self.note.setEnabled(bool(self.targets))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Attach"))
        ok.setEnabled(bool(self.targets))
        self.buttons.accepted.connect(self.attach)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def attach(self) -> None:
        """Write the link (undoable)."""
        index = self.target.currentIndex()
        if not 0 <= index < len(self.targets):
            return
        target, note, case_id = self.targets[index], self.note.text(), self.case_id
        done = self.context.push(
            _("Attach case"),
            lambda ws: attach_case(ws, case_id, target.entity, target.id, note),
            self,
        )
        if done is not None:
            self.accept()
