"""What the work services share: typed ids, statutes, skills, times of day and hours."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NewType

from codesign.cooperative import DEFAULT_STATUTES, cooperative_info
from codesign.workspace import Workspace
from i18n.formatting import decimal_to_minor

CommissionId = NewType("CommissionId", uuid.UUID)
WorkDayId = NewType("WorkDayId", uuid.UUID)
ShiftId = NewType("ShiftId", uuid.UUID)
AssignmentId = NewType("AssignmentId", uuid.UUID)

_TIME = re.compile(r"^\s*(\d{1,2})[:h.](\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class WorkStatutes:
    """The statutes' rules for work: what is owed, the state thresholds and the fine."""

    minutes_per_week: int
    alert_after_minutes: int
    suspended_after_minutes: int
    bank_max_minutes: int
    fine_per_hour: int  # minor units of the cooperative's currency
    currency: str
    locale: str


def _hours(value: object, fallback: object) -> int:
    """Statute hours (a number or a decimal string) as minutes."""
    try:
        return round(Decimal(str(value)) * 60)
    except (InvalidOperation, ValueError):
        return round(Decimal(str(fallback)) * 60)


def work_statutes(ws: Workspace) -> WorkStatutes:
    """The cooperative's work rules; older files get the defaults for missing ones."""
    info = cooperative_info(ws)
    statutes = {**DEFAULT_STATUTES, **info.statutes}

    def minutes(key: str) -> int:
        return _hours(statutes[key], DEFAULT_STATUTES[key])

    try:
        fine = decimal_to_minor(Decimal(str(statutes["fine_per_missed_hour"])), info.currency)
    except (InvalidOperation, ValueError):
        fine = decimal_to_minor(Decimal(DEFAULT_STATUTES["fine_per_missed_hour"]), info.currency)
    return WorkStatutes(
        minutes_per_week=minutes("hours_owed_per_week"),
        alert_after_minutes=minutes("hours_alert_after"),
        suspended_after_minutes=minutes("hours_suspended_after"),
        bank_max_minutes=minutes("hours_bank_max"),
        fine_per_hour=fine,
        currency=info.currency,
        locale=info.locale,
    )


def split_skills(text: str) -> tuple[str, ...]:
    """Skills written "albañilería, electricidad" as a sorted tuple of lower-case names."""
    return tuple(sorted({s.strip().lower() for s in re.split(r"[,;|]", text) if s.strip()}))


def join_skills(skills: tuple[str, ...] | list[str] | str) -> str:
    """Skills as they are stored: lower-case, comma-separated, sorted."""
    if isinstance(skills, str):
        skills = split_skills(skills)
    return ", ".join(sorted({s.strip().lower() for s in skills if s.strip()}))


def parse_time(text: str) -> int | None:
    """ "08:30" (or 8h30, 8.30) as minutes after midnight; "24:00" ends a day; None if bad."""
    found = _TIME.match(text)
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return None
    return hour * 60 + minute


def time_text(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def minute_of(moment: dt.datetime) -> int:
    """The minutes after midnight of ``moment``."""
    return moment.hour * 60 + moment.minute


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (for JSON and tables)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
