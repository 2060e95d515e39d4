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
from sqlalchemy.orm import Session

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.ledger.service import post_transaction
from codesign.reports.data import parse_period
from codesign.work.balances import balances
from codesign.work.common import hours, work_statutes
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import pgettext
from models.ledger import LedgerTransaction
from models.tables import Household
from models.work import FINE_STATUSES, WorkFine


def fine_status_label(status: str) -> str:
    """A fine's status in the reader's language (a fine is feminine in Spanish: «anulada»)."""
    labels = {
        "proposed": pgettext("fine", "proposed"),
        "posted": pgettext("fine", "posted"),
        "cancelled": pgettext("fine", "cancelled"),
    }
    return labels.get(status, status)


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


@dataclass(frozen=True, slots=True)
class FineRow:
    """A fine as the Mingas page lists it: whose, for when, how much, and where it stands."""

    id: uuid.UUID
    household: uuid.UUID
    household_name: str
    unit: str
    period: str
    missed_minutes: int
    amount: int  # minor units of the cooperative's currency
    status: str
    reason: str
    reference: str


def fine_rows(ws: Workspace, statuses: tuple[str, ...] = FINE_STATUSES) -> tuple[FineRow, ...]:
    """Live fines with one of ``statuses``, newest period first, then by household."""
    query = (
        select(
            WorkFine.id,
            WorkFine.household_id,
            Household.name,
            Household.unit,
            WorkFine.period,
            WorkFine.missed_minutes,
            WorkFine.amount,
            WorkFine.status,
            WorkFine.cancel_reason,
            WorkFine.reference,
        )
        .join(Household, Household.id == WorkFine.household_id)
        .where(WorkFine.deleted.is_(False), WorkFine.status.in_(statuses))
        .order_by(WorkFine.period.desc(), Household.name, WorkFine.id)
    )
    with ws.session() as session:
        return tuple(
            FineRow(*r[:8], r[8] or "", r[9])  # type: ignore[call-arg]
            for r in session.execute(query)
        )


def propose_fines(ws: Workspace, period: str) -> tuple[WriteResult, int]:
    """A proposed fine for every household that missed hours in ``period`` (2026 or 2026-05)."""
    require(ws, Action.PLAN_WORK)
    chosen = parse_period(period)
    statutes = work_statutes(ws)
    with ws.session() as session:
        taken = set(
            session.scalars(
                # A cancelled fine counts too: someone decided against it, with a reason.
                select(WorkFine.reference).where(
                    WorkFine.deleted.is_(False), WorkFine.period == chosen.text
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
            if session.scalar(select(WorkFine.status).where(WorkFine.id == fine.id)) != "proposed":
                continue  # cancelled meanwhile
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


REASON_MAX = 300


def _refuse_uncancellable(session: Session, fine: uuid.UUID, label: str) -> None:
    """Raise unless ``fine`` is a live proposed fine that is not on the ledger."""
    row = session.get(WorkFine, fine)
    if row is None or row.deleted:
        raise NotFound(_("no fine {ref}").format(ref=fine), path=label)
    on_ledger = session.scalar(
        select(LedgerTransaction.id).where(LedgerTransaction.reference == row.reference).limit(1)
    )
    if row.status == "posted" or on_ledger is not None:
        raise BadInput(
            _(
                "the fine {reference} is already posted to the ledger and cannot be"
                " cancelled; reverse its transaction in Finances instead"
            ).format(reference=row.reference),
            path=label,
        )
    if row.status == "cancelled":
        raise BadInput(
            _("the fine {reference} is already cancelled").format(reference=row.reference),
            path=label,
        )


def check_cancellable(ws: Workspace, fine: uuid.UUID) -> None:
    """Raise what ``cancel_fine`` would refuse, before anyone types a reason."""
    require(ws, Action.HANDLE_FINES)
    with ws.session() as session:
        _refuse_uncancellable(session, fine, ws.label)


def cancel_fine(ws: Workspace, fine: uuid.UUID, reason: str) -> WriteResult:
    """Withdraw a proposed fine, saying why (an appeal, an adjustment that cleared it).

    A fine on the ledger already (marked posted, or its reference found there
    after an interrupted posting) is refused: the books never lose a
    transaction, so it is reversed in Finances instead.
    """
    require(ws, Action.HANDLE_FINES)
    why = " ".join(reason.split())
    if not why:
        raise BadInput(_("say why the fine is cancelled"), path=ws.label)
    if len(why) > REASON_MAX:
        raise BadInput(
            _("the reason is too long ({n} characters; at most {max})").format(
                n=len(why), max=REASON_MAX
            ),
            path=ws.label,
        )
    with ws.write(_("Cancel fine")) as w:
        _refuse_uncancellable(w.session, fine, ws.label)
        w.update("work_fine", fine, {"status": "cancelled", "cancel_reason": why})
    return w.result()
