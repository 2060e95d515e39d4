"""Undo follows the same entity policy as sync: history stays, closed votes stay closed."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from codesign.decisions import assemblies, votes
from codesign.errors import NotPermitted
from codesign.journal.undo import undo_group
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from models.decisions import Motion, VoteEvent
from models.tables import Change
from tests.codesign.decisions_helpers import arrive, populate


def closed_vote(coop: Workspace) -> tuple[uuid.UUID, WriteResult, WriteResult, WriteResult]:
    """A show-of-hands vote closed with 5 yes, 2 no and 1 abstention, and its write results."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(8))
    assemblies.open_assembly(coop, setup.assembly, 1)
    _r, motion = votes.add_motion(coop, setup.assembly, "Aprobar el presupuesto")
    opened, event = votes.open_vote(coop, motion, "show_of_hands")
    counted = votes.set_counts(coop, event, 5, 2, 1)
    closed, _state = votes.close_vote(coop, event)
    return event, opened, counted, closed


def test_undo_never_reopens_a_closed_vote(coop: Workspace) -> None:
    """Undoing the close, counts or opening of a closed vote is refused; nothing is written."""
    event, opened, counted, closed = closed_vote(coop)
    with coop.session() as session:
        changes = session.scalar(select(func.count()).select_from(Change))
    for result in (closed, counted, opened):
        with pytest.raises(NotPermitted):
            undo_group(coop, result.group)
    with coop.session() as session:
        row = session.get(VoteEvent, event)
        assert row is not None and row.status == "closed"
        assert session.scalar(select(func.count()).select_from(Change)) == changes


def test_undo_removes_a_motion_but_refuses_rows_that_cannot_be_removed(coop: Workspace) -> None:
    """A motion put by mistake is undone; opening a vote (no delete flag) is refused cleanly."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(8))
    assemblies.open_assembly(coop, setup.assembly, 1)
    _added, motion = votes.add_motion(coop, setup.assembly, "Pintar la casa comunal")
    opened, event = votes.open_vote(coop, motion, "show_of_hands")
    with pytest.raises(NotPermitted):
        undo_group(coop, opened.group)
    with coop.session() as session:
        row = session.get(VoteEvent, event)
        assert row is not None and row.status == "open"
    other, second = votes.add_motion(coop, setup.assembly, "Comprar una hormigonera")
    undo_group(coop, other.group)
    with coop.session() as session:
        gone = session.get(Motion, second)
        assert gone is not None and gone.deleted
