"""Qt table models over the people services' immutable records, a search proxy, CSV export.

The models never query: the page hands them the tuples ``list_people`` and
``list_households`` return. Sort keys and search text are computed once per
refresh, so sorting and typing in the search field stay fast with thousands
of rows.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from typing_extensions import override

from codesign.auth import role_label
from codesign.errors import UnreadableFile
from codesign.people.records import HouseholdRecord, PersonRecord
from codesign.people.validate import search_key
from i18n import N_, current_language
from i18n import gettext as _
from i18n.formatting import babel_locale, format_date, uses_decimal_comma
from models.tables import ROLE_NAMES
from ui.table_model import RIGHT, AnyIndex, FlatTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

R = TypeVar("R", PersonRecord, HouseholdRecord)
Column = tuple[str, Callable[[Any], str], Callable[[Any], object]]


def roles_text(roles: Sequence[str]) -> str:
    """Roles in the reader's language, comma-joined; offices first, "member" last."""
    ordered = sorted(
        roles, key=lambda r: (r == "member", ROLE_NAMES.index(r) if r in ROLE_NAMES else 99)
    )
    return ", ".join(_(role_label(r)) for r in ordered)


def _text_key(text: str) -> str:
    return search_key(text)


def qt_date_format() -> str:
    """The reader's short date pattern (from Babel, like every date we show) for Qt editors."""
    pattern = babel_locale(current_language()).date_formats["short"].pattern
    return re.sub("y+", "yyyy", pattern)


def period_text(start: dt.date, end: dt.date | None) -> str:
    """A role's period in the reader's language: "since 3 Mar 2024" or "3 Mar 2024 – 2 Mar 2026"."""
    language = current_language()
    if end is None:
        return _("since {start}").format(start=format_date(start, language))
    return _("{start} – {end}").format(
        start=format_date(start, language), end=format_date(end, language)
    )


class RecordTableModel(FlatTableModel, Generic[R]):
    """A read-only table over a tuple of records; subclasses list the columns."""

    COLUMNS: tuple[Column, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.TITLES = tuple(label for label, _text, _key in cls.COLUMNS)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[R, ...] = ()
        self._keys: list[tuple[object, ...]] = []
        self._rows: dict[uuid.UUID, int] = {}

    def set_records(self, records: Sequence[R]) -> None:
        """Show ``records``; same rows in the same order only repaint, so selection stays."""
        records = tuple(records)
        same_rows = len(records) == len(self._records) and all(
            a.id == b.id for a, b in zip(records, self._records, strict=True)
        )
        if same_rows:
            self._records = records
            self.retranslate()
            return
        self.beginResetModel()
        self._records = records
        self._index()
        self.endResetModel()

    def _index(self) -> None:
        self._keys = [tuple(key(r) for _label, _text, key in self.COLUMNS) for r in self._records]
        self._rows = {r.id: i for i, r in enumerate(self._records)}

    def retranslate(self) -> None:
        """Repaint texts and titles in the current language (roles, dates, headers)."""
        self._index()
        self.repaint()

    def records(self) -> tuple[R, ...]:
        """Every record shown, in source order."""
        return self._records

    def record(self, row: int) -> R:
        """The record at source ``row``."""
        return self._records[row]

    def row_of(self, record_id: uuid.UUID) -> int | None:
        """The source row of the record with ``record_id``, if shown."""
        return self._rows.get(record_id)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: display text, a sort key (numbers stay numbers) and the record id."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.COLUMNS[column][1](self._records[row])
        if role == SORT_ROLE:
            return self._keys[row][column]
        if role == ID_ROLE:
            return self._records[row].id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        return None


def _joined(record: HouseholdRecord) -> str:
    return format_date(record.joined_on, current_language()) if record.joined_on else ""


class PeopleTableModel(RecordTableModel[PersonRecord]):
    """People: name, household, roles, phone, email (private columns arrive blank if hidden)."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Name"), lambda r: r.name, lambda r: _text_key(r.name)),
        (N_("Household"), lambda r: r.household, lambda r: _text_key(r.household)),
        (N_("Roles"), lambda r: roles_text(r.roles), lambda r: _text_key(roles_text(r.roles))),
        (N_("Phone"), lambda r: r.phone, lambda r: r.phone),
        (N_("Email"), lambda r: r.email, lambda r: r.email.casefold()),
    )

    def _index(self) -> None:
        super()._index()
        self._search = [
            _text_key("\n".join((r.name, r.household, r.phone, r.email)))
            + "\n"
            + "".join(c for c in r.phone if c.isdigit())
            for r in self._records
        ]

    def search_text(self, row: int) -> str:
        """What the search field matches for ``row``: name, household, phone and email."""
        return self._search[row]


class HouseholdsTableModel(RecordTableModel[HouseholdRecord]):
    """Households: name, unit, members (a number) and the date they joined."""

    COLUMNS: tuple[Column, ...] = (
        (N_("Name"), lambda r: r.name, lambda r: _text_key(r.name)),
        (N_("Unit"), lambda r: r.unit, lambda r: _text_key(r.unit)),
        (N_("Members"), lambda r: str(r.members), lambda r: r.members),
        (N_("Joined"), _joined, lambda r: r.joined_on.toordinal() if r.joined_on else 0),
    )
    RIGHT_ALIGNED = frozenset({2})


class SortProxy(QSortFilterProxyModel):
    """Sorts by the models' sort keys, so numbers sort as numbers and accents do not matter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


class PeopleFilter(SortProxy):
    """Accent- and case-insensitive search over name, household, phone and email, plus filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._role: str | None = None
        self._household: uuid.UUID | None = None

    def _change(self, update: Callable[[], None]) -> None:
        self.beginFilterChange()
        update()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Show people whose fields contain every word of ``text``."""
        words = tuple(search_key(text).split())
        if words != self._words:
            self._change(lambda: setattr(self, "_words", words))

    def set_role(self, role: str | None) -> None:
        """Show only people holding ``role`` today (None: everyone)."""
        if role != self._role:
            self._change(lambda: setattr(self, "_role", role))

    def set_household(self, household: uuid.UUID | None) -> None:
        """Show only members of ``household`` (None: every household)."""
        if household != self._household:
            self._change(lambda: setattr(self, "_household", household))

    @override
    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Qt: whether the person matches the search, role and household."""
        model = self.sourceModel()
        if not isinstance(model, PeopleTableModel):
            return True
        record = model.record(source_row)
        if self._household is not None and record.household_id != self._household:
            return False
        if self._role is not None and self._role not in record.roles:
            return False
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)


def visible_table(model: QAbstractItemModel) -> tuple[list[str], list[list[str]]]:
    """The header titles and the display text of every row a (proxy) model shows, in order."""
    columns = range(model.columnCount())
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    rows = [
        [str(model.data(model.index(r, c)) or "") for c in columns] for r in range(model.rowCount())
    ]
    return headers, rows


def export_table_csv(model: QAbstractItemModel, path: Path, locale: str) -> int:
    """Write the rows ``model`` shows as CSV; `;` and a BOM where decimals use commas.

    Spreadsheets in decimal-comma locales split fields on `;` and need the
    BOM to read UTF-8. Returns the number of rows written.
    """
    headers, rows = visible_table(model)
    comma = uses_decimal_comma(locale)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8-sig" if comma else "utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";" if comma else ",", lineterminator="\r\n")
            writer.writerow(headers)
            writer.writerows(rows)
        tmp.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UnreadableFile(
            _("cannot write the file: {reason}").format(reason=error.strerror or error), path=path
        ) from None
    return len(rows)
