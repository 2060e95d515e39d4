"""Proposals and their review: versions are immutable, only the architect approves."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from shapely.geometry import box
from sqlalchemy import func, select

from codesign.auth import sign_in, sign_out
from codesign.design import comments, proposals, queries, workflow
from codesign.design.checking import check_proposal
from codesign.design.compare import compare_versions
from codesign.errors import BadInput, NotPermitted
from codesign.journal.undo import undo_group
from codesign.people import service
from codesign.workspace import Workspace
from models.design import ProposalVersion
from plans.features import Feature, Plan

PASS = "clave-segura"


@dataclass(frozen=True)
class People:
    """Names of the people the tests sign in as."""

    architect: str = "Ana Quishpe"
    member: str = "Rosa Lema"
    neighbour: str = "Luis Pilco"
    household: str = "Familia Lema"


def make_people(ws: Workspace) -> People:
    """An architect, a member of Familia Lema (unit B01-01, 3 people) and a neighbour."""
    names = People()
    _r, arch = service.add_person(ws, name=names.architect, roles=["member", "architect"])
    _r, rosa = service.add_person(ws, name=names.member, household=names.household)
    service.add_person(ws, name="Juan Lema", household=names.household)
    service.add_person(ws, name="Nina Lema", household=names.household)
    _r, luis = service.add_person(ws, name=names.neighbour, household="Familia Pilco")
    service.update_household(ws, rosa.household, unit="B01-01")
    for person in (rosa.person, luis.person):
        service.set_passphrase(ws, person, PASS)
    service.set_passphrase(ws, arch.person, PASS)  # ends set-up mode
    return names


def unit_plan(width: float = 10.0) -> Plan:
    """A site with one unit labelled B01-01 (width × 6 m) beside a path."""
    return Plan(
        (
            Feature("site", "Terreno", box(0, 0, 40, 30), id="site"),
            Feature("unit", "B01-01", box(5, 5, 5 + width, 11), id="u1"),
            Feature("path", "Pasaje", box(5, 11, 35, 14), id="p1"),
            Feature("green", "Huerto", box(5, 15, 35, 25), id="g1"),
        )
    )


@pytest.fixture
def people(coop: Workspace) -> People:
    """The people of the design tests, nobody signed in."""
    names = make_people(coop)
    sign_out(coop)
    return names


def test_member_submits_architect_approves(coop: Workspace, people: People) -> None:
    """A member drafts and submits; the architect asks for changes, then approves version 2."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan(6.0))
    record = queries.get_proposal(coop, made.proposal)
    assert record.household == people.household and record.status == "draft"
    workflow.submit(coop, made.proposal)
    sign_in(coop, people.architect, PASS)
    workflow.request_changes(coop, made.proposal, note="Falta área")
    sign_in(coop, people.member, PASS)
    proposals.save_version(coop, made.proposal, unit_plan(10.0), note="Más grande")
    workflow.submit(coop, made.proposal)
    sign_in(coop, people.architect, PASS)
    workflow.approve(coop, made.proposal)
    record = queries.get_proposal(coop, made.proposal)
    assert record.status == "approved" and record.versions == 2
    assert record.status_by == people.architect
    steps = [(h.from_status, h.to_status, h.by) for h in queries.status_history(coop, record.id)]
    assert steps == [
        ("draft", "submitted", people.member),
        ("submitted", "changes_requested", people.architect),
        ("changes_requested", "submitted", people.member),
        ("submitted", "approved", people.architect),
    ]
    assert queries.status_history(coop, record.id)[-1].version_number == 2


def test_member_may_not_approve(coop: Workspace, people: People) -> None:
    """A member (even the author) is refused approving or requesting changes; status stays."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan())
    workflow.submit(coop, made.proposal)
    for step in (workflow.approve, workflow.request_changes, workflow.reject):
        with pytest.raises(NotPermitted) as caught:
            step(coop, made.proposal)
        assert caught.value.exit_code == 77
    assert queries.get_proposal(coop, made.proposal).status == "submitted"
    assert workflow.allowed_steps(coop, made.proposal) == ()


def test_other_household_may_not_submit_or_save(coop: Workspace, people: People) -> None:
    """A neighbour may neither submit nor save a version of another household's proposal."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan())
    sign_in(coop, people.neighbour, PASS)
    with pytest.raises(NotPermitted):
        workflow.submit(coop, made.proposal)
    with pytest.raises(NotPermitted):
        proposals.save_version(coop, made.proposal, unit_plan(12.0))
    assert queries.get_proposal(coop, made.proposal).versions == 1


def test_nobody_signed_in_is_refused(coop: Workspace, people: People) -> None:
    """Outside set-up mode a proposal needs a signed-in author."""
    with pytest.raises(NotPermitted):
        proposals.create_proposal(coop, title="Anónima", plan=unit_plan())
    assert queries.list_proposals(coop) == ()


