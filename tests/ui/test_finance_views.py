"""The Finances page's member accounts, budgets, charts, bank import and treasurer-only actions."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QDate, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from codesign.auth import sign_in
from codesign.ledger import members, queries
from codesign.ledger.attachments import list_attachments
from codesign.ledger.budgets import list_budget_lines
from codesign.ledger.register import list_accounts, list_transactions
from codesign.people.service import add_person, set_passphrase
from codesign.workspace import Workspace
from i18n.formatting import format_money
from tests.codesign.test_finance_members import setup_books
from tests.ui.test_finances_page import make_page
from ui.pages.finances import FinancesPage

if TYPE_CHECKING:
    from conftest import MessageBoxes

SHOTS = Path(os.environ.get("MINGA_SHOTS", "/nonexistent"))


def shoot(widget: object, name: str) -> None:
    """Save a screenshot into $MINGA_SHOTS when it is set (for people to look at)."""
    from PySide6.QtWidgets import QWidget

    if SHOTS.is_dir() and isinstance(widget, QWidget):
        widget.grab().save(str(SHOTS / f"finance-{name}.png"))


@pytest.fixture
def books(coop: Workspace) -> Workspace:
    """The hand-worked books of the member-account tests."""
    setup_books(coop)
    return coop


def show_tab(qtbot: QtBot, page: FinancesPage, index: int) -> None:
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(index)


def test_member_accounts_and_statement(qtbot: QtBot, books: Workspace) -> None:
    """The tab lists expected, paid and ageing per household; selecting one shows its statement."""
    page = make_page(qtbot, books)
    tab = page.members_tab
    tab.as_of.setDate(QDate(2026, 5, 20))
    show_tab(qtbot, page, 2)
    assert tab.loaded
    rows = {
        tab.model.index(r, 1).data(): [tab.model.index(r, c).data() for c in range(2, 9)]
        for r in range(tab.model.rowCount())
    }
    money = lambda cents: format_money(cents, "USD", "es_EC")  # noqa: E731
    assert rows["Familia A"] == [
        money(30000),
        money(6000),
        money(24000),
        money(4000),
        money(4000),
        money(4000),
        money(12000),
    ]
    tab.select_row(0)
    statement = tab.statement_model
    assert statement.rowCount() == 1 + 6 + 1  # opening, five dues and the entry, one payment
    assert statement.index(statement.rowCount() - 1, 5).data() == money(24000)
    assert "Familia" in tab.statement_title.text()
    shoot(page, "members")


def test_statement_exports_a_pdf(qtbot: QtBot, books: Workspace, tmp_path: Path) -> None:
    """Export writes the member report for the selected household."""
    page = make_page(qtbot, books)
    show_tab(qtbot, page, 2)
    page.members_tab.select_row(0)
    out = page.members_tab.export_statement(tmp_path / "estado.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")


def test_billing_from_the_tab_posts_the_dues(qtbot: QtBot, books: Workspace) -> None:
    """Bill instalments due posts them; the register grows and the accounts stay the same."""
    page = make_page(qtbot, books)
    tab = page.members_tab
    tab.as_of.setDate(QDate(2026, 2, 1))
    show_tab(qtbot, page, 2)
    before = len(list_transactions(books))
    tab.bill()
    assert len(list_transactions(books)) == before + 5  # A: Jan, entry, Feb; B: Jan, Feb


def test_budgets_tab_edits_and_compares(qtbot: QtBot, books: Workspace) -> None:
    """A line added in the dialog shows in the lines table, the comparison and the chart."""
    page = make_page(qtbot, books)
    tab = page.budgets_tab
    tab.year.setValue(2026)
    show_tab(qtbot, page, 3)
    dialog = tab.line_dialog(None)
    qtbot.addWidget(dialog)
    dialog.account.setCurrentIndex(dialog.account.findData("1100"))
    dialog.amount.setText("500,00")
    dialog.phase.setText("Obra gris")
    assert dialog.save()
    assert [(line.account, line.amount) for line in list_budget_lines(books, "2026")] == [
        ("1100", 50000)
    ]
    assert tab.lines_model.rowCount() == 1
    assert tab.comparison_model.rowCount() == 1
    assert tab.chart.pixmap() is not None and not tab.chart.pixmap().isNull()
    shoot(page, "budgets")


def test_bad_budget_amount_is_explained(qtbot: QtBot, books: Workspace) -> None:
    """An amount the locale cannot read stays in the dialog with the reason; nothing saved."""
    page = make_page(qtbot, books)
    dialog = page.budgets_tab.line_dialog(None)
    qtbot.addWidget(dialog)
    dialog.amount.setText("quinientos")
    assert not dialog.save()
    assert dialog.problem.text()
    assert list_budget_lines(books) == ()


def test_charts_are_drawn_off_the_ui_thread(qtbot: QtBot, books: Workspace) -> None:
    """The charts tab draws its six charts in the background and shows them."""
    page = make_page(qtbot, books)
    page.charts_tab.year.setValue(2026)
    show_tab(qtbot, page, 4)
    qtbot.waitUntil(lambda: not page.charts_tab.drawing, timeout=20_000)
    assert all(not image.pixmap().isNull() for image in page.charts_tab.images)
    shoot(page, "charts")


def test_bank_import_dialog_suggests_and_settles(
    qtbot: QtBot, books: Workspace, tmp_path: Path
) -> None:
    """A statement naming a household is matched to its debt; importing settles it."""
    bank = tmp_path / "banco.csv"
    bank.write_text(
        "Fecha;Descripción;Monto\n"
        "20/05/2026;Depósito Familia B;100,00\n"
        "21/05/2026;Comisión;-2,00\n",
        encoding="utf-8",
    )
    page = make_page(qtbot, books)
    dialog = page.import_bank(bank)
    assert dialog is not None
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.index(0, 4).data() == "Familia B"
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) is None
    dialog.resize(1000, 400)
    shoot(dialog, "bank-import")
    assert dialog.save()
    assert dialog.imported == 2
    b = next(
        a for a in members.list_plans(books) if a.household is not None and a.kind == "contribution"
    )
    assert b.amount == 2000
    from codesign.ledger.members_accounts import member_accounts

    owed = {a.name: a.arrears for a in member_accounts(books, dt.date(2026, 5, 21))}
    assert owed["Familia B"] == 0


def test_attach_receipt_to_selected(qtbot: QtBot, books: Workspace, tmp_path: Path) -> None:
    """Attach receipt stores the file with the selected transaction."""
    scan = tmp_path / "recibo.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 100)
    page = make_page(qtbot, books)
    page.register_view.selectRow(0)
    assert page.attach_action.isEnabled()
    assert page.attach_receipt(scan)
    record = page.selected_transaction()
    assert record is not None
    assert [a.name for a in list_attachments(books, record.id)] == ["recibo.png"]


class _Opened(QObject):
    """Receives the URLs the window asks the desktop to open (Qt's own hook for them)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toLocalFile())


def test_receipts_are_listed_opened_and_saved(
    qtbot: QtBot, books: Workspace, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """Anyone sees a transaction's receipts, opens a checked copy and saves one; damage is said."""
    scan = tmp_path / "recibo.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * (5632 - 8))
    from codesign.ledger.service import post_transaction

    post_transaction(
        books,
        date=dt.date(2026, 3, 3),
        description="Compra de clavos",
        postings=[("5000", 1500), ("1010", -1500)],
    )
    page = make_page(qtbot, books)
    page.register_view.selectRow(0)
    assert page.attach_receipt(scan)
    attached = page.selected_transaction()
    assert attached is not None
    dialog = page.show_receipts()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 0).data() == "recibo.png"
    assert dialog.model.index(0, 2).data() == "5,5 kB"  # 5,632 bytes, in es_EC
    shoot(dialog, "receipts")
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        copy = dialog.open_selected()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert copy is not None and opened.urls == [str(copy)]
    assert copy.read_bytes() == scan.read_bytes()
    saved = dialog.save_selected(tmp_path / "copia.png")
    assert saved is not None and saved.read_bytes() == scan.read_bytes()
    with books.session() as session, session.begin():
        session.execute(text("UPDATE blob SET data = :d"), {"d": b"otra cosa"})
    message_boxes.expect()
    assert dialog.save_selected(tmp_path / "dañada.png") is None
    assert "SHA-256" in message_boxes.texts[-1]
    assert not (tmp_path / "dañada.png").exists()
    others = [
        row
        for row in range(page.register_model.rowCount())
        if page.register_model.record(row).id != attached.id
    ]
    page.register_view.selectRow(others[0])
    other = page.show_receipts()
    assert other is not None
    qtbot.addWidget(other)
    assert other.model.rowCount() == 0 and not other.open_button.isEnabled()


def test_new_account_dialog(qtbot: QtBot, books: Workspace) -> None:
    """The account dialog adds an account that the register filter then offers."""
    page = make_page(qtbot, books)
    dialog = page.add_account()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.code.setText("5800")
    dialog.name.setText("Excursiones")
    dialog.type.setCurrentIndex(dialog.type.findData("expense"))
    assert dialog.save()
    assert "5800" in {a.code for a in list_accounts(books)}
    assert page.account_filter.findData("5800") >= 0


def test_treasurer_actions_are_off_for_others(qtbot: QtBot, books: Workspace) -> None:
    """Signed in as a secretary, posting, importing and budgeting are disabled with a hint."""
    _r, secretary = add_person(books, name="Rosa Quishpe", roles=("member", "secretary"))
    set_passphrase(books, secretary.person, "clave")
    sign_in(books, "Rosa Quishpe", "clave")
    _r, treasurer = add_person(books, name="Luis Andrade", roles=("member", "treasurer"))
    set_passphrase(books, treasurer.person, "tesoro")
    page = make_page(qtbot, books)
    page.register_view.selectRow(0)
    for action in (page.new_action, page.import_action, page.attach_action, page.account_action):
        assert not action.isEnabled()
        assert "Tesorero" in action.toolTip() or "tesorer" in action.toolTip().lower()
    assert not page.members_tab.bill_button.isEnabled()
    assert not page.budgets_tab.add_button.isEnabled()
    assert page.import_bank(Path("x.csv")) is None
    sign_in(books, "Luis Andrade", "tesoro")
    page.refresh()
    assert page.new_action.isEnabled() and page.import_action.isEnabled()
    assert queries.verify(books).ok


def test_new_plan_dialog_sets_what_households_owe(qtbot: QtBot, books: Workspace) -> None:
    """A plan added in the dialog for one household shows in its expected amount."""
    page = make_page(qtbot, books)
    tab = page.members_tab
    tab.as_of.setDate(QDate(2026, 5, 20))
    show_tab(qtbot, page, 2)
    dialog = tab.new_plan()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("loan"))
    dialog.household.setCurrentIndex(dialog.household.findText("B01-02 Familia B"))
    dialog.amount.setText("10,00")
    dialog.start.setDate(QDate(2026, 3, 1))
    dialog.instalments.setValue(24)
    assert dialog.save()
    (plan,) = [p for p in members.list_plans(books) if p.kind == "loan"]
    assert (plan.amount, plan.instalments, plan.account) == (1000, 24, "1150")
    tab.reload()
    rows = {tab.model.index(r, 1).data(): tab.model.index(r, 2).data() for r in range(2)}
    assert rows["Familia B"] == format_money(10000 + 3 * 1000, "USD", "es_EC")


