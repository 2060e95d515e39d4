"""The Finances page: fingerprint, register, balances, the entry dialog and reversals."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

import i18n
from codesign.ledger.queries import fingerprint
from codesign.ledger.register import list_transactions
from codesign.ledger.service import post_transaction
from codesign.people.service import add_household, add_person, set_passphrase
from codesign.workspace import Workspace
from i18n.formatting import format_money
from models.ledger import Account, LedgerTransaction, Posting
from ui import finance_models
from ui.context import AppContext
from ui.pages.finances import FinancesPage

if TYPE_CHECKING:
    from conftest import MessageBoxes


def make_page(qtbot: QtBot, ws: Workspace) -> FinancesPage:
    context = AppContext()
    context.set_workspace(ws)
    page = FinancesPage(context)
    qtbot.addWidget(page)
    return page


def post(ws: Workspace, day: dt.date, description: str, cents: int, **kw: str) -> None:
    post_transaction(
        ws, date=day, description=description, postings=[("1010", cents), ("4000", -cents)], **kw
    )


@pytest.fixture
def books(coop: Workspace) -> Workspace:
    """Three contributions in three months, one tagged with a household."""
    add_household(coop, name="Familia Peña")
    post(coop, dt.date(2026, 1, 5), "Aporte enero", 5000, household="Familia Peña")
    post(coop, dt.date(2026, 3, 5), "Aporte marzo", 7000, reference="REC-3")
    post(coop, dt.date(2026, 2, 5), "Aporte febrero", 6000)
    return coop


def register_column(page: FinancesPage, column: int) -> list[str]:
    model = page.register_model
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def test_balances_tab_shows_posted_amounts(qtbot: QtBot, coop: Workspace) -> None:
    """After a posting through the service the page lists both accounts' balances as money."""
    page = make_page(qtbot, coop)
    result, _txn = post_transaction(
        coop,
        date=dt.date(2026, 1, 5),
        description="Aporte",
        postings=[("1010", 12345), ("4000", -12345)],
    )
    page.context.notify(result)
    rows = {
        page.balances_model.index(r, 0).data(): page.balances_model.index(r, 3).data()
        for r in range(page.balances_model.rowCount())
    }
    assert rows["1010"] == format_money(12345, "USD", "es_EC")
    assert rows["4000"] == format_money(12345, "USD", "es_EC")  # income shown credit-positive
    assert rows["1000"] == format_money(0, "USD", "es_EC")
    assert list(rows) == sorted(rows)


def test_register_newest_first_and_search(qtbot: QtBot, books: Workspace) -> None:
    """The register lists by date, newest first; search narrows to matching rows."""
    page = make_page(qtbot, books)
    assert register_column(page, 1) == ["Aporte marzo", "Aporte febrero", "Aporte enero"]
    assert register_column(page, 5) == ["", "", "Familia Peña"]
    page.search.setText("febrero")
    qtbot.waitUntil(lambda: register_column(page, 1) == ["Aporte febrero"])
    page.search.setText("rec-3")
    page.reload_register()
    assert register_column(page, 1) == ["Aporte marzo"]
    page.search.clear()
    page.account_filter.setCurrentIndex(page.account_filter.findData("5000"))
    assert register_column(page, 1) == []
    assert "0" in page.count.text()


