"""CP-SAT improves the greedy roster: fill every place it can, then the fairness objective.

The objective is lexicographic through its weights: each unfilled place
costs more than any deviation can, each minute of the largest deviation
more than any spread of unpopular shifts. The greedy answer is the hint,
the counting bound helps the solver prove it is done, and a solution
callback reports progress and stops the search when asked to.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from codesign.work.roster_problem import Problem, Solution, score_bound

# (seconds so far, best largest deviation in minutes, bound in minutes)
Progress = Callable[[float, int, int], None]


@dataclass(frozen=True, slots=True)
class SolverOutcome:
    """What CP-SAT returned: the solution, whether it is proven best, cancelled, or failed."""

    solution: Solution
    status: str  # optimal | feasible | cancelled | unknown
    seconds: float


@dataclass(slots=True)
class _Built:
    """The model and the variables the answer is read from."""

    model: Any
    x: dict[tuple[int, int], Any]
    max_dev: Any
    bound: int
    floor: int  # no objective value can be lower: reaching it proves the roster best


def _constrain(model: Any, problem: Problem, x: dict[tuple[int, int], Any]) -> list[Any]:
    """Places per shift, people per household and day, skills per day; the filled places."""
    from ortools.sat.python.cp_model import LinearExpr

    filled: list[Any] = []
    by_day: dict[tuple[int, Any], list[Any]] = defaultdict(list)
    by_skill: dict[tuple[int, Any, str], list[Any]] = defaultdict(list)
    for s, slot in enumerate(problem.shifts):
        here = [x[h, s] for h in problem.eligible[s]]
        if here:
            model.add(LinearExpr.sum(here) <= slot.needed)
            filled.extend(here)
        for h in problem.eligible[s]:
            by_day[h, slot.day].append(x[h, s])
            for skill in slot.skills:
                by_skill[h, slot.day, skill].append(x[h, s])
    for key, group in by_day.items():
        if len(group) > problem.day_caps[key]:
            model.add(LinearExpr.sum(group) <= problem.day_caps[key])
    for skill_key, group in by_skill.items():
        if len(group) > problem.skill_caps[skill_key]:
            model.add(LinearExpr.sum(group) <= problem.skill_caps[skill_key])
    return filled


def _build(problem: Problem, hint: Solution, bound: int, floor: tuple[int, int, int]) -> _Built:
    from ortools.sat.python import cp_model  # 0.5 s: only when a roster is planned
    from ortools.sat.python.cp_model import LinearExpr

    model = cp_model.CpModel()
    x = {
        (h, s): model.new_bool_var(f"x{h}_{s}")
        for s, fits in enumerate(problem.eligible)
        for h in fits
    }
    hinted = {(h, s) for s, picked in enumerate(hint.chosen) for h in picked}
    for key, var in x.items():
        model.add_hint(var, key in hinted)
    filled = _constrain(model, problem, x)
    work: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    unpopular: dict[int, list[Any]] = defaultdict(list)
    for (h, s), var in x.items():
        work[h].append((problem.shifts[s].minutes, var))
        if problem.shifts[s].unpopular:
            unpopular[h].append(var)
    top = max((h.target for h in problem.households), default=0) + sum(
        s.minutes * s.needed for s in problem.shifts
    )
    # A roster that fills as much as the hint never needs a larger deviation than it.
    hint_dev = hint.max_deviation(problem) if _score(problem, hint)[0] <= floor[0] else top
    max_dev = model.new_int_var(bound, max(bound, min(top, hint_dev)), "max_dev")
    n_unpop = sum(s.needed for s in problem.shifts if s.unpopular)
    max_unpop = model.new_int_var(0, max(0, n_unpop), "max_unpop")
    for h, household in enumerate(problem.households):
        planned = household.kept + LinearExpr.weighted_sum(
            [v for _m, v in work[h]], [m for m, _v in work[h]]
        )
        model.add(max_dev >= household.target - planned)
        model.add(max_dev >= planned - household.target)
        if unpopular[h]:
            model.add(max_unpop >= LinearExpr.sum(unpopular[h]))
    w_dev = n_unpop + 1
    w_fill = w_dev * (top + 1) + n_unpop + 1
    model.minimize(
        w_fill * (problem.total_needed - LinearExpr.sum(filled)) + w_dev * max_dev + max_unpop
    )
    unfilled_lb, _dev_lb, unpop_lb = floor
    lowest = w_fill * unfilled_lb + w_dev * bound + unpop_lb
    return _Built(model, x, max_dev, bound, lowest)


def neighbourhood(problem: Problem, hint: Solution, width: int) -> Problem:
    """Keep, per shift, the hint's households and the ``width`` × needed furthest behind.

    Tens of thousands of (household, shift) pairs would take the solver most
    of its time to read; the households that matter for the largest
    deviation are the ones furthest below their hours.
    """
    planned = hint.minutes(problem)
    behind = [h.target - m for h, m in zip(problem.households, planned, strict=True)]
    eligible = []
    for s, fits in enumerate(problem.eligible):
        keep = set(hint.chosen[s])
        room = width * max(1, problem.shifts[s].needed)
        keep.update(sorted(fits, key=lambda h: -behind[h])[:room])
        eligible.append(tuple(sorted(keep)))
    return dataclasses.replace(problem, eligible=tuple(eligible))


def improve(
    problem: Problem,
    hint: Solution,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    width: int = 4,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SolverOutcome:
    """Search from ``hint`` for a better roster within ``time_limit`` seconds."""
    from ortools.sat.python import cp_model

    began = time.perf_counter()
    floor = score_bound(problem)
    if _score(problem, hint)[0] <= floor[0]:
        floor = score_bound(problem, filled_best=True)
    if _score(problem, hint) <= floor:
        return SolverOutcome(hint, "optimal", time.perf_counter() - began)
    bound = floor[1]
    problem = neighbourhood(problem, hint, width)
    built = _build(problem, hint, bound, floor)
    solver = cp_model.CpSolver()
    # Reading the model back and stopping the workers take a little of the limit.
    remaining = time_limit - (time.perf_counter() - began)
    solver.parameters.max_time_in_seconds = max(0.05, remaining * 0.85 - 0.05)
    solver.parameters.num_workers = max(1, workers)
    callback = _callback_class()(built.max_dev, built.bound, built.floor, began, progress, cancel)
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(solver, cancel, done), daemon=True)
    watcher.start()
    try:
        status = solver.solve(built.model, callback)
    finally:
        done.set()
        watcher.join()
    cancelled = callback.cancelled or (cancel is not None and cancel.is_set())
    seconds = time.perf_counter() - began
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolverOutcome(hint, "cancelled" if cancelled else "unknown", seconds)
    chosen: list[list[int]] = [[] for _ in problem.shifts]
    for (h, s), var in built.x.items():
        if solver.boolean_value(var):
            chosen[s].append(h)
    found = Solution(tuple(tuple(sorted(c)) for c in chosen))
    if _score(problem, found) >= _score(problem, hint):
        # Not strictly better: keep the hint, whose repair also narrowed the smaller gaps.
        found = hint
    optimal = "optimal" if status == cp_model.OPTIMAL or callback.reached else "feasible"
    return SolverOutcome(found, "cancelled" if cancelled else optimal, seconds)


def _score(problem: Problem, solution: Solution) -> tuple[int, int, int]:
    unpop = solution.unpopular_counts(problem)
    return (
        problem.total_needed - solution.filled(),
        solution.max_deviation(problem),
        max(unpop, default=0),
    )


@functools.cache
def _callback_class() -> type:
    """CP-SAT's solution callback, subclassed only once ortools is imported."""
    from ortools.sat.python import cp_model

    class Callback(cp_model.CpSolverSolutionCallback):
        """Reports each better roster and stops the search once cancel is set."""

        def __init__(  # noqa: PLR0917 - built in one place, below
            self,
            max_dev: Any,
            bound: int,
            floor: int,
            began: float,
            progress: Progress | None,
            cancel: threading.Event | None,
        ) -> None:
            super().__init__()
            self.max_dev, self.bound, self.floor, self.began = max_dev, bound, floor, began
            self.progress, self.cancel = progress, cancel
            self.cancelled = self.reached = False

        def on_solution_callback(self) -> None:
            if self.progress is not None:
                elapsed = time.perf_counter() - self.began
                self.progress(elapsed, int(self.value(self.max_dev)), self.bound)
            if self.objective_value <= self.floor:
                self.reached = True
                self.stop_search()
            elif self.cancel is not None and self.cancel.is_set():
                self.cancelled = True
                self.stop_search()

    return Callback


def _watch(solver: Any, cancel: threading.Event | None, done: threading.Event) -> None:
    """Stop the search when cancel is set, even while no new solution comes."""
    if cancel is None:
        return
    while not done.wait(0.05):
        if cancel.is_set():
            solver.stop_search()
            return
