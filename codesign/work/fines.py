"""Missed hours become fines in the ledger, in two steps by two roles.

The coordinator proposes the fines of a period from the balances; the
treasurer posts them through the ledger service. Each fine's reference
names its household and period and is also the ledger transaction's
reference, so a fine is posted at most once: a posting interrupted before
the fine was marked is found by its reference and linked, not posted again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.journal.writer import WriteResult
from codesign.ledger.service import post_transaction
from codesign.reports.data import parse_period
from codesign.work.balances import balances
from codesign.work.common import hours, work_statutes
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ledger import LedgerTransaction
from models.work import WorkFine

DEBIT, CREDIT = "1100", "4200"  # receivable from the household; income from fines


def fine_reference(period: str, household: uuid.UUID) -> str:
    """The one reference of a household's fine for a period."""
    return f"MINGA-{period}-{household.hex}"


@dataclass(frozen=True, slots=True)
class FinesPosted:
    """How many fines were posted now, and how many had been posted before."""

    posted: int
    already: int
    transactions: tuple[uuid.UUID, ...]


def propose_fines(ws: Workspace, period: str) -> tuple[WriteResult, int]:
    """A proposed fine for every household that missed hours in ``period`` (2026 or 2026-05)."""
    require(ws, Action.PLAN_WORK)
    chosen = parse_period(period)
    statutes = work_statutes(ws)
    with ws.session() as session:
        taken = set(
            session.scalars(
                select(WorkFine.reference).where(
                    WorkFine.deleted.is_(False),
                    WorkFine.status != "cancelled",
                    WorkFine.period == chosen.text,
                )
            )
        )
    rows = []
    for line in balances(ws, chosen.start, chosen.end):
        missed = -line.balance
        reference = fine_reference(chosen.text, line.household)
        amount = round(missed * statutes.fine_per_hour / 60)
        if missed <= 0 or amount <= 0 or reference in taken:
            continue
        rows.append(
            {
                "household_id": line.household,
                "period": chosen.text,
                "missed_minutes": missed,
                "amount": amount,
                "reference": reference,
                "status": "proposed",
            }
        )
    with ws.write(_("Propose fines for missed hours")) as w:
        w.insert_many("work_fine", rows)
    return w.result(), len(rows)


def post_fines(ws: Workspace, *, on: dt.date | None = None) -> FinesPosted:
    """Post every proposed fine to the ledger (the treasurer's step)."""
    require(ws, Action.POST_LEDGER)
    with ws.session() as session:
        proposed = list(
            session.scalars(
                select(WorkFine).where(WorkFine.deleted.is_(False), WorkFine.status == "proposed")
            )
        )
    posted, already, made = 0, 0, []
    for fine in proposed:
        with ws.session() as session:
            found = session.scalar(
                select(LedgerTransaction.id)
                .where(LedgerTransaction.reference == fine.reference)
                .limit(1)
            )
        if found is None:
            day = on or min(parse_period(fine.period).end, dt.date.today())
            _result, found = post_transaction(
                ws,
                date=day,
                description=_("Fine for {hours} missed work hours ({period})").format(
                    hours=hours(fine.missed_minutes), period=fine.period
                ),
                postings=[(DEBIT, fine.amount), (CREDIT, -fine.amount)],
                household=str(fine.household_id),
                reference=fine.reference,
            )
            posted += 1
            made.append(found)
        else:
            already += 1
        with ws.write(_("Mark fine posted")) as w:
            w.update("work_fine", fine.id, {"status": "posted", "transaction_id": found})
    return FinesPosted(posted, already, tuple(made))


def cancel_fine(ws: Workspace, fine: uuid.UUID) -> WriteResult:
    """Withdraw a proposed fine (an offsetting adjustment or an appeal cleared it)."""
    require(ws, Action.PLAN_WORK)
    with ws.write(_("Cancel fine")) as w:
        row = w.session.get(WorkFine, fine)
        if row is not None and row.status == "proposed":
            w.update("work_fine", fine, {"status": "cancelled"})
    return w.result()
