"""Decision numbers on one laptop: never reused, shared ones found, renumbering refused."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from codesign.auth import sign_out
from codesign.decisions import numbering, register
from codesign.errors import NotFound, NotPermitted
from codesign.journal.undo import undo_group
from codesign.workspace import Workspace
from models.tables import Change
from tests.codesign.decisions_helpers import DAY, populate


def journal_size(ws: Workspace) -> int:
    """How many changes the journal holds (a refusal must add none)."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def second_two(ws: Workspace) -> tuple[uuid.UUID, uuid.UUID]:
    """Decisions 1 and 2, and another decision 2 as a laptop that had not synced would write."""
    populate(ws, 3)
    register.record_decision(ws, text="Aprobar el reglamento", decided_on=DAY)
    _r, first, _n = register.record_decision(ws, text="Comprar cemento", decided_on=DAY)
    with ws.write("otra computadora") as w:
        other = w.insert(
            "decision", {"number": 2, "decided_on": DAY, "text": "Pintar", "result": "passed"}
        )
    return first, other


def test_an_undone_decision_keeps_its_number_taken(coop: Workspace) -> None:
    """Undoing a recorded decision does not free its number: the next one goes past it."""
    populate(coop, 3)
    result, _d, number = register.record_decision(coop, text="Primera", decided_on=DAY)
    undo_group(coop, result.group)
    assert register.search_decisions(coop) == ()
    assert register.record_decision(coop, text="Segunda", decided_on=DAY)[2] == number + 1


def test_shared_numbers_are_counted_and_listed(coop: Workspace) -> None:
    """Two decisions numbered 2 make one shared number, listed with both decisions."""
    first, other = second_two(coop)
    assert numbering.count_shared_numbers(coop) == 1
    (shared,) = numbering.shared_numbers(coop)
    assert shared.number == 2 and [e.id for e in shared.decisions] == [first, other]
    assert shared.decisions[0].recorded_by == "Dolores Simbaña"


def test_renumbering_needs_the_secretary_and_a_real_decision(coop: Workspace) -> None:
    """Signed out, or naming no decision, renumbering is refused and the journal stays as it was."""
    _first, other = second_two(coop)
    before = journal_size(coop)
    with pytest.raises(NotFound):
        numbering.give_next_number(coop, uuid.uuid4())
    sign_out(coop)
    with pytest.raises(NotPermitted, match="secretar"):
        numbering.give_next_number(coop, other)
    assert journal_size(coop) == before
    assert numbering.count_shared_numbers(coop) == 1


def test_minutes_warn_of_a_shared_number_before_signing(coop: Workspace, tmp_path: Path) -> None:
    """Minutes whose decision 1 shares its number say so; once renumbered they do not."""
    from codesign.reports.minutes import minutes_report
    from tests.codesign.decisions_helpers import full_meeting
    from tests.codesign.test_decisions_outputs import pdf_text

    meeting = full_meeting(coop)
    with coop.write("otra computadora") as w:
        other = w.insert(
            "decision", {"number": 1, "decided_on": DAY, "text": "Pintar", "result": "passed"}
        )
    text = " ".join(pdf_text(minutes_report(coop, tmp_path / "acta.pdf").path).split())
    assert "El número 1 también está dado a otra decisión del registro" in text
    numbering.give_next_number(coop, other)
    text = " ".join(pdf_text(minutes_report(coop, tmp_path / "acta2.pdf").path).split())
    assert "también está dado" not in text and len(meeting.decisions) == 3
