"""Hours balances per household and period: owed, worked, adjusted, and the state.

One GROUP BY over the assignments and one over the adjustments; what is
owed comes from the few hours rules and exemptions, so the whole cooperative
is balanced in one pass however many years of attendance it holds.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codesign.work.common import WorkStatutes, work_statutes
from codesign.work.owed import Rule, owed_minutes
from codesign.workspace import Workspace
from i18n import N_
from models.tables import Cooperative, Household
from models.work import WORKED_STATUSES, Assignment, Exemption, HoursAdjustment, HoursRule, Shift

STATES = ("ok", "alert", "suspended")
STATE_LABELS = {"ok": N_("ok"), "alert": N_("alert"), "suspended": N_("suspended")}


@dataclass(frozen=True, slots=True)
class HouseholdBalance:
    """A household's hours in a period, in minutes; ``balance`` < 0 means hours owed."""

    household: uuid.UUID
    name: str
    unit: str
    owed: int
    worked: int
    adjusted: int
    state: str

    @property
    def balance(self) -> int:
        """Worked plus adjustments less owed."""
        return self.worked + self.adjusted - self.owed


def state_of(balance: int, statutes: WorkStatutes) -> str:
    """ok → alert → suspended as the hours owed pass the statutes' thresholds."""
    owing = -balance
    if owing > statutes.suspended_after_minutes:
        return "suspended"
    if owing > statutes.alert_after_minutes:
        return "alert"
    return "ok"


def load_rules(session: Session, statutes: WorkStatutes) -> tuple[Rule, ...]:
    """The hours rules; without any, the statutes' weekly hours since the cooperative began."""
    rows = session.execute(
        select(
            HoursRule.minutes,
            HoursRule.period,
            HoursRule.from_date,
            HoursRule.to_date,
            HoursRule.phase,
        ).where(HoursRule.deleted.is_(False))
    ).all()
    if rows:
        return tuple(Rule(m, p, a, b, phase) for m, p, a, b, phase in rows)
    founded = session.scalar(select(Cooperative.created_on).limit(1)) or dt.date.today()
    return (Rule(statutes.minutes_per_week, "week", founded, None),)


def load_exemptions(
    session: Session, household: uuid.UUID | None = None
) -> dict[uuid.UUID, list[tuple[dt.date, dt.date]]]:
    """Each household's exemptions as date spans."""
    query = select(Exemption.household_id, Exemption.from_date, Exemption.to_date).where(
        Exemption.deleted.is_(False)
    )
    if household is not None:
        query = query.where(Exemption.household_id == household)
    found: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for owner, lo, hi in session.execute(query):
        found[owner].append((lo, hi))
    return found


def worked_minutes(session: Session, start: dt.date | None, end: dt.date) -> dict[uuid.UUID, int]:
    """Minutes credited per household for shifts from ``start`` to ``end``."""
    query = (
        select(Assignment.household_id, func.sum(Assignment.minutes))
        .where(Assignment.deleted.is_(False), Assignment.status.in_(WORKED_STATUSES))
        .group_by(Assignment.household_id)
    )
    # Attendance is only marked for shifts that began, so up to today needs no join.
    if start is not None or end < dt.date.today():
        query = query.join(Shift, Shift.id == Assignment.shift_id).where(
            Shift.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
        )
        if start is not None:
            query = query.where(Shift.starts_at >= dt.datetime.combine(start, dt.time()))
    return {h: int(m or 0) for h, m in session.execute(query)}


def adjusted_minutes(session: Session, start: dt.date | None, end: dt.date) -> dict[uuid.UUID, int]:
    """Adjustment minutes per household dated from ``start`` to ``end``."""
    query = (
        select(HoursAdjustment.household_id, func.sum(HoursAdjustment.minutes))
        .where(HoursAdjustment.deleted.is_(False), HoursAdjustment.on_date <= end)
        .group_by(HoursAdjustment.household_id)
    )
    if start is not None:
        query = query.where(HoursAdjustment.on_date >= start)
    return {h: int(m or 0) for h, m in session.execute(query)}


def balances(
    ws: Workspace,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    household: uuid.UUID | None = None,
) -> tuple[HouseholdBalance, ...]:
    """Every live household's hours from ``start`` (the beginning) to ``end`` (today)."""
    statutes = work_statutes(ws)
    end = end or dt.date.today()
    with ws.session() as session:
        rules = load_rules(session, statutes)
        first = min(rule.start for rule in rules)
        exemptions = load_exemptions(session, household)
        worked = worked_minutes(session, start, end)
        adjusted = adjusted_minutes(session, start, end)
        query = select(Household.id, Household.name, Household.unit, Household.joined_on).where(
            Household.deleted.is_(False)
        )
        if household is not None:
            query = query.where(Household.id == household)
        people = session.execute(query.order_by(Household.name, Household.id)).all()
    out = []
    for owner, name, unit, joined in people:
        begins = max(d for d in (start, joined, first) if d is not None)
        owed = owed_minutes(rules, begins, end, exemptions.get(owner, ()))
        done = worked.get(owner, 0)
        extra = adjusted.get(owner, 0)
        out.append(
            HouseholdBalance(
                owner, name, unit, owed, done, extra, state_of(done + extra - owed, statutes)
            )
        )
    return tuple(out)
