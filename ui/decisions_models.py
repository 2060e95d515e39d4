"""Qt table models over the decisions queries: assemblies, attendance, motions, the register."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from codesign.decisions.budgeting import OptionResult
from codesign.decisions.queries import AssemblyRecord, AttendanceRecord, MotionRecord
from codesign.decisions.register import DecisionRecord, FollowUpRecord
from codesign.reports.minutes import (
    ATTENDANCE_LABELS,
    FOLLOW_UP_LABELS,
    METHOD_LABELS,
    RESULT_LABELS,
    RULE_LABELS,
    kind_label,
)
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_date, format_datetime, format_number
from ui.table_model import RIGHT, AnyIndex, FlatTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE = QColor("#c0504d")
SHARED = QColor("#b86e00")  # a decision number two laptops both gave


class RecordModel(FlatTableModel):
    """A flat table of records; subclasses say what each cell shows."""

    locale = "es_EC"

    def set_records(self, records: Sequence[Any], locale: str = "es_EC") -> None:
        """Show ``records`` (a fresh read from a service)."""
        self.beginResetModel()
        self._records = tuple(records)
        self.locale = locale
        self.endResetModel()

    def record(self, row: int) -> Any:
        """The record on ``row``."""
        return self._records[row]

    def records(self) -> Sequence[Any]:
        """Every record shown."""
        return self._records

    def row_of(self, record_id: uuid.UUID) -> int:
        """The row of the record with ``record_id``, or -1."""
        for row, record in enumerate(self._records):
            if (
                getattr(record, "id", None) == record_id
                or getattr(record, "household", None) == record_id
            ):
                return row
        return -1

    def cell(self, record: Any, column: int) -> str:
        """The text of one cell."""
        raise NotImplementedError

    def foreground(self, record: Any) -> QBrush | None:  # noqa: ARG002 - subclasses read it
        """A colour for rows that need attention."""
        return None

    def day(self, value: dt.date | None) -> str:
        return format_date(value, self.locale, "short") if value else ""

    def clock(self, value: dt.datetime | None) -> str:
        return format_datetime(value, self.locale, "HH:mm") if value else ""

    def number(self, value: int) -> str:
        return format_number(value, self.locale)

    @override
    def data(self, index: QModelIndex | Any, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: cell text, ids, alignment and the overdue colour."""
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(record, index.column())
        if role == ID_ROLE:
            return getattr(record, "id", None) or getattr(record, "household", None)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(record)
        return None


class AssembliesModel(RecordModel):
    """Assemblies newest first."""

    TITLES = (N_("Date"), N_("Title"), N_("Status"), N_("Motions"))
    RIGHT_ALIGNED = frozenset({3})
    STATUS: ClassVar[dict[str, str]] = {
        "planned": N_("convened"),
        "open": N_("open"),
        "closed": N_("closed"),
    }

    @override
    def cell(self, record: AssemblyRecord, column: int) -> str:
        return (
            self.day(record.held_on),
            record.title or kind_label(record.kind),
            _(self.STATUS.get(record.status, record.status)),
            self.number(record.motions),
        )[column]


class AttendanceModel(RecordModel):
    """Every member household and how it attends."""

    TITLES = (
        N_("Household"),
        N_("Unit"),
        N_("Attendance"),
        N_("Proxy holder"),
        N_("Arrived"),
        N_("Left"),
    )

    @override
    def cell(self, record: AttendanceRecord, column: int) -> str:
        status = _(ATTENDANCE_LABELS.get(record.status, record.status))
        if record.status == "present" and record.left_at is not None:
            status = _("gone")
        return (
            record.name,
            record.unit,
            status,
            record.proxy_holder_name,
            self.clock(record.arrived_at),
            self.clock(record.left_at),
        )[column]

    @override
    def foreground(self, record: AttendanceRecord) -> QBrush | None:
        if record.status == "absent" or record.left_at is not None:
            return QBrush(QColor("#777777"))
        return None


