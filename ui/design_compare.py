"""Compare two versions or proposals: side by side or overlaid, changes outlined, indicators."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from codesign.design.compare import Comparison
from i18n import gettext as _
from plans.features import Plan
from ui.design_models import IndicatorsModel
from ui.plan_canvas import PlanCanvas
from ui.widgets import fit_columns, record_table

ADDED = QColor("#2e7d32")
REMOVED = QColor("#c62828")
CHANGED = QColor("#ef6c00")


class CompareDialog(QDialog):
    """A and B with their changes outlined, or B drawn over A, and the indicator table."""

    def __init__(
        self,
        comparison: Comparison,
        titles: tuple[str, str],
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.titles = titles
        self.setWindowTitle(_("Compare proposals"))
        self.resize(1100, 700)
        self.left = PlanCanvas(self)
        self.right = PlanCanvas(self)
        self.right_column: QWidget | None = None
        self.left_title = QLabel(_("A: {title}").format(title=titles[0]), self)
        self.right_title = QLabel(_("B: {title}").format(title=titles[1]), self)
        self.overlay = QCheckBox(_("Overlay B on A"), self)
        self.overlay.toggled.connect(self.set_overlay)
        self.summary = QLabel(self)
        self.summary.setText(
            _("Added: {n}; removed: {m}; changed: {c}").format(
                n=len(comparison.added), m=len(comparison.removed), c=len(comparison.changed)
            )
        )
        self.indicators = IndicatorsModel(self)
        self.indicators.set_records(comparison.indicators, locale)
        self.table = record_table(self, sortable=False)
        self.table.setModel(self.indicators)
        fit_columns(self.table, (0, 12, 12, 12))
        canvases = QSplitter(self)
        for title, canvas in ((self.left_title, self.left), (self.right_title, self.right)):
            column = QWidget(canvases)
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(title)
            box.addWidget(canvas, 1)
            canvases.addWidget(column)
            self.right_column = column
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.overlay)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(canvases, 3)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.set_overlay(False)

    def set_overlay(self, on: bool) -> None:
        """Side by side (A and B) or B drawn over A in one canvas."""
        c = self.comparison
        if on:
            kept = {f.id or f.label for f in c.b.plan.features}
            removed = [f for f in c.a.plan.features if (f.id or f.label) not in kept]
            self.left.set_plan(Plan((*c.b.plan.features, *removed)))
            if self.right_column is not None:
                self.right_column.hide()
            self.left_title.setText(_("B over A"))
        else:
            self.left.set_plan(c.a.plan)
            self.right.set_plan(c.b.plan)
            if self.right_column is not None:
                self.right_column.show()
            self.left_title.setText(_("A: {title}").format(title=self.titles[0]))
        self._outline(on)

    def _outline(self, overlay: bool) -> None:
        c = self.comparison
        a, b = (self.left, self.left) if overlay else (self.left, self.right)
        a.highlight(c.removed, REMOVED)
        a.highlight(c.changed, CHANGED)
        b.highlight(c.added, ADDED)
        b.highlight(c.changed, CHANGED)
