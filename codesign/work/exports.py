"""Roster exports: iCalendar per household or commission, CSV, and the PDF roster.

Files are written beside the target and renamed onto it only when complete,
as the ledger exports do.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from codesign.cooperative import cooperative_info
from codesign.files import replacing
from codesign.work import ics
from codesign.work.common import hours
from codesign.work.queries import roster_rows
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from i18n.formatting import csv_delimiter, format_decimal, uses_decimal_comma

EXPORTERS = {".ics": "ics", ".csv": "csv", ".pdf": "pdf"}
STATUS_LABELS = {
    "planned": N_("planned"),
    "present": N_("present"),
    "absent": N_("absent"),
    "excused": N_("excused"),
    "substitute": N_("substitute"),
}
CSV_COLUMNS = (
    N_("Date"),
    N_("Start"),
    N_("End"),
    N_("Commission"),
    N_("Place"),
    N_("Household"),
    N_("Person"),
    N_("Status"),
    N_("Substitute"),
    N_("Check-in"),
    N_("Check-out"),
    N_("Hours"),
    N_("Locked"),
    N_("Manual"),
)


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote."""

    path: Path
    format: str
    rows: int


def default_span(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """From today for eight weeks, unless told otherwise."""
    first = start or dt.date.today()
    return first, end or first + dt.timedelta(days=8 * 7 - 1)


def export_ics(
    ws: Workspace,
    path: Path,
    start: dt.date,
    end: dt.date,
    *,
    household: uuid.UUID | None = None,
    commission: uuid.UUID | None = None,
) -> Exported:
    """A household's assignments, or a commission's (or every) shift, as a calendar."""
    rows = roster_rows(ws, start, end, household=household, commission=commission)
    name = cooperative_info(ws).name
    if household is not None:
        shown = rows[0].household_name if rows else name
        text = ics.calendar(_("Mingas — {name}").format(name=shown), ics.household_events(rows))
    else:
        label = rows[0].commission if rows and commission is not None else name
        text = ics.calendar(_("Mingas — {name}").format(name=label), ics.shift_events(rows))
    with replacing(path) as temporary:
        temporary.write_bytes(text.encode())
    return Exported(path, "ics", len(rows))


def export_csv(
    ws: Workspace,
    path: Path,
    start: dt.date,
    end: dt.date,
    *,
    household: uuid.UUID | None = None,
    commission: uuid.UUID | None = None,
) -> Exported:
    """One row per assignment; ``;`` and a BOM where the locale writes decimal commas."""
    locale = cooperative_info(ws).locale
    rows = roster_rows(ws, start, end, household=household, commission=commission)
    encoding = "utf-8-sig" if uses_decimal_comma(locale) else "utf-8"
    yes, no = _("yes"), _("no")

    def clock(moment: dt.datetime | None) -> str:
        return moment.strftime("%H:%M") if moment else ""

    with replacing(path) as temporary, temporary.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=csv_delimiter(locale))
        writer.writerow([_(c) for c in CSV_COLUMNS])
        writer.writerows(
            (
                r.starts_at.date().isoformat(),
                r.starts_at.strftime("%H:%M"),
                r.ends_at.strftime("%H:%M"),
                r.commission,
                r.place,
                r.household_name,
                r.person,
                _(STATUS_LABELS.get(r.status, r.status)),
                r.substitute,
                clock(r.check_in),
                clock(r.check_out),
                format_decimal(hours(r.minutes), locale, places=2, grouping=False),
                yes if r.locked else no,
                yes if r.manual else no,
            )
            for r in rows
        )
    return Exported(path, "csv", len(rows))


def export(
    ws: Workspace,
    path: Path,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    household: uuid.UUID | None = None,
    commission: uuid.UUID | None = None,
) -> Exported:
    """Export by the file's suffix (.ics, .csv or .pdf)."""
    kind = EXPORTERS.get(path.suffix.lower())
    if kind is None:
        raise KeyError(path.suffix)
    first, last = default_span(start, end)
    if kind == "ics":
        return export_ics(ws, path, first, last, household=household, commission=commission)
    if kind == "csv":
        return export_csv(ws, path, first, last, household=household, commission=commission)
    from codesign.work.report import roster_pdf

    return roster_pdf(ws, path, first, last, household=household, commission=commission)
