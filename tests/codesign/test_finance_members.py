"""Member accounts: expected from plans, paid, arrears by age and statements, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from codesign.auth import sign_in
from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.ledger import members, members_accounts, service
from codesign.people import service as people
from codesign.workspace import Workspace
from models.ledger import LedgerTransaction
from models.tables import Change
from tests.codesign.test_ledger import balance_of, make_secretary, txn_count

AS_OF = dt.date(2026, 5, 20)


def setup_books(ws: Workspace) -> tuple[object, object]:
    """Two households; 40.00 a month for all from January; A owes 100.00 entry, B pays 20.00."""
    _r, a = people.add_household(ws, name="Familia A", unit="B01-01")
    _r, b = people.add_household(ws, name="Familia B", unit="B01-02")
    members.add_plan(
        ws, kind="contribution", amount=4000, start=dt.date(2026, 1, 1), instalments=12
    )
    members.add_plan(
        ws,
        kind="entry",
        amount=10000,
        start=dt.date(2026, 1, 15),
        instalments=1,
        household="Familia A",
    )
    members.add_plan(
        ws, kind="contribution", amount=2000, start=dt.date(2026, 1, 1), household="Familia B"
    )
    service.post_transaction(
        ws,
        date=dt.date(2026, 2, 10),
        description="Depósito Familia A",
        postings=[("1010", 6000), ("1100", -6000)],
        household="Familia A",
    )
    return a, b


def account(ws: Workspace, name: str, as_of: dt.date = AS_OF) -> members_accounts.MemberAccount:
    """The member account of the household called ``name``."""
    return next(a for a in members_accounts.member_accounts(ws, as_of) if a.name == name)


def test_expected_paid_and_ageing_by_hand(coop: Workspace) -> None:
    """Dues 40+100+40+40+40+40, 60 paid: the oldest settle first and 240 is aged 40/40/40/120."""
    setup_books(coop)
    a = account(coop, "Familia A")
    assert (a.expected, a.paid, a.balance) == (30000, 6000, 24000)
    # Jan 15 keeps 80 (125 days) and Feb 1 40 (108 days): over 90;
    # Mar 1 is 80 days old, Apr 1 49, May 1 19.
    assert a.ageing == (4000, 4000, 4000, 12000)
    assert a.arrears == 24000


def test_household_plan_replaces_the_statutes_plan(coop: Workspace) -> None:
    """Household B pays its own 20.00 a month instead of the cooperative's 40.00."""
    setup_books(coop)
    b = account(coop, "Familia B")
    assert (b.expected, b.paid) == (10000, 0)
    assert b.ageing == (2000, 2000, 2000, 4000)


def test_billing_posts_each_instalment_once(coop: Workspace) -> None:
    """Billing through March posts six charges; billing again posts none; arrears are unchanged."""
    setup_books(coop)
    before = account(coop, "Familia A")
    _r, count = members.bill_plans(coop, dt.date(2026, 3, 31))
    assert count == 4 + 3  # A: Jan, Jan 15 entry, Feb, Mar; B: Jan, Feb, Mar
    assert members.bill_plans(coop, dt.date(2026, 3, 31))[1] == 0
    assert account(coop, "Familia A") == before
    assert balance_of(coop, "1100") == 22000 + 6000 - 6000  # A 220 and B 60 charged, 60 paid
    assert balance_of(coop, "4100") == -10000


def test_a_household_registered_late_is_billed_its_own_dues(coop: Workspace) -> None:
    """Billing one household for a month of the statutes' plan leaves the others' month due."""
    setup_books(coop)
    assert members.bill_plans(coop, dt.date(2026, 3, 31))[1] == 7
    people.add_household(coop, name="Familia C", unit="B01-03", joined_on=dt.date(2026, 1, 1))
    before = account(coop, "Familia C")
    assert (before.expected, before.paid) == (3 * 4000 + 2 * 4000, 0)  # Jan-Mar and Apr-May
    statement = members_accounts.statements(coop, dt.date(2026, 1, 1), AS_OF, before.household)[0]
    assert [e.billed for e in statement.lines] == [False] * 5
    assert members.bill_plans(coop, dt.date(2026, 3, 31))[1] == 3  # C's Jan, Feb, Mar
    assert members.bill_plans(coop, dt.date(2026, 3, 31))[1] == 0
    assert account(coop, "Familia C") == before
    assert account(coop, "Familia A").expected == 30000


