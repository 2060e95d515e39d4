"""The roster as a plain problem: shifts to fill, households with hours to work, who fits where.

No database and no solver here, so the greedy pass, CP-SAT, the tests and
the benchmark all share one description of the constraints:

* a household fits a shift when it is available then (its windows cover the
  shift; no windows means any time), is not exempt that day, and has a
  person with every skill the shift needs;
* a household sends at most one person to a shift, and each person works at
  most one shift a day: per day, a household takes no more shifts than it
  has people, nor more shifts needing a skill than people with that skill;
* each shift takes at most the people it still needs.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ShiftSlot:
    """A shift and how many more people it needs (after locked and manual assignments)."""

    id: uuid.UUID
    day: dt.date
    start: int  # minutes after midnight
    end: int
    needed: int
    skills: frozenset[str] = frozenset()
    unpopular: bool = False
    commission: str = ""

    @property
    def minutes(self) -> int:
        """How long the shift lasts."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Worker:
    """A person who can work for their household, with their skills."""

    id: uuid.UUID
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """When a household can work: a weekday (0 = Monday) or a date, from ``start`` to ``end``."""

    weekday: int | None
    on_date: dt.date | None
    start: int
    end: int

    def covers(self, slot: ShiftSlot) -> bool:
        """Whether the window holds the whole shift."""
        on_day = self.on_date == slot.day if self.on_date else self.weekday == slot.day.weekday()
        return on_day and self.start <= slot.start and slot.end <= self.end


@dataclass(frozen=True, slots=True)
class Candidate:
    """A household the roster may plan, with the minutes it should work in the period."""

    id: uuid.UUID
    name: str
    target: int
    workers: tuple[Worker, ...]
    windows: tuple[TimeWindow, ...] = ()
    exempt: tuple[tuple[dt.date, dt.date], ...] = ()
    kept: int = 0  # minutes already on the roster (locked, manual or marked)
    busy: dict[dt.date, tuple[uuid.UUID, ...]] = field(default_factory=dict)

    def available(self, slot: ShiftSlot) -> bool:
        """Free and not exempt for ``slot`` (no windows given means any time)."""
        if any(lo <= slot.day <= hi for lo, hi in self.exempt):
            return False
        return not self.windows or any(w.covers(slot) for w in self.windows)

    def skilled(self, slot: ShiftSlot) -> tuple[Worker, ...]:
        """The household's people with every skill ``slot`` needs, not busy that day."""
        busy = self.busy.get(slot.day, ())
        return tuple(w for w in self.workers if slot.skills <= w.skills and w.id not in busy)


@dataclass(frozen=True, slots=True)
class Problem:
    """Shifts, households, and which households fit each shift (indices)."""

    shifts: tuple[ShiftSlot, ...]
    households: tuple[Candidate, ...]
    eligible: tuple[tuple[int, ...], ...]  # per shift, the households that fit it
    day_caps: dict[tuple[int, dt.date], int]  # (household, day) → people free that day
    skill_caps: dict[tuple[int, dt.date, str], int]  # … with a skill

    @property
    def total_needed(self) -> int:
        """Places to fill across all shifts."""
        return sum(s.needed for s in self.shifts)


def build_problem(shifts: Sequence[ShiftSlot], households: Sequence[Candidate]) -> Problem:
    """Work out who fits each shift and each household's people per day and skill."""
    eligible: list[tuple[int, ...]] = []
    day_caps: dict[tuple[int, dt.date], int] = {}
    skill_caps: dict[tuple[int, dt.date, str], int] = {}
    for slot in shifts:
        fits = []
        for index, household in enumerate(households):
            if slot.needed <= 0 or not household.available(slot):
                continue
            if household.skilled(slot):
                fits.append(index)
                key = (index, slot.day)
                if key not in day_caps:
                    busy = household.busy.get(slot.day, ())
                    day_caps[key] = sum(1 for w in household.workers if w.id not in busy)
                for skill in slot.skills:
                    skill_key = (index, slot.day, skill)
                    if skill_key not in skill_caps:
                        busy = household.busy.get(slot.day, ())
                        skill_caps[skill_key] = sum(
                            1 for w in household.workers if skill in w.skills and w.id not in busy
                        )
        eligible.append(tuple(fits))
    return Problem(tuple(shifts), tuple(households), tuple(eligible), day_caps, skill_caps)


@dataclass(frozen=True, slots=True)
class Solution:
    """Which households work which shift: ``chosen[s]`` are household indices."""

    chosen: tuple[tuple[int, ...], ...]

    def minutes(self, problem: Problem) -> list[int]:
        """Minutes per household: what was kept plus what this solution plans."""
        out = [h.kept for h in problem.households]
        for slot, picked in zip(problem.shifts, self.chosen, strict=True):
            for h in picked:
                out[h] += slot.minutes
        return out

    def max_deviation(self, problem: Problem) -> int:
        """The largest distance, in minutes, between a household's target and its plan."""
        planned = self.minutes(problem)
        return max(
            (abs(h.target - m) for h, m in zip(problem.households, planned, strict=True)),
            default=0,
        )

    def unpopular_counts(self, problem: Problem) -> list[int]:
        """Unpopular shifts per household."""
        out = [0] * len(problem.households)
        for slot, picked in zip(problem.shifts, self.chosen, strict=True):
            if slot.unpopular:
                for h in picked:
                    out[h] += 1
        return out

    def filled(self) -> int:
        """Places this solution fills."""
        return sum(len(p) for p in self.chosen)


