"""Cancelling a proposed fine: who may, with a reason, never once posted, undone like any change."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.journal.undo import undo_group
from codesign.ledger.service import post_transaction
from codesign.people.service import add_person, set_passphrase
from codesign.work.fines import cancel_fine, fine_rows, post_fines, propose_fines
from codesign.workspace import Workspace
from models.ledger import LedgerTransaction
from models.tables import Change
from models.work import WorkFine
from tests.codesign.work_setup import family, weekly_hours


@dataclass(frozen=True, slots=True)
class Roles:
    """The people who act on fines, signed-in one at a time through ``coop.actor``."""

    coordinator: uuid.UUID
    treasurer: uuid.UUID
    member: uuid.UUID


def _roles(coop: Workspace) -> Roles:
    """A coordinator, a treasurer and a plain member with passphrases (set-up mode ends)."""
    _r, coordinator = add_person(coop, name="Coordinadora", roles=("member", "coordinator"))
    _r, treasurer = add_person(coop, name="Tesorero", roles=("member", "treasurer"))
    _r, member = add_person(coop, name="Socia", roles=("member",))
    _r, committee = add_person(coop, name="Presidenta", roles=("member", "committee"))
    set_passphrase(coop, committee.person, "clave")
    coop.actor = committee.person
    for who in (coordinator, treasurer, member):
        set_passphrase(coop, who.person, "clave")
    return Roles(coordinator.person, treasurer.person, member.person)


@pytest.fixture
def proposed(coop: Workspace) -> tuple[Workspace, Roles, tuple[uuid.UUID, ...]]:
    """Two households that missed March 2026's hours, their fines proposed by the coordinator."""
    weekly_hours(coop, 5, since=dt.date(2026, 3, 2))
    family(coop, "Familia Lema", joined=dt.date(2026, 3, 2))
    family(coop, "Familia Peña", joined=dt.date(2026, 3, 2))
    roles = _roles(coop)
    coop.actor = roles.coordinator
    propose_fines(coop, "2026-03")
    by_name = {row.household_name: row.id for row in fine_rows(coop)}
    return coop, roles, (by_name["Familia Lema"], by_name["Familia Peña"])


def _changes(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def _fine(ws: Workspace, fine: uuid.UUID) -> WorkFine:
    with ws.session() as session:
        row = session.get(WorkFine, fine)
        assert row is not None
        return row


def test_coordinator_cancels_with_reason_and_posting_skips_it(proposed) -> None:
    """A cancelled fine keeps its reason, is listed as cancelled, never posted nor re-proposed."""
    coop, roles, (first, second) = proposed
    cancel_fine(coop, first, "  Apelación   aceptada por la asamblea ")
    row = _fine(coop, first)
    assert (row.status, row.cancel_reason) == ("cancelled", "Apelación aceptada por la asamblea")
    assert propose_fines(coop, "2026-03")[1] == 0
    coop.actor = roles.treasurer
    everyone = len(fine_rows(coop))
    done = post_fines(coop)
    assert done.posted == everyone - 1
    assert _fine(coop, first).transaction_id is None
    assert _fine(coop, second).status == "posted"
    listed = {r.id: r for r in fine_rows(coop)}
    assert listed[first].status == "cancelled"
    assert listed[first].reason == "Apelación aceptada por la asamblea"
    shown = [r.id for r in fine_rows(coop, ("proposed", "posted"))]
    assert second in shown
    assert first not in shown
    assert len(shown) == everyone - 1


def test_treasurer_may_cancel_and_undo_a_member_may_not(proposed) -> None:
    """The treasurer cancels and undoes it (the fine is proposed again); a member is refused."""
    coop, roles, (first, _second) = proposed
    coop.actor = roles.member
    before = _changes(coop)
    with pytest.raises(NotPermitted, match="coordinador"):
        cancel_fine(coop, first, "Error")
    assert _changes(coop) == before
    assert _fine(coop, first).status == "proposed"
    coop.actor = roles.treasurer
    result = cancel_fine(coop, first, "Error de asistencia")
    assert _fine(coop, first).status == "cancelled"
    undo_group(coop, result.group)
    row = _fine(coop, first)
    assert (row.status, row.cancel_reason) == ("proposed", None)
    assert post_fines(coop).posted == len(fine_rows(coop))


def test_posted_fine_is_refused_and_points_to_the_ledger(proposed) -> None:
    """Cancelling a posted fine says to reverse it in Finances, and writes nothing."""
    coop, roles, (first, _second) = proposed
    coop.actor = roles.treasurer
    post_fines(coop)
    before = _changes(coop)
    with pytest.raises(BadInput, match="libro mayor") as refused:
        cancel_fine(coop, first, "Tarde")
    assert "Finanzas" in str(refused.value)
    assert _changes(coop) == before
    assert _fine(coop, first).status == "posted"


def test_fine_found_on_the_ledger_by_reference_is_refused(proposed) -> None:
    """A fine still marked proposed whose transaction is on the ledger (interrupted) is refused."""
    coop, roles, (first, _second) = proposed
    fine = _fine(coop, first)
    coop.actor = roles.treasurer
    post_transaction(
        coop,
        date=dt.date(2026, 3, 31),
        description="Multa",
        postings=[("1100", fine.amount), ("4200", -fine.amount)],
        reference=fine.reference,
    )
    before = _changes(coop)
    with pytest.raises(BadInput, match="libro mayor"):
        cancel_fine(coop, first, "Apelación")
    assert _changes(coop) == before
    with coop.session() as session:
        assert session.scalar(select(func.count()).select_from(LedgerTransaction)) == 1


def test_bad_requests_are_refused_and_write_nothing(proposed) -> None:
    """No reason, too long a reason, a cancelled or unknown fine: refused, journal unchanged."""
    coop, _roles, (first, _second) = proposed
    cancel_fine(coop, first, "Apelación")
    before = _changes(coop)
    with pytest.raises(BadInput, match="por qué"):
        cancel_fine(coop, _second, "   ")
    with pytest.raises(BadInput, match="300"):
        cancel_fine(coop, _second, "x" * 301)
    with pytest.raises(BadInput, match="ya está anulada"):
        cancel_fine(coop, first, "Otra vez")
    with pytest.raises(NotFound):
        cancel_fine(coop, uuid.uuid4(), "Apelación")
    assert _changes(coop) == before
    assert _fine(coop, _second).status == "proposed"
