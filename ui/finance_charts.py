"""Charts on the Finances page: the treasury report's monthly charts for a chosen year.

The figures are read and drawn off the UI thread (a second or two on ten-year
books); the window keeps painting and shows the charts when they are ready.
"""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from ui.context import AppContext
from ui.finance_models import Money

TITLES = (
    N_("Cash flow"),
    N_("Income and expenditure per month"),
    N_("Bank and cash at the end of each month"),
    N_("Contributions charged and paid per month"),
    N_("Arrears by age"),
    N_("Construction loan still owed (account 2100)"),
)


class _Relay(QObject):
    """Brings the drawn charts back to the UI thread."""

    done = Signal(int, object)  # generation, tuple of PNG bytes or None


def draw_charts(ws: Workspace, year: int, money: Money) -> tuple[bytes, ...]:
    """The six monthly charts of ``year`` as PNG images, in the order of ``TITLES``."""
    from codesign.ledger.members_accounts import bucket_labels
    from codesign.reports import charts
    from codesign.reports.data import parse_period, treasury_data
    from codesign.reports.treasury_charts import extra_figures

    period = parse_period(str(year))
    data = treasury_data(ws, period)
    extra = extra_figures(ws, period)
    cur, loc = money.currency, money.locale
    months = [m.month for m in extra.months]

    return (
        charts.cash_flow_chart(data.cash_flow, cur, loc),
        charts.month_chart(
            months,
            [
                (_("Income"), [m.income for m in extra.months], charts.GREEN, "bar"),
                (_("Expenditure"), [m.expenses for m in extra.months], charts.RED, "bar"),
            ],
            cur,
            loc,
        ),
        charts.month_chart(
            months,
            [(_("Bank and cash"), [m.cash for m in extra.months], charts.BLUE, "line")],
            cur,
            loc,
        ),
        charts.month_chart(
            months,
            [
                (_("Charged to households"), [m.charged for m in extra.months], charts.GREY, "bar"),
                (_("Paid by households"), [m.paid for m in extra.months], charts.GREEN, "bar"),
            ],
            cur,
            loc,
        ),
        charts.ageing_chart(bucket_labels(), extra.ageing, cur, loc),
        charts.month_chart(
            months,
            [(_("Construction loan owed"), [m.loan for m in extra.months], charts.RED, "line")],
            cur,
            loc,
        ),
    )


class ChartsTab(QWidget):
    """A year's charts in a scrolling grid, drawn when the tab is shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.money = Money()
        self.loaded = False
        self.drawing = False
        self._generation = 0
        self._relay = _Relay()
        self._relay.done.connect(self._drawn)
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.year_label = QLabel(self)
        self.status = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(self.status, 1)
        grid_host = QWidget(self)
        self.grid = QGridLayout(grid_host)
        self.titles: list[QLabel] = []
        self.images: list[QLabel] = []
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        for n in range(len(TITLES)):
            title, image = QLabel(grid_host), QLabel(grid_host)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            image.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            self.grid.addWidget(title, (n // 2) * 2, n % 2)
            self.grid.addWidget(image, (n // 2) * 2 + 1, n % 2)
            self.titles.append(title)
            self.images.append(image)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Titles in the current language (the charts' own texts follow the next drawing)."""
        self.year_label.setText(_("Year"))
        for title, text in zip(self.titles, TITLES, strict=True):
            title.setText(_(text))
        self.status.setText(_("Drawing the charts…") if self.drawing else "")

    def reload(self, money: Money | None = None) -> None:
        """Draw the chosen year's charts off the UI thread."""
        self.money = money or self.money
        self._generation += 1
        ws = self.context.ws
        self.loaded = ws is not None
        self.drawing = ws is not None
        self.retranslate()
        if ws is None:
            for image in self.images:
                image.clear()
            return
        generation, relay, year, money_ = (
            self._generation,
            self._relay,
            self.year.value(),
            self.money,
        )

        def work() -> None:
            try:
                result: tuple[bytes, ...] | None = draw_charts(ws, year, money_)
            except Exception:  # the file was closed meanwhile; the next reload draws again
                result = None
            relay.done.emit(generation, result)

        threading.Thread(target=work, name="minga-charts", daemon=True).start()

    def _drawn(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        self.drawing = False
        self.retranslate()
        if not isinstance(result, tuple):
            return
        for image, png in zip(self.images, result, strict=True):
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            scaled = pixmap.scaledToWidth(520, Qt.TransformationMode.SmoothTransformation)
            image.setPixmap(scaled)
            image.setMinimumSize(scaled.size())
        self.grid.activate()  # lay the titles out around the new sizes now