def check(problem: Problem, solution: Solution) -> list[str]:
    """Every broken constraint, for tests: empty when the solution is valid."""
    broken: list[str] = []
    per_day: dict[tuple[int, dt.date], int] = defaultdict(int)
    per_skill: dict[tuple[int, dt.date, str], int] = defaultdict(int)
    for s, (slot, picked) in enumerate(zip(problem.shifts, solution.chosen, strict=True)):
        if len(picked) > slot.needed:
            broken.append(f"shift {s} over-filled")
        if len(set(picked)) != len(picked):
            broken.append(f"shift {s} has a household twice")
        for h in picked:
            if h not in problem.eligible[s]:
                broken.append(f"household {h} does not fit shift {s}")
            per_day[h, slot.day] += 1
            for skill in slot.skills:
                per_skill[h, slot.day, skill] += 1
    broken += [f"{k} over its people" for k, n in per_day.items() if n > problem.day_caps[k]]
    broken += [f"{k} over its skills" for k, n in per_skill.items() if n > problem.skill_caps[k]]
    return broken


def deviation_bound(problem: Problem) -> int:
    """A lower bound on the largest deviation, from counting alone.

    No household can work more than the shifts it fits (at most its people
    per day), and all households together no more than every place; so the
    shortfall shared out evenly, or one household's own, is unavoidable.
    """
    total_target = sum(max(0, h.target - h.kept) for h in problem.households)
    supply = sum(
        s.minutes * min(s.needed, len(e))
        for s, e in zip(problem.shifts, problem.eligible, strict=True)
    )
    count = max(1, len(problem.households))
    shared = max(0, -(-(total_target - supply) // count))
    capacity = [0] * len(problem.households)
    per_day: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for s, fits in enumerate(problem.eligible):
        for h in fits:
            per_day[h, problem.shifts[s].day].append(problem.shifts[s].minutes)
    for (h, day), lengths in per_day.items():
        capacity[h] += sum(sorted(lengths, reverse=True)[: problem.day_caps[h, day]])
    own = max(
        (h.target - h.kept - c for h, c in zip(problem.households, capacity, strict=True)),
        default=0,
    )
    over = max((h.kept - h.target for h in problem.households), default=0)
    bound = max(shared, own, over, 0)
    # Every deviation is a sum of shift lengths and targets: a multiple of their gcd.
    step = math.gcd(
        *(s.minutes for s in problem.shifts), *(h.target - h.kept for h in problem.households)
    )
    return -(-bound // step) * step if step > 1 else bound


def unfilled_bound(problem: Problem) -> int:
    """Places no roster can fill: a shift needing more people than households fit it."""
    return sum(
        max(0, s.needed - len(e)) for s, e in zip(problem.shifts, problem.eligible, strict=True)
    )


def unpopular_bound(problem: Problem) -> int:
    """The fewest unpopular shifts the busiest household must take when all are filled."""
    places = 0
    households: set[int] = set()
    for slot, fits in zip(problem.shifts, problem.eligible, strict=True):
        if slot.unpopular and fits:
            places += min(slot.needed, len(fits))
            households.update(fits)
    return -(-places // len(households)) if households else 0


def over_bound(problem: Problem) -> int:
    """The least over-work of the busiest household when every shift takes all it can.

    Valid for rosters leaving only the places no roster can fill: those fill
    each shift to min(needed, households that fit), a fixed number of minutes.
    """
    supply = sum(
        s.minutes * min(s.needed, len(e))
        for s, e in zip(problem.shifts, problem.eligible, strict=True)
    )
    extra = supply + sum(h.kept - h.target for h in problem.households)
    count = max(1, len(problem.households))
    bound = max(0, -(-extra // count))
    step = math.gcd(
        *(s.minutes for s in problem.shifts), *(h.target - h.kept for h in problem.households)
    )
    return -(-bound // step) * step if step > 1 else bound


def score_bound(problem: Problem, filled_best: bool = False) -> tuple[int, int, int]:
    """A lower bound on (unfilled places, largest deviation, most unpopular shifts).

    ``filled_best``: a roster is known that leaves only the places no roster can
    fill, so the best one does too, and ``over_bound`` applies.
    """
    deviation = deviation_bound(problem)
    if filled_best:
        deviation = max(deviation, over_bound(problem))
    return unfilled_bound(problem), deviation, unpopular_bound(problem)
