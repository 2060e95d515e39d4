"""Small pieces the pages share: record tables and the sign-in hint for tooltips."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)
from typing_extensions import override

from codesign.auth import ALLOWED, Action, role_label
from i18n import gettext as _


def needs_text(action: Action) -> str:
    """Who may do ``action``, for tooltips: the hint that teaches people to sign in."""
    roles = " / ".join(_(role_label(r)) for r in sorted(ALLOWED[action]))
    return _("Needs a sign-in as {roles}.").format(roles=roles)


def fingerprint_label(parent: QWidget, text: str = "", *, scale: float = 1.0) -> QLabel:
    """A fingerprint in a fixed-width font that can be selected and copied (ledger, devices)."""
    label = QLabel(text, parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setFamily("monospace")
    font.setStyleHint(font.StyleHint.Monospace)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def record_table(
    parent: QWidget, *, sortable: bool = True, stretch_last: bool = True
) -> QTableView:
    """A read-only, row-selecting table view over a record model."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(sortable)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class _RefitOnFontChange(QObject):
    """Fits a table's columns again when its font changes (projector theme, text size)."""

    def __init__(self, view: QTableView, widths: tuple[int, ...]) -> None:
        super().__init__(view)
        self.view = view
        self.widths = widths

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            _fit(self.view, self.widths)
        return False


def fit_columns(view: QTableView, widths: tuple[int, ...]) -> None:
    """Give each column its width in average characters; 0 means "share the rest".

    A sized column is also wide enough for its translated title and sort arrow,
    so Spanish titles are never cut; the shared ones stretch (no sideways scrolling).
    The widths follow later font changes too.
    """
    refit = view.findChild(_RefitOnFontChange)
    if refit is None:
        view.installEventFilter(_RefitOnFontChange(view, widths))
    else:
        refit.widths = widths
    _fit(view, widths)


def _fit(view: QTableView, widths: tuple[int, ...]) -> None:
    metrics = view.fontMetrics()
    char = metrics.averageCharWidth()
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    model = view.model()
    for column, chars in enumerate(widths):
        if not chars:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(
            column, max(chars * char + 16, metrics.horizontalAdvance(title) + 2 * char + 8)
        )


SEARCH_DELAY_MS = 250  # a pause in typing before a list is searched again


def search_timer(
    parent: QObject, search: Callable[[], object], ms: int = SEARCH_DELAY_MS
) -> QTimer:
    """A single-shot timer that runs ``search`` once typing has paused; ``start()`` it per key."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(search)
    return timer


class CurrentPageStack(QStackedWidget):
    """A stack as large as the page it shows, not as its largest page.

    The sections' pages are stacked; a stack normally asks for the room of
    its widest page, so the Design page's canvas and review panel would keep
    every other section from fitting a 1,024-pixel screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    @override
    def sizeHint(self) -> QSize:
        """Qt: the page shown's preferred size."""
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    @override
    def minimumSizeHint(self) -> QSize:
        """Qt: the page shown's smallest size."""
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