def test_plans_are_listed_and_one_ends_from_a_date(qtbot: QtBot, books: Workspace) -> None:
    """The plans dialog lists every plan; ending the statutes' one lowers what A is expected."""
    page = make_page(qtbot, books)
    tab = page.members_tab
    tab.as_of.setDate(QDate(2026, 5, 20))
    show_tab(qtbot, page, 2)
    dialog = tab.show_plans()
    assert dialog is not None
    qtbot.addWidget(dialog)
    cells = [
        [dialog.model.index(r, c).data() for c in range(5)] for r in range(dialog.model.rowCount())
    ]
    households = [row[1] for row in cells]
    assert households == ["Todas las familias", "B01-02 Familia B", "B01-01 Familia A"]
    assert cells[0][2] == format_money(4000, "USD", "es_EC")
    assert cells[0][4] == "1 dic 2026 (12 cuotas)" and cells[1][4] == "hasta que se termine"
    shoot(dialog, "plans")
    assert dialog.end_button.isEnabled()
    ending = dialog.end_dialog()
    assert ending is not None
    qtbot.addWidget(ending)
    ending.after.setDate(QDate(2026, 3, 15))
    assert ending.save()
    dialog.reload()
    assert dialog.model.index(0, 4).data() == "1 mar 2026 (3 cuotas)"
    dialog.close()
    rows = {tab.model.index(r, 1).data(): tab.model.index(r, 2).data() for r in range(2)}
    assert rows["Familia A"] == format_money(3 * 4000 + 10000, "USD", "es_EC")


def test_bad_plan_amount_is_explained(qtbot: QtBot, books: Workspace) -> None:
    """An unreadable instalment keeps the dialog open with the reason; no plan is added."""
    page = make_page(qtbot, books)
    show_tab(qtbot, page, 2)
    before = members.list_plans(books)
    dialog = page.members_tab.new_plan()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.amount.setText("diez")
    assert not dialog.save()
    assert dialog.problem.text()
    assert members.list_plans(books) == before


def test_member_accounts_export_as_csv(qtbot: QtBot, books: Workspace, tmp_path: Path) -> None:
    """The accounts table is written as CSV with `;` and a BOM for es_EC, one row per household."""
    import csv

    page = make_page(qtbot, books)
    tab = page.members_tab
    tab.as_of.setDate(QDate(2026, 5, 20))
    show_tab(qtbot, page, 2)
    out = tab.export_table(tmp_path / "cuentas.csv")
    assert out is not None
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:2] == ["Unidad", "Familia"]
    assert [r[1] for r in rows[1:]] == ["Familia A", "Familia B"]
    assert rows[1][4] == format_money(24000, "USD", "es_EC")
