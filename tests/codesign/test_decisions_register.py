"""The decision register, its follow-ups, and the Popolo export checked against its schemas."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from codesign.decisions import register
from codesign.decisions.popolo import KEYS, export_popolo
from codesign.errors import BadInput
from codesign.workspace import Workspace
from tests.codesign.decisions_helpers import DAY, full_meeting

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO.parent / "shared" / "data" / "popolo-schemas"
SCHEMA_OF = {
    "organizations": "organization",
    "persons": "person",
    "memberships": "membership",
    "events": "event",
    "motions": "motion",
    "vote_events": "vote_event",
}


def popolo_validators() -> dict[str, Any]:
    """Draft-03 validators for each array, every $ref resolved to the local files (no network)."""
    if not SCHEMAS.is_dir():
        pytest.fail(f"the Popolo schemas are missing: expected them in {SCHEMAS}")
    from jsonschema import Draft3Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT3

    loaded = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(
        (schema["id"], DRAFT3.create_resource(schema)) for schema in loaded.values()
    )
    return {
        key: Draft3Validator(
            loaded[name], registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
        )
        for key, name in SCHEMA_OF.items()
    }


def test_register_numbers_results_and_overdue(coop: Workspace) -> None:
    """Decisions are numbered 1, 2, 3 with their votes' results; one follow-up is overdue."""
    meeting = full_meeting(coop)
    records = register.search_decisions(coop, today=DAY + dt.timedelta(days=1))
    assert [r.number for r in records] == [3, 2, 1]
    assert [r.result for r in records] == ["passed", "failed", "passed"]
    assert records[-1].overdue_actions == 1
    late = register.follow_ups(coop, overdue_on=DAY + dt.timedelta(days=1))
    assert [f.description for f in late] == ["Comprar cemento y varilla"]
    assert register.search_decisions(coop, "artículo 12")[0].number == 2
    assert register.search_decisions(coop, "3")[0].number == 3
    register.set_follow_up_status(coop, late[0].id, "done")
    assert register.follow_ups(coop, overdue_on=DAY + dt.timedelta(days=1)) == ()
    assert len(register.follow_ups(coop, decision=meeting.decisions[0])) == 1


def test_decision_of_unvoted_motion_is_refused(coop: Workspace) -> None:
    """A motion without a closed vote cannot become a decision."""
    from codesign.decisions import votes

    meeting = full_meeting(coop)
    _r, motion = votes.add_motion(coop, meeting.setup.assembly, "Sin votar")
    with pytest.raises(BadInput, match="no se ha votado"):
        register.record_decision(coop, text="Sin votar", decided_on=DAY, motion=motion)
    assert len(register.search_decisions(coop)) == 3


def test_popolo_export_validates(coop: Workspace, tmp_path: Path) -> None:
    """Every object of the export validates against its Popolo schema, resolved offline."""
    full_meeting(coop)
    result = export_popolo(coop, tmp_path / "popolo.json")
    document = json.loads(result.path.read_text(encoding="utf-8"))
    assert set(document) == set(KEYS)
    validators = popolo_validators()
    for key in KEYS:
        assert document[key], key
        for item in document[key]:
            errors = [e.message for e in validators[key].iter_errors(item)]
            assert not errors, (key, item, errors)
    roll_call = next(v for v in document["vote_events"] if v["classification"] == "roll_call")
    assert len(roll_call["votes"]) == 8
    assert sum(v["role"] == "by proxy" for v in roll_call["votes"]) == 1
    assert {c["option"]: c["value"] for c in roll_call["counts"]} == {
        "yes": 5,
        "no": 2,
        "abstain": 1,
    }
    assert [m["result"] for m in document["motions"]] == ["passed", "failed", "passed"]
    assert not any("phone" in p or "email" in p for p in document["persons"])


def test_validator_catches_a_broken_object() -> None:
    """The offline validators really check: a count without a value is an error."""
    validators = popolo_validators()
    broken = {"id": "x", "counts": [{"option": "yes"}]}
    assert list(validators["vote_events"].iter_errors(broken))
