"""Bank lines matched to expected contributions, and matched lines settling a household's dues."""

from __future__ import annotations

import datetime as dt

from codesign.ledger import members, members_accounts
from codesign.ledger.bank import BankLine, import_bank_lines, with_refs
from codesign.ledger.bank_matches import match_expected
from codesign.people import service as people
from codesign.workspace import Workspace
from tests.codesign.test_ledger import balance_of

AS_OF = dt.date(2026, 3, 15)


def setup(ws: Workspace) -> None:
    """Two households owing three 40.00 instalments each by mid-March."""
    people.add_household(ws, name="Familia Pilco")
    people.add_household(ws, name="Familia Tipán")
    members.add_plan(ws, kind="contribution", amount=4000, start=dt.date(2026, 1, 1))


LINES = (
    BankLine(2, dt.date(2026, 3, 10), "Depósito PILCO", 12000, "B1"),
    BankLine(3, dt.date(2026, 3, 11), "Transferencia Tipan marzo", 8000, "B2"),
    BankLine(4, dt.date(2026, 3, 12), "Depósito en efectivo 0012", 12000, "B3"),
    BankLine(5, dt.date(2026, 3, 12), "Comisión", -150, "B4"),
)


def test_suggestions_by_name_and_amount(coop: Workspace) -> None:
    """Named lines are matched with why; an amount two households owe stays unmatched."""
    setup(coop)
    found = {m.row: (m.name, m.reason, m.owed) for m in match_expected(coop, LINES, AS_OF)}
    assert found == {
        2: ("Familia Pilco", "owed", 12000),
        3: ("Familia Tipán", "instalments", 12000),
    }


def test_unique_debt_amount_is_suggested(coop: Workspace) -> None:
    """When only one household owes exactly the amount, the line is matched by amount."""
    setup(coop)
    members.post_fine(coop, "Familia Tipán", 1, "2026-02", date=dt.date(2026, 2, 28))
    (match,) = match_expected(coop, LINES[2:3], AS_OF)
    assert (match.name, match.reason) == ("Familia Pilco", "amount")


def test_confirmed_match_settles_the_dues(coop: Workspace) -> None:
    """Importing with a confirmed match credits the receivable for that household."""
    setup(coop)
    (pilco,) = [m for m in match_expected(coop, LINES, AS_OF) if m.row == 2]
    (line,) = with_refs(LINES[:1])
    _r, imported, _dups = import_bank_lines(coop, [line], households={line.ref: pilco.household})
    assert imported == 1
    assert balance_of(coop, "1100") == -12000  # nothing billed yet: a credit waiting for the dues
    account = next(
        a for a in members_accounts.member_accounts(coop, AS_OF) if a.name == "Familia Pilco"
    )
    assert (account.expected, account.paid, account.arrears) == (12000, 12000, 0)
