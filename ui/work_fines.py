"""The Mingas page's fines tab: every fine for missed hours and where it stands.

The coordinator proposes fines and the treasurer posts them (buttons on the
balances tab); here either may cancel a proposed one, saying why. A posted
fine is on the ledger and is reversed in Finances, so cancelling it is
refused with that explanation before a reason is asked for.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLabel, QVBoxLayout, QWidget

from codesign.auth import Action
from codesign.cooperative import cooperative_info
from codesign.work import fines
from codesign.work.fines import FineRow, fine_status_label
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_money
from models.work import FINE_STATUSES
from ui.context import AppContext
from ui.widgets import needs_text
from ui.work_models import FMT, Column, ColumnsModel
from ui.work_tabs import ActionBar, Table

STATE_MARKS = {"proposed": "○", "posted": "●", "cancelled": "✕"}
# The filter's choices: the statuses each one shows.
SHOWN: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("All fines"), FINE_STATUSES),
    (N_("Not cancelled"), ("proposed", "posted")),
    (N_("Proposed"), ("proposed",)),
    (N_("Posted"), ("posted",)),
    (N_("Cancelled"), ("cancelled",)),
)


def _status(row: FineRow) -> str:
    return f"{STATE_MARKS.get(row.status, '')} {fine_status_label(row.status)}"


class FinesModel(ColumnsModel):
    """Fines: period, household, missed hours, amount, status and why one was cancelled."""

    currency = "USD"  # the open cooperative's, set by the tab

    COLUMNS: tuple[Column, ...] = (
        (N_("Period"), lambda f: f.period, lambda f: f.period),
        (N_("Unit"), lambda f: f.unit, lambda f: f.unit),
        (N_("Household"), lambda f: f.household_name, lambda f: f.household_name.lower()),
        (N_("Missed hours"), lambda f: FMT.hours(f.missed_minutes), lambda f: f.missed_minutes),
        (
            N_("Amount"),
            lambda f: format_money(f.amount, FinesModel.currency, FMT.locale),
            lambda f: f.amount,
        ),
        (N_("Status"), _status, lambda f: FINE_STATUSES.index(f.status)),
        (N_("Reason for cancelling"), lambda f: f.reason, lambda f: f.reason.lower()),
    )
    RIGHT_ALIGNED = frozenset({3, 4})


class FinesTab(QWidget):
    """The fines, filtered by status, with Cancel fine… for a proposed one."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.shown = QComboBox(self)
        self.shown.currentIndexChanged.connect(lambda _i: self.load())
        self.table = Table(FinesModel(self), (8, 6, 0, 8, 12, 17, 0), self)
        self.summary = QLabel(self)
        self.bar = ActionBar(self)
        self.cancel_action = self.bar.button(self.cancel_selected)
        row = QHBoxLayout()
        row.addWidget(self.shown)
        row.addWidget(self.summary, 1)
        row.addWidget(self.bar)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.table.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.table.proxy.modelReset.connect(self._enable)
        self._enable()

    def retranslate(self) -> None:
        current = max(0, self.shown.currentIndex())
        self.shown.blockSignals(True)
        self.shown.clear()
        for text, _statuses in SHOWN:
            self.shown.addItem(_(text))
        self.shown.setCurrentIndex(current)
        self.shown.blockSignals(False)
        self.cancel_action.setText(_("Cancel fine…"))
        self.cancel_action.setToolTip(
            _(
                "Withdraw the selected proposed fine, saying why. A posted fine is on the"
                " ledger: reverse it in Finances."
            )
            + " "
            + needs_text(Action.HANDLE_FINES)
        )
        self.table.search.setPlaceholderText(_("Search fines…"))
        self.table.model.repaint()
        self.table.fit()

    def load(self) -> None:
        ws = self.context.ws
        rows: tuple[Any, ...] = ()
        if ws is not None:
            info = self.context.run(self, lambda: cooperative_info(ws))
            if info is not None:
                FinesModel.currency = info.currency
            rows = self.context.run(self, lambda: fines.fine_rows(ws)) or ()
        statuses = SHOWN[max(0, self.shown.currentIndex())][1]
        self.table.model.set_records(tuple(r for r in rows if r.status in statuses))
        # The summary counts every fine, whatever the filter shows.
        counts = {s: sum(1 for r in rows if r.status == s) for s in FINE_STATUSES}
        self.summary.setText(
            _("{proposed} proposed · {posted} posted · {cancelled} cancelled").format(**counts)
        )

    def _enable(self) -> None:
        self.cancel_action.setEnabled(self.table.selected() is not None)

    def cancel_selected(self, reason: str | None = None) -> bool:
        """Cancel the selected fine: refused at once when it cannot be, else asks why."""
        ws, row = self.context.ws, self.table.selected()
        if ws is None or row is None:
            return False
        fine = row.id

        def cancellable() -> bool:
            fines.check_cancellable(ws, fine)
            return True

        if self.context.run(self, cancellable) is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                _("Cancel fine"),
                _("Why is the fine of {household} for {period} cancelled?").format(
                    household=row.household_name, period=row.period
                ),
            )
            if not ok:
                return False
        why = reason
        done = self.context.push(
            _("Cancel fine"), lambda ws: fines.cancel_fine(ws, fine, why), self
        )
        return done is not None
