"""Suggested matches of bank lines to what households are expected to pay.

A line names a household (its surname in the description), or its amount
equals exactly what one household owes; either way the treasurer confirms
before the money settles that household's dues.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from codesign.ledger.bank import BankLine, suggest_matches, with_refs
from codesign.ledger.members_accounts import expected_instalments
from codesign.workspace import Workspace
from i18n import N_
from models.tables import Household

# Why a line was matched, shown translated in the import dialog.
REASONS = {
    "owed": N_("pays exactly what is owed"),
    "instalments": N_("pays whole instalments"),
    "name": N_("names the household"),
    "amount": N_("equals one household's debt"),
}


@dataclass(frozen=True, slots=True)
class ExpectedMatch:
    """A money-in line and the household it probably comes from."""

    ref: str
    row: int
    household: uuid.UUID
    name: str
    owed: int
    instalment: int
    reason: str


def match_expected(
    ws: Workspace, lines: Sequence[BankLine], as_of: dt.date | None = None
) -> tuple[ExpectedMatch, ...]:
    """One suggestion per money-in line that can be matched, named households first."""
    incoming = [line for line in with_refs(lines) if line.amount > 0]
    if not incoming:
        return ()
    by_name: dict[str, list[tuple[uuid.UUID, str]]] = {}
    for match in suggest_matches(ws, incoming):
        by_name.setdefault(match.ref, []).append((match.household_id, match.household))
    with ws.session() as session:
        query = select(Household.id, Household.name).where(Household.deleted.is_(False))
        names: dict[uuid.UUID, str] = dict(session.execute(query).tuples().all())
    dues = expected_instalments(ws, list(names), as_of or dt.date.today())
    owed_by: dict[int, list[uuid.UUID]] = {}
    for household, (owed, _instalment) in dues.items():
        if owed > 0:
            owed_by.setdefault(owed, []).append(household)
    out: list[ExpectedMatch] = []
    for line in incoming:
        named = by_name.get(line.ref, [])
        if len(named) == 1:
            household, name = named[0]
            owed, instalment = dues.get(household, (0, 0))
            reason = "name"
            if line.amount == owed:
                reason = "owed"
            elif instalment and line.amount % instalment == 0:
                reason = "instalments"
            out.append(ExpectedMatch(line.ref, line.row, household, name, owed, instalment, reason))
            continue
        same = owed_by.get(line.amount, [])
        if not named and len(same) == 1:
            household = same[0]
            owed, instalment = dues[household]
            out.append(
                ExpectedMatch(
                    line.ref, line.row, household, names[household], owed, instalment, "amount"
                )
            )
    return tuple(out)