def test_register_reads_in_batches(
    qtbot: QtBot, books: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With batches of two, the model holds two rows until Qt asks for more."""
    monkeypatch.setattr(finance_models, "BATCH", 2)
    page = make_page(qtbot, books)
    model = page.register_model
    assert model.rowCount() == 2
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 3
    assert not model.canFetchMore()


def test_entry_dialog_needs_balance_then_posts(qtbot: QtBot, books: Workspace) -> None:
    """OK stays disabled until the lines add up to zero; accepting posts through the service."""
    page = make_page(qtbot, books)
    dialog = page.new_transaction_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button().isEnabled()
    dialog.description.setText("Compra de cemento")
    first, second = dialog.rows
    dialog.set_account(first, "5000")
    first.amount.setText("1.234,50")  # the cooperative writes es_EC amounts
    second.account.setCurrentText("1010")
    second.amount.setText("-1.000")
    assert not dialog.ok_button().isEnabled()
    assert format_money(23450, "USD", "es_EC") in dialog.difference.text()
    second.amount.setText("-1.234,5")
    assert dialog.ok_button().isEnabled()
    dialog.accept()
    assert dialog.posted is not None
    posted = list_transactions(books, text="cemento")
    assert len(posted) == 1
    assert {(p.code, p.amount) for p in posted[0].postings} == {("5000", 123450), ("1010", -123450)}
    assert "Compra de cemento" in register_column(page, 1)


def test_reverse_from_page_links_reversal(qtbot: QtBot, books: Workspace) -> None:
    """Reversing the selected transaction posts a linked, negated one shown with a marker."""
    page = make_page(qtbot, books)
    page.register_view.selectRow(1)  # "Aporte febrero"
    assert page.reverse_action.isEnabled()
    dialog = page.reverse_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.accept()
    original = next(r for r in list_transactions(books) if r.description == "Aporte febrero")
    reversal = next(r for r in list_transactions(books) if r.reverses_id == original.id)
    assert original.reversed_by == reversal.id
    assert {(p.code, p.amount) for p in reversal.postings} == {("1010", -6000), ("4000", 6000)}
    row = page.register_model.row_of(reversal.id)
    assert row is not None
    marker = page.register_model.index(row, 6)
    assert "5 feb 2026" in str(marker.data())
    assert "Aporte febrero" in str(marker.data(Qt.ItemDataRole.ToolTipRole))
    page.register_view.selectRow(page.register_model.row_of(original.id) or 0)
    assert not page.reverse_action.isEnabled()  # reversed once is enough


def test_fingerprint_label_matches_query(qtbot: QtBot, books: Workspace) -> None:
    """The label starts queries.fingerprint (checked off the UI thread); tooltip and Copy: all."""
    page = make_page(qtbot, books)
    assert page.checking  # the check runs off the UI thread
    qtbot.waitUntil(lambda: page.verification is not None)
    full = fingerprint(books)
    assert page.fingerprint.toolTip() == full
    assert full.startswith(page.fingerprint.text())
    assert len(page.fingerprint.text()) >= 12
    page.copy_fingerprint()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == full
    assert "3" in page.verify_status.text()


def test_unbalanced_books_are_flagged(qtbot: QtBot, books: Workspace) -> None:
    """A transaction whose postings do not sum to zero (written behind the service) is counted."""
    with books.db.engine.begin() as conn:
        bank = conn.scalar(select(Account.id).where(Account.code == "1010"))
        txn = conn.scalar(
            insert(LedgerTransaction)
            .values(posted_on=dt.date(2026, 4, 1), description="Roto", reference="")
            .returning(LedgerTransaction.id)
        )
        conn.execute(insert(Posting).values(transaction_id=txn, account_id=bank, amount=100))
    page = make_page(qtbot, books)
    qtbot.waitUntil(lambda: page.verification is not None)
    assert page.verification is not None
    assert not page.verification.ok
    assert "1" in page.verify_status.text()
    assert "✓" not in page.verify_status.text()


def test_posting_without_treasurer_shows_the_refusal(
    qtbot: QtBot, books: Workspace, message_boxes: MessageBoxes
) -> None:
    """Once a treasurer has a passphrase, an unsigned-in post is refused in the error box."""
    _result, added = add_person(books, name="Luis Andrade", roles=("member", "treasurer"))
    set_passphrase(books, added.person, "secreto")
    page = make_page(qtbot, books)
    dialog = page.new_transaction_dialog()
    qtbot.addWidget(dialog)
    dialog.description.setText("Sin permiso")
    dialog.set_account(dialog.rows[0], "1010")
    dialog.rows[0].amount.setText("10")
    dialog.set_account(dialog.rows[1], "4000")
    dialog.rows[1].amount.setText("-10")
    assert dialog.ok_button().isEnabled()
    message_boxes.expect()
    dialog.accept()
    assert message_boxes.texts
    assert dialog.posted is None
    assert dialog.isVisible() or dialog.result() != dialog.DialogCode.Accepted
    assert list_transactions(books, text="permiso") == ()


def test_retranslate_switches_titles_and_account_names(qtbot: QtBot, books: Workspace) -> None:
    """After a switch to English the headers and the chart's account names are in English."""
    page = make_page(qtbot, books)
    model = page.balances_model
    names = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert names["1010"] == "Cuenta bancaria"
    i18n.set_language("en")
    page.retranslate()
    names = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert names["1010"] == "Bank account"
    assert page.register_model.headerData(5, Qt.Orientation.Horizontal) == "Household"
