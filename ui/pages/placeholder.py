"""Pages with no data of their own: a section still to come, and the welcome page.

Texts are set in ``retranslate`` so a language switch only re-runs it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from i18n import gettext as _
from ui.pages import Section

READABLE_WIDTH = 640  # pixels: about 75 characters a line, easy to read on a projector too


def scaled_font(base: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """``base``'s font scaled; recomputed on FontChange so the projector theme carries over."""
    font = QFont(base.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def secondary(label: QLabel) -> QLabel:
    """Text of less weight, in the palette's hint colour (readable in every theme)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _paragraph(parent: QWidget, *, tab_stop: bool = False) -> QLabel:
    """A wrapped, selectable text; a ``tab_stop`` one is reached (and read out) with Tab."""
    label = QLabel(parent)
    label.setWordWrap(True)
    flags = Qt.TextInteractionFlag.TextSelectableByMouse
    if tab_stop:
        flags |= Qt.TextInteractionFlag.TextSelectableByKeyboard
    label.setTextInteractionFlags(flags)
    if tab_stop:
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class PlaceholderPage(QWidget):
    """Says what a section will do, so an empty page is not mistaken for missing data."""

    def __init__(self, entry: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName(f"page_{entry.key}")
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.summary = _paragraph(self, tab_stop=True)  # the page's only content
        self.later = secondary(_paragraph(self))
        self._apply_fonts()
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addSpacing(8)
        column.addWidget(self.summary)
        column.addWidget(self.later)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        holder = QWidget(self)
        holder.setLayout(column)
        holder.setMaximumWidth(READABLE_WIDTH)
        outer.addWidget(holder, 1)
        outer.addStretch(0)
        self.retranslate()

    def _apply_fonts(self) -> None:
        self.title.setFont(scaled_font(self, 1.6, bold=True))

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.title.setText(_(self.entry.title))
        self.summary.setText(_(self.entry.summary))
        self.later.setText(_("This section is coming in a later version of Minga."))


class WelcomePage(QWidget):
    """Shown while no cooperative file is open: the three ways to start."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, demo_available: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.title = QLabel(self)
        self.subtitle = _paragraph(self)
        self.intro = _paragraph(self)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newButton")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openButton")
        self.demo_button = QPushButton(self)
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setVisible(demo_available)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.recent_title = QLabel(self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentList")
        self.recent.itemActivated.connect(self._recent_activated)

        buttons = QVBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addSpacing(12)
        column.addWidget(self.intro)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(self.recent_title)
        column.addWidget(self.recent)
        column.addStretch(2)
        holder = QWidget(self)
        holder.setLayout(column)
        holder.setMaximumWidth(READABLE_WIDTH)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 3)
        outer.addStretch(1)
        self._apply_fonts()
        self.retranslate()

    def _apply_fonts(self) -> None:
        self.title.setFont(scaled_font(self, 2.2, bold=True))
        self.subtitle.setFont(scaled_font(self, 1.15))
        self.recent_title.setFont(scaled_font(self, 1.0, bold=True))

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.title.setText(_("Minga"))
        self.subtitle.setText(
            _("Co-design, mingas, finances and decisions for housing and school cooperatives.")
        )
        self.intro.setText(
            _(
                "Open your cooperative's file or create a new one. Everything stays on this "
                "computer; other laptops keep in step by exchanging files."
            )
        )
        self.new_button.setText(_("New cooperative…"))
        self.open_button.setText(_("Open…"))
        self.demo_button.setText(_("Open the demo cooperative"))
        self.demo_button.setToolTip(
            _("A made-up cooperative with 120 households, to try Minga without real data.")
        )
        self.recent_title.setText(_("Recent files"))
        self.recent.setAccessibleName(_("Recent files"))

    def set_recent_files(self, files: list[str]) -> None:
        """List the recent files that still exist; hide the list when there are none."""
        self.recent.clear()
        for name in files:
            path = Path(name)
            if not path.exists():
                continue
            item = QListWidgetItem(f"{path.stem}  —  {path.parent}", self.recent)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
        shown = self.recent.count() > 0
        self.recent_title.setVisible(shown)
        self.recent.setVisible(shown)
        self.recent.setMaximumHeight(self.recent.sizeHintForRow(0) * 6 + 8 if shown else 0)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
