"""The Mingas page's charts: matplotlib Figures rendered to images, drawn on first view."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from codesign.work import balances
from codesign.workspace import Workspace
from ui.context import AppContext


class ChartsTab(QScrollArea):
    """Hours over time, per commission and the spread of balances, drawn on first view."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.setWidgetResizable(True)
        inner = QWidget(self)
        self.images = [QLabel(inner) for _i in range(3)]
        column = QVBoxLayout(inner)
        for image in self.images:
            image.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(image)
        column.addStretch(1)
        self.setWidget(inner)
        self.stale = True

    def load(self) -> None:
        self.stale = True
        if self.isVisible():
            self.draw()

    def draw(self) -> None:
        """Render the charts (matplotlib Figure → PNG → pixmap) for this year."""
        ws = self.context.ws
        self.stale = False
        if ws is None:
            return
        pngs = self.context.run(self, lambda: chart_pngs(ws)) or ()
        for label, png in zip(self.images, pngs, strict=False):
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            label.setPixmap(
                pixmap.scaledToWidth(
                    min(900, pixmap.width()), Qt.TransformationMode.SmoothTransformation
                )
            )


def chart_pngs(ws: Workspace) -> tuple[bytes, ...]:
    """This year's charts: hours per month, per commission, and the spread of balances."""
    from codesign.cooperative import cooperative_info
    from codesign.work import charts, stats

    today = dt.date.today()
    start = today.replace(month=1, day=1)
    locale = cooperative_info(ws).locale
    months = stats.per_month(ws, start, today)
    per = stats.per_commission(ws, start, today)
    lines = balances.balances(ws)
    return (
        charts.months_chart(
            [m for m, _o, _w in months],
            [o / 60 for _m, o, _w in months],
            [w / 60 for _m, _o, w in months],
            locale,
        ),
        charts.commission_bars([c for c, _m in per], [m / 60 for _c, m in per]),
        charts.balance_histogram([b.balance / 60 for b in lines]),
    )
