"""Missed hours → fines: the coordinator proposes, the treasurer posts, never twice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from codesign.errors import NotPermitted
from codesign.ledger.queries import verify
from codesign.people.service import add_person, set_passphrase
from codesign.work.fines import fine_reference, post_fines, propose_fines
from codesign.workspace import Workspace
from models.ledger import LedgerTransaction, Posting
from models.work import WorkFine
from tests.codesign.work_setup import family, weekly_hours


def test_fines_are_proposed_posted_once_and_reference_household_and_period(
    coop: Workspace,
) -> None:
    """10 missed hours at 5.00 a fine of 50.00 on 1100/4200, tagged; a second run posts nothing."""
    weekly_hours(coop, 5, since=dt.date(2026, 3, 2))
    lema = family(coop, "Familia Lema", joined=dt.date(2026, 3, 2))
    _r, coordinator = add_person(coop, name="Coordinadora", roles=("member", "coordinator"))
    _r, treasurer = add_person(coop, name="Tesorero", roles=("member", "treasurer"))
    _r, committee = add_person(coop, name="Presidenta", roles=("member", "committee"))
    set_passphrase(coop, committee.person, "clave")  # set-up mode ends here
    coop.actor = committee.person
    set_passphrase(coop, coordinator.person, "clave")
    set_passphrase(coop, treasurer.person, "clave")
    coop.actor = treasurer.person
    with pytest.raises(NotPermitted):
        propose_fines(coop, "2026-03")
    coop.actor = coordinator.person
    # 2026-03-02 … 03-15 is two weeks: 10 h owed and not worked.
    _r, proposed = propose_fines(coop, "2026-03")
    assert proposed >= 1
    with pytest.raises(NotPermitted):
        post_fines(coop)
    _r, again = propose_fines(coop, "2026-03")
    assert again == 0
    coop.actor = treasurer.person
    done = post_fines(coop)
    assert done.posted == proposed
    assert post_fines(coop).posted == 0
    with coop.session() as session:
        fine = session.scalars(
            select(WorkFine).where(WorkFine.household_id == lema.household)
        ).one()
        txn = session.get(LedgerTransaction, fine.transaction_id)
        assert txn is not None
        assert txn.reference == fine_reference("2026-03", lema.household)
        assert txn.household_id == lema.household
        amounts = sorted(
            session.scalars(select(Posting.amount).where(Posting.transaction_id == txn.id))
        )
    missed_hours = fine.missed_minutes / 60
    assert amounts == [-round(missed_hours * 500), round(missed_hours * 500)]
    assert fine.status == "posted"
    assert verify(coop).ok


def test_interrupted_posting_is_linked_not_posted_again(coop: Workspace) -> None:
    """A fine whose transaction exists (posted before a crash) is linked by its reference."""
    from codesign.ledger.service import post_transaction

    weekly_hours(coop, 5, since=dt.date(2026, 3, 2))
    lema = family(coop, "Familia Lema", joined=dt.date(2026, 3, 2))
    propose_fines(coop, "2026-03")
    with coop.session() as session:
        fine = session.scalars(select(WorkFine)).one()
    post_transaction(
        coop,
        date=dt.date(2026, 3, 31),
        description="Multa",
        postings=[("1100", fine.amount), ("4200", -fine.amount)],
        household=str(lema.household),
        reference=fine.reference,
    )
    result = post_fines(coop)
    assert (result.posted, result.already) == (0, 1)
    with coop.session() as session:
        count = len(session.scalars(select(LedgerTransaction.id)).all())
    assert count == 1
