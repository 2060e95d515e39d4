"""The Mingas page's charts: matplotlib Figures rendered to images, drawn on first view."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from codesign.work import balances
from codesign.workspace import Workspace
from i18n import gettext as _
from ui.context import AppContext


class _Relay(QObject):
    """Carries the drawn charts from the drawing thread to the UI thread."""

    done = Signal(int, object)  # generation, tuple of PNGs or None


class ChartsTab(QScrollArea):
    """Hours over time, per commission and the spread of balances, drawn off the UI thread."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.setWidgetResizable(True)
        inner = QWidget(self)
        self.note = QLabel(inner)
        self.images = [QLabel(inner) for _i in range(3)]
        column = QVBoxLayout(inner)
        column.addWidget(self.note)
        for image in self.images:
            image.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(image)
        column.addStretch(1)
        self.setWidget(inner)
        self.stale = True
        self.drawing = False
        self._generation = 0
        self._relay = _Relay()
        self._relay.done.connect(self._drawn)

    def load(self) -> None:
        self.stale = True
        if self.isVisible():
            self.draw()

    def draw(self) -> None:
        """Render the charts (matplotlib Figure → PNG) in a thread; show them when done."""
        ws = self.context.ws
        self.stale = False
        self._generation += 1
        if ws is None:
            return
        self.drawing = True
        self.note.setText(_("Drawing the charts…"))
        # matplotlib's first import looks at the running Qt; done in a worker thread
        # it can crash the process, so it happens here, once (the drawing stays off thread).
        import matplotlib.backends.backend_agg
        import matplotlib.figure  # noqa: F401

        generation, relay = self._generation, self._relay

        def work() -> None:
            try:
                pngs: tuple[bytes, ...] | None = chart_pngs(ws)
            except Exception:  # the file was closed meanwhile; the next view draws again
                pngs = None
            relay.done.emit(generation, pngs)

        threading.Thread(target=work, name="minga-charts", daemon=True).start()

    def _drawn(self, generation: int, pngs: object) -> None:
        if generation != self._generation:
            return
        self.drawing = False
        self.note.setText(
            _("This year's hours, per month and per commission, and every household's balance.")
        )
        if not isinstance(pngs, tuple):
            return
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