def test_ending_a_plan_keeps_what_was_due_by_then(coop: Workspace) -> None:
    """Ending after a date keeps its instalments owed and drops the later ones, by hand."""
    setup_books(coop)
    statutes, own_b, _entry = members.list_plans(coop)  # the statutes' first, then by start
    assert (account(coop, "Familia A").expected, account(coop, "Familia B").expected) == (
        5 * 4000 + 10000,  # Jan-May and the entry payment
        5 * 2000,
    )
    members.end_plan(coop, statutes.id, dt.date(2026, 3, 15))
    members.end_plan(coop, own_b.id, dt.date(2026, 2, 28))
    assert account(coop, "Familia A").expected == 3 * 4000 + 10000  # Jan, Feb, Mar stay
    assert account(coop, "Familia B").expected == 2 * 2000
    ended = {p.id: p.instalments for p in members.list_plans(coop)}
    assert (ended[statutes.id], ended[own_b.id]) == (3, 2)
    with coop.session() as session:
        changes = session.scalar(select(func.count()).select_from(Change))
    with pytest.raises(BadInput, match="2026-03-01"):
        members.end_plan(coop, statutes.id, dt.date(2026, 6, 30))
    later = members.add_plan(coop, kind="loan", amount=1000, start=dt.date(2026, 9, 1))[1]
    members.end_plan(coop, later, dt.date(2026, 8, 31))  # not started by then: removed
    assert later not in {p.id for p in members.list_plans(coop)}
    with coop.session() as session:  # the refusal wrote nothing; add and end wrote two
        assert session.scalar(select(func.count()).select_from(Change)) == changes + 2
    with pytest.raises(NotFound):
        members.end_plan(coop, later, dt.date(2026, 8, 31))


def test_fines_are_charges_on_the_statement(coop: Workspace) -> None:
    """A 3-hour fine at the statutes' 5.00 an hour adds 15.00, once per period."""
    setup_books(coop)
    _r, txn = members.post_fine(coop, "Familia A", 3, "2026-04", date=dt.date(2026, 4, 30))
    assert txn is not None
    assert balance_of(coop, "4200") == -1500
    a = account(coop, "Familia A")
    assert a.expected == 31500
    assert a.ageing[0] == 4000 + 1500
    count = txn_count(coop)
    with pytest.raises(BadInput, match="2026-04"):
        members.post_fine(coop, "Familia A", 2, "2026-04")
    assert txn_count(coop) == count
    (statement,) = members_accounts.statements(
        coop, dt.date(2026, 4, 1), dt.date(2026, 4, 30), a.household
    )
    fine = [line for line in statement.lines if line.reference == "fine:2026-04"]
    assert len(fine) == 1 and fine[0].charge == 1500


def test_fines_in_bulk_are_one_write(coop: Workspace) -> None:
    """post_fines fines several households in one group; an unknown one leaves nothing."""
    setup_books(coop)
    count = txn_count(coop)
    with pytest.raises(BadInput):
        members.post_fines(coop, [("Familia A", 2), ("Familia Z", 1)], "2026-05")
    assert txn_count(coop) == count
    result, ids = members.post_fines(coop, [("Familia A", 2), ("Familia B", "1.5")], "2026-05")
    assert len(ids) == 2 and result.touches("ledger_transaction")
    assert balance_of(coop, "4200") == -(1000 + 750)


def test_statement_opening_lines_closing(coop: Workspace) -> None:
    """March: opening 120 (180 due − 60 paid), one 40 charge, closing 160."""
    a, _b = setup_books(coop)
    (statement,) = members_accounts.statements(
        coop,
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        a,  # type: ignore[arg-type]
    )
    assert statement.opening == 12000
    assert [(line.date, line.charge, line.billed) for line in statement.lines] == [
        (dt.date(2026, 3, 1), 4000, False)
    ]
    assert statement.closing == 16000
    assert (statement.charges, statement.payments) == (4000, 0)


