"""The Mingas page's fines tab: cancelled fines shown as such, Cancel fine…, undo, refusals."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from codesign.people.service import add_person, set_passphrase
from codesign.work.fines import post_fines, propose_fines
from codesign.workspace import Workspace
from models.tables import Change
from models.work import WorkFine
from tests.codesign.work_setup import family, weekly_hours
from tests.ui.work_page import clear_undo, make_page  # noqa: F401 - clear_undo is autouse
from ui.pages.mingas import MingasPage

if TYPE_CHECKING:
    from conftest import MessageBoxes


@pytest.fixture
def fined(coop: Workspace) -> Workspace:
    """Two households that missed March 2026's hours, their fines proposed."""
    weekly_hours(coop, 5, since=dt.date(2026, 3, 2))
    family(coop, "Familia Lema", joined=dt.date(2026, 3, 2))
    family(coop, "Familia Peña", joined=dt.date(2026, 3, 2))
    propose_fines(coop, "2026-03")
    return coop


def select_household(page: MingasPage, name: str) -> None:
    table = page.fines.table
    for row in range(table.proxy.rowCount()):
        if table.proxy.source_record(row).household_name == name:
            table.view.selectRow(row)
            return
    raise AssertionError(f"{name} is not listed")


def statuses(ws: Workspace) -> dict[str, str]:
    from models.tables import Household

    with ws.session() as session:
        rows = session.execute(
            select(Household.name, WorkFine.status).join(
                Household, Household.id == WorkFine.household_id
            )
        )
        return {str(name): str(status) for name, status in rows}


def changes(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def texts(page: MingasPage) -> list[list[str]]:
    model = page.fines.table.model
    proxy = page.fines.table.proxy
    return [
        [model.text(proxy.mapToSource(proxy.index(r, 0)).row(), c) for c in range(7)]
        for r in range(proxy.rowCount())
    ]


def test_cancel_shows_the_fine_cancelled_with_its_reason_and_undo_brings_it_back(
    qtbot: QtBot, fined: Workspace
) -> None:
    """Cancel fine… marks it «anulada» with the reason; the filter hides it; undo and redo work."""
    page = make_page(qtbot, fined, "fines")
    assert page.tabs.tabText(3) == "Multas"
    assert page.fines.cancel_action.text() == "Anular multa…"
    assert not page.fines.cancel_action.isEnabled()
    lema = next(row for row in texts(page) if row[2] == "Familia Lema")
    assert lema[0] == "2026-03"
    assert lema[4].startswith("$") and "," in lema[4]  # es_EC money: $50,00
    select_household(page, "Familia Lema")
    assert page.fines.cancel_action.isEnabled()
    assert page.fines.cancel_selected("Apelación aceptada por la asamblea")
    assert statuses(fined)["Familia Lema"] == "cancelled"
    lema = next(row for row in texts(page) if row[2] == "Familia Lema")
    assert lema[5].endswith("anulada")
    assert lema[6] == "Apelación aceptada por la asamblea"
    assert "1 anuladas" in page.fines.summary.text()
    page.fines.shown.setCurrentIndex(1)  # not cancelled
    assert "Familia Lema" not in {row[2] for row in texts(page)}
    assert "Familia Peña" in {row[2] for row in texts(page)}
    assert "1 anuladas" in page.fines.summary.text()  # the summary counts every fine
    page.context.undo_stack.undo()
    assert statuses(fined)["Familia Lema"] == "proposed"
    assert "Familia Lema" in {row[2] for row in texts(page)}
    page.context.undo_stack.redo()
    assert statuses(fined)["Familia Lema"] == "cancelled"


def test_a_posted_fine_is_refused_with_the_way_to_reverse_it(
    qtbot: QtBot, fined: Workspace, message_boxes: MessageBoxes
) -> None:
    """Cancelling a posted fine shows one error naming Finances; nothing is written."""
    post_fines(fined)
    page = make_page(qtbot, fined, "fines")
    select_household(page, "Familia Lema")
    before = changes(fined)
    message_boxes.expect()
    assert not page.fines.cancel_selected("Tarde")
    assert "Finanzas" in message_boxes.texts[0]
    assert changes(fined) == before
    assert page.context.undo_stack.count() == 0


def test_a_member_without_the_role_is_refused(
    qtbot: QtBot, fined: Workspace, message_boxes: MessageBoxes
) -> None:
    """A plain member gets the error naming the coordinator and treasurer; nothing is written."""
    _r, boss = add_person(fined, name="Tesorera", roles=("member", "treasurer"))
    _r, member = add_person(fined, name="Socio", roles=("member",))
    set_passphrase(fined, boss.person, "clave")
    fined.actor = member.person
    page = make_page(qtbot, fined, "fines")
    select_household(page, "Familia Peña")
    before = changes(fined)
    message_boxes.expect()
    assert not page.fines.cancel_selected("Apelación")
    assert "tesorero" in message_boxes.texts[0]
    assert changes(fined) == before
    assert statuses(fined)["Familia Peña"] == "proposed"
