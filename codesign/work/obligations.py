"""Obligations under the statutes: hours rules by phase, exemptions, adjustments, the bank."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.work.balances import balances
from codesign.work.common import work_statutes
from codesign.workspace import Workspace
from i18n import gettext as _
from models.tables import Household
from models.work import ADJUSTMENT_KINDS, HOURS_PERIODS, HoursAdjustment


def add_hours_rule(
    ws: Workspace,
    *,
    hours: Decimal | int,
    period: str = "week",
    from_date: dt.date,
    to_date: dt.date | None = None,
    phase: str = "",
) -> tuple[WriteResult, uuid.UUID]:
    """Every household owes ``hours`` per ``period`` during this phase."""
    require(ws, Action.PLAN_WORK)
    if period not in HOURS_PERIODS:
        raise BadInput(_("the period must be week or month"), path=ws.label)
    if Decimal(hours) < 0:
        raise BadInput(_("hours owed cannot be negative"), path=ws.label)
    if to_date is not None and to_date < from_date:
        raise BadInput(_("the end date is before the start date"), path=ws.label)
    with ws.write(_("Add hours rule")) as w:
        new = w.insert(
            "hours_rule",
            {
                "minutes": round(Decimal(hours) * 60),
                "period": period,
                "from_date": from_date,
                "to_date": to_date,
                "phase": phase.strip(),
            },
        )
    return w.result(), new


def _check_household(ws: Workspace, household: uuid.UUID) -> None:
    with ws.session() as session:
        found = session.get(Household, household)
        if found is None or found.deleted:
            raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)


def add_exemption(
    ws: Workspace, household: uuid.UUID, *, from_date: dt.date, to_date: dt.date, reason: str
) -> tuple[WriteResult, uuid.UUID]:
    """A temporary exemption (illness, age, pregnancy); the signed-in coordinator approves it."""
    require(ws, Action.PLAN_WORK)
    if not reason.strip():
        raise BadInput(_("an exemption needs a reason"), path=ws.label)
    if to_date < from_date:
        raise BadInput(_("the end date is before the start date"), path=ws.label)
    _check_household(ws, household)
    with ws.write(_("Add exemption")) as w:
        new = w.insert(
            "exemption",
            {
                "household_id": household,
                "from_date": from_date,
                "to_date": to_date,
                "reason": reason.strip(),
                "approved_by": ws.actor,
            },
        )
    return w.result(), new


def add_adjustment(
    ws: Workspace,
    household: uuid.UUID,
    *,
    minutes: int,
    on_date: dt.date,
    kind: str = "correction",
    reason: str = "",
) -> tuple[WriteResult, uuid.UUID]:
    """Add (or, when negative, take) minutes to a household's balance."""
    require(ws, Action.PLAN_WORK)
    if kind not in ADJUSTMENT_KINDS:
        raise BadInput(_("unknown adjustment kind {kind}").format(kind=kind), path=ws.label)
    if minutes == 0:
        raise BadInput(_("an adjustment needs some hours"), path=ws.label)
    _check_household(ws, household)
    with ws.write(_("Adjust hours")) as w:
        new = w.insert(
            "hours_adjustment",
            {
                "household_id": household,
                "minutes": minutes,
                "on_date": on_date,
                "kind": kind,
                "reason": reason.strip(),
            },
        )
    return w.result(), new


def offset_balance(
    ws: Workspace, household: uuid.UUID, *, on_date: dt.date, reason: str
) -> tuple[WriteResult, int]:
    """An adjustment that brings the household's balance on ``on_date`` to zero."""
    require(ws, Action.PLAN_WORK)
    found = balances(ws, end=on_date, household=household)
    if not found:
        raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)
    balance = found[0].balance
    if balance == 0:
        raise BadInput(_("the balance is already zero"), path=ws.label)
    result, _row = add_adjustment(
        ws, household, minutes=-balance, on_date=on_date, kind="offset", reason=reason
    )
    return result, -balance


def carry_forward(ws: Workspace, *, start: dt.date, end: dt.date) -> tuple[WriteResult, int]:
    """Close a period: extra hours (up to the statutes' bank limit) move to the next day.

    Each household with extra hours gets a pair of bank adjustments, out on
    ``end`` and in on the day after, so its running balance does not change
    while the closed period's balance shows only what was carried.
    """
    require(ws, Action.PLAN_WORK)
    if end < start:
        raise BadInput(_("the end date is before the start date"), path=ws.label)
    with ws.session() as session:
        closed = session.scalar(
            select(HoursAdjustment.id)
            .where(
                HoursAdjustment.deleted.is_(False),
                HoursAdjustment.kind == "bank",
                HoursAdjustment.on_date == end,
                HoursAdjustment.minutes < 0,
            )
            .limit(1)
        )
    if closed is not None:
        raise BadInput(
            _("the hours up to {date} are already in the bank").format(date=end.isoformat()),
            path=ws.label,
        )
    limit = work_statutes(ws).bank_max_minutes
    rows = []
    reason = _("Hours bank {start} – {end}").format(start=start.isoformat(), end=end.isoformat())
    for line in balances(ws, start, end):
        extra = min(line.balance, limit)
        if extra <= 0:
            continue
        for minutes, day in ((-extra, end), (extra, end + dt.timedelta(days=1))):
            rows.append(
                {
                    "household_id": line.household,
                    "minutes": minutes,
                    "on_date": day,
                    "kind": "bank",
                    "reason": reason,
                }
            )
    with ws.write(_("Carry hours to the bank")) as w:
        w.insert_many("hours_adjustment", rows)
    return w.result(), len(rows) // 2
