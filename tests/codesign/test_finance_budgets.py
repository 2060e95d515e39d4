"""Budgets against the books, the school chart of accounts, and accounts the treasurer adds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from codesign.cooperative import create_cooperative
from codesign.errors import BadInput, UsageError
from codesign.ledger import accounts, budgets, service
from codesign.ledger.charts import SCHOOL_CHART, chart_for
from codesign.ledger.register import list_accounts
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import set_language


def spend(ws: Workspace, day: dt.date, amount: int, code: str = "5000") -> None:
    """Pay ``amount`` from the bank to an expense account."""
    service.post_transaction(
        ws, date=day, description="Compra", postings=[(code, amount), ("1010", -amount)]
    )


def test_budget_vs_actual_by_hand(coop: Workspace) -> None:
    """A year's lines and its months' add up; actual is the year's spending; under is favourable."""
    budgets.set_budget_line(coop, period="2026", account="5000", amount=100000, phase="Obra gris")
    budgets.set_budget_line(coop, period="2026-03", account="5000", amount=20000)
    spend(coop, dt.date(2026, 3, 10), 30000)
    spend(coop, dt.date(2026, 6, 10), 10000)
    spend(coop, dt.date(2025, 6, 10), 99999)
    (row,) = budgets.budget_vs_actual(coop, "2026")
    assert (row.code, row.budget, row.actual, row.variance) == ("5000", 120000, 40000, -80000)
    assert row.favourable
    (march,) = budgets.budget_vs_actual(coop, "2026-03")
    assert (march.budget, march.actual) == (20000 + 100000 // 12, 30000)
    assert march.variance == 30000 - 28333 and not march.favourable
    (phase,) = budgets.budget_vs_actual(coop, "2026", phase="Obra gris")
    assert phase.budget == 100000
    assert budgets.phases(coop) == ("Obra gris",)


def test_income_over_budget_is_favourable(coop: Workspace) -> None:
    """Income is a credit: collecting more than planned is a favourable variance."""
    budgets.set_budget_line(coop, period="2026", account="4000", amount=5000)
    service.post_transaction(
        coop,
        date=dt.date(2026, 2, 1),
        description="Cuotas",
        postings=[("1010", 8000), ("4000", -8000)],
    )
    (row,) = budgets.budget_vs_actual(coop, "2026")
    assert (row.actual, row.variance, row.favourable) == (8000, 3000, True)


def test_budget_lines_change_and_go(coop: Workspace) -> None:
    """A line can be changed and removed; bad periods, accounts and amounts are refused."""
    _r, line = budgets.set_budget_line(coop, period="2026", account="5100", amount=100)
    budgets.set_budget_line(coop, period="2026", account="5100", amount=250, line=line)
    assert [r.amount for r in budgets.list_budget_lines(coop, "2026")] == [250]
    budgets.remove_budget_line(coop, line)
    assert budgets.list_budget_lines(coop) == ()
    with pytest.raises(UsageError):
        budgets.set_budget_line(coop, period="2026-13", account="5100", amount=1)
    with pytest.raises(BadInput):
        budgets.set_budget_line(coop, period="2026", account="9999", amount=1)
    with pytest.raises(BadInput):
        budgets.set_budget_line(coop, period="2026", account="5100", amount=-1)
    assert budgets.list_budget_lines(coop) == ()


def test_school_cooperative_gets_the_school_chart(tmp_path: Path) -> None:
    """A school starts with fees and teachers' accounts; a mixed one has both charts."""
    ws = create_cooperative(tmp_path / "escuela.minga", name="Escuela", kind="school")
    try:
        codes = {a.code: a.name for a in list_accounts(ws)}
    finally:
        ws.close()
    assert set(codes) == {code for code, _n, _t in SCHOOL_CHART}
    assert _(codes["4060"]) == "Pensiones escolares"
    assert _(codes["5060"]) == "Sueldos de docentes"
    mixed = {code for code, _n, _t in chart_for("mixed")}
    assert {"1200", "4060", "5060", "5000"} <= mixed


@pytest.mark.parametrize("language", ["es", "pt_BR", "ca"])
def test_school_chart_is_translated(language: str) -> None:
    """Every school account name has a translation in each app language."""
    set_language(language)
    untranslated = [name for _c, name, _t in SCHOOL_CHART if _(name) == name]
    assert untranslated == []


def test_treasurer_adds_an_account(coop: Workspace) -> None:
    """A new account can be posted to; a taken code, a bad type or a blank name are refused."""
    accounts.add_account(coop, code="5800", name="Excursiones", type="expense")
    spend(coop, dt.date(2026, 1, 5), 500, code="5800")
    with pytest.raises(BadInput, match="5800"):
        accounts.add_account(coop, code="5800", name="Otra", type="expense")
    with pytest.raises(BadInput):
        accounts.add_account(coop, code="5900x", name="Otra", type="gasto")
    with pytest.raises(BadInput):
        accounts.add_account(coop, code="5901", name=" ", type="expense")
    with pytest.raises(BadInput):
        accounts.add_account(coop, code="no code", name="Otra", type="expense")


def test_balances_at_a_date(coop: Workspace) -> None:
    """At a date only what was posted up to it counts; an account used only later shows 0."""
    spend(coop, dt.date(2026, 1, 10), 1000)
    spend(coop, dt.date(2026, 2, 10), 2000)
    spend(coop, dt.date(2026, 3, 10), 4000, code="5100")
    from codesign.ledger import queries

    def at(day: dt.date) -> dict[str, int]:
        return {
            b.code: b.balance
            for b in queries.balances(coop, day)
            if b.code in ("5000", "5100", "1010")
        }

    assert at(dt.date(2025, 12, 31)) == {"1010": 0, "5000": 0, "5100": 0}
    assert at(dt.date(2026, 1, 10)) == {"1010": -1000, "5000": 1000, "5100": 0}
    assert at(dt.date(2026, 2, 28)) == {"1010": -3000, "5000": 3000, "5100": 0}
    assert at(dt.date(2026, 12, 31)) == {"1010": -7000, "5000": 3000, "5100": 4000}
