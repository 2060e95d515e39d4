"""The sidebar: the seven sections in the order DESIGN.md fixes, one click (or Ctrl+N) each."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QWidget,
)
from typing_extensions import override

from i18n import gettext as _
from ui.pages import SECTIONS

KEY_ROLE = Qt.ItemDataRole.UserRole


class Sidebar(QListWidget):
    """A list of sections; ``section_chosen`` carries the key of the one picked."""

    section_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        for entry in SECTIONS:
            QListWidgetItem(self).setData(KEY_ROLE, entry.key)
        self.currentRowChanged.connect(self._row_changed)
        self._apply_font()
        self.retranslate()

    def _apply_font(self) -> None:
        """Items a little larger than the list's own font, which follows the application's
        (the projector theme enlarges it), so the list itself never gets an explicit font."""
        self._item_font = QFont(self.font())
        self._item_font.setPointSizeF(self._item_font.pointSizeF() * 1.15)
        height = QFontMetrics(self._item_font).height() * 2 + 4
        for row in range(self.count()):
            self.item(row).setFont(self._item_font)
            self.item(row).setSizeHint(QSize(0, height))
        self._fit_width()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_font()
        super().changeEvent(event)

    def _fit_width(self) -> None:
        metrics = QFontMetrics(self._item_font)
        widest = max(
            (metrics.horizontalAdvance(self.item(r).text()) for r in range(self.count())), default=0
        )
        self.setFixedWidth(max(160, widest + 48))

    def retranslate(self) -> None:
        """Section titles in the current language; the width follows the longest."""
        for row, entry in enumerate(SECTIONS):
            item = self.item(row)
            item.setText(_(entry.title))
            item.setToolTip(
                _("{section} (Ctrl+{number})").format(section=_(entry.title), number=row + 1)
            )
        self._fit_width()

    def keys(self) -> list[str]:
        """Section keys in sidebar order."""
        return [str(self.item(row).data(KEY_ROLE)) for row in range(self.count())]

    def current_key(self) -> str:
        """The key of the selected section."""
        item = self.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else SECTIONS[0].key

    def select(self, key: str) -> None:
        """Select the section ``key`` (emits ``section_chosen`` when it changes)."""
        self.setCurrentRow(self.keys().index(key))

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.section_chosen.emit(str(self.item(row).data(KEY_ROLE)))
