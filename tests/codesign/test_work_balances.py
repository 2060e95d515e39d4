"""Hours owed, worked and balances; exemptions, adjustments, the bank and states."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from codesign.errors import BadInput, NotPermitted
from codesign.people.service import add_person, set_passphrase
from codesign.work.attendance import Mark, assign_manually, mark_attendance
from codesign.work.balances import balances
from codesign.work.obligations import (
    add_adjustment,
    add_exemption,
    add_hours_rule,
    carry_forward,
    offset_balance,
)
from codesign.work.owed import Rule, owed_minutes
from codesign.workspace import Workspace
from models.tables import Change
from tests.codesign.work_setup import MONDAY, commission, day, family, shift, weekly_hours

WEEK = dt.timedelta(days=7)


def test_weekly_and_monthly_rules_owe_by_day() -> None:
    """Two weeks of a 20 h rule owe 40 h; a 30 h monthly rule owes half for half of April."""
    week = Rule(20 * 60, "week", dt.date(2026, 1, 1), None)
    assert owed_minutes([week], dt.date(2026, 3, 2), dt.date(2026, 3, 15)) == 40 * 60
    month = Rule(30 * 60, "month", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert owed_minutes([month], dt.date(2026, 4, 1), dt.date(2026, 4, 15)) == 15 * 60
    assert owed_minutes([month], dt.date(2026, 4, 1), dt.date(2026, 5, 31)) == 60 * 60


def test_exemption_removes_its_days_once_even_when_exemptions_overlap() -> None:
    """Overlapping exemptions are merged: a fortnight off of four weeks owes two weeks."""
    week = Rule(10 * 60, "week", dt.date(2026, 1, 1), None)
    spans = [
        (dt.date(2026, 3, 9), dt.date(2026, 3, 15)),
        (dt.date(2026, 3, 12), dt.date(2026, 3, 22)),
    ]
    assert owed_minutes([week], dt.date(2026, 3, 2), dt.date(2026, 3, 29), spans) == 20 * 60


def _worked(coop: Workspace, who, shift_id, status: str = "present", **kw) -> None:  # type: ignore[no-untyped-def]
    _r, row = assign_manually(coop, shift_id, who.household, who.person)
    mark_attendance(coop, row, Mark(status, **kw))


def test_balance_counts_present_and_substitute_not_absent(coop: Workspace) -> None:
    """Present and substitute minutes count; absent and excused do not; check-in/out win."""
    weekly_hours(coop, 4, since=MONDAY)
    rosa, juan = (
        family(coop, "Familia Lema", joined=MONDAY),
        family(coop, "Familia Peña", joined=MONDAY),
    )
    comm = commission(coop)
    d = day(coop)
    s1, s2, s3 = (
        shift(coop, d, comm, a, b)
        for a, b in (("08:00", "12:00"), ("13:00", "17:00"), ("08:00", "10:00"))
    )
    _worked(
        coop,
        rosa,
        s1,
        check_in=dt.datetime(2026, 3, 2, 8, 0),
        check_out=dt.datetime(2026, 3, 2, 11, 30),
    )
    _worked(coop, rosa, s2, "substitute", substitute_name="Vecino")
    _worked(coop, juan, s3, "absent")
    lines = {b.name: b for b in balances(coop, MONDAY, MONDAY + WEEK - dt.timedelta(days=1))}
    assert lines["Familia Lema"].worked == 210 + 240
    assert lines["Familia Lema"].owed == 240
    assert lines["Familia Peña"].worked == 0
    assert lines["Familia Peña"].balance == -240


def test_correction_is_a_journaled_update(coop: Workspace) -> None:
    """Marking absent then present is two journaled updates; the balance follows the last."""
    weekly_hours(coop, 2, since=MONDAY)
    rosa = family(coop, "Familia Lema", joined=MONDAY)
    s = shift(coop, day(coop), commission(coop), "08:00", "10:00")
    _r, row = assign_manually(coop, s, rosa.household, rosa.person)
    mark_attendance(coop, row, Mark("absent"))
    mark_attendance(coop, row, Mark("present"))
    with coop.session() as session:
        updates = session.scalar(
            select(func.count()).where(
                Change.entity == "assignment", Change.row_id == row, Change.op == "update"
            )
        )
    assert updates == 2
    assert balances(coop, MONDAY, MONDAY + dt.timedelta(days=6))[0].worked == 120


def test_exempt_household_owes_nothing_in_its_exemption(coop: Workspace) -> None:
    """An approved exemption for the whole week clears what the week owes."""
    weekly_hours(coop, 20, since=MONDAY)
    rosa = family(coop, "Familia Lema", joined=MONDAY)
    add_exemption(
        coop,
        rosa.household,
        from_date=MONDAY,
        to_date=MONDAY + dt.timedelta(days=6),
        reason="embarazo",
    )
    line = balances(coop, MONDAY, MONDAY + dt.timedelta(days=6))[0]
    assert line.owed == 0
    assert line.state == "ok"


def test_states_follow_the_statute_thresholds(coop: Workspace) -> None:
    """Owing more than 20 h is an alert and more than 80 h suspends (the default statutes)."""
    add_hours_rule(coop, hours=10, period="week", from_date=MONDAY)
    ok, alert, suspended = (family(coop, n, joined=MONDAY) for n in ("A", "B", "C"))
    end = MONDAY + 3 * WEEK - dt.timedelta(days=1)  # 30 h owed
    add_adjustment(coop, ok.household, minutes=15 * 60, on_date=MONDAY, reason="obra previa")
    lines = {b.name: b for b in balances(coop, MONDAY, end)}
    assert lines["A"].state == "ok"  # owes 15 h
    assert lines["B"].state == "alert"  # owes 30 h
    end = MONDAY + 9 * WEEK - dt.timedelta(days=1)  # 90 h owed
    assert balances(coop, MONDAY, end, household=suspended.household)[0].state == "suspended"
    del alert


def test_offset_clears_the_balance(coop: Workspace) -> None:
    """An offsetting adjustment brings the balance on that date to exactly zero."""
    weekly_hours(coop, 7, since=MONDAY)
    rosa = family(coop, "Familia Lema", joined=MONDAY)
    on = MONDAY + dt.timedelta(days=9)
    _r, minutes = offset_balance(coop, rosa.household, on_date=on, reason="acuerdo de asamblea")
    assert minutes == 10 * 60
    assert balances(coop, end=on, household=rosa.household)[0].balance == 0
    with pytest.raises(BadInput):
        offset_balance(coop, rosa.household, on_date=on, reason="otra vez")


def test_hours_bank_carries_extra_hours_up_to_the_limit(coop: Workspace) -> None:
    """Extra hours move to the next day (at most the bank limit); the running balance stays."""
    weekly_hours(coop, 0, since=MONDAY)
    rosa = family(coop, "Familia Lema", joined=MONDAY)
    add_adjustment(coop, rosa.household, minutes=50 * 60, on_date=MONDAY, reason="obra")
    end = MONDAY + dt.timedelta(days=6)
    before = balances(coop, end=end + WEEK)[0].balance
    _r, carried = carry_forward(coop, start=MONDAY, end=end)
    assert carried == 1
    assert balances(coop, MONDAY, end)[0].balance == 10 * 60
    assert balances(coop, end + dt.timedelta(days=1), end + WEEK)[0].balance == 40 * 60
    assert balances(coop, end=end + WEEK)[0].balance == before
    with pytest.raises(BadInput):
        carry_forward(coop, start=MONDAY, end=end)  # a period goes to the bank once


def test_member_may_not_plan_work(coop: Workspace) -> None:
    """Once a coordinator has a passphrase, a plain member is refused (exit 77)."""
    _r, boss = add_person(coop, name="Coordinadora", roles=("member", "coordinator"))
    _r, member = add_person(coop, name="Socio", roles=("member",))
    set_passphrase(coop, boss.person, "clave")
    coop.actor = member.person
    with pytest.raises(NotPermitted) as caught:
        commission(coop)
    assert caught.value.exit_code == 77
    coop.actor = boss.person
    commission(coop)
