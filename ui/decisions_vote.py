"""The vote panel: open a vote, enter counts or the roll call, see the result live, close it.

While the vote is open the panel says whether the motion passes now and
which majorities are still reachable; the secretary alone may open and
close (the buttons stay clickable, the service refuses and says to sign in).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from codesign.auth import Action
from codesign.decisions import votes
from codesign.decisions.queries import AttendanceRecord, MotionRecord
from codesign.decisions.rules import CERTAIN, OUT_OF_REACH, RULES
from codesign.decisions.votes import VoteState
from codesign.reports.minutes import METHOD_LABELS, RULE_LABELS
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_number
from models.decisions import VOTE_METHODS
from ui.context import AppContext
from ui.decisions_models import ID_ROLE, RecordModel, SearchProxy, bold, source_row
from ui.widgets import fit_columns, needs_text, record_table

REACH_LABELS = {
    "certain": N_("already reached"),
    "reachable": N_("still reachable"),
    "out_of_reach": N_("out of reach"),
}
OPTION_LABELS = {"yes": N_("Yes"), "no": N_("No"), "abstain": N_("Abstain"), "": ""}


@dataclass(frozen=True, slots=True)
class RollCallLine:
    """One represented household in the roll call and its vote so far."""

    household: uuid.UUID
    name: str
    by_proxy: str
    option: str


class RollCallModel(RecordModel):
    """Represented households and how each has voted."""

    TITLES = (N_("Household"), N_("Proxy holder"), N_("Vote"))

    def cell(self, record: RollCallLine, column: int) -> str:
        """Name, who holds its proxy, its vote."""
        return (record.name, record.by_proxy, _(OPTION_LABELS.get(record.option, "")))[column]


def verdict_text(state: VoteState) -> str:
    """ "Passes" / "Does not pass" (open) or the result (closed), with why when no quorum."""
    if state.status == "closed":
        return _("PASSED") if state.result == "passed" else _("FAILED")
    if not state.quorum.met:
        return _("No quorum")
    return _("Passes now") if state.passes else _("Does not pass now")


def reach_lines(state: VoteState) -> list[tuple[str, str]]:
    """(rule, state) for each majority rule, the motion's own rule first."""
    ordered = [state.rule, *[r for r in RULES if r != state.rule]]
    return [(_(RULE_LABELS[r]), _(REACH_LABELS[state.reachable[r]])) for r in ordered]


