"""Posting to the ledger: each call one journaled, balanced, append-only transaction.

Nothing here edits or deletes: a mistake is corrected by a reversal, so the
history members audit only grows (DESIGN.md, Transparency).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.cooperative import cooperative_info
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.people.service import find_household_id
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n.formatting import minor_to_decimal
from models.ledger import Account, LedgerTransaction, Posting


def _check_postings(ws: Workspace, postings: Sequence[tuple[str, int]]) -> None:
    """Reject what can be told wrong before opening the database."""
    if len(postings) < 2:
        raise BadInput(_("a transaction needs at least two postings"), path=ws.label)
    for code, amount in postings:
        if amount == 0:
            raise BadInput(
                _("the posting to account {code} has no amount").format(code=code), path=ws.label
            )
    total = sum(amount for _code, amount in postings)
    if total != 0:
        currency = cooperative_info(ws).currency
        raise BadInput(
            _("the postings do not balance: they add up to {amount}, not 0").format(
                amount=minor_to_decimal(total, currency)
            ),
            path=ws.label,
        )


def _account_ids(w: Writer, codes: Sequence[str]) -> dict[str, uuid.UUID]:
    wanted = sorted(set(codes))
    query = select(Account.code, Account.id).where(
        Account.code.in_(wanted), Account.deleted.is_(False)
    )
    found = dict(w.session.execute(query).tuples().all())
    for code in wanted:
        if code not in found:
            raise BadInput(_("no account with code {code}").format(code=code), path=w.ws.label)
    return found


def post_transaction(
    ws: Workspace,
    *,
    date: dt.date,
    description: str,
    postings: Sequence[tuple[str, int]],
    household: str | None = None,
    reference: str = "",
) -> tuple[WriteResult, uuid.UUID]:
    """Record a balanced transaction; ``postings`` are (account code, minor units)."""
    require(ws, Action.POST_LEDGER)
    if not description.strip():
        raise BadInput(_("a transaction needs a description"), path=ws.label)
    cleaned = [(code.strip(), int(amount)) for code, amount in postings]
    _check_postings(ws, cleaned)
    with ws.write(_("Post to the ledger")) as w:
        household_id = None
        if household:
            household_id = find_household_id(w.session, household, label=ws.label)
            if household_id is None:
                raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)
        accounts = _account_ids(w, [code for code, _amount in cleaned])
        header = {
            "posted_on": date,
            "description": description.strip(),
            "reference": reference.strip(),
            "household_id": household_id,
        }
        txn_id = _insert(w, header, cleaned, accounts)
    return w.result(), txn_id


def _insert(
    w: Writer,
    header: Mapping[str, Any],
    postings: Sequence[tuple[str, int]],
    accounts: Mapping[str, uuid.UUID],
) -> uuid.UUID:
    """Insert one transaction row (``header``) and its postings, tagged with its household."""
    txn_id = w.insert("ledger_transaction", header)
    w.insert_many(
        "posting",
        [
            {
                "transaction_id": txn_id,
                "account_id": accounts[code],
                "amount": amount,
                "household_id": header.get("household_id"),
            }
            for code, amount in postings
        ],
    )
    return txn_id


def reverse_transaction(
    ws: Workspace, txn_id: uuid.UUID, date: dt.date
) -> tuple[WriteResult, uuid.UUID]:
    """Cancel a transaction with a new one that negates each posting and links back to it."""
    require(ws, Action.POST_LEDGER)
    with ws.write(_("Reverse a ledger transaction")) as w:
        original = w.session.get(LedgerTransaction, txn_id)
        if original is None:
            raise NotFound(_("no transaction {ref}").format(ref=txn_id), path=ws.label)
        already = w.session.scalar(
            select(LedgerTransaction.id).where(LedgerTransaction.reverses_id == txn_id).limit(1)
        )
        if already is not None:
            raise BadInput(
                _("transaction {ref} has already been reversed").format(ref=txn_id),
                path=ws.label,
            )
        rows = w.session.execute(
            select(Account.code, Account.id, Posting.amount)
            .join(Account, Account.id == Posting.account_id)
            .where(Posting.transaction_id == txn_id)
            .order_by(Account.code, Posting.amount)
        ).all()
        accounts = {code: account_id for code, account_id, _amount in rows}
        header = {
            "posted_on": date,
            "description": _("Reversal of: {description}").format(description=original.description),
            "reference": original.reference,
            "household_id": original.household_id,
            "reverses_id": txn_id,
        }
        negated = [(code, -amount) for code, _account_id, amount in rows]
        new_id = _insert(w, header, negated, accounts)
    return w.result(), new_id