def test_arrears_list_is_largest_first(coop: Workspace) -> None:
    """Both households owe; A (240) comes before B (100)."""
    setup_books(coop)
    owing = members_accounts.arrears_list(coop, AS_OF)
    assert [a.name for a in owing] == ["Familia A", "Familia B"]


def test_plans_are_checked(coop: Workspace) -> None:
    """Zero amounts, unknown kinds, accounts and households are refused, nothing written."""
    day = dt.date(2026, 1, 1)
    with pytest.raises(BadInput):
        members.add_plan(coop, kind="contribution", amount=0, start=day)
    with pytest.raises(BadInput):
        members.add_plan(coop, kind="gift", amount=100, start=day)
    with pytest.raises(BadInput):
        members.add_plan(coop, kind="contribution", amount=100, start=day, account="9999")
    with pytest.raises(BadInput):
        members.add_plan(coop, kind="contribution", amount=100, start=day, household="Nadie")
    assert members.list_plans(coop) == ()


def test_plans_and_fines_need_the_treasurer(coop: Workspace) -> None:
    """Out of set-up mode a secretary may neither add plans nor fine."""
    setup_books(coop)
    make_secretary(coop)
    sign_in(coop, "Dolores Simbaña", "clave-segura")
    with pytest.raises(NotPermitted):
        members.end_plan(coop, members.list_plans(coop)[0].id, dt.date(2026, 3, 1))
    with pytest.raises(NotPermitted):
        members.add_plan(coop, kind="contribution", amount=100, start=dt.date(2026, 1, 1))
    with pytest.raises(NotPermitted):
        members.post_fine(coop, "Familia A", 1, "2026-05")


def test_due_dates_stay_inside_short_months() -> None:
    """A plan on the 31st falls due on the last day of shorter months."""
    plan = members.Plan(members.uuid7(), None, "loan", "", "1150", 100, dt.date(2026, 1, 31), 3, 1)
    assert list(members.due_dates(plan, dt.date(2026, 12, 31))) == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
    ]


def test_demo_member_accounts_match_the_receivable(tmp_path: object) -> None:
    """In the demo every contribution is billed, so the accounts add up to account 1100."""
    from pathlib import Path

    from codesign.demo import make_demo
    from codesign.workspace import open_workspace

    path = Path(str(tmp_path)) / "demo.minga"
    make_demo(path, households=12, years=1)
    ws = open_workspace(path)
    try:
        today = dt.date.today()
        accounts = members_accounts.member_accounts(ws, today)
        assert sum(a.balance for a in accounts) == balance_of(ws, "1100")
        lines = members_accounts.entries(ws, today)
        for a in accounts:  # the summed path agrees with walking every line
            mine = lines.get(a.household, [])
            assert a.ageing == members_accounts.ageing(mine, today)
            assert a.expected == sum(e.charge for e in mine)
        with ws.session() as session:
            fines = session.scalar(
                select(func.count())
                .select_from(LedgerTransaction)
                .where(LedgerTransaction.reference.like("fine:%"))
            )
        assert fines is not None
    finally:
        ws.close()


def test_own_plan_replaces_the_statutes_from_its_start(coop: Workspace) -> None:
    """A reduced 10.00 from March: January and February stay at 40.00, March to May are 10.00."""
    people.add_household(coop, name="Familia C")
    jan = dt.date(2026, 1, 1)
    members.add_plan(coop, kind="contribution", amount=4000, start=jan)
    members.add_plan(
        coop, kind="contribution", amount=1000, start=dt.date(2026, 3, 1), household="Familia C"
    )
    c = account(coop, "Familia C")
    assert c.expected == 2 * 4000 + 3 * 1000
    _r, count = members.bill_plans(coop, AS_OF)
    assert count == 5
    assert account(coop, "Familia C").expected == c.expected
