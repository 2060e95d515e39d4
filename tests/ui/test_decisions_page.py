"""The Decisions page, the vote panel and the projector view on real cooperative files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from codesign.decisions import assemblies
from codesign.workspace import Workspace
from tests.codesign.decisions_helpers import arrive, full_meeting, populate
from ui.context import AppContext
from ui.pages.decisions import DecisionsPage
from ui.projector import ProjectorWindow

if TYPE_CHECKING:
    from conftest import MessageBoxes

SHOTS = Path("/work/notes/shots")


def make_page(qtbot: QtBot, ws: Workspace) -> DecisionsPage:
    """The page over ``ws``, shown at a laptop's size."""
    context = AppContext()
    context.set_workspace(ws)
    page = DecisionsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def shoot(widget: object, name: str) -> None:
    """Save a screenshot for people to look at (when the notes folder exists)."""
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"decisions-{name}.png"))  # type: ignore[attr-defined]


def test_attendance_search_marks_present_and_quorum_updates(qtbot: QtBot, coop: Workspace) -> None:
    """Typing a name and pressing Enter marks that household present; the quorum line follows."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(5))
    page = make_page(qtbot, coop)
    view = page.assembly_view
    assert "5 de 6" in view.quorum.text() and "Sin quórum" in view.quorum.text()
    qtbot.keyClicks(view.search, "Familia 07")
    assert view.attendance_proxy.rowCount() == 1
    qtbot.keyPress(view.search, "\r")
    assert "Quórum alcanzado: 6 de 6" in view.quorum.text()
    assert view.search.text() == ""
    view.tabs.setCurrentIndex(0)
    shoot(page, "attendance")


def test_vote_panel_runs_a_show_of_hands(qtbot: QtBot, coop: Workspace) -> None:
    """Open, count and close a vote from the panel; the motion reads as passed."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(8))
    assemblies.open_assembly(coop, setup.assembly, 1)
    from codesign.decisions import votes

    votes.add_motion(coop, setup.assembly, "Pintar la casa comunal", majority="absolute")
    page = make_page(qtbot, coop)
    page.assembly_view.reload()
    panel = page.assembly_view.vote_panel
    assert panel.motion is not None
    panel.method.setCurrentIndex(panel.method.findData("show_of_hands"))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert panel.state is not None and panel.state.status == "open"
    panel.spins["yes"].setValue(4)
    panel.spins["no"].setValue(3)
    panel.enter_counts()
    assert panel.verdict.text() == "No se aprueba por ahora"  # 4 is not more than 8 / 2
    assert "todavía alcanzable" in panel.reach.text()
    panel.spins["yes"].setValue(5)
    panel.enter_counts()
    assert panel.verdict.text() == "Se aprueba por ahora"
    page.assembly_view.tabs.setCurrentIndex(1)
    shoot(page, "vote-panel")
    panel.close_vote()
    assert panel.state is not None and panel.state.result == "passed"
    assert page.assembly_view.motions_model.index(0, 7).data() == "aprobada"


