"""Editing an assembly's agenda: titles and texts, order, removal, and the refusals once closed."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import func, select

from codesign.auth import sign_in, sign_out
from codesign.decisions import agenda, assemblies, votes
from codesign.decisions.queries import assembly_detail
from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.people import service
from codesign.workspace import Workspace
from models.tables import Change
from tests.codesign.decisions_helpers import (
    DAY,
    PASSPHRASE,
    SECRETARY,
    Setup,
    arrive,
    populate,
)


def journal_size(ws: Workspace) -> int:
    """How many changes the journal holds (a refusal must add none)."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def titles(ws: Workspace, setup: Setup) -> list[str]:
    """The agenda's titles in order."""
    return [item.title for item in agenda.agenda_items(ws, setup.assembly)]


def ids(ws: Workspace, setup: Setup) -> list[object]:
    """The agenda's ids in order."""
    return [item.id for item in agenda.agenda_items(ws, setup.assembly)]


def unchanged(ws: Workspace, call: object, error: type[Exception], match: str) -> None:
    """``call`` raises ``error`` matching ``match`` and the journal does not grow."""
    before = journal_size(ws)
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]
    assert journal_size(ws) == before


def test_edit_title_and_text_writes_only_what_changed(coop: Workspace) -> None:
    """A new title is one journaled change of that field; the text is set apart; blanks trimmed."""
    setup = populate(coop, 3)
    first = ids(coop, setup)[0]
    before = journal_size(coop)
    result = agenda.edit_agenda_item(coop, first, title="  Informe económico  ", notes="")
    assert result.touches("agenda_item") and journal_size(coop) == before + 1
    agenda.edit_agenda_item(
        coop, first, title="Informe económico", notes="Balance de abril\nDeudas por familia"
    )
    item = agenda.agenda_items(coop, setup.assembly)[0]
    assert (item.title, item.notes) == ("Informe económico", "Balance de abril\nDeudas por familia")
    with coop.session() as session:
        last = session.scalars(
            select(Change).where(Change.row_id == first).order_by(Change.seq.desc())
        ).first()
    assert last is not None and set(orjson.loads(last.fields)) == {"notes"}
    agenda.edit_agenda_item(coop, first, title="Informe económico", notes=item.notes)
    assert journal_size(coop) == before + 2  # nothing differs: nothing written


def test_reorder_moves_only_the_points_that_move(coop: Workspace) -> None:
    """Swapping two of three points writes two positions; the detail and minutes follow."""
    setup = populate(coop, 3)
    agenda.add_agenda_item(coop, setup.assembly, "Varios")
    a, b, c = ids(coop, setup)
    before = journal_size(coop)
    agenda.reorder_agenda(coop, setup.assembly, [b, a, c])
    assert journal_size(coop) == before + 2
    assert titles(coop, setup) == ["Presupuesto de obra", "Informe de tesorería", "Varios"]
    assert assembly_detail(coop, setup.assembly).agenda == tuple(titles(coop, setup))
    agenda.reorder_agenda(coop, setup.assembly, [c])  # unnamed points keep their order after it
    assert titles(coop, setup) == ["Varios", "Presupuesto de obra", "Informe de tesorería"]


def test_reorder_refuses_a_bad_order(coop: Workspace) -> None:
    """Repeating a point or naming one of another assembly is refused and writes nothing."""
    setup = populate(coop, 3)
    a, _b = ids(coop, setup)
    unchanged(
        coop, lambda: agenda.reorder_agenda(coop, setup.assembly, [a, a]), BadInput, "una sola vez"
    )
    _r, other = assemblies.create_assembly(coop, held_on=DAY, agenda=["Otro punto"])
    stranger = agenda.agenda_items(coop, other)[0].id
    unchanged(
        coop,
        lambda: agenda.reorder_agenda(coop, setup.assembly, [stranger]),
        NotFound,
        "no hay punto",
    )


def test_remove_a_point_without_motions_and_restore_it(coop: Workspace) -> None:
    """A point with no motions leaves the agenda; restoring puts it back in its place."""
    setup = populate(coop, 3)
    a, b = ids(coop, setup)
    agenda.remove_agenda_item(coop, a)
    assert titles(coop, setup) == ["Presupuesto de obra"]
    assert assembly_detail(coop, setup.assembly).agenda == ("Presupuesto de obra",)
    unchanged(coop, lambda: agenda.remove_agenda_item(coop, a), NotFound, "no hay punto")
    agenda.restore_agenda_item(coop, a)
    assert ids(coop, setup) == [a, b]
    unchanged(coop, lambda: agenda.restore_agenda_item(coop, a), NotFound, "no hay punto")


