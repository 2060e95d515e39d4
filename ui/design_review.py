"""The review panel: status and history, the review buttons, rule results and comment threads.

The buttons follow the signed-in role: the author household submits, the
architect asks for changes, approves or rejects; the services refuse
anything else and the error shows in the one place errors appear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from codesign.auth import Action
from codesign.design import comments, workflow
from codesign.design.queries import status_history
from codesign.design.records import STATUS_LABELS, CommentRecord, ProposalRecord, VersionId
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import format_datetime
from ui.context import AppContext
from ui.design_models import CommentsModel, ViolationsModel
from ui.widgets import fit_columns, needs_text, record_table

if TYPE_CHECKING:
    from codesign.design.checking import CheckReport

STEP_BUTTONS = ("submit", "request_changes", "approve", "reject")


class ReviewPanel(QWidget):
    """Review of the proposal shown: who may take which step, rules and comments."""

    violation_chosen = Signal(object)  # a Violation to show on the canvas
    comment_chosen = Signal(object)  # a CommentRecord to show on the canvas
    pin_requested = Signal()  # the user wants to place a new comment

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.proposal: ProposalRecord | None = None
        self.version: VersionId | None = None
        self.coop_locale = "es_EC"
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: dict[str, QPushButton] = {}
        steps = QHBoxLayout()
        for name in STEP_BUTTONS:
            button = QPushButton(self)
            button.setObjectName(f"step_{name}")
            button.clicked.connect(lambda _c=False, n=name: self.take_step(n))
            self.buttons[name] = button
            steps.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(steps)
        layout.addWidget(self.history)
        self._build_rules(layout)
        self._build_comments(layout)
        self.retranslate()
        self.show_proposal(None, None, None)

    def _build_rules(self, layout: QVBoxLayout) -> None:
        self.rules_box = QGroupBox(self)
        self.rules_model = ViolationsModel(self)
        self.rules_view = record_table(self.rules_box, sortable=False)
        self.rules_view.setModel(self.rules_model)
        self.rules_view.clicked.connect(
            lambda index: self.violation_chosen.emit(self.rules_model.record(index.row()))
        )
        self.rules_summary = QLabel(self.rules_box)
        self.rules_summary.setWordWrap(True)
        box = QVBoxLayout(self.rules_box)
        box.addWidget(self.rules_summary)
        box.addWidget(self.rules_view, 1)
        layout.addWidget(self.rules_box, 1)

    def _build_comments(self, layout: QVBoxLayout) -> None:
        self.comments_box = QGroupBox(self)
        self.comments_model = CommentsModel(self)
        self.comments_view = record_table(self.comments_box, sortable=False)
        self.comments_view.setModel(self.comments_model)
        self.comments_view.clicked.connect(
            lambda index: self.comment_chosen.emit(self.comments_model.record(index.row()))
        )
        self.comments_view.selectionModel().selectionChanged.connect(self._update_comment_actions)
        self.pin_button = QPushButton(self.comments_box)
        self.pin_button.clicked.connect(lambda _c=False: self.pin_requested.emit())
        self.reply_button = QPushButton(self.comments_box)
        self.reply_button.clicked.connect(lambda _c=False: self.reply_selected())
        self.resolve_button = QPushButton(self.comments_box)
        self.resolve_button.clicked.connect(lambda _c=False: self.resolve_selected())
        actions = QHBoxLayout()
        for button in (self.pin_button, self.reply_button, self.resolve_button):
            actions.addWidget(button)
        self.comment_text = QLabel(self.comments_box)
        self.comment_text.setWordWrap(True)
        self.comment_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.comments_box)
        box.addWidget(self.comments_view, 1)
        box.addWidget(self.comment_text)
        box.addLayout(actions)
        layout.addWidget(self.comments_box, 1)

    def retranslate(self) -> None:
        """Every text in the current language."""
        labels = {
            "submit": _("Submit"),
            "request_changes": _("Request changes"),
            "approve": _("Approve"),
            "reject": _("Reject"),
        }
        tips = {
            "submit": _("Ask the architect to review the newest version."),
            "request_changes": _("Send the proposal back to its authors.")
            + " "
            + needs_text(Action.APPROVE_DESIGNS),
            "approve": _("Approve the newest version; other variants are superseded.")
            + " "
            + needs_text(Action.APPROVE_DESIGNS),
            "reject": _("Turn the proposal down.") + " " + needs_text(Action.APPROVE_DESIGNS),
        }
        for name, button in self.buttons.items():
            button.setText(labels[name])
            button.setToolTip(tips[name])
        self.rules_box.setTitle(_("Rule check"))
        self.comments_box.setTitle(_("Comments"))
        self.pin_button.setText(_("Pin a comment…"))
        self.pin_button.setToolTip(_("Click on the drawing where the comment goes."))
        self.reply_button.setText(_("Reply…"))
        self.resolve_button.setText(_("Resolve"))
        fit_columns(self.rules_view, (4, 14, 0))
        fit_columns(self.comments_view, (3, 0, 9, 5, 7))

    def show_proposal(
        self,
        proposal: ProposalRecord | None,
        version: VersionId | None,
        report: CheckReport | None,
        shown: tuple[CommentRecord, ...] = (),
    ) -> None:
        """Show the review of ``proposal`` at ``version`` with its rule results and comments."""
        self.proposal, self.version = proposal, version
        ws = self.context.ws
        allowed: tuple[str, ...] = ()
        if proposal is None or ws is None:
            self.title.setText(_("Choose a proposal to review it."))
            self.status.setText("")
            self.history.setText("")
        else:
            self.title.setText(proposal.title)
            status = _(STATUS_LABELS.get(proposal.status, proposal.status))
            self.status.setText(
                _("Status: {status}").format(status=status)
                + (f" — {proposal.household}" if proposal.household else "")
            )
            allowed = self.context.run(self, lambda: workflow.allowed_steps(ws, proposal.id)) or ()
            steps = self.context.run(self, lambda: status_history(ws, proposal.id)) or ()
            self.history.setText(
                "\n".join(
                    _("{when}: {status} by {who}").format(
                        when=format_datetime(s.at, self.coop_locale, "short"),
                        status=_(STATUS_LABELS.get(s.to_status, s.to_status)),
                        who=s.by or "—",
                    )
                    for s in steps[-4:]
                )
            )
        for name, button in self.buttons.items():
            button.setEnabled(name in allowed)
        violations = report.violations if report is not None else ()
        self.rules_model.set_records(violations, self.coop_locale)
        if report is None:
            self.rules_summary.setText("")
        elif report.ok:
            self.rules_summary.setText("✓ " + _("Every rule passes."))
        else:
            count = len(violations)
            self.rules_summary.setText(
                ngettext("⚠ {n} rule broken.", "⚠ {n} rules broken.", count).format(n=count)
            )
        self.comments_model.set_records(shown)
        self.pin_button.setEnabled(version is not None)
        self._update_comment_actions()

    def selected_comment(self) -> CommentRecord | None:
        """The comment selected in the list."""
        rows = self.comments_view.selectionModel().selectedRows()
        return self.comments_model.record(rows[0].row()) if rows else None

    def _update_comment_actions(self) -> None:
        chosen = self.selected_comment()
        self.reply_button.setEnabled(chosen is not None and self.version is not None)
        self.resolve_button.setEnabled(chosen is not None)
        self.comment_text.setText(
            f"{chosen.author or '—'} (v{chosen.version_number}): {chosen.text}" if chosen else ""
        )
        if chosen is not None:
            thread = self._thread_of(chosen)
            self.resolve_button.setText(_("Reopen") if thread.resolved else _("Resolve"))

    def _thread_of(self, comment: CommentRecord) -> CommentRecord:
        records = self.comments_model._records
        return next((c for c in records if c.id == comment.parent_id), comment)

    def take_step(self, name: str, note: str | None = None) -> None:
        """Take a review step on the shown proposal (asking why, for changes or a rejection)."""
        proposal = self.proposal
        if proposal is None or self.context.ws is None:
            return
        if note is None and name not in ("request_changes", "reject"):
            note = ""
        if note is None:
            text, ok = QInputDialog.getMultiLineText(
                self, self.buttons[name].text(), _("What should change, and why?")
            )
            if not ok:
                return
            note = text
        why: str = note
        result = self.context.run(
            self,
            lambda: workflow.change_status(self.context.workspace(), proposal.id, name, note=why),
        )
        if result is not None:
            self.context.notify(result)

    def add_comment_at(self, x: float, y: float, text: str | None = None) -> None:
        """Pin a new comment at (x, y) on the shown version (asking for its text)."""
        version = self.version
        if version is None or self.context.ws is None:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, _("New comment"), _("Comment:"))
            if not ok or not text.strip():
                return
        written = self.context.run(
            self,
            lambda: comments.add_comment(self.context.workspace(), version, x=x, y=y, text=text),
        )
        if written is not None:
            self.context.notify(written[0])

    def reply_selected(self, text: str | None = None) -> None:
        """Answer the selected comment's thread."""
        chosen, version = self.selected_comment(), self.version
        if chosen is None or version is None:
            return
        thread = self._thread_of(chosen)
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, _("Reply"), thread.text)
            if not ok or not text.strip():
                return
        written = self.context.run(
            self,
            lambda: comments.reply(self.context.workspace(), version, thread.id, text),
        )
        if written is not None:
            self.context.notify(written[0])

    def resolve_selected(self) -> None:
        """Resolve (or reopen) the selected comment's thread."""
        chosen = self.selected_comment()
        if chosen is None:
            return
        thread = self._thread_of(chosen)
        result = self.context.run(
            self,
            lambda: comments.set_resolved(self.context.workspace(), thread.id, not thread.resolved),
        )
        if result is not None:
            self.context.notify(result)