class VotePanel(QWidget):
    """The vote on the motion chosen in the assembly view."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.motion: MotionRecord | None = None
        self.state: VoteState | None = None
        self.attendance: tuple[AttendanceRecord, ...] = ()
        self.coop_locale = "es_EC"
        layout = QVBoxLayout(self)
        self.motion_label = QLabel(self)
        self.motion_label.setWordWrap(True)
        self.motion_label.setFont(bold(self.font()))
        layout.addWidget(self.motion_label)
        controls = QHBoxLayout()
        self.method = QComboBox(self)
        for method in VOTE_METHODS:
            self.method.addItem(_(METHOD_LABELS[method]), method)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_vote)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close_vote)
        controls.addWidget(self.method)
        controls.addWidget(self.open_button)
        controls.addWidget(self.close_button)
        controls.addStretch(1)
        layout.addLayout(controls)
        self._build_counts(layout)
        self._build_roll_call(layout)
        self._build_result(layout)
        self.retranslate()
        self.show_state()

    def _build_counts(self, layout: QVBoxLayout) -> None:
        self.counts_box = QGroupBox(self)
        grid = QHBoxLayout(self.counts_box)
        self.spins: dict[str, QSpinBox] = {}
        self.spin_labels: dict[str, QLabel] = {}
        for option in ("yes", "no", "abstain"):
            label = QLabel(self.counts_box)
            spin = QSpinBox(self.counts_box)
            spin.setRange(0, 100_000)
            spin.setMinimumWidth(self.fontMetrics().averageCharWidth() * 8)
            grid.addWidget(label)
            grid.addWidget(spin)
            self.spins[option] = spin
            self.spin_labels[option] = label
        self.counts_button = QPushButton(self.counts_box)
        self.counts_button.clicked.connect(self.enter_counts)
        grid.addWidget(self.counts_button)
        grid.addStretch(1)
        layout.addWidget(self.counts_box)

    def _build_roll_call(self, layout: QVBoxLayout) -> None:
        self.roll_box = QGroupBox(self)
        column = QVBoxLayout(self.roll_box)
        row = QHBoxLayout()
        self.roll_search = QLineEdit(self.roll_box)
        self.roll_search.setClearButtonEnabled(True)
        row.addWidget(self.roll_search, 1)
        self.option_buttons: dict[str, QPushButton] = {}
        for option in ("yes", "no", "abstain"):
            button = QPushButton(self.roll_box)
            button.clicked.connect(lambda _c=False, o=option: self.cast(o))
            row.addWidget(button)
            self.option_buttons[option] = button
        column.addLayout(row)
        self.roll_model = RollCallModel(self)
        self.roll_proxy = SearchProxy(self)
        self.roll_proxy.setSourceModel(self.roll_model)
        self.roll_search.textChanged.connect(self.roll_proxy.setFilterFixedString)
        self.roll_view = record_table(self.roll_box)
        self.roll_view.setModel(self.roll_proxy)
        column.addWidget(self.roll_view, 1)
        layout.addWidget(self.roll_box, 1)

    def _build_result(self, layout: QVBoxLayout) -> None:
        self.verdict = QLabel(self)
        font = bold(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.verdict.setFont(font)
        self.tally = QLabel(self)
        self.reach = QLabel(self)
        self.reach.setTextFormat(Qt.TextFormat.PlainText)
        grid = QGridLayout()
        grid.addWidget(self.verdict, 0, 0)
        grid.addWidget(self.tally, 1, 0)
        grid.addWidget(self.reach, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.open_button.setText(_("Open vote"))
        self.open_button.setToolTip(needs_text(Action.RUN_VOTES))
        self.close_button.setText(_("Close vote"))
        self.close_button.setToolTip(
            _("A closed vote is final.") + " " + needs_text(Action.RUN_VOTES)
        )
        self.counts_box.setTitle(_("Counts (show of hands or secret ballot)"))
        for option, label in self.spin_labels.items():
            label.setText(_(OPTION_LABELS[option]))
        self.counts_button.setText(_("Enter counts"))
        self.roll_box.setTitle(_("Roll call"))
        self.roll_search.setPlaceholderText(_("Find a household…"))
        for option, button in self.option_buttons.items():
            button.setText(_(OPTION_LABELS[option]))
        self.roll_model.repaint()
        fit_columns(self.roll_view, (0, 24, 12))
        self.show_state()

    def set_motion(
        self, motion: MotionRecord | None, attendance: tuple[AttendanceRecord, ...]
    ) -> None:
        """Follow ``motion`` (the one selected in the assembly view)."""
        self.motion = motion
        self.attendance = attendance
        self.reload()

    def reload(self) -> None:
        """Read the vote of the motion again."""
        ws = self.context.ws
        self.state = None
        if ws is not None and self.motion is not None and self.motion.vote_event is not None:
            event = self.motion.vote_event
            self.state = self.context.run(self, lambda: votes.vote_state(ws, event))
        self.show_state()

    def _roll_lines(self) -> list[RollCallLine]:
        ws = self.context.ws
        if ws is None or self.state is None or self.state.method != "roll_call":
            return []
        cast = self.context.run(self, lambda: votes.ballots(ws, self.state.vote_event)) or {}  # type: ignore[union-attr]
        ids = self.state.quorum.represented_ids | self.state.quorum.proxy_ids | set(cast)
        return [
            RollCallLine(r.household, r.name, r.proxy_holder_name, cast.get(r.household, ""))
            for r in self.attendance
            if r.household in ids
        ]

    def show_state(self) -> None:
        """Show the motion, the tally, the verdict and the reachable majorities."""
        motion, state = self.motion, self.state
        self.motion_label.setText(
            _("Motion {number}: {text}").format(number=motion.number, text=motion.text)
            if motion
            else _("Choose a motion in the list to vote on it.")
        )
        is_open = state is not None and state.status == "open"
        method = state.method if state else ""
        if method:
            self.method.setCurrentIndex(max(0, self.method.findData(method)))
        self.open_button.setEnabled(motion is not None and state is None)
        self.method.setEnabled(motion is not None and state is None)
        self.close_button.setEnabled(is_open)
        self.counts_box.setVisible(method in ("show_of_hands", "secret"))
        self.counts_box.setEnabled(is_open)
        self.roll_box.setVisible(method == "roll_call")
        self.roll_box.setEnabled(is_open)
        self.roll_model.set_records(self._roll_lines())
        if state is None:
            self.verdict.setText("")
            self.tally.setText("")
            self.reach.setText("")
            return
        for option, value in (("yes", state.tally.yes), ("no", state.tally.no)):
            self.spins[option].setValue(value)
        self.spins["abstain"].setValue(state.tally.abstain)
        self.verdict.setText(verdict_text(state))
        self.verdict.setStyleSheet(
            "color: #3b8a4a;" if (state.passes or state.result == "passed") else "color: #c0504d;"
        )

        def n(value: int) -> str:
            return format_number(value, self.coop_locale)

        self.tally.setText(
            _("{yes} yes · {no} no · {abstain} abstentions · {present} represented").format(
                yes=n(state.tally.yes),
                no=n(state.tally.no),
                abstain=n(state.tally.abstain),
                present=n(state.present),
            )
        )
        lines = reach_lines(state) if is_open else []
        self.reach.setText("\n".join(f"{rule}: {reach}" for rule, reach in lines))
        decided = is_open and state.reachable[state.rule] in (CERTAIN, OUT_OF_REACH)
        self.reach.setFont(bold(self.font()) if decided else self.font())

    def _done(self, result: object) -> None:
        if result is not None:
            from codesign.journal.writer import WriteResult

            if isinstance(result, tuple):
                result = result[0]
            if isinstance(result, WriteResult):
                self.context.notify(result)

    def open_vote(self) -> None:
        """Open a vote on the motion with the chosen method."""
        ws, motion = self.context.ws, self.motion
        if ws is None or motion is None:
            return
        method = str(self.method.currentData())
        self._done(self.context.run(self, lambda: votes.open_vote(ws, motion.id, method)))

    def close_vote(self) -> None:
        """Close the open vote (refused without quorum)."""
        ws, state = self.context.ws, self.state
        if ws is None or state is None:
            return
        self._done(self.context.run(self, lambda: votes.close_vote(ws, state.vote_event)))

    def enter_counts(self) -> None:
        """Record the counts typed in the three boxes."""
        ws, state = self.context.ws, self.state
        if ws is None or state is None:
            return
        yes, no, abstain = (self.spins[o].value() for o in ("yes", "no", "abstain"))
        self._done(
            self.context.run(self, lambda: votes.set_counts(ws, state.vote_event, yes, no, abstain))
        )

    def cast(self, option: str) -> None:
        """Record ``option`` for the household selected in the roll call."""
        ws, state = self.context.ws, self.state
        rows = self.roll_view.selectionModel().selectedRows()
        if ws is None or state is None or not rows:
            return
        row = source_row(self.roll_proxy, rows[0])
        household = self.roll_model.record(row).household
        self._done(
            self.context.run(self, lambda: votes.cast_vote(ws, state.vote_event, household, option))
        )
        next_row = min(rows[0].row() + 1, self.roll_proxy.rowCount() - 1)
        self.roll_view.selectRow(next_row)

    def household_index(self, household: uuid.UUID) -> int:
        """The proxy row of a household in the roll call, or -1 (for tests and keyboard use)."""
        for row in range(self.roll_proxy.rowCount()):
            if self.roll_proxy.index(row, 0).data(ID_ROLE) == household:
                return row
        return -1
