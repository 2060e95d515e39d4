"""Why the roster is what it is: each household's line and each unfilled shift's reason."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codesign.work.common import time_text
from codesign.work.roster_problem import Problem, Solution, TimeWindow
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import format_date

if TYPE_CHECKING:
    from codesign.work.roster_load import Loaded

MONDAY = dt.date(2024, 1, 1)


@dataclass(frozen=True, slots=True)
class PlannedShift:
    """One shift on a household's line."""

    shift: uuid.UUID
    day: dt.date
    start: int
    end: int
    commission: str
    person: str


@dataclass(frozen=True, slots=True)
class HouseholdLine:
    """A household's hours to work in the window, when it can, and what it got."""

    household: uuid.UUID
    name: str
    target: int
    kept: int
    planned: int
    windows: tuple[TimeWindow, ...]
    shifts: tuple[PlannedShift, ...]
    note: str = ""

    @property
    def deviation(self) -> int:
        """Planned (with kept) minus owed, in minutes: negative when short."""
        return self.kept + self.planned - self.target


@dataclass(frozen=True, slots=True)
class Unfilled:
    """A shift left short of people, how many are missing and why."""

    shift: uuid.UUID
    day: dt.date
    start: int
    end: int
    commission: str
    missing: int
    reason: str


def window_text(window: TimeWindow, locale: str) -> str:
    """ "sáb 08:00–13:00" or "2026-05-09 08:00–13:00"."""
    if window.on_date is not None:
        day = format_date(window.on_date, locale, "short")
    else:
        day = format_date(MONDAY + dt.timedelta(days=window.weekday or 0), locale, "EEE")
    return f"{day} {time_text(window.start)}–{time_text(window.end)}"


def availability_text(windows: tuple[TimeWindow, ...], locale: str) -> str:
    """All of a household's windows, or "any time" when it gave none."""
    if not windows:
        return _("any time (no availability given)")
    return "; ".join(window_text(w, locale) for w in windows)


def explain(
    problem: Problem,
    solution: Solution,
    people: dict[tuple[int, int], uuid.UUID | None],
    loaded: Loaded,
) -> tuple[HouseholdLine, ...]:
    """One line per household: owed, kept, planned, availability and its shifts."""
    planned: dict[int, list[PlannedShift]] = {}
    minutes = [0] * len(problem.households)
    for s, picked in enumerate(solution.chosen):
        slot = problem.shifts[s]
        for h in picked:
            person = people.get((h, s))
            if person is None:
                continue
            minutes[h] += slot.minutes
            planned.setdefault(h, []).append(
                PlannedShift(
                    slot.id,
                    slot.day,
                    slot.start,
                    slot.end,
                    slot.commission,
                    loaded.names.get(person, ""),
                )
            )
    lines = []
    for h, household in enumerate(problem.households):
        note = ""
        if household.exempt and any(
            lo <= loaded.end and hi >= loaded.start for lo, hi in household.exempt
        ):
            note = _("exempt for part of the period")
        lines.append(
            HouseholdLine(
                household.id,
                household.name,
                household.target,
                household.kept,
                minutes[h],
                household.windows,
                tuple(planned.get(h, ())),
                note,
            )
        )
    for owner, name, target in loaded.idle:
        lines.append(
            HouseholdLine(owner, name, target, 0, 0, (), (), _("nobody of working age to plan"))
        )
    return tuple(sorted(lines, key=lambda line: (line.deviation, line.name)))


def unfilled_shifts(
    problem: Problem,
    solution: Solution,
    people: dict[tuple[int, int], uuid.UUID | None],
) -> tuple[Unfilled, ...]:
    """Every shift still short of people, with the reason."""
    out = []
    for s, slot in enumerate(problem.shifts):
        placed = sum(1 for h in solution.chosen[s] if people.get((h, s)) is not None)
        missing = slot.needed - placed
        if missing <= 0:
            continue
        out.append(
            Unfilled(
                slot.id,
                slot.day,
                slot.start,
                slot.end,
                slot.commission,
                missing,
                _reason(problem, s),
            )
        )
    return tuple(out)


def _reason(problem: Problem, s: int) -> str:
    slot = problem.shifts[s]
    skills = ", ".join(sorted(slot.skills))
    skilled = [h for h in problem.households if any(slot.skills <= w.skills for w in h.workers)]
    if slot.skills and not skilled:
        return _("nobody has the skills {skills}").format(skills=skills)
    if not any(h.available(slot) for h in skilled):
        if slot.skills:
            return _("no household with the skills {skills} is available then").format(
                skills=skills
            )
        return _("no household is available then")
    fits = len(problem.eligible[s])
    if fits < slot.needed:
        return ngettext(
            "only {count} household can work it; {needed} are needed",
            "only {count} households can work it; {needed} are needed",
            fits,
        ).format(count=fits, needed=slot.needed)
    return _("the households that can work it already work another shift that day")