def test_more_votes_than_present_shows_error(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """Typing 9 votes with 8 represented shows the refusal and keeps the counts unchanged."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(8))
    assemblies.open_assembly(coop, setup.assembly, 1)
    from codesign.decisions import votes

    _r, motion = votes.add_motion(coop, setup.assembly, "Moción")
    votes.open_vote(coop, motion, "secret")
    page = make_page(qtbot, coop)
    panel = page.assembly_view.vote_panel
    panel.spins["yes"].setValue(9)
    message_boxes.expect()
    panel.enter_counts()
    assert any("9 votos" in text for text in message_boxes.texts)
    assert panel.state is not None and panel.state.tally.yes == 0


def test_roll_call_from_the_list(qtbot: QtBot, coop: Workspace) -> None:
    """Selecting households in the roll call and pressing Sí records their votes."""
    setup = populate(coop, 6)
    arrive(coop, setup, range(4))
    assemblies.open_assembly(coop, setup.assembly, 1)
    from codesign.decisions import votes

    _r, motion = votes.add_motion(coop, setup.assembly, "Votación nominal")
    votes.open_vote(coop, motion, "roll_call")
    page = make_page(qtbot, coop)
    panel = page.assembly_view.vote_panel
    assert panel.roll_proxy.rowCount() == 4
    panel.roll_view.selectRow(panel.household_index(setup.households[0]))
    panel.cast("yes")
    assert panel.state is not None and panel.state.tally.yes == 1
    assert "Sí" in [panel.roll_model.index(r, 2).data() for r in range(4)]


def test_register_tab_and_overdue(qtbot: QtBot, coop: Workspace) -> None:
    """The register lists three decisions; the overdue follow-up shows in red."""
    full_meeting(coop)
    page = make_page(qtbot, coop)
    page.tabs.setCurrentIndex(1)
    tab = page.register_tab
    assert tab.model.rowCount() == 3
    tab.overdue_only.setChecked(True)
    assert tab.follow_model.rowCount() == 1
    assert tab.follow_model.index(0, 4).data() == "vencida"
    shoot(page, "register")


def test_projector_shows_motion_quorum_and_results(qtbot: QtBot, coop: Workspace) -> None:
    """The projector follows the chosen assembly and its last vote, in large type."""
    meeting = full_meeting(coop)
    page = make_page(qtbot, coop)
    page.select_assembly(meeting.setup.assembly)
    projector = page.show_projector()
    assert isinstance(projector, ProjectorWindow)
    qtbot.addWidget(projector)
    assert "Admitir a la familia Quishpe" in projector.motion.text()
    assert projector.counts["yes"].text() == "5"
    assert projector.verdict.text() == "APROBADA"
    assert projector.motion.font().pointSize() >= 32
    shoot(projector, "projector")
    projector.close()


def test_minutes_and_export_from_the_page(qtbot: QtBot, coop: Workspace, tmp_path: Path) -> None:
    """The page writes the chosen assembly's minutes and the Popolo export."""
    full_meeting(coop)
    page = make_page(qtbot, coop)
    pdf = page.print_minutes(tmp_path / "acta.pdf")
    qtbot.waitUntil(lambda: not page.busy)
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert page.last_output == pdf and "acta.pdf" in page.status.text()
    out = page.export(tmp_path / "popolo.json")
    qtbot.waitUntil(lambda: not page.busy)
    assert out is not None and out.stat().st_size > 1000


def test_export_error_is_shown(
    qtbot: QtBot, coop: Workspace, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """Exporting into a folder that does not exist shows the error; the page is usable again."""
    full_meeting(coop)
    page = make_page(qtbot, coop)
    message_boxes.expect()
    page.export(tmp_path / "no-existe" / "popolo.json")
    qtbot.waitUntil(lambda: bool(message_boxes.texts))
    assert "no-existe" in message_boxes.texts[0]
    assert not page.busy and page.export_action.isEnabled()


def test_budgeting_round_and_ballot_from_the_tab(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """A round typed in the dialog, a ballot over the limit refused, a good one counted."""
    from ui.decisions_budget import RoundDialog

    populate(coop, 3)
    page = make_page(qtbot, coop)
    tab = page.budget_tab
    page.tabs.setCurrentIndex(2)
    dialog = RoundDialog(page.context, "USD", "es_EC", tab)
    dialog.budget.setText("5.000,00")
    dialog.options.setPlainText("Huerto comunitario; 1.500,00\nTechado de la cancha; 8.000,00")
    dialog.accept()
    assert tab.rounds.count() == 1
    tab.select_round(dialog.created)  # type: ignore[arg-type]
    ballot = tab.ballot_dialog()
    assert ballot is not None
    ballot.household.setCurrentText("Familia 01")
    first, second = ballot.spins.values()
    first.setValue(8)
    second.setValue(8)
    message_boxes.expect()
    ballot.accept()
    assert any("16 puntos" in text for text in message_boxes.texts), message_boxes.texts
    second.setValue(2)
    ballot.accept()
    assert tab.model.rowCount() == 2
    assert [tab.model.index(r, 2).data() for r in range(2)] == ["8", "2"]
    assert tab.model.index(0, 4).data() == "sí"
    assert not tab.chart.pixmap().isNull()


def test_motion_dialog_and_agenda(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """The motion dialog puts an amendment with its rule; a bad link id is refused; agenda grows."""
    from ui.decisions_dialogs import MotionDialog

    setup = populate(coop, 4)
    page = make_page(qtbot, coop)
    view = page.assembly_view
    view.add_agenda_item("Elección de la comisión de vigilancia")
    assert view.agenda.model.rowCount() == 3
    dialog = MotionDialog(page.context, setup.assembly, [], [], view)
    dialog.text.setPlainText("Reformar el reglamento de mingas")
    dialog.rule.setCurrentIndex(dialog.rule.findData("three_quarters"))
    dialog.link_kind.setCurrentIndex(dialog.link_kind.findData("proposal"))
    dialog.link_id.setText("no-es-un-id")
    message_boxes.expect()
    dialog.accept()
    assert message_boxes.texts and view.motions_model.rowCount() == 0
    dialog.link_kind.setCurrentIndex(0)
    dialog.accept()
    assert view.motions_model.rowCount() == 1
    assert view.motions_model.index(0, 2).data() == "mayoría de tres cuartos"


def test_signed_out_cannot_open_a_vote(
    qtbot: QtBot, coop: Workspace, message_boxes: MessageBoxes
) -> None:
    """Without the secretary signed in, Open vote shows the sign-in message and opens nothing."""
    from codesign.auth import sign_out
    from codesign.decisions import votes

    setup = populate(coop, 4)
    arrive(coop, setup, range(3))
    assemblies.open_assembly(coop, setup.assembly, 1)
    votes.add_motion(coop, setup.assembly, "Moción sin secretaría")
    sign_out(coop)
    page = make_page(qtbot, coop)
    panel = page.assembly_view.vote_panel
    message_boxes.expect()
    panel.open_vote()
    assert any("secretari" in text for text in message_boxes.texts)
    assert panel.state is None
