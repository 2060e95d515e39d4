"""Qt models of the Cases section: search results, import problems, the comparison table."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from typing_extensions import override

from codesign.cases.compare import INDICATORS, Indicators
from codesign.cases.fields import FieldError
from codesign.cases.search import CaseHit
from i18n import N_, current_language
from i18n import gettext as _
from i18n.formatting import format_decimal, format_number
from ui.table_model import RIGHT, AnyIndex, FlatTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1

TENURE_LABELS = {
    "user_cooperative": N_("User cooperative"),
    "collective_ownership": N_("Collective ownership"),
    "community_land_trust": N_("Community land trust"),
    "mutual_home_ownership": N_("Mutual home ownership"),
    "limited_equity": N_("Limited equity"),
    "rental_cooperative": N_("Rental cooperative"),
    "syndicate": N_("Syndicate"),
    "other": N_("Other"),
}


def hit_title(hit: CaseHit) -> str:
    """The case's title in the window's language when the case has it."""
    short = current_language().split("_", maxsplit=1)[0]
    if short in ("es", "ca") and hit.title_es:
        return hit.title_es
    if short == "pt" and hit.title_pt:
        return hit.title_pt
    return hit.title


class CaseResultsModel(FlatTableModel):
    """Search results, best first; sortable by any column."""

    TITLES = (N_("Case"), N_("Country"), N_("City"), N_("Tenure"), N_("Households"), N_("Since"))
    HOUSEHOLDS = 4
    RIGHT_ALIGNED = frozenset({HOUSEHOLDS})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = "es_EC"  # the cooperative's, for numbers
        self._records: list[CaseHit] = []

    def set_records(self, records: Sequence[CaseHit]) -> None:
        """Show ``records`` in the order given (the search's ranking)."""
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> tuple[CaseHit, ...]:
        """The cases shown, in view order."""
        return tuple(self._records)

    def hit(self, row: int) -> CaseHit:
        """The case in ``row``."""
        return self._records[row]

    def text(self, hit: CaseHit, column: int) -> str:
        """What cell ``column`` of ``hit`` says."""
        if column == 0:
            return hit_title(hit)
        if column == 1:
            return hit.country
        if column == 2:
            return hit.city
        if column == 3:
            return _(TENURE_LABELS[hit.tenure]) if hit.tenure in TENURE_LABELS else hit.tenure
        if column == self.HOUSEHOLDS:
            return format_number(hit.households, self.locale) if hit.households else ""
        return hit.start_date[:4]

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: cell texts, the case id and alignment."""
        if not index.isValid():
            return None
        hit = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(hit, index.column())
        if role == ID_ROLE:
            return hit.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return RIGHT
        return None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt: sort by a column (households as numbers)."""
        self.layoutAboutToBeChanged.emit()

        def key(hit: CaseHit) -> Any:
            if column == self.HOUSEHOLDS:
                return hit.households or 0
            return self.text(hit, column).casefold()

        self._records.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def row_of(self, case_id: uuid.UUID) -> int:
        """The row showing ``case_id``, or -1."""
        return next((i for i, h in enumerate(self._records) if h.id == case_id), -1)


class ImportErrorsModel(FlatTableModel):
    """Each bad field of each bad row of a file being imported."""

    TITLES = (N_("Row"), N_("Field"), N_("Problem"))
    RIGHT_ALIGNED = frozenset({0})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[FieldError, ...] = ()

    def set_records(self, records: Sequence[FieldError]) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: row number, field name and reason."""
        if not index.isValid():
            return None
        error = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (str(error.row), error.field, error.reason)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return RIGHT
        return None


class CompareModel(FlatTableModel):
    """Our cooperative and the chosen cases as rows, the indicators as columns."""

    TITLES = (
        N_("Households"),
        N_("m² per unit"),
        N_("Cost per m²"),
        N_("Hours a week"),
        N_("Monthly contribution"),
    )
    RIGHT_ALIGNED = frozenset(range(len(INDICATORS)))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = "es_EC"  # the cooperative's, for numbers
        self._records: tuple[Indicators, ...] = ()

    def set_columns(self, columns: Sequence[Indicators]) -> None:
        """Compare ``columns`` (ours first), one row each."""
        self.beginResetModel()
        self._records = tuple(columns)
        self.endResetModel()

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt: indicators across, cooperatives down."""
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and section < len(self._records):
                return self._records[section].label
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section < len(INDICATORS):
            return _(INDICATORS[section][1])
        return super().headerData(section, orientation, role)

    def text(self, column: Indicators, key: str) -> str:
        """One indicator of one cooperative, formatted for the cooperative's locale."""
        value = column.value(key)
        if value is None:
            return "—"
        locale = self.locale
        if key == "households":
            return format_number(int(value), locale)
        if key == "cost_per_m2":
            return f"{format_decimal(value, locale)} {column.cost_currency}".strip()
        if key == "contribution_per_household":
            return f"{format_decimal(value, locale, places=2)} {column.currency}".strip()
        return format_decimal(value, locale)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: the formatted indicator; our own row in bold."""
        if not index.isValid():
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record, INDICATORS[index.column()][0])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        return None
