"""Qt table models over the work services: roster, check-in, balances, explanations, commissions.

Cells are computed when a view asks for them, so a long roster costs
nothing until it is scrolled; a proxy sorts by each column's key (numbers as
numbers, accents ignored) and filters by every word of the search text.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from typing_extensions import override

from codesign.people.validate import search_key
from codesign.work.balances import STATE_LABELS, HouseholdBalance
from codesign.work.common import time_text
from codesign.work.exports import STATUS_LABELS
from codesign.work.queries import CommissionRow, RosterRow, ShiftRow
from codesign.work.roster_explain import HouseholdLine, availability_text
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_date, format_decimal
from ui.table_model import RIGHT, AnyIndex, FlatTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
Column = tuple[str, Callable[[Any], str], Callable[[Any], object]]
STATE_MARKS = {"ok": "●", "alert": "▲", "suspended": "■"}


class Formats:
    """The cooperative's locale for numbers and dates."""

    def __init__(self, locale: str = "es_EC") -> None:
        self.locale = locale

    def hours(self, minutes: int) -> str:
        """Minutes as hours with one decimal, the locale's way."""
        return format_decimal(round(minutes / 60, 1) + 0.0, self.locale, places=1)

    def date(self, value: Any) -> str:
        """A short date."""
        return format_date(value, self.locale, "short") if value else ""


FMT = Formats()  # the open cooperative's locale, set by the page


class ColumnsModel(FlatTableModel):
    """A flat table whose columns are (title, text, sort key) functions of a record."""

    COLUMNS: tuple[Column, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.TITLES = tuple(title for title, _text, _key in cls.COLUMNS)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.formats = Formats()
        self._records: tuple[Any, ...] = ()
        self._search: dict[int, str] = {}

    def set_records(self, records: Sequence[Any], formats: Formats | None = None) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._records = tuple(records)
        self._search = {}
        if formats is not None:
            self.formats = formats
        self.endResetModel()

    def records(self) -> tuple[Any, ...]:
        """The records shown, in source order."""
        return self._records

    def record(self, row: int) -> Any:
        """The record at source ``row``."""
        return self._records[row]

    def row_of(self, record_id: uuid.UUID) -> int | None:
        """The source row of the record with ``record_id``."""
        for row, record in enumerate(self._records):
            if record_id in (getattr(record, "id", None), getattr(record, "household", None)):
                return row
        return None

    def search_text(self, row: int) -> str:
        """Every cell of ``row``, for the search filter (made on first use)."""
        found = self._search.get(row)
        if found is None:
            record = self._records[row]
            found = self._search[row] = search_key(
                " ".join(text(record) for _t, text, _k in self.COLUMNS)
            )
        return found

    def text(self, row: int, column: int) -> str:
        """What a cell says."""
        return self.COLUMNS[column][1](self._records[row])

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: cell text, sort key, record id and alignment."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, column)
        if role == SORT_ROLE:
            return self.COLUMNS[column][2](self._records[row])
        if role == ID_ROLE:
            return getattr(self._records[row], "id", None)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        return None


class WordFilter(QSortFilterProxyModel):
    """Sorts by the column keys; keeps rows containing every word of the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: tuple[str, ...] = ()

    def set_text(self, text: str) -> None:
        """Filter by ``text`` (case and accents do not matter)."""
        words = tuple(search_key(text).split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @override
    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Qt: every word must appear in the row."""
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, ColumnsModel)
        text = model.search_text(source_row)
        return all(word in text for word in self._words)

    def source_record(self, proxy_row: int) -> Any:
        """The record behind a row of the proxy."""
        model = self.sourceModel()
        assert isinstance(model, ColumnsModel)
        return model.record(self.mapToSource(self.index(proxy_row, 0)).row())


def _status(row: RosterRow) -> str:
    text = _(STATUS_LABELS.get(row.status, row.status))
    return f"{text}: {row.substitute}" if row.status == "substitute" and row.substitute else text


def _flags(row: RosterRow) -> str:
    marks = []
    if row.locked:
        marks.append(_("locked"))
    if row.manual:
        marks.append(_("by hand"))
    return ", ".join(marks)


def _clock(moment: Any) -> str:
    return moment.strftime("%H:%M") if moment else ""