def test_a_point_with_motions_stays(coop: Workspace) -> None:
    """Removing a point that holds a motion is refused, naming it, and nothing is written."""
    setup = populate(coop, 3)
    a, _b = ids(coop, setup)
    votes.add_motion(coop, setup.assembly, "Aprobar el informe", agenda_item=a)
    assert agenda.agenda_items(coop, setup.assembly)[0].motions == 1
    unchanged(
        coop,
        lambda: agenda.remove_agenda_item(coop, a),
        BadInput,
        "«?“Informe de tesorería”»? tiene 1 moción",
    )


def test_editing_goes_on_during_the_assembly(coop: Workspace) -> None:
    """Once the assembly is open the secretary still edits, adds and reorders the agenda."""
    setup = populate(coop, 3)
    arrive(coop, setup, range(3))
    assemblies.open_assembly(coop, setup.assembly, 1)
    a, b = ids(coop, setup)
    agenda.edit_agenda_item(coop, b, title="Presupuesto de obra 2026")
    agenda.reorder_agenda(coop, setup.assembly, [b, a])
    agenda.add_agenda_item(coop, setup.assembly, "Varios", "Lo que traigan las familias")
    assert titles(coop, setup) == ["Presupuesto de obra 2026", "Informe de tesorería", "Varios"]


def test_a_closed_assembly_keeps_its_agenda(coop: Workspace) -> None:
    """After closing, every agenda change is refused with a clear message and writes nothing."""
    setup = populate(coop, 3)
    a, b = ids(coop, setup)
    agenda.remove_agenda_item(coop, b)
    assemblies.close_assembly(coop, setup.assembly)
    closed = "cerrada"
    calls = (
        lambda: agenda.edit_agenda_item(coop, a, title="Otro título"),
        lambda: agenda.reorder_agenda(coop, setup.assembly, [a]),
        lambda: agenda.remove_agenda_item(coop, a),
        lambda: agenda.restore_agenda_item(coop, b),
        lambda: agenda.add_agenda_item(coop, setup.assembly, "Tarde"),
    )
    for call in calls:
        unchanged(coop, call, BadInput, closed)
    assert titles(coop, setup) == ["Informe de tesorería"]


def test_only_who_runs_assemblies_edits_the_agenda(coop: Workspace) -> None:
    """Signed out, or signed in as a plain member, every agenda change is refused unwritten."""
    setup = populate(coop, 3)
    a, b = ids(coop, setup)
    _r, member = service.add_person(coop, name="Rosa Chicaiza", household="Familia 02")
    service.set_passphrase(coop, member.person, "otra-clave")
    for who in (None, "Rosa Chicaiza"):
        sign_out(coop)
        if who:
            sign_in(coop, who, "otra-clave")
        for call in (
            lambda: agenda.edit_agenda_item(coop, a, title="Otro título"),
            lambda: agenda.reorder_agenda(coop, setup.assembly, [b, a]),
            lambda: agenda.remove_agenda_item(coop, a),
            lambda: agenda.add_agenda_item(coop, setup.assembly, "Otro"),
        ):
            unchanged(coop, call, NotPermitted, "secretar")
    sign_in(coop, SECRETARY, PASSPHRASE)
    agenda.edit_agenda_item(coop, a, title="Otro título")
    assert titles(coop, setup)[0] == "Otro título"


def test_titles_are_checked(coop: Workspace) -> None:
    """A blank or overlong title is refused before anything is written."""
    setup = populate(coop, 3)
    a, _b = ids(coop, setup)
    unchanged(coop, lambda: agenda.edit_agenda_item(coop, a, title="  "), BadInput, "título")
    unchanged(
        coop, lambda: agenda.edit_agenda_item(coop, a, title="x" * 301), BadInput, "300 caracteres"
    )
    unchanged(coop, lambda: agenda.add_agenda_item(coop, setup.assembly, ""), BadInput, "título")
