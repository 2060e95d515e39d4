"""The roster: fairness on instances solved by hand, locks and hand edits, infeasible shifts."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select

from codesign.work.attendance import (
    Mark,
    assign_manually,
    mark_attendance,
    set_locked,
    unassign,
)
from codesign.work.roster import plan_roster
from codesign.work.roster_problem import check
from codesign.workspace import Workspace
from models.work import Assignment
from tests.codesign.work_setup import (
    MONDAY,
    available,
    commission,
    day,
    family,
    shift,
    skilled,
    weekly_hours,
)


def on(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def live(ws: Workspace) -> list[Assignment]:
    with ws.session() as session:
        return list(session.scalars(select(Assignment).where(Assignment.deleted.is_(False))))


def test_fair_roster_reaches_the_optimum_worked_out_by_hand(coop: Workspace) -> None:
    """4+4+2+2 h of shifts for three households owing 4 h: the best plan leaves nobody off.

    By hand: one household takes each 4 h shift, the third takes both 2 h
    shifts (on different days), so the largest deviation is 0 h.
    """
    weekly_hours(coop, 4, since=MONDAY)
    for name in ("Familia Andrade", "Familia Borja", "Familia Cando"):
        family(coop, name)
    comm = commission(coop)
    shift(coop, day(coop, on(0)), comm, "08:00", "10:00")
    shift(coop, day(coop, on(1)), comm, "08:00", "12:00")
    shift(coop, day(coop, on(2)), comm, "08:00", "10:00")
    shift(coop, day(coop, on(3)), comm, "08:00", "12:00")
    result = plan_roster(coop, MONDAY, 1, time_limit=5)
    assert result.max_deviation == 0
    assert result.greedy_deviation <= 60
    assert result.unfilled == ()
    assert {line.planned for line in result.households} == {240}
    assert len(live(coop)) == 4


def test_unpopular_shifts_are_spread_once_deviation_is_best(coop: Workspace) -> None:
    """Two households owing 4 h, four 2 h shifts of which two are cleaning: one cleaning each."""
    weekly_hours(coop, 4, since=MONDAY)
    family(coop, "Familia Andrade")
    family(coop, "Familia Borja")
    cleaning = commission(coop, "Limpieza", unpopular=True)
    gardens = commission(coop, "Huertos")
    shift(coop, day(coop, on(0)), cleaning, "08:00", "10:00")
    shift(coop, day(coop, on(1)), cleaning, "08:00", "10:00")
    shift(coop, day(coop, on(2)), gardens, "08:00", "10:00")
    shift(coop, day(coop, on(3)), gardens, "08:00", "10:00")
    result = plan_roster(coop, MONDAY, 1, time_limit=5)
    assert result.max_deviation == 0
    cleaning_count = [
        sum(1 for s in line.shifts if s.commission == "Limpieza") for line in result.households
    ]
    assert cleaning_count == [1, 1]


def test_availability_and_one_shift_per_person_per_day(coop: Workspace) -> None:
    """A one-adult household free only on Monday mornings gets at most the Monday morning shift."""
    weekly_hours(coop, 8, since=MONDAY)
    busy = family(coop, "Familia Andrade")
    available(coop, busy, 0, 7 * 60, 12 * 60)
    family(coop, "Familia Borja")
    comm = commission(coop)
    monday = day(coop, on(0))
    shift(coop, monday, comm, "08:00", "12:00")
    shift(coop, monday, comm, "13:00", "17:00")
    shift(coop, day(coop, on(2)), comm, "08:00", "12:00")
    result = plan_roster(coop, MONDAY, 1, time_limit=5)
    lines = {line.name: line for line in result.households}
    andrade = lines["Familia Andrade"].shifts
    assert [(s.day, s.start) for s in andrade] == [(on(0), 8 * 60)]
    borja = lines["Familia Borja"].shifts
    assert len({s.day for s in borja}) == len(borja)  # never two on one day


def test_locks_and_hand_changes_survive_a_rerun(coop: Workspace) -> None:
    """A locked assignment and one added by hand are still there, unchanged, after re-planning."""
    weekly_hours(coop, 4, since=MONDAY)
    a, b, c = (family(coop, n) for n in ("Familia Andrade", "Familia Borja", "Familia Cando"))
    comm = commission(coop)
    s1 = shift(coop, day(coop, on(0)), comm, "08:00", "12:00")
    s2 = shift(coop, day(coop, on(1)), comm, "08:00", "12:00")
    shift(coop, day(coop, on(2)), comm, "08:00", "12:00")
    plan_roster(coop, MONDAY, 1, time_limit=2)
    first = {x.shift_id: x for x in live(coop)}
    locked = first[s1]
    set_locked(coop, locked.id, True)  # type: ignore[arg-type]
    taken = {locked.household_id, first[s2].household_id}
    manual_household = next(f for f in (a, b, c) if f.household not in taken)
    for row in live(coop):
        if row.shift_id == s2:
            unassign(coop, row.id)  # type: ignore[arg-type]
    _r, manual = assign_manually(coop, s2, manual_household.household, manual_household.person)
    result = plan_roster(coop, MONDAY, 1, time_limit=2)
    after = {x.id: x for x in live(coop)}
    assert locked.id in after and after[locked.id].household_id == locked.household_id
    assert manual in after and after[manual].household_id == manual_household.household
    assert len(after) == 3
    assert result.max_deviation == 0


def test_infeasible_shift_is_reported_the_rest_is_filled(coop: Workspace) -> None:
    """Nobody can weld: that shift is named as unfilled with the reason; the others are filled.

    Attendance already marked in the window is left exactly as it was.
    """
    weekly_hours(coop, 8, since=MONDAY)
    a = family(coop, "Familia Andrade")
    b = family(coop, "Familia Borja")
    comm = commission(coop)
    skilled(coop, comm, a, "albañilería")
    welding = shift(coop, day(coop, on(0)), comm, "08:00", "12:00", needed=2, skills="soldadura")
    masonry = shift(coop, day(coop, on(1)), comm, "08:00", "12:00", skills="albañilería")
    plain = shift(coop, day(coop, on(2)), comm, "08:00", "12:00")
    marked_shift = shift(coop, day(coop, on(3)), comm, "08:00", "12:00")
    _r, marked = assign_manually(coop, marked_shift, b.household, b.person)
    mark_attendance(coop, marked, Mark("absent"))
    result = plan_roster(coop, MONDAY, 1, time_limit=2)
    assert [(u.shift, u.missing) for u in result.unfilled] == [(welding, 2)]
    assert "soldadura" in result.unfilled[0].reason
    rows = live(coop)
    by_shift = {r.shift_id: r for r in rows}
    assert by_shift[masonry].household_id == a.household
    assert plain in by_shift
    assert by_shift[marked_shift].status == "absent"
    assert by_shift[marked_shift].id == marked


def test_cancel_before_the_search_keeps_the_greedy_roster(coop: Workspace) -> None:
    """A cancelled search still writes a valid roster: the greedy one."""
    weekly_hours(coop, 4, since=MONDAY)
    family(coop, "Familia Andrade")
    shift(coop, day(coop, on(0)), commission(coop), "08:00", "12:00")
    stop = threading.Event()
    stop.set()
    result = plan_roster(coop, MONDAY, 1, cancel=stop)
    assert result.status == "greedy"
    assert result.assigned == 1


def test_solutions_respect_every_constraint(coop: Workspace) -> None:
    """The solver's roster passes the independent constraint check."""
    from codesign.work.roster import solve
    from codesign.work.roster_load import load_window
    from codesign.work.roster_problem import build_problem

    weekly_hours(coop, 6, since=MONDAY)
    people = [family(coop, f"Familia {n}") for n in "ABCDE"]
    comm = commission(coop)
    skilled(coop, comm, people[0], "electricidad")
    for offset in range(5):
        d = day(coop, on(offset))
        shift(coop, d, comm, "08:00", "11:00", needed=2)
        shift(
            coop, d, comm, "14:00", "17:00", needed=2, skills="electricidad" if offset == 2 else ""
        )
    loaded = load_window(coop, MONDAY, 1)
    problem = build_problem(loaded.shifts, loaded.candidates)
    first, best, _status = solve(problem, time_limit=3)
    assert check(problem, first) == []
    assert check(problem, best) == []
    assert best.max_deviation(problem) <= first.max_deviation(problem)


