"""The demo's assemblies: scaled to the cooperative, results that follow the rules, valid Popolo."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from codesign.decisions import queries, rules
from codesign.decisions.popolo import export_popolo
from codesign.demo import make_demo
from codesign.workspace import open_workspace
from models.decisions import Assembly, Decision, Motion, PbBallot, VoteEvent
from tests.codesign.test_decisions_register import popolo_validators


def test_demo_assemblies_follow_the_rules(tmp_path: Path) -> None:
    """Every demo vote's result is what the majority rule gives for its counts; Popolo validates."""
    path = tmp_path / "demo.minga"
    summary = make_demo(path, households=40, years=2, seed=4)
    assert summary["assemblies"] >= 10
    assert summary["motions"] >= 5 * (summary["assemblies"] - 1)
    ws = open_workspace(path)
    try:
        with ws.session() as session:
            rows = session.execute(
                select(
                    Motion.majority,
                    VoteEvent.yes,
                    VoteEvent.no,
                    VoteEvent.abstain,
                    VoteEvent.represented,
                    VoteEvent.result,
                ).join(VoteEvent, VoteEvent.motion_id == Motion.id)
            ).all()
            assert rows
            for majority, yes, no, abstain, represented, result in rows:
                assert yes + no + abstain <= represented
                holds = rules.rule_holds(majority, rules.Tally(yes, no, abstain), represented)
                assert result == ("passed" if holds else "failed")
            numbers = list(session.scalars(select(Decision.number).order_by(Decision.number)))
            assert numbers == list(range(1, len(numbers) + 1))
            assert session.scalar(select(func.count()).select_from(PbBallot))
            planned = session.scalar(select(func.count()).where(Assembly.status == "planned"))
            assert planned == 1
        for record in queries.list_assemblies(ws):
            detail = queries.assembly_detail(ws, record.id)
            if record.status == "closed":  # opened when its call's quorum was in the room
                assert detail.opening is not None and detail.opening.met, record
        out = export_popolo(ws, tmp_path / "demo.json")
    finally:
        ws.close()
    document = json.loads(out.path.read_text(encoding="utf-8"))
    validators = popolo_validators()
    for key, items in document.items():
        for item in items[:300]:
            assert not list(validators[key].iter_errors(item)), (key, item)
