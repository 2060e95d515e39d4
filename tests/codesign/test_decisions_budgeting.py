"""Participatory budgeting: points and approvals, the limits, ranking and funding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from codesign.decisions import budgeting
from codesign.errors import BadInput
from codesign.workspace import Workspace
from tests.codesign.decisions_helpers import populate


def test_points_rank_and_fund_within_budget(coop: Workspace, tmp_path: Path) -> None:
    """Options rank by points; funding skips what no longer fits and takes a cheaper one."""
    setup = populate(coop, 4)
    _r, round_id = budgeting.create_round(
        coop,
        title="Presupuesto 2026",
        options=[("Techado de la cancha", 800000), ("Huerto", 150000), ("Biblioteca", 300000)],
        held_on=dt.date(2026, 3, 15),
        budget=1000000,
    )
    options = {title: oid for oid, title, _cost in budgeting.options_of(coop, round_id)}
    cancha, huerto, biblio = (
        options["Techado de la cancha"],
        options["Huerto"],
        options["Biblioteca"],
    )
    hh = setup.households
    budgeting.cast_ballot(coop, round_id, hh[0], {cancha: 6, biblio: 4})
    budgeting.cast_ballot(coop, round_id, hh[1], {cancha: 10})
    budgeting.cast_ballot(coop, round_id, hh[2], {biblio: 5, huerto: 5})
    with pytest.raises(BadInput, match="12 puntos"):
        budgeting.cast_ballot(coop, round_id, hh[3], {cancha: 6, huerto: 6})
    with pytest.raises(BadInput, match="ya votó"):
        budgeting.cast_ballot(coop, round_id, hh[0], {huerto: 1})
    results = budgeting.round_results(coop, round_id)
    assert [(r.title, r.points, r.households, r.funded) for r in results] == [
        ("Techado de la cancha", 16, 2, True),  # 800,000 of 1,000,000
        ("Biblioteca", 9, 2, False),  # 300,000 no longer fits
        ("Huerto", 5, 1, True),  # 150,000 still does
    ]
    png = budgeting.results_chart(results, "es_EC")
    assert png.startswith(b"\x89PNG")
    (tmp_path / "pb.png").write_bytes(png)


def test_approval_ballots_give_one_point(coop: Workspace) -> None:
    """An approval ballot takes 1 per option and refuses more."""
    setup = populate(coop, 2)
    _r, round_id = budgeting.create_round(
        coop,
        title="Aprobación",
        options=[("A", 100), ("B", 100)],
        held_on=dt.date(2026, 3, 15),
        budget=100,
        method="approval",
    )
    a, b = (oid for oid, _t, _c in budgeting.options_of(coop, round_id))
    budgeting.cast_ballot(coop, round_id, setup.households[0], {a: 1, b: 1})
    with pytest.raises(BadInput, match="1 o nada"):
        budgeting.cast_ballot(coop, round_id, setup.households[1], {a: 2})
    assert sum(r.points for r in budgeting.round_results(coop, round_id)) == 2
