"""When households can work: by weekday or by date, between two times; CSV import.

The import is all or nothing: every row is checked first, each problem names
the file and the row, and only a file without problems is written (after a
backup of the cooperative file).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput
from codesign.journal.writer import WriteResult
from codesign.people.csv_import import _header, _read_text, _records, _sniff, guess_columns
from codesign.people.validate import search_key
from codesign.work.common import parse_time
from codesign.workspace import Workspace
from i18n import gettext as _
from models.backup import backup_file
from models.tables import Household
from models.work import Availability

FIELDS = ("household", "weekday", "date", "from", "to")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "household": ("household", "hogar", "familia", "family", "unidad", "unit", "casa", "llar"),
    "weekday": ("weekday", "day", "dia", "dia de la semana", "dia da semana"),
    "date": ("date", "fecha", "data"),
    "from": ("from", "desde", "de", "start", "inicio", "entrada"),
    "to": ("to", "hasta", "ate", "fins", "end", "fin", "salida"),
}
WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("monday", "mon", "lunes", "lun", "segunda", "seg", "dilluns", "dl", "1"),
        ("tuesday", "tue", "martes", "mar", "terca", "ter", "dimarts", "dt", "2"),
        ("wednesday", "wed", "miercoles", "mie", "quarta", "qua", "dimecres", "dc", "3"),
        ("thursday", "thu", "jueves", "jue", "quinta", "qui", "dijous", "dj", "4"),
        ("friday", "fri", "viernes", "vie", "sexta", "sex", "divendres", "dv", "5"),
        ("saturday", "sat", "sabado", "sab", "sab", "dissabte", "ds", "6"),
        ("sunday", "sun", "domingo", "dom", "diumenge", "dg", "7"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _index


@dataclass(frozen=True, slots=True)
class Window:
    """A household's time to work: on ``weekday`` (0 = Monday) or ``on_date``."""

    household: uuid.UUID
    weekday: int | None
    on_date: dt.date | None
    from_minute: int
    to_minute: int


def _window_row(window: Window) -> dict[str, object]:
    return {
        "household_id": window.household,
        "weekday": window.weekday,
        "on_date": window.on_date,
        "from_minute": window.from_minute,
        "to_minute": window.to_minute,
    }


def _check_window(ws: Workspace, window: Window) -> None:
    if (window.weekday is None) == (window.on_date is None):
        raise BadInput(_("give either a weekday or a date"), path=ws.label)
    if not 0 <= window.from_minute < window.to_minute <= 24 * 60:
        raise BadInput(_("the time to must be after the time from"), path=ws.label)


def add_availability(ws: Workspace, windows: Sequence[Window]) -> WriteResult:
    """Record when households can work."""
    require(ws, Action.PLAN_WORK)
    for window in windows:
        _check_window(ws, window)
    with ws.write(_("Add availability")) as w:
        w.insert_many("availability", [_window_row(x) for x in windows])
    return w.result()


def _households(ws: Workspace) -> dict[str, list[uuid.UUID]]:
    """Live households by id, by name and by unit (accent- and case-insensitive)."""
    index: dict[str, list[uuid.UUID]] = {}
    with ws.session() as session:
        rows = session.execute(
            select(Household.id, Household.name, Household.unit).where(Household.deleted.is_(False))
        ).all()
    for row_id, name, unit in rows:
        for key in {str(row_id), search_key(name), search_key(unit) if unit else ""} - {""}:
            index.setdefault(key, []).append(row_id)
    return index


def _cell(values: Mapping[str, str], key: str) -> str:
    return values.get(key, "").strip()


def _parse(
    path: Path, number: int, values: Mapping[str, str], index: Mapping[str, list[uuid.UUID]]
) -> Window:
    """One CSV row as a window; BadInput naming the file, the row and the reason."""

    def bad(message: str) -> BadInput:
        return BadInput(message, path=path, row=number)

    ref = _cell(values, "household")
    found = index.get(search_key(ref), []) if ref else []
    if not found:
        raise bad(_("unknown household {ref}").format(ref=ref or "—"))
    if len(set(found)) > 1:
        raise bad(_("more than one household matches {ref}; use the id").format(ref=ref))
    day_text, date_text = _cell(values, "weekday"), _cell(values, "date")
    weekday, on_date = None, None
    if date_text:
        try:
            on_date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise bad(_("not a date: {text}; use YYYY-MM-DD").format(text=date_text)) from None
    elif day_text:
        weekday = WEEKDAYS.get(search_key(day_text).rstrip("."))
        if weekday is None:
            raise bad(_("not a weekday: {text}").format(text=day_text))
    else:
        raise bad(_("give either a weekday or a date"))
    start, end = parse_time(_cell(values, "from")), parse_time(_cell(values, "to"))
    for text, parsed in ((_cell(values, "from"), start), (_cell(values, "to"), end)):
        if parsed is None:
            raise bad(_("impossible time {text}; use HH:MM such as 08:30").format(text=text or "—"))
    assert start is not None and end is not None
    if end <= start:
        raise bad(_("the time to must be after the time from"))
    return Window(found[0], weekday, on_date, start, end)


def read_availability_csv(
    ws: Workspace, path: Path
) -> tuple[tuple[Window, ...], tuple[BadInput, ...]]:
    """The windows a CSV file holds and an error for every row that cannot be read."""
    path = Path(path)
    text, _used = _read_text(path, "utf-8")
    records = _records(path, text, _sniff(text))
    header_row, headers = _header(path, records)
    mapping = guess_columns(headers, SYNONYMS, FIELDS)
    missing = [f for f in ("household", "from", "to") if f not in mapping]
    if missing or ("weekday" not in mapping and "date" not in mapping):
        raise BadInput(
            _("the file needs the columns household, weekday or date, from and to"),
            path=path,
            row=header_row,
        )
    position = {field: headers.index(column) for field, column in mapping.items()}
    index = _households(ws)
    windows: list[Window] = []
    errors: list[BadInput] = []
    for number, cells in records:
        if not any(cells):
            continue
        values = {f: cells[i] if i < len(cells) else "" for f, i in position.items()}
        try:
            windows.append(_parse(path, number, values, index))
        except BadInput as error:
            errors.append(error)
    return tuple(windows), tuple(errors)


def import_availability(
    ws: Workspace, path: Path, *, replace: bool = True
) -> tuple[WriteResult | None, tuple[BadInput, ...]]:
    """Import a CSV of availability: all rows or, when any row is wrong, none.

    With ``replace`` the households named in the file lose their earlier
    availability, so importing a corrected file does not add duplicates.
    """
    require(ws, Action.PLAN_WORK)
    windows, errors = read_availability_csv(ws, path)
    if errors:
        return None, errors
    if not windows:
        return None, (BadInput(_("the file has no rows"), path=path),)
    if ws.path is not None:
        backup_file(ws.path, "before-availability-import")

    named = {w.household for w in windows}
    with ws.write(_("Import availability")) as w:
        if replace:
            old = w.session.scalars(
                select(Availability.id).where(
                    Availability.household_id.in_(named), Availability.deleted.is_(False)
                )
            ).all()
            for row in old:
                w.remove("availability", row)
        w.insert_many("availability", [_window_row(x) for x in windows])
    return w.result(), ()