class RosterModel(ColumnsModel):
    """Assignments: date, time, commission, household, person, status and flags."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Date"), lambda r: FMT.date(r.starts_at.date()), lambda r: r.starts_at),
        (
            N_("Time"),
            lambda r: f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M}",
            lambda r: r.starts_at.time(),
        ),
        (N_("Commission"), lambda r: r.commission, lambda r: search_key(r.commission)),
        (N_("Household"), lambda r: r.household_name, lambda r: search_key(r.household_name)),
        (N_("Person"), lambda r: r.person, lambda r: search_key(r.person)),
        (N_("Status"), _status, lambda r: r.status),
        (N_("Kept on re-run"), _flags, lambda r: (r.locked, r.manual)),
    )


class CheckInModel(ColumnsModel):
    """One day's assignments for taking attendance on site."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Time"), lambda r: f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M}", lambda r: r.starts_at),
        (N_("Commission"), lambda r: r.commission, lambda r: search_key(r.commission)),
        (N_("Person"), lambda r: r.person, lambda r: search_key(r.person)),
        (N_("Household"), lambda r: r.household_name, lambda r: search_key(r.household_name)),
        (N_("Status"), _status, lambda r: r.status),
        (N_("Check-in"), lambda r: _clock(r.check_in), lambda r: _clock(r.check_in)),
        (N_("Check-out"), lambda r: _clock(r.check_out), lambda r: _clock(r.check_out)),
        (N_("Hours"), lambda r: FMT.hours(r.minutes), lambda r: r.minutes),
    )
    RIGHT_ALIGNED = frozenset({7})


def _state(line: HouseholdBalance) -> str:
    return f"{STATE_MARKS[line.state]} {_(STATE_LABELS[line.state])}"


class BalancesModel(ColumnsModel):
    """Every household's hours in the period and its state under the statutes."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Unit"), lambda b: b.unit, lambda b: b.unit),
        (N_("Household"), lambda b: b.name, lambda b: search_key(b.name)),
        (N_("Owed"), lambda b: FMT.hours(b.owed), lambda b: b.owed),
        (N_("Worked"), lambda b: FMT.hours(b.worked), lambda b: b.worked),
        (N_("Adjusted"), lambda b: FMT.hours(b.adjusted), lambda b: b.adjusted),
        (N_("Balance"), lambda b: FMT.hours(b.balance), lambda b: b.balance),
        (N_("State"), _state, lambda b: ("ok", "alert", "suspended").index(b.state)),
    )
    RIGHT_ALIGNED = frozenset({2, 3, 4, 5})


def _planned(line: HouseholdLine) -> str:
    return "; ".join(
        f"{FMT.date(s.day)} {time_text(s.start)} {s.commission}"
        + (f" ({s.person})" if s.person else "")
        for s in line.shifts
    )


class ExplainModel(ColumnsModel):
    """Why each household got what it got: owed, kept, planned, availability and shifts."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Household"), lambda h: h.name, lambda h: search_key(h.name)),
        (N_("Owed in the period"), lambda h: FMT.hours(h.target), lambda h: h.target),
        (N_("Kept"), lambda h: FMT.hours(h.kept), lambda h: h.kept),
        (N_("Planned"), lambda h: FMT.hours(h.planned), lambda h: h.planned),
        (N_("Deviation"), lambda h: FMT.hours(h.deviation), lambda h: h.deviation),
        (
            N_("Availability"),
            lambda h: availability_text(h.windows, FMT.locale),
            lambda h: len(h.windows),
        ),
        (
            N_("Shifts"),
            lambda h: (h.note + " " if h.note else "") + _planned(h),
            lambda h: len(h.shifts),
        ),
    )
    RIGHT_ALIGNED = frozenset({1, 2, 3, 4})


class CommissionsModel(ColumnsModel):
    """Commissions with skills, members and coordinators."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Commission"), lambda c: c.name, lambda c: search_key(c.name)),
        (N_("Skills"), lambda c: c.skills, lambda c: c.skills),
        (N_("Unpopular"), lambda c: _("yes") if c.unpopular else "", lambda c: c.unpopular),
        (N_("Members"), lambda c: str(c.members), lambda c: c.members),
        (N_("Coordinators"), lambda c: ", ".join(c.coordinators), lambda c: len(c.coordinators)),
    )
    RIGHT_ALIGNED = frozenset({3})


class ShiftsModel(ColumnsModel):
    """Shifts with their places needed and filled."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Date"), lambda s: FMT.date(s.starts_at.date()), lambda s: s.starts_at),
        (
            N_("Time"),
            lambda s: f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}",
            lambda s: s.starts_at.time(),
        ),
        (N_("Commission"), lambda s: s.commission, lambda s: search_key(s.commission)),
        (N_("Place"), lambda s: s.place, lambda s: search_key(s.place)),
        (N_("Skills"), lambda s: s.skills, lambda s: s.skills),
        (N_("Needed"), lambda s: str(s.needed), lambda s: s.needed),
        (N_("Assigned"), lambda s: str(s.assigned), lambda s: s.assigned),
    )
    RIGHT_ALIGNED = frozenset({5, 6})


def set_formats(formats: Formats) -> None:
    """Use the cooperative's locale in every work table."""
    FMT.locale = formats.locale


__all__ = [
    "BalancesModel",
    "CheckInModel",
    "CommissionRow",
    "CommissionsModel",
    "ExplainModel",
    "Formats",
    "RosterModel",
    "ShiftRow",
    "ShiftsModel",
    "WordFilter",
    "set_formats",
]
