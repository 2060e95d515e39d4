"""Planning the roster of a window: greedy at once, CP-SAT to improve, then one write.

Only planned, unlocked, automatic assignments are replaced; the diff keeps
rows that stay the same, so a re-run journals only what moved. Shifts that
cannot be filled are reported with the reason, and everything else is filled.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass

from codesign.auth import Action, require
from codesign.journal.writer import WriteResult
from codesign.work.roster_cpsat import Progress, improve
from codesign.work.roster_explain import HouseholdLine, Unfilled, explain, unfilled_shifts
from codesign.work.roster_greedy import greedy
from codesign.work.roster_load import Loaded, load_window
from codesign.work.roster_problem import (
    Problem,
    Solution,
    build_problem,
    score_bound,
    unfilled_bound,
)
from codesign.workspace import Workspace
from i18n import gettext as _


@dataclass(frozen=True, slots=True)
class RosterResult:
    """What a planning run did and why: counts, unfilled shifts, each household's line."""

    start: dt.date
    end: dt.date
    shifts: int
    assigned: int
    unfilled: tuple[Unfilled, ...]
    max_deviation: int  # minutes
    greedy_deviation: int
    bound: int
    status: str  # greedy | optimal | feasible | cancelled | unknown
    seconds: float
    households: tuple[HouseholdLine, ...]
    write: WriteResult | None


def solve(
    problem: Problem,
    *,
    use_solver: bool = True,
    time_limit: float = 10.0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[Solution, Solution, str]:
    """The greedy roster, the best one found, and how the search ended."""
    first = greedy(problem)
    if not use_solver or not any(problem.eligible) or (cancel is not None and cancel.is_set()):
        return first, first, "greedy"
    outcome = improve(problem, first, time_limit=time_limit, progress=progress, cancel=cancel)
    return first, outcome.solution, outcome.status


def _people(problem: Problem, solution: Solution) -> dict[tuple[int, int], uuid.UUID | None]:
    """A person for each (household, shift): different people on one day, with the skills."""
    by_day: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for s, picked in enumerate(solution.chosen):
        for h in picked:
            by_day[h, problem.shifts[s].day].append(s)
    out: dict[tuple[int, int], uuid.UUID | None] = {}
    load: dict[uuid.UUID, int] = defaultdict(int)
    for (h, _day), shifts in by_day.items():
        household = problem.households[h]
        used: set[uuid.UUID] = set()
        for s in sorted(shifts, key=lambda s: len(household.skilled(problem.shifts[s]))):
            free = [w for w in household.skilled(problem.shifts[s]) if w.id not in used]
            if not free:
                out[h, s] = None
                continue
            pick = min(free, key=lambda w: (len(w.skills), load[w.id]))
            used.add(pick.id)
            load[pick.id] += problem.shifts[s].minutes
            out[h, s] = pick.id
    return out


def plan_roster(
    ws: Workspace,
    start: dt.date,
    weeks: int,
    *,
    use_solver: bool = True,
    time_limit: float = 10.0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    write: bool = True,
) -> RosterResult:
    """Plan ``weeks`` weeks from ``start``; keep locked, manual and marked assignments."""
    require(ws, Action.PLAN_WORK)
    began = time.perf_counter()
    loaded = load_window(ws, start, weeks)
    problem = build_problem(loaded.shifts, loaded.candidates)
    first, best, status = solve(
        problem, use_solver=use_solver, time_limit=time_limit, progress=progress, cancel=cancel
    )
    people = _people(problem, best)
    wanted: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None]] = []
    for s, picked in enumerate(best.chosen):
        for h in picked:
            person = people[h, s]
            if person is not None:
                wanted.append((problem.shifts[s].id, problem.households[h].id, person))
    result = _write(ws, loaded, wanted) if write else None
    assigned = len(wanted) + sum(1 for e in loaded.existing if e.kept)
    return RosterResult(
        start=loaded.start,
        end=loaded.end,
        shifts=len(loaded.shifts),
        assigned=assigned,
        unfilled=unfilled_shifts(problem, best, people),
        max_deviation=best.max_deviation(problem),
        greedy_deviation=first.max_deviation(problem),
        bound=score_bound(
            problem, filled_best=best.filled() == problem.total_needed - unfilled_bound(problem)
        )[1],
        status=status,
        seconds=time.perf_counter() - began,
        households=explain(problem, best, people, loaded),
        write=result,
    )


def _write(
    ws: Workspace, loaded: Loaded, wanted: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None]]
) -> WriteResult:
    """Replace the automatic planned assignments by ``wanted``; untouched rows stay."""
    replaceable = {(e.shift, e.household, e.person): e.id for e in loaded.existing if not e.kept}
    keep = set(wanted)
    with ws.write(_("Plan roster")) as w:
        for key, row in replaceable.items():
            if key not in keep:
                w.remove("assignment", row)
        w.insert_many(
            "assignment",
            [
                {"shift_id": shift, "household_id": household, "person_id": person}
                for shift, household, person in wanted
                if (shift, household, person) not in replaceable
            ],
        )
    return w.result()