def test_schedule_shift_reuses_the_days_work_day(coop: Workspace) -> None:
    """Two shifts on one date and place share one work day; a backwards shift is refused."""
    import pytest

    from codesign.errors import BadInput
    from codesign.work.planning import schedule_shift
    from models.work import Shift, WorkDay

    comm = commission(coop)
    for start, end in (("08:00", "12:00"), ("13:00", "17:00")):
        schedule_shift(
            coop,
            date=on(5),
            place="Obra",
            commission=comm,
            start=dt.time.fromisoformat(start),
            end=dt.time.fromisoformat(end),
        )
    with pytest.raises(BadInput):
        schedule_shift(
            coop,
            date=on(5),
            place="Obra",
            commission=comm,
            start=dt.time(12),
            end=dt.time(8),
        )
    with coop.session() as session:
        assert len(session.scalars(select(WorkDay.id)).all()) == 1
        assert len(session.scalars(select(Shift.id)).all()) == 2


def test_more_places_than_hours_owed_is_spread_and_proven_best(coop: Workspace) -> None:
    """Two households owing 2 h, two 4 h shifts to fill: 2 h over each is best, and proven.

    By hand: every place must be filled (8 h for 4 h owed), so at least one
    household is 2 h over; one shift each reaches exactly that.
    """
    weekly_hours(coop, 2, since=MONDAY)
    family(coop, "Familia Andrade")
    family(coop, "Familia Borja")
    comm = commission(coop)
    shift(coop, day(coop, on(0)), comm, "08:00", "12:00")
    shift(coop, day(coop, on(1)), comm, "08:00", "12:00")
    result = plan_roster(coop, MONDAY, 1, time_limit=5)
    assert result.max_deviation == 120
    assert result.bound == 120
    assert result.status == "optimal"
    assert [line.planned for line in result.households] == [240, 240]