def test_closed_proposal_refuses_every_change(coop: Workspace, people: People) -> None:
    """After approval no version, comment or step is accepted, with a clear error."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan())
    workflow.submit(coop, made.proposal)
    sign_in(coop, people.architect, PASS)
    workflow.approve(coop, made.proposal)
    with pytest.raises(BadInput, match=r"aprobada|approved"):
        proposals.save_version(coop, made.proposal, unit_plan(12.0))
    with pytest.raises(BadInput):
        comments.add_comment(coop, made.version, x=1, y=1, text="tarde")
    with pytest.raises(BadInput):
        workflow.reject(coop, made.proposal)
    assert queries.get_proposal(coop, made.proposal).versions == 1


def test_versions_are_immutable(coop: Workspace, people: People) -> None:
    """Saving adds a version and leaves the first one's drawing as it was; undo is refused."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan(6.0))
    before = proposals.version_plan(coop, made.version)
    result, second = proposals.save_version(coop, made.proposal, unit_plan(12.0))
    assert proposals.version_plan(coop, made.version) == before
    assert proposals.version_plan(coop, second).find("u1").area == pytest.approx(72.0)
    sign_in(coop, people.architect, PASS)
    with pytest.raises(NotPermitted):
        undo_group(coop, result.group)
    with coop.session() as session:
        assert session.scalar(select(func.count()).select_from(ProposalVersion)) == 2


def test_saving_while_under_review_is_refused(coop: Workspace, people: People) -> None:
    """A submitted proposal waits for the architect: a new version is refused meanwhile."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan())
    workflow.submit(coop, made.proposal)
    with pytest.raises(BadInput):
        proposals.save_version(coop, made.proposal, unit_plan(12.0))


def test_comments_thread_resolve_and_carry_forward(coop: Workspace, people: People) -> None:
    """A comment on version 1 shows on version 2 as carried, with its reply, until resolved."""
    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Mi casa", plan=unit_plan(6.0))
    sign_in(coop, people.architect, PASS)
    _r, first = comments.add_comment(coop, made.version, x=8, y=8, text="Muy pequeña")
    sign_in(coop, people.member, PASS)
    comments.reply(coop, made.version, first, "La agrandamos")
    _r, v2 = proposals.save_version(coop, made.proposal, unit_plan(10.0))
    shown = comments.comments_for_version(coop, v2)
    assert [c.text for c in shown] == ["Muy pequeña", "La agrandamos"]
    assert all(c.carried and c.version_number == 1 for c in shown)
    assert shown[1].parent_id == first and (shown[1].x, shown[1].y) == (8.0, 8.0)
    assert queries.get_proposal(coop, made.proposal).open_comments == 1
    with pytest.raises(NotPermitted):
        comments.set_resolved(coop, first)  # the member did not write it
    sign_in(coop, people.architect, PASS)
    comments.set_resolved(coop, first)
    resolved = comments.comments_for_version(coop, v2)[0]
    assert resolved.resolved and resolved.resolved_by == people.architect
    assert queries.get_proposal(coop, made.proposal).open_comments == 0
    assert comments.comments_for_version(coop, made.version)[0].carried is False


def test_variant_approval_supersedes_the_family(coop: Workspace, people: People) -> None:
    """Approving a variant supersedes its parent; the variant starts from the parent's drawing."""
    sign_in(coop, people.member, PASS)
    _r, base = proposals.create_proposal(coop, title="Casa A", plan=unit_plan())
    _r, variant = proposals.create_variant(coop, base.proposal)
    assert proposals.version_plan(coop, variant.version) == unit_plan()
    assert queries.get_proposal(coop, variant.proposal).parent_id == base.proposal
    workflow.submit(coop, variant.proposal)
    sign_in(coop, people.architect, PASS)
    workflow.approve(coop, variant.proposal)
    assert queries.get_proposal(coop, base.proposal).status == "superseded"


def test_check_uses_household_size(coop: Workspace, people: People) -> None:
    """A 36 m² unit for the 3-person Lema household breaks the 50 m² minimum; 60 m² passes."""
    sign_in(coop, people.member, PASS)
    _r, small = proposals.create_proposal(coop, title="Pequeña", plan=unit_plan(6.0))
    report = check_proposal(coop, small.proposal)
    assert [v.rule for v in report.violations] == ["min_unit_area"]
    assert dict(report.violations[0].params)["people"] == 3
    _r, v2 = proposals.save_version(coop, small.proposal, unit_plan(10.0))
    assert check_proposal(coop, small.proposal).ok
    comparison = compare_versions(coop, small.version, v2)
    assert comparison.b.measurements.unit_area_m2 - comparison.a.measurements.unit_area_m2 == (
        pytest.approx(24.0)
    )


def test_violation_text_uses_the_locale(coop: Workspace, people: People) -> None:
    """A 37.5 m² unit reads "37,5 m²" in Spanish and "37.5 m²" without a locale."""
    from codesign.design.checking import violation_text

    sign_in(coop, people.member, PASS)
    _r, made = proposals.create_proposal(coop, title="Casa", plan=unit_plan(6.25))
    [violation] = check_proposal(coop, made.proposal).violations
    assert "37,5 m²" in violation_text(violation, "es_EC")
    assert "37.5 m²" in violation_text(violation)
