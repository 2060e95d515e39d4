"""Participatory budgeting: households spread points (or approvals) over options.

Results rank options by points; they are funded in that order while the
round's budget lasts (an option that does not fit is skipped, a cheaper one
further down may still fit).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.decisions import PB_METHODS, PbBallot, PbOption, PbRound
from models.tables import Household


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """A budgeting round as lists show it."""

    id: uuid.UUID
    title: str
    method: str
    points_per_household: int
    budget: int
    held_on: dt.date
    households: int


@dataclass(frozen=True, slots=True)
class OptionResult:
    """One option's total, how many households backed it, and whether the budget funds it."""

    id: uuid.UUID
    title: str
    cost: int
    points: int
    households: int
    funded: bool


def create_round(
    ws: Workspace,
    *,
    title: str,
    options: Sequence[tuple[str, int]],
    held_on: dt.date,
    budget: int,
    method: str = "points",
    points_per_household: int = 10,
    assembly: uuid.UUID | None = None,
) -> tuple[WriteResult, uuid.UUID]:
    """Open a round with its options, each ``(title, cost in minor units)``."""
    require(ws, Action.RUN_VOTES)
    if method not in PB_METHODS:
        raise BadInput(_("a budgeting round uses points or approvals"), path=ws.label)
    if not title.strip() or len(options) < 2:
        raise BadInput(_("a budgeting round needs a title and at least two options"), path=ws.label)
    if budget < 0 or any(cost < 0 for _t, cost in options) or points_per_household < 1:
        raise BadInput(_("budget, costs and points cannot be negative"), path=ws.label)
    with ws.write(_("Open a budgeting round")) as w:
        round_id = w.insert(
            "pb_round",
            {
                "title": title.strip(),
                "method": method,
                "points_per_household": points_per_household if method == "points" else 1,
                "budget": budget,
                "held_on": held_on,
                "assembly_id": assembly,
            },
        )
        w.insert_many(
            "pb_option",
            [{"round_id": round_id, "title": t.strip(), "cost": c} for t, c in options],
        )
    return w.result(), round_id


def options_of(ws: Workspace, round_id: uuid.UUID) -> tuple[tuple[uuid.UUID, str, int], ...]:
    """The round's options: id, title, cost."""
    with ws.session() as session:
        return tuple(
            session.execute(
                select(PbOption.id, PbOption.title, PbOption.cost)
                .where(PbOption.round_id == round_id, PbOption.deleted.is_(False))
                .order_by(PbOption.title)
            ).tuples()
        )


def cast_ballot(
    ws: Workspace, round_id: uuid.UUID, household: uuid.UUID, allocation: Mapping[uuid.UUID, int]
) -> WriteResult:
    """One household's points (or approvals, 1 each) over the round's options."""
    require(ws, Action.RUN_VOTES)
    with ws.write(_("Record a budgeting ballot")) as w:
        found = w.session.get(PbRound, round_id)
        if found is None or found.deleted:
            raise NotFound(_("no budgeting round {ref}").format(ref=round_id), path=ws.label)
        home = w.session.get(Household, household)
        if home is None:
            raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)
        valid = set(w.session.scalars(select(PbOption.id).where(PbOption.round_id == round_id)))
        if not set(allocation) <= valid:
            raise BadInput(_("the ballot names an option of another round"), path=ws.label)
        points = {k: int(v) for k, v in allocation.items() if int(v)}
        if any(v < 0 for v in points.values()):
            raise BadInput(_("points cannot be negative"), path=ws.label)
        if found.method == "approval" and any(v != 1 for v in points.values()):
            raise BadInput(_("an approval ballot gives each option 1 or nothing"), path=ws.label)
        if sum(points.values()) > found.points_per_household and found.method == "points":
            raise BadInput(
                _("{household} gives {given} points; each household has {limit}").format(
                    household=home.name,
                    given=sum(points.values()),
                    limit=found.points_per_household,
                ),
                path=ws.label,
            )
        already = w.session.scalar(
            select(func.count()).where(
                PbBallot.round_id == round_id, PbBallot.household_id == household
            )
        )
        if already:
            raise BadInput(
                _("{household} has already voted").format(household=home.name), path=ws.label
            )
        w.insert_many(
            "pb_ballot",
            [
                {"round_id": round_id, "option_id": o, "household_id": household, "points": p}
                for o, p in points.items()
            ],
        )
    return w.result()


def fund(
    results: Sequence[tuple[uuid.UUID, str, int, int, int]], budget: int
) -> tuple[OptionResult, ...]:
    """Rank by points (ties: cheaper first) and fund in order while the money lasts."""
    ranked = sorted(results, key=lambda r: (-r[3], r[2], r[1]))
    left = budget
    out = []
    for oid, title, cost, points, households in ranked:
        funded = points > 0 and cost <= left
        if funded:
            left -= cost
        out.append(OptionResult(oid, title, cost, points, households, funded))
    return tuple(out)


def round_results(ws: Workspace, round_id: uuid.UUID) -> tuple[OptionResult, ...]:
    """Every option of the round, ranked, with whether the budget funds it."""
    with ws.session() as session:
        found = session.get(PbRound, round_id)
        if found is None:
            raise NotFound(_("no budgeting round {ref}").format(ref=round_id), path=ws.label)
        rows = session.execute(
            select(
                PbOption.id,
                PbOption.title,
                PbOption.cost,
                func.coalesce(func.sum(PbBallot.points), 0),
                func.count(func.distinct(PbBallot.household_id)),
            )
            .outerjoin(PbBallot, PbBallot.option_id == PbOption.id)
            .where(PbOption.round_id == round_id, PbOption.deleted.is_(False))
            .group_by(PbOption.id, PbOption.title, PbOption.cost)
        ).tuples()
        budget = found.budget
        return fund([(a, b, int(c), int(d), int(e)) for a, b, c, d, e in rows], budget)


def list_rounds(ws: Workspace) -> tuple[RoundRecord, ...]:
    """Budgeting rounds newest first, with how many households voted."""
    voters = (
        select(PbBallot.round_id, func.count(func.distinct(PbBallot.household_id)).label("n"))
        .group_by(PbBallot.round_id)
        .subquery()
    )
    with ws.session() as session:
        rows = session.execute(
            select(
                PbRound.id,
                PbRound.title,
                PbRound.method,
                PbRound.points_per_household,
                PbRound.budget,
                PbRound.held_on,
                func.coalesce(voters.c.n, 0),
            )
            .outerjoin(voters, voters.c.round_id == PbRound.id)
            .where(PbRound.deleted.is_(False))
            .order_by(PbRound.held_on.desc())
        ).tuples()
        return tuple(RoundRecord(*row) for row in rows)


def results_chart(results: Sequence[OptionResult], locale: str) -> bytes:
    """Horizontal bars of points per option; funded ones green (PNG)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from codesign.reports.charts import DPI, GREEN, GREY
    from i18n.formatting import format_number

    figure = Figure(figsize=(7.0, 0.9 + 0.32 * max(len(results), 1)), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    ys = list(range(len(results)))[::-1]
    axes.barh(
        ys,
        [r.points for r in results],
        color=[GREEN if r.funded else GREY for r in results],
        height=0.7,
    )
    axes.set_yticks(ys, [r.title[:40] for r in results], fontsize=7)
    for y, r in zip(ys, results, strict=True):
        axes.text(r.points, y, " " + format_number(r.points, locale), va="center", fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel(_("Points"), fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
