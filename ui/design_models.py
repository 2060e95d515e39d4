"""Qt item models of the Design section: proposals, comments, rule results and indicators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox
from typing_extensions import override

from codesign.design.records import (
    SCOPE_LABELS,
    STATUS_LABELS,
    CommentRecord,
    ProposalId,
    ProposalRecord,
)
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_datetime, format_decimal
from ui.table_model import RIGHT, FlatTableModel

if TYPE_CHECKING:
    from codesign.design.compare import Indicator
    from plans.features import Feature
    from plans.rules import Violation

AnyIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


class ProposalsModel(FlatTableModel):
    """The proposals list: title, household, scope, status, versions, open comments, when."""

    TITLES = (
        N_("Proposal"),
        N_("Household"),
        N_("Scope"),
        N_("Status"),
        N_("Versions"),
        N_("Open comments"),
        N_("Updated"),
    )
    RIGHT_ALIGNED = frozenset({4, 5})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = "es_EC"
        self._when: dict[int, str] = {}

    def set_records(self, records: Sequence[ProposalRecord], locale: str) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._records = tuple(records)
        self.locale = locale
        self._when = {}
        self.endResetModel()

    def _when_text(self, row: int, record: ProposalRecord) -> str:
        """The date of the last step, formatted once per row (Babel is slow per call)."""
        text = self._when.get(row)
        if text is None:
            when = record.status_at or record.created_at
            text = format_datetime(when, self.locale, "short") if when else ""
            self._when[row] = text
        return text

    def record(self, row: int) -> ProposalRecord:
        """The proposal on ``row``."""
        record: ProposalRecord = self._records[row]
        return record

    def row_of(self, proposal: ProposalId) -> int | None:
        """The row showing ``proposal``."""
        for row, record in enumerate(self._records):
            if record.id == proposal:
                return row
        return None

    @override
    def data(self, index: AnyIndex, role: int = DISPLAY) -> object:
        """Qt: the cell's text; numbers aligned right."""
        if not index.isValid():
            return None
        r: ProposalRecord = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and r.parent_id:
            return _("A variant of another proposal")
        if role != DISPLAY:
            return None
        values = (
            ("↳ " if r.parent_id else "") + r.title,
            r.household or "—",
            _(SCOPE_LABELS.get(r.scope, r.scope)),
            _(STATUS_LABELS.get(r.status, r.status)),
            str(r.versions),
            str(r.open_comments) if r.open_comments else "",
            self._when_text(index.row(), r) if column == 6 else "",
        )
        return values[column]


class CommentsModel(FlatTableModel):
    """Comments in threads: pin number, text (replies indented), author, version, state."""

    TITLES = (N_("Pin"), N_("Comment"), N_("Author"), N_("Version"), N_("State"))

    def set_records(self, records: Sequence[CommentRecord]) -> None:
        """Show ``records`` (threads in order)."""
        self.beginResetModel()
        self._records = tuple(records)
        self._pins = pin_numbers(records)
        self.endResetModel()

    def record(self, row: int) -> CommentRecord:
        """The comment on ``row``."""
        record: CommentRecord = self._records[row]
        return record

    @override
    def data(self, index: AnyIndex, role: int = DISPLAY) -> object:
        """Qt: the cell's text; the full comment as tooltip."""
        if not index.isValid():
            return None
        c: CommentRecord = self._records[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.text
        if role != DISPLAY:
            return None
        state = ""
        if c.parent_id is None:
            state = _("resolved") if c.resolved else _("open")
        version = _("v{n}").format(n=c.version_number)
        if c.carried:
            version = _("v{n} (earlier)").format(n=c.version_number)
        values = (
            self._pins.get(c.id, ""),
            ("    ↳ " if c.parent_id else "") + c.text.replace("\n", " "),
            c.author or "—",
            version,
            state,
        )
        return values[index.column()]


def pin_numbers(records: Sequence[CommentRecord]) -> dict[object, str]:
    """``C1``, ``C2``… for each thread's first comment, in order."""
    firsts = [c for c in records if c.parent_id is None]
    return {c.id: f"C{n}" for n, c in enumerate(firsts, start=1)}


class ViolationsModel(FlatTableModel):
    """Rule results: number (as on the canvas), feature, message."""

    TITLES = (N_("No."), N_("Feature"), N_("Problem"))
    locale: str | None = None  # numbers in the messages follow the cooperative's locale

    def set_records(self, records: Sequence[Violation], locale: str | None = None) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._records = tuple(records)
        self.locale = locale
        self.endResetModel()

    def record(self, row: int) -> Violation:
        """The violation on ``row``."""
        record: Violation = self._records[row]
        return record

    @override
    def data(self, index: AnyIndex, role: int = DISPLAY) -> object:
        """Qt: the cell's text in the user's language."""
        if not index.isValid():
            return None
        from codesign.design.checking import violation_text

        v: Violation = self._records[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return violation_text(v, self.locale)
        if role != DISPLAY:
            return None
        return (str(index.row() + 1), v.feature, violation_text(v, self.locale))[index.column()]


class IndicatorsModel(FlatTableModel):
    """Compare: each indicator in A and B and the difference."""

    TITLES = (N_("Indicator"), N_("A"), N_("B"), N_("Difference"))
    RIGHT_ALIGNED = frozenset({1, 2, 3})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = "es_EC"

    def set_records(self, records: Sequence[Indicator], locale: str) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._records = tuple(records)
        self.locale = locale
        self.endResetModel()

    def _number(self, key: str, value: float | None, *, signed: bool = False) -> str:
        if value is None:
            return "—"
        if key in ("built_coverage", "green_share"):
            text = format_decimal(100 * value, self.locale, places=1) + " %"
        elif key == "unit_count":
            text = format_decimal(value, self.locale, places=0)
        else:
            text = format_decimal(value, self.locale, places=2)
        return ("+" + text) if signed and value > 0 else text

    @override
    def data(self, index: AnyIndex, role: int = DISPLAY) -> object:
        """Qt: the cell's text; changed indicators in bold."""
        if not index.isValid():
            return None
        i: Indicator = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and i.delta:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role != DISPLAY:
            return None
        values = (
            _(i.name),
            self._number(i.key, i.a),
            self._number(i.key, i.b),
            self._number(i.key, i.delta, signed=True) if i.delta else "",
        )
        return values[column]


def selection_text(features: Sequence[Feature], locale: str) -> str:
    """What the status line says about the selected features: area, perimeter and size."""
    from codesign.design.style import KIND_STYLES

    if not features:
        return _("Click a feature to see its area and size.")
    if len(features) > 1:
        total = sum(f.area for f in features)
        return _("{n} features, {area} m²").format(
            n=len(features), area=format_decimal(total, locale, places=2)
        )
    feature = features[0]
    min_x, min_y, max_x, max_y = feature.geometry.bounds
    return _("{label} ({kind}): {area} m², perimeter {perimeter} m, {width} × {depth} m").format(
        label=feature.label or feature.id or "—",
        kind=_(KIND_STYLES[feature.kind].label),
        area=format_decimal(feature.area, locale, places=2),
        perimeter=format_decimal(feature.geometry.length, locale, places=2),
        width=format_decimal(max_x - min_x, locale, places=2),
        depth=format_decimal(max_y - min_y, locale, places=2),
    )


def fill_combo(combo: QComboBox, everything: str, choices: Sequence[tuple[str, object]]) -> None:
    """Fill a filter box: "all" first (data None), then ``choices``; keeps the current choice."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for text, data in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
