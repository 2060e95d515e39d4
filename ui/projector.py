"""The projector view: a separate window, large and high-contrast, for the assembly hall.

It shows the current motion, the live quorum and the live results of the
open vote (or the last result), and follows every change made in the main
window. F11 or a double click toggles full screen; Esc leaves it.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from codesign.decisions import rules, votes
from codesign.decisions.queries import AssemblyDetail, MotionRecord, assembly_detail
from codesign.journal.writer import WriteResult
from codesign.reports.minutes import RULE_LABELS
from i18n import gettext as _
from i18n.formatting import format_number
from ui.context import AppContext
from ui.decisions_assembly import quorum_text
from ui.decisions_vote import OPTION_LABELS, REACH_LABELS, verdict_text

BACKGROUND = "#000000"
TEXT = "#ffffff"
ACCENT = "#ffd500"
GOOD = "#4cd964"
BAD = "#ff5a4f"
ENTITIES = ("assembly", "assembly_attendance", "motion", "vote_event", "vote", "decision")


def _font(points: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


class ProjectorWindow(QWidget):
    """What the hall sees: motion, quorum and results, in big letters on black."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.context = context
        self.assembly: uuid.UUID | None = None
        self.coop_locale = "es_EC"
        self.setWindowTitle(_("Minga — projector"))
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(18)
        self.title = self._label(22, colour=ACCENT)
        self.quorum = self._label(26, bold=True)
        self.motion = self._label(40, bold=True)
        self.motion.setWordWrap(True)
        self.rule = self._label(22, colour=ACCENT)
        layout.addWidget(self.title)
        layout.addWidget(self.quorum)
        layout.addSpacing(12)
        layout.addWidget(self.motion, 1)
        layout.addWidget(self.rule)
        grid = QGridLayout()
        self.counts: dict[str, QLabel] = {}
        self.count_titles: dict[str, QLabel] = {}
        for column, option in enumerate(("yes", "no", "abstain")):
            title = self._label(24, colour=ACCENT)
            value = self._label(72, bold=True)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(title, 0, column)
            grid.addWidget(value, 1, column)
            self.counts[option] = value
            self.count_titles[option] = title
        layout.addLayout(grid)
        self.verdict = self._label(48, bold=True)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reach = self._label(22)
        self.reach.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.verdict)
        layout.addWidget(self.reach)
        context.changed.connect(self._on_changed)
        self.resize(1280, 720)

    def _label(self, points: int, *, bold: bool = False, colour: str = TEXT) -> QLabel:
        label = QLabel(self)
        label.setFont(_font(points, bold))
        label.setStyleSheet(f"color: {colour};")
        return label

    def follow(self, assembly: uuid.UUID | None, locale: str) -> None:
        """Show ``assembly`` from now on."""
        self.assembly = assembly
        self.coop_locale = locale
        self.refresh()

    def _on_changed(self, result: WriteResult) -> None:
        if result.touches(*ENTITIES):
            self.refresh()

    def current_motion(self, detail: AssemblyDetail) -> MotionRecord | None:
        """The motion being voted now, or else the latest one."""
        for motion in detail.motions:
            if motion.vote_status == "open":
                return motion
        return detail.motions[-1] if detail.motions else None

    def refresh(self) -> None:
        """Read the assembly and its current vote again."""
        ws, assembly = self.context.ws, self.assembly
        detail = None
        if ws is not None and assembly is not None:
            detail = self.context.run(self, lambda: assembly_detail(ws, assembly))
        if detail is None:
            self._blank()
            return
        a = detail.assembly
        self.title.setText(a.title or _("Assembly"))
        self.quorum.setText(quorum_text(detail, self.coop_locale))
        self.quorum.setStyleSheet(f"color: {GOOD if detail.quorum.met else BAD};")
        motion = self.current_motion(detail)
        if motion is None:
            self.motion.setText(_("No motion yet"))
            self.rule.setText("")
            self._counts(None)
            return
        self.motion.setText(
            _("Motion {number}: {text}").format(number=motion.number, text=motion.text)
        )
        self.rule.setText(_(RULE_LABELS.get(motion.majority, motion.majority)))
        state = None
        if motion.vote_event is not None:
            event = motion.vote_event
            state = self.context.run(self, lambda: votes.vote_state(ws, event))  # type: ignore[arg-type]
        self._counts(state)

    def _counts(self, state: votes.VoteState | None) -> None:
        for option, title in self.count_titles.items():
            title.setText(_(OPTION_LABELS[option]))
        if state is None:
            for value in self.counts.values():
                value.setText("—")
            self.verdict.setText(_("Not voted yet"))
            self.verdict.setStyleSheet(f"color: {TEXT};")
            self.reach.setText("")
            return
        tally = state.tally
        for option, number in (("yes", tally.yes), ("no", tally.no), ("abstain", tally.abstain)):
            self.counts[option].setText(format_number(number, self.coop_locale))
        good = state.passes or state.result == "passed"
        self.verdict.setText(verdict_text(state))
        self.verdict.setStyleSheet(f"color: {GOOD if good else BAD};")
        if state.status == "open":
            needed = rules.yes_needed(state.rule, tally, state.present)
            reach = _(REACH_LABELS[state.reachable[state.rule]])
            if needed:
                reach += " · " + _("{n} more yes needed").format(
                    n=format_number(needed, self.coop_locale)
                )
            self.reach.setText(reach)
        else:
            self.reach.setText("")

    def _blank(self) -> None:
        self.title.setText(_("Minga"))
        self.quorum.setText("")
        self.motion.setText(_("Choose an assembly in the main window."))
        self.rule.setText("")
        self._counts(None)

    def toggle_full_screen(self) -> None:
        """Full screen on the projector, or back to a window."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    @override
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggle_full_screen()
        super().mouseDoubleClickEvent(event)
