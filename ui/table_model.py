"""What Minga's read-only record tables share: counts, translated titles, repainting.

Each table keeps its records in ``_records`` and names its columns in
``TITLES`` (untranslated); ``RIGHT_ALIGNED`` columns hold numbers or money.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from typing_extensions import override

from i18n import gettext as _

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: tables are flat
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class FlatTableModel(QAbstractTableModel):
    """A flat table over a sequence of records."""

    TITLES: tuple[str, ...] = ()
    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: Sequence[Any] = ()

    def repaint(self) -> None:
        """Ask the views to redraw every cell and title (after a language change)."""
        if self._records:
            last = self.index(len(self._records) - 1, len(self.TITLES) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.TITLES) - 1)

    @override
    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        """Qt: one row per record."""
        return 0 if parent.isValid() else len(self._records)

    @override
    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        """Qt: the columns this table shows."""
        return 0 if parent.isValid() else len(self.TITLES)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt: translated column titles, numbers' titles aligned right."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.TITLES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.TITLES[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.RIGHT_ALIGNED:
            return RIGHT
        return None
