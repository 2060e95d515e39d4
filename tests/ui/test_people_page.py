"""The People page: views over the people services, search, undoable edits, CSV in and out."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from babel.numbers import get_decimal_symbol
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from codesign.cooperative import create_cooperative
from codesign.people.csv_import import ImportRow, import_people
from codesign.people.queries import list_people
from codesign.people.service import add_household, add_person
from codesign.workspace import Workspace
from models.tables import Change
from ui.context import AppContext
from ui.csv_import_dialog import CsvImportDialog
from ui.pages.people import PeoplePage
from ui.people_dialogs import HouseholdDialog, PersonDialog


def journal_size(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def people_shown(page: PeoplePage) -> list[str]:
    proxy = page.people_proxy
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def make_page(qtbot: QtBot, ws: Workspace) -> PeoplePage:
    context = AppContext()
    context.set_workspace(ws)
    page = PeoplePage(context)
    qtbot.addWidget(page)
    return page


@pytest.fixture
def filled(coop: Workspace) -> Workspace:
    """Three households and four people, added through the services."""
    add_household(coop, name="Familia Peña", unit="B01-01", joined_on=dt.date(2022, 3, 7))
    add_household(coop, name="Familia Quispe", unit="B01-02")
    add_person(coop, name="Rosa Peña", household="Familia Peña", phone="0991234567")
    add_person(coop, name="Luis Andrade", household="Familia Peña", roles=("member", "treasurer"))
    add_person(coop, name="Ana Quispe", household="Familia Quispe", email="ana@example.org")
    add_person(coop, name="Inés Guamán")  # a household of her own
    return coop


def test_page_shows_households_and_people(qtbot: QtBot, filled: Workspace) -> None:
    """The tables list what list_households and list_people return, with member counts."""
    page = make_page(qtbot, filled)
    model = page.households_model
    households = {model.record(r).name: model.record(r).members for r in range(model.rowCount())}
    assert households == {"Familia Peña": 2, "Familia Quispe": 1, "Inés Guamán": 1}
    assert sorted(people_shown(page)) == sorted(p.name for p in list_people(filled))
    assert page.people_model.rowCount() == 4


def test_search_ignores_accents_and_case(qtbot: QtBot, filled: Workspace) -> None:
    """Typing "pena" finds "Peña" (name or household); "ines" finds "Inés"."""
    page = make_page(qtbot, filled)
    qtbot.keyClicks(page.search, "pena")
    assert sorted(people_shown(page)) == ["Luis Andrade", "Rosa Peña"]
    page.search.setText("ROSA 099")
    assert people_shown(page) == ["Rosa Peña"]
    page.search.setText("ines")
    assert people_shown(page) == ["Inés Guamán"]
    page.search.clear()
    assert len(people_shown(page)) == 4


def test_household_selection_and_role_filter(qtbot: QtBot, filled: Workspace) -> None:
    """Selecting a household lists only its people; "All households" and the role filter work."""
    page = make_page(qtbot, filled)
    proxy = page.households_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Familia Peña")
    page.households_view.selectRow(row)
    assert sorted(people_shown(page)) == ["Luis Andrade", "Rosa Peña"]
    page.role_filter.setCurrentIndex(page.role_filter.findData("treasurer"))
    assert people_shown(page) == ["Luis Andrade"]
    page.show_all_households()
    page.role_filter.setCurrentIndex(0)
    assert len(people_shown(page)) == 4


def test_add_person_then_undo_and_redo(qtbot: QtBot, filled: Workspace) -> None:
    """Saving in the dialog is undoable: undo hides the person, redo shows them; all journaled."""
    page = make_page(qtbot, filled)
    context = page.context
    dialog = PersonDialog(context, page.households_model.records(), None, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.edits["name"], "Carmen Tituana")
    dialog.household.setCurrentText("Familia Quispe")
    qtbot.keyClicks(dialog.edits["phone"], "022 555 123")
    before = journal_size(filled)
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "Carmen Tituana" in people_shown(page)
    added = journal_size(filled)
    assert added > before
    context.undo_stack.undo()
    assert "Carmen Tituana" not in people_shown(page)
    undone = journal_size(filled)
    assert undone > added
    context.undo_stack.redo()
    assert "Carmen Tituana" in people_shown(page)
    assert journal_size(filled) > undone
    assert {p.name: p.household for p in list_people(filled)}["Carmen Tituana"] == "Familia Quispe"


def test_edit_saves_only_changed_fields(qtbot: QtBot, filled: Workspace) -> None:
    """Editing one field journals one field, so sync does not see edits nobody made."""
    page = make_page(qtbot, filled)
    rosa = next(p for p in page.people_model.records() if p.name == "Rosa Peña")
    dialog = PersonDialog(page.context, page.households_model.records(), rosa, page)
    qtbot.addWidget(dialog)
    dialog.edits["phone"].clear()
    qtbot.keyClicks(dialog.edits["phone"], "0987654321")
    assert dialog.changes() == {"phone": "0987654321"}
    dialog.accept()
    with filled.session() as session:
        last = session.scalars(select(Change).order_by(Change.seq.desc()).limit(1)).one()
    assert last.fields == '{"phone":"0987654321"}'


def test_sorting_by_members_is_numeric(qtbot: QtBot, coop: Workspace) -> None:
    """Households with 10, 9 and 2 members sort 2, 9, 10 (not as text: 10, 2, 9)."""
    rows = [
        ImportRow(row=i, name=f"Persona {i}", household=f"Familia {size}")
        for size in (10, 9, 2)
        for i in range(size * 100, size * 100 + size)
    ]
    import_people(coop, rows)
    page = make_page(qtbot, coop)
    page.households_view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    proxy = page.households_proxy
    assert [proxy.index(r, 2).data() for r in range(proxy.rowCount())] == ["2", "9", "10"]
    page.households_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Familia 10", "Familia 9", "Familia 2"]


@pytest.mark.parametrize("locale", ["es_EC", "en_US"])
def test_export_table_follows_decimal_separator(qtbot: QtBot, tmp_path: Path, locale: str) -> None:
    """Where Babel says decimals use a comma the CSV gets `;` and a BOM; elsewhere `,`, no BOM."""
    ws = create_cooperative(tmp_path / f"{locale}.minga", name="Coop", locale=locale)
    try:
        add_person(ws, name="Rosa Peña", household="Familia Peña, Quito", phone="099")
        page = make_page(qtbot, ws)
        out = page.export_table(tmp_path / "people.csv")
        assert out is not None
        data = out.read_bytes()
    finally:
        ws.close()
    comma = get_decimal_symbol(locale) == ","
    delimiter = ";" if comma else ","
    assert data.startswith(codecs.BOM_UTF8) == comma
    lines = data.decode("utf-8-sig").splitlines()
    title = str(page.people_proxy.headerData(0, Qt.Orientation.Horizontal))
    assert lines[0].split(delimiter)[0] == title
    household = "Familia Peña, Quito" if comma else '"Familia Peña, Quito"'  # quoted around `,`
    assert lines[1].startswith(f"Rosa Peña{delimiter}{household}{delimiter}")
    assert len(lines) == 2


def test_person_dialog_bad_email_disables_ok(qtbot: QtBot, filled: Workspace) -> None:
    """A bad email shows its message under the field and disables OK until corrected."""
    page = make_page(qtbot, filled)
    dialog = PersonDialog(page.context, page.households_model.records(), None, page)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button().isEnabled()  # no name yet
    qtbot.keyClicks(dialog.edits["name"], "Rosa")
    assert dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.edits["email"], "rosa@")
    assert not dialog.ok_button().isEnabled()
    assert "rosa@" in dialog.messages["email"].text()
    assert not dialog.messages["email"].isHidden()
    qtbot.keyClicks(dialog.edits["email"], "example.org")
    assert dialog.ok_button().isEnabled()
    assert dialog.messages["email"].isHidden()


def test_household_dialog_requires_a_name(qtbot: QtBot, filled: Workspace) -> None:
    """A household without a name cannot be saved; with one it is added and listed."""
    page = make_page(qtbot, filled)
    dialog = HouseholdDialog(page.context, None, page)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.name, "Familia Loja")
    dialog.accept()
    names = [r.name for r in page.households_model.records()]
    assert "Familia Loja" in names


@pytest.fixture
def people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "personas.csv"
    path.write_text(
        "Nombre;Familia;Teléfono\nRosa Peña;Familia Peña;099\nLuis Loja;Familia Loja;llamar\n"
        "Marta Loja;Familia Loja;\n",
        encoding="utf-8",
    )
    return path


def test_csv_dialog_previews_then_imports_good_rows(
    qtbot: QtBot, filled: Workspace, people_csv: Path
) -> None:
    """The preview lists bad rows and writes nothing; Import adds only the good rows, undoably."""
    page = make_page(qtbot, filled)
    before = journal_size(filled)
    dialog = CsvImportDialog(page.context, page, people_csv)
    qtbot.addWidget(dialog)
    assert [e.row for e in dialog.errors] == [2, 3]  # Rosa exists already; a bad phone
    assert dialog.rows_model.rowCount() == 1
    assert dialog.import_button.isEnabled()
    assert "1" in dialog.import_button.text()
    assert journal_size(filled) == before
    dialog.columns["name"].setCurrentIndex(0)  # "(not imported)": no name column
    assert not dialog.import_button.isEnabled()
    dialog.columns["name"].setCurrentIndex(dialog.columns["name"].findData("Nombre"))
    dialog.accept()
    assert "Marta Loja" in people_shown(page)
    assert "Luis Loja" not in people_shown(page)
    page.context.undo_stack.undo()
    assert "Marta Loja" not in people_shown(page)


def test_export_person_data_writes_their_json(
    qtbot: QtBot, filled: Workspace, tmp_path: Path
) -> None:
    """Export person's data writes the selected person's record to the chosen file."""
    page = make_page(qtbot, filled)
    row = people_shown(page).index("Ana Quispe")
    page.people_view.selectRow(row)
    out = page.export_person_data(tmp_path / "ana.json")
    assert out is not None
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Ana Quispe"
    assert data["household"]["name"] == "Familia Quispe"