class MotionsModel(RecordModel):
    """The assembly's motions with their latest vote."""

    TITLES = (
        N_("No."),
        N_("Motion"),
        N_("Rule"),
        N_("Method"),
        N_("Yes"),
        N_("No"),
        N_("Abst."),
        N_("Result"),
    )
    RIGHT_ALIGNED = frozenset({0, 4, 5, 6})

    @override
    def cell(self, record: MotionRecord, column: int) -> str:
        voted = record.vote_status == "closed"
        result = _(RESULT_LABELS.get(record.result, record.result)) if voted else ""
        if record.vote_status == "open":
            result = _("voting")
        return (
            str(record.number),
            record.text,
            _(RULE_LABELS.get(record.majority, record.majority)),
            _(METHOD_LABELS.get(record.method, record.method)) if record.method else "",
            self.number(record.yes) if voted else "",
            self.number(record.no) if voted else "",
            self.number(record.abstain) if voted else "",
            result,
        )[column]


class DecisionsModel(RecordModel):
    """The register, newest first; decisions with overdue follow-ups in red."""

    TITLES = (
        N_("No."),
        N_("Date"),
        N_("Decision"),
        N_("Result"),
        N_("Open actions"),
        N_("Overdue"),
    )
    RIGHT_ALIGNED = frozenset({0, 4, 5})

    @override
    def cell(self, record: DecisionRecord, column: int) -> str:
        return (
            f"{record.number} ⚠" if record.shared_number else str(record.number),
            self.day(record.decided_on),
            record.text,
            _(RESULT_LABELS.get(record.result, record.result)),
            self.number(record.open_actions),
            self.number(record.overdue_actions) if record.overdue_actions else "",
        )[column]

    @override
    def foreground(self, record: DecisionRecord) -> QBrush | None:
        if record.shared_number:
            return QBrush(SHARED)
        return QBrush(OVERDUE) if record.overdue_actions else None

    @override
    def data(self, index: QModelIndex | Any, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: as every record table, and why a shared number is flagged."""
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            record: DecisionRecord = self._records[index.row()]
            if record.shared_number:
                return _(
                    "Another decision has number {number} too (two laptops gave it before"
                    " they synced). Select one of them and press Give next number."
                ).format(number=record.number)
        return super().data(index, role)


class FollowUpsModel(RecordModel):
    """Follow-up actions; overdue ones in red."""

    TITLES = (N_("No."), N_("Action"), N_("Responsible"), N_("Due"), N_("Status"))
    RIGHT_ALIGNED = frozenset({0})
    today = dt.date.today()

    @override
    def cell(self, record: FollowUpRecord, column: int) -> str:
        status = _(FOLLOW_UP_LABELS.get(record.status, record.status))
        if record.overdue(self.today):
            status = _("overdue")
        return (
            str(record.decision_number),
            record.description,
            record.responsible,
            self.day(record.due_on),
            status,
        )[column]

    @override
    def foreground(self, record: FollowUpRecord) -> QBrush | None:
        return QBrush(OVERDUE) if record.overdue(self.today) else None


class PbResultsModel(RecordModel):
    """Participatory budgeting options by points, funded while the budget lasts."""

    TITLES = (N_("Option"), N_("Cost"), N_("Points"), N_("Households"), N_("Funded"))
    RIGHT_ALIGNED = frozenset({1, 2, 3})
    currency = "USD"

    @override
    def cell(self, record: OptionResult, column: int) -> str:
        from i18n.formatting import format_money

        return (
            record.title,
            format_money(record.cost, self.currency, self.locale),
            self.number(record.points),
            self.number(record.households),
            _("yes") if record.funded else "",
        )[column]


class SearchProxy(QSortFilterProxyModel):
    """Filters a record table on every column, case- and accent-insensitive enough for names."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


def bold(font: QFont) -> QFont:
    """A bold copy of ``font``."""
    copy = QFont(font)
    copy.setBold(True)
    return copy


def source_row(proxy: QSortFilterProxyModel, index: AnyIndex) -> int:
    """The row in the source model behind a proxy index."""
    return proxy.mapToSource(proxy.index(index.row(), 0)).row()
