"""The fast roster: scarce shifts first, each place to the household furthest below its hours.

Then a short repair pass moves single places from the most-served to the
least-served household while that lowers the largest deviation. It is the
answer shown at once and the hint CP-SAT starts from.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict

from codesign.work.roster_problem import Problem, Solution

REPAIR_ROUNDS = 5000
REPAIR_SECONDS = 0.5  # the repair's share of the fast first answer


class _State:
    """Running totals while places are handed out."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.minutes = [h.kept for h in problem.households]
        self.unpopular = [0] * len(problem.households)
        self.per_day: dict[tuple[int, dt.date], int] = defaultdict(int)
        self.per_skill: dict[tuple[int, dt.date, str], int] = defaultdict(int)
        self.chosen: list[list[int]] = [[] for _ in problem.shifts]

    def fits(self, h: int, s: int) -> bool:
        slot = self.problem.shifts[s]
        if self.per_day[h, slot.day] >= self.problem.day_caps[h, slot.day]:
            return False
        return all(
            self.per_skill[h, slot.day, k] < self.problem.skill_caps[h, slot.day, k]
            for k in slot.skills
        )

    def take(self, h: int, s: int, sign: int = 1) -> None:
        slot = self.problem.shifts[s]
        self.minutes[h] += sign * slot.minutes
        self.unpopular[h] += sign * int(slot.unpopular)
        self.per_day[h, slot.day] += sign
        for k in slot.skills:
            self.per_skill[h, slot.day, k] += sign
        if sign > 0:
            self.chosen[s].append(h)
        else:
            self.chosen[s].remove(h)

    def deficit(self, h: int) -> int:
        return self.problem.households[h].target - self.minutes[h]


def greedy(problem: Problem) -> Solution:
    """A valid roster that fills what it can and keeps deviations small."""
    state = _State(problem)
    order = sorted(
        range(len(problem.shifts)),
        key=lambda s: (
            len(problem.eligible[s]) / max(1, problem.shifts[s].needed),
            problem.shifts[s].day,
            problem.shifts[s].start,
        ),
    )
    for s in order:
        slot = problem.shifts[s]
        # Households that still need the whole shift first; among them the fewest
        # unpopular shifts so far (for an unpopular one), then the furthest behind.
        ranked = sorted(
            problem.eligible[s],
            key=lambda h: (
                state.deficit(h) < slot.minutes,
                state.unpopular[h] if slot.unpopular else 0,
                -state.deficit(h),
                h,
            ),
        )
        for h in ranked:
            if len(state.chosen[s]) >= slot.needed:
                break
            if state.fits(h, s):
                state.take(h, s)
    _repair(state)
    return Solution(tuple(tuple(sorted(c)) for c in state.chosen))


def _repair(state: _State, seconds: float = REPAIR_SECONDS) -> None:
    """Move single places between households while that narrows the gaps.

    A move must leave both households closer to their hours than the worse
    of the two was, so the largest deviation never grows; the furthest
    households are tried first, then the next ones (a leximin repair).
    """
    problem = state.problem
    holders: dict[int, list[int]] = defaultdict(list)  # household → shifts it holds
    for s, picked in enumerate(state.chosen):
        for h in picked:
            holders[h].append(s)
    fits_of: dict[int, list[int]] = defaultdict(list)  # household → shifts it fits
    for s, fits in enumerate(problem.eligible):
        for h in fits:
            fits_of[h].append(s)
    stuck: set[int] = set()  # households no move helps (until something changes)
    deadline = time.perf_counter() + seconds
    for _round in range(REPAIR_ROUNDS):
        devs = [abs(state.deficit(h)) for h in range(len(problem.households))]
        order = sorted(
            (h for h in range(len(devs)) if devs[h] and h not in stuck), key=lambda h: -devs[h]
        )
        moved = False
        for h in order:
            if _improve(state, h, devs[h], holders, fits_of):
                moved = True
                stuck.clear()
                break
            stuck.add(h)
        if not moved or time.perf_counter() > deadline:
            return


def _improve(
    state: _State,
    worst: int,
    worst_dev: int,
    holders: dict[int, list[int]],
    fits_of: dict[int, list[int]],
) -> bool:
    """One move that lowers ``worst``'s deviation without making anyone as bad."""
    problem = state.problem
    short = state.deficit(worst) > 0
    if short:  # give ``worst`` a place some other household holds
        for s in sorted(fits_of[worst], key=lambda s: -problem.shifts[s].minutes):
            if worst in state.chosen[s] or not state.fits(worst, s):
                continue
            m = problem.shifts[s].minutes
            if abs(state.deficit(worst) - m) >= worst_dev:
                continue
            if len(state.chosen[s]) < problem.shifts[s].needed:
                state.take(worst, s)
                holders[worst].append(s)
                return True
            for g in sorted(state.chosen[s], key=state.deficit):
                if abs(state.deficit(g) + m) < worst_dev:
                    state.take(g, s, -1)
                    state.take(worst, s)
                    holders[g].remove(s)
                    holders[worst].append(s)
                    return True
        return False
    for s in list(holders[worst]):  # ``worst`` has too much: hand a place on
        m = problem.shifts[s].minutes
        if abs(state.deficit(worst) + m) >= worst_dev:
            continue
        for g in sorted(problem.eligible[s], key=lambda g: -state.deficit(g)):
            if g in state.chosen[s] or not state.fits(g, s):
                continue
            if abs(state.deficit(g) - m) < worst_dev:
                state.take(worst, s, -1)
                state.take(g, s)
                holders[worst].remove(s)
                holders[g].append(s)
                return True
    return False
