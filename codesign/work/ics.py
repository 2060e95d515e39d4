"""iCalendar (RFC 5545) text for the roster, written by hand: a few properties, folded lines.

UIDs come from the assignment (per household) or the shift (per commission),
so exporting again and re-importing on a phone updates events, never
duplicates them. Times are floating local times: the work happens where
the cooperative is, whatever the phone's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from codesign.work.queries import RosterRow
from i18n import gettext as _

PRODID = "-//Minga//Mingas roster//ES"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> Iterator[str]:
    """A content line cut into pieces of at most 75 octets (continuations start with a space)."""
    data = line.encode()
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        yield data[:cut].decode()
        data = b" " + data[cut:]
        limit = 75
    yield data.decode()


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _event(uid: str, start: dt.datetime, end: dt.datetime, summary: str, **extra: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(end)}",
        f"SUMMARY:{escape(summary)}",
    ]
    lines += [f"{key.upper()}:{escape(value)}" for key, value in extra.items() if value]
    lines.append("END:VEVENT")
    return lines


def calendar(name: str, events: Iterable[list[str]]) -> str:
    """A VCALENDAR around ``events``, CRLF line ends, folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in fold(line))


def household_events(rows: Iterable[RosterRow]) -> Iterator[list[str]]:
    """One event per assignment: the household's own calendar."""
    for row in rows:
        yield _event(
            f"assignment-{row.id}@minga",
            row.starts_at,
            row.ends_at,
            _("Minga: {commission}").format(commission=row.commission),
            location=row.place,
            description=_("{person} for {household}").format(
                person=row.person or row.household_name, household=row.household_name
            ),
        )


def shift_events(rows: Iterable[RosterRow]) -> Iterator[list[str]]:
    """One event per shift listing who works it: a commission's calendar."""
    by_shift: dict[object, list[RosterRow]] = defaultdict(list)
    for row in rows:
        by_shift[row.shift].append(row)
    for shift, group in by_shift.items():
        first = group[0]
        people = "\n".join(
            f"{r.person or '—'} ({r.household_name})" for r in sorted(group, key=lambda r: r.person)
        )
        yield _event(
            f"shift-{shift}@minga",
            first.starts_at,
            first.ends_at,
            _("Minga: {commission}").format(commission=first.commission),
            location=first.place,
            description=people,
        )
