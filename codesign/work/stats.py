"""Totals for the work report and charts: hours per commission and per month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import ColumnElement, String, cast, func, select

from codesign.work.balances import load_exemptions, load_rules
from codesign.work.common import work_statutes
from codesign.work.owed import owed_minutes
from codesign.workspace import Workspace
from models.tables import Household
from models.work import WORKED_STATUSES, Assignment, Commission, Shift


def _between(start: dt.date, end: dt.date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (
        Shift.starts_at >= dt.datetime.combine(start, dt.time()),
        Shift.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),
    )


def per_commission(ws: Workspace, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """(commission, minutes worked), most first."""
    lo, hi = _between(start, end)
    query = (
        select(Commission.name, func.sum(Assignment.minutes))
        .join(Shift, Shift.id == Assignment.shift_id)
        .join(Commission, Commission.id == Shift.commission_id)
        .where(Assignment.deleted.is_(False), Assignment.status.in_(WORKED_STATUSES), lo, hi)
        .group_by(Commission.name)
    )
    with ws.session() as session:
        rows = [(name, int(m or 0)) for name, m in session.execute(query)]
    return sorted(rows, key=lambda r: -r[1])


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    out, day = [], start.replace(day=1)
    while day <= end:
        out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def per_month(ws: Workspace, start: dt.date, end: dt.date) -> list[tuple[dt.date, int, int]]:
    """(month, minutes owed by all households, minutes worked) for each month."""
    lo, hi = _between(start, end)
    month = func.substr(cast(Shift.starts_at, String), 1, 7)
    query = (
        select(month, func.sum(Assignment.minutes))
        .join(Shift, Shift.id == Assignment.shift_id)
        .where(Assignment.deleted.is_(False), Assignment.status.in_(WORKED_STATUSES), lo, hi)
        .group_by(month)
    )
    statutes = work_statutes(ws)
    with ws.session() as session:
        worked = {key: int(m or 0) for key, m in session.execute(query)}
        rules = load_rules(session, statutes)
        exemptions = load_exemptions(session)
        households = session.execute(
            select(Household.id, Household.joined_on).where(Household.deleted.is_(False))
        ).all()
    owed: dict[dt.date, int] = defaultdict(int)
    months = _months(start, end)
    for first in months:
        last = min(end, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
        for owner, joined in households:
            begins = max(first, joined) if joined else first
            owed[first] += owed_minutes(rules, begins, last, exemptions.get(owner, ()))
    out = [(m, owed[m], worked.get(m.strftime("%Y-%m"), 0)) for m in months]
    if len(out) > 1 and (end - months[-1]).days < 14:
        out.pop()  # a month only begun would read as a collapse
    return out
