"""Case services: attachments, links, saved mappings, the starter library for older files, roles."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from codesign.auth import sign_out
from codesign.cases.compare import case_indicators, comparison_figure, our_indicators
from codesign.cases.queries import attachment_content, case_detail
from codesign.cases.service import (
    add_attachment,
    attach_case,
    link_targets,
    save_mapping,
    saved_mappings,
)
from codesign.cases.starter import add_starter_library, starter_rows
from codesign.decisions.assemblies import create_assembly
from codesign.decisions.votes import add_motion
from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.journal.undo import undo_group
from codesign.people.service import add_person, set_passphrase
from codesign.workspace import Workspace
from models.cases import ReferenceCase


def first_case(ws: Workspace) -> uuid.UUID:
    """The id of La Borda, a starter case."""
    with ws.session() as session:
        return session.scalars(
            select(ReferenceCase.id).where(ReferenceCase.slug == "la-borda-barcelona")
        ).one()


def test_plan_attachment_is_kept_in_the_file(coop: Workspace, tmp_path: Path) -> None:
    """A GeoJSON plan added to a case is listed with the case and read back byte for byte."""
    plan = tmp_path / "planta.geojson"
    plan.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")
    case_id = first_case(coop)
    add_attachment(coop, case_id, plan)
    detail = case_detail(coop, case_id)
    assert [(a.kind, a.name, a.media_type) for a in detail.attachments] == [
        ("plan", "planta.geojson", "application/geo+json")
    ]
    assert attachment_content(coop, detail.attachments[0].id) == plan.read_bytes()


def a_motion(ws: Workspace, text: str = "Comprar el terreno") -> uuid.UUID:
    """A motion put before a new assembly, as the Decisions section makes it."""
    _result, assembly = create_assembly(ws, held_on=dt.date(2026, 5, 9), place="Casa comunal")
    return add_motion(ws, assembly, text)[1]


def test_attach_twice_makes_one_link(coop: Workspace) -> None:
    """Attaching the same case to the same motion twice keeps one link; undo removes it."""
    case_id, motion = first_case(coop), a_motion(coop)
    result = attach_case(coop, case_id, "motion", motion, "precedente")
    attach_case(coop, case_id, "motion", motion)
    assert case_detail(coop, case_id).links == (("motion", motion),)
    undo_group(coop, result.group)
    assert case_detail(coop, case_id).links == ()
    with pytest.raises(BadInput):
        attach_case(coop, case_id, "household", motion)


def test_targets_are_the_motions_of_the_file(coop: Workspace) -> None:
    """An empty file has nothing to attach to; a motion appears once put, and only real ones."""
    assert link_targets(coop) == ()
    motion = a_motion(coop)
    assert [(t.entity, t.id) for t in link_targets(coop)] == [("motion", motion)]
    with pytest.raises(NotFound):
        attach_case(coop, first_case(coop), "motion", uuid.uuid4())


def test_mappings_are_saved_by_name(coop: Workspace) -> None:
    """A mapping saved twice under one name keeps the newest columns."""
    save_mapping(coop, "Federación", {"id": "Código", "title": "Nombre"})
    save_mapping(coop, "Federación", {"id": "Código", "title": "Título", "city": ""})
    assert saved_mappings(coop) == {"Federación": {"id": "Código", "title": "Título"}}


def test_older_file_gets_the_starter_library(coop: Workspace) -> None:
    """A file without the starter cases gets exactly the missing ones, once."""
    with coop.write("remove") as w:
        w.remove("reference_case", first_case(coop))
    with coop.write("drop") as w:
        w.session.execute(ReferenceCase.__table__.delete())
    result = add_starter_library(coop)
    assert result is not None and len(result.rows) == len(starter_rows())
    assert add_starter_library(coop) is None


def test_library_edits_need_a_member_once_roles_exist(coop: Workspace) -> None:
    """Outside set-up mode, importing or attaching without signing in is refused."""
    _result, person = add_person(coop, name="Ana Secretaria", roles=("secretary",))
    set_passphrase(coop, person.person, "clave")
    sign_out(coop)
    with pytest.raises(NotPermitted):
        attach_case(coop, first_case(coop), "motion", uuid.uuid4())
    with pytest.raises(NotPermitted):
        add_starter_library(coop)


def test_comparison_has_ours_and_the_cases(coop: Workspace) -> None:
    """Our hours owed come from the statutes and a case's from its record; the chart draws."""
    with coop.session() as session:
        fucvam = session.scalars(
            select(ReferenceCase.id).where(ReferenceCase.slug == "fucvam-uruguay")
        ).one()
    ours = our_indicators(coop)
    cases = case_indicators(coop, [fucvam], "es")
    assert ours.hours_per_week == 20 and cases[0].hours_per_week == 21
    assert cases[0].label.startswith("Cooperativas de vivienda")
    figure = comparison_figure([ours, *cases])
    assert len(figure.axes) >= 1