def test_ortools_is_imported_only_when_a_roster_is_improved() -> None:
    """Loading the work services, the CLI and the page's models does not import ortools (0.5 s)."""
    import subprocess
    import sys

    code = (
        "import sys, codesign.work.roster, codesign.cli.work, codesign.work.report;"
        "sys.exit('ortools' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_gaps_below_the_largest_are_narrowed_too(coop: Workspace) -> None:
    """One household can never work (4 h short); the other two still get 4 h each, not 8 and 0.

    By hand: the largest deviation is 4 h whatever happens, so every roster
    ties on it; the fair one gives each available household one shift.
    """
    weekly_hours(coop, 4, since=MONDAY)
    away = family(coop, "Familia Andrade")
    available(coop, away, 6, 20 * 60, 21 * 60)  # Sunday evenings only: no shift fits
    family(coop, "Familia Borja")
    family(coop, "Familia Cando")
    comm = commission(coop)
    shift(coop, day(coop, on(0)), comm, "08:00", "12:00")
    shift(coop, day(coop, on(1)), comm, "08:00", "12:00")
    result = plan_roster(coop, MONDAY, 1, time_limit=3)
    planned = {line.name: line.planned for line in result.households}
    assert planned == {"Familia Andrade": 0, "Familia Borja": 240, "Familia Cando": 240}
    assert result.max_deviation == 240
