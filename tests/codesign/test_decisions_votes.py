"""Assemblies, attendance, live quorum, votes and their refusals on real cooperative files."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from codesign.auth import sign_out
from codesign.decisions import assemblies, votes
from codesign.decisions.quorum import quorum_state
from codesign.errors import BadInput, NotPermitted
from codesign.workspace import Workspace
from models.tables import Change
from tests.codesign.decisions_helpers import AT, arrive, populate


def journal_size(ws: Workspace) -> int:
    """How many changes the journal holds (a refusal must add none)."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def refused(ws: Workspace, call: object, match: str) -> None:
    """``call`` raises BadInput matching ``match`` and the journal does not grow."""
    before = journal_size(ws)
    with pytest.raises(BadInput, match=match):
        call()  # type: ignore[operator]
    assert journal_size(ws) == before


def test_live_quorum_follows_arrivals_and_departures(coop: Workspace) -> None:
    """10 households: 6 needed on first call; arriving and leaving move the count."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(5))
    result = assemblies.set_attendance(coop, setup.assembly, setup.households[5], "present", at=AT)
    assert (result.quorum.needed, result.quorum.represented, result.quorum.met) == (6, 6, True)
    left = assemblies.mark_left(
        coop, setup.assembly, setup.households[5], at=AT + dt.timedelta(minutes=40)
    )
    assert (left.quorum.represented, left.quorum.met) == (5, False)
    with coop.session() as session:
        from codesign.decisions.quorum import load_assembly

        assembly = load_assembly(session, setup.assembly, "")
        earlier = quorum_state(session, assembly, AT + dt.timedelta(minutes=10))
    assert earlier.represented == 6  # at 18:10 the sixth household was still there


def test_first_call_without_quorum_is_refused_second_call_opens(coop: Workspace) -> None:
    """With 3 of 10 present the first call cannot open; the second call (any number) can."""
    setup = populate(coop, 10)
    arrive(coop, setup, range(3))
    refused(
        coop,
        lambda: assemblies.open_assembly(coop, setup.assembly, 1),
        "no hay quórum en la convocatoria 1",
    )
    assemblies.open_assembly(coop, setup.assembly, 2)


def test_proxies_count_and_the_limit_is_enforced(coop: Workspace) -> None:
    """A proxy counts while its holder is present; a second proxy for one holder is refused."""
    setup = populate(coop, 10)
    hh = setup.households
    arrive(coop, setup, range(5))
    result = assemblies.set_attendance(coop, setup.assembly, hh[6], "proxy", proxy_holder=hh[0])
    assert (result.quorum.in_room, result.quorum.by_proxy, result.quorum.met) == (5, 1, True)
    refused(
        coop,
        lambda: assemblies.set_attendance(coop, setup.assembly, hh[7], "proxy", proxy_holder=hh[0]),
        "ya tiene 1 poder;",
    )
    refused(
        coop,
        lambda: assemblies.set_attendance(coop, setup.assembly, hh[8], "proxy", proxy_holder=hh[6]),
        "está representada por poder",
    )
    refused(
        coop,
        lambda: assemblies.set_attendance(coop, setup.assembly, hh[0], "absent"),
        "tiene poderes de otras familias",
    )
    gone = assemblies.mark_left(coop, setup.assembly, hh[0])
    assert (gone.quorum.in_room, gone.quorum.by_proxy) == (4, 0)


def test_proxy_limit_from_the_statutes(coop: Workspace) -> None:
    """With two proxies per holder allowed, the second is accepted and the third refused."""
    setup = populate(coop, 10, statutes={"max_proxies_per_holder": 2})
    hh = setup.households
    arrive(coop, setup, [0])
    assemblies.set_attendance(coop, setup.assembly, hh[1], "proxy", proxy_holder=hh[0])
    assemblies.set_attendance(coop, setup.assembly, hh[2], "proxy", proxy_holder=hh[0])
    refused(
        coop,
        lambda: assemblies.set_attendance(coop, setup.assembly, hh[3], "proxy", proxy_holder=hh[0]),
        "permite 2 por familia",
    )


def opened(coop: Workspace, present: int = 8, households: int = 10, **statutes: object):  # type: ignore[no-untyped-def]
    """An assembly opened on the first call with ``present`` households in the room."""
    setup = populate(coop, households, statutes=statutes or None)
    arrive(coop, setup, range(present))
    assemblies.open_assembly(coop, setup.assembly, 1)
    return setup


def test_show_of_hands_passes_and_closed_vote_is_immutable(coop: Workspace) -> None:
    """5 yes, 2 no, 1 abstention passes a simple majority; the closed vote refuses edits."""
    setup = opened(coop)
    _r, motion = votes.add_motion(coop, setup.assembly, "Aprobar el presupuesto", majority="simple")
    _r, event = votes.open_vote(coop, motion, "show_of_hands")
    votes.set_counts(coop, event, 5, 2, 1)
    state = votes.vote_state(coop, event)
    assert state.passes and state.reachable["simple"] == "certain"
    _r, final = votes.close_vote(coop, event)
    assert (final.status, final.result, final.present) == ("closed", "passed", 8)
    refused(coop, lambda: votes.set_counts(coop, event, 1, 6, 1), "cerrada")
    refused(coop, lambda: votes.close_vote(coop, event), "cerrada")
    refused(coop, lambda: votes.open_vote(coop, motion, "secret"), "ya fue votada")


def test_more_votes_than_present_is_refused(coop: Workspace) -> None:
    """9 hands with 8 households represented is refused and nothing changes."""
    setup = opened(coop)
    _r, motion = votes.add_motion(
        coop, setup.assembly, "Cambiar el reglamento", majority="two_thirds"
    )
    _r, event = votes.open_vote(coop, motion, "secret")
    refused(coop, lambda: votes.set_counts(coop, event, 6, 2, 1), "9 votos, pero solo hay 8")
    assert votes.vote_state(coop, event).tally.total == 0


def test_closing_without_quorum_is_refused(coop: Workspace) -> None:
    """After three households leave (5 of 6 needed) the vote cannot close."""
    setup = opened(coop)
    _r, motion = votes.add_motion(coop, setup.assembly, "Comprar la mezcladora")
    _r, event = votes.open_vote(coop, motion, "show_of_hands")
    votes.set_counts(coop, event, 4, 1, 0)
    for i in range(3):
        assemblies.mark_left(coop, setup.assembly, setup.households[i])
    refused(coop, lambda: votes.close_vote(coop, event), "no hay quórum")
    assert votes.vote_state(coop, event).status == "open"


def test_roll_call_with_proxy_and_double_vote(coop: Workspace) -> None:
    """Roll call: a proxy vote is marked, a second vote of the same household is refused."""
    setup = opened(coop, present=6)
    hh = setup.households
    assemblies.set_attendance(coop, setup.assembly, hh[8], "proxy", proxy_holder=hh[0])
    _r, motion = votes.add_motion(
        coop, setup.assembly, "Admitir a la familia Quishpe", majority="absolute"
    )
    _r, event = votes.open_vote(coop, motion, "roll_call")
    for i in range(4):
        votes.cast_vote(coop, event, hh[i], "yes")
    votes.cast_vote(coop, event, hh[8], "no")
    refused(coop, lambda: votes.cast_vote(coop, event, hh[8], "yes"), "ya votó")
    refused(
        coop, lambda: votes.cast_vote(coop, event, hh[9], "yes"), "no está presente ni representada"
    )
    state = votes.vote_state(coop, event)
    assert (state.tally.yes, state.tally.no, state.present) == (4, 1, 7)
    assert state.passes  # 4 > 7 / 2
    _r, final = votes.close_vote(coop, event)
    assert final.result == "passed"
    from models.decisions import Vote

    with coop.session() as session:
        by_proxy = dict(session.execute(select(Vote.household_id, Vote.by_proxy)).tuples().all())
    assert by_proxy[hh[8]] is True and by_proxy[hh[0]] is False
    refused(coop, lambda: votes.cast_vote(coop, event, hh[4], "yes"), "cerrada")


def test_weighted_roll_call(coop: Workspace) -> None:
    """With weights in the statutes, one heavy 'no' outweighs two light 'yes'."""
    setup = populate(coop, 4)
    hh = setup.households
    with coop.write("weights") as w:
        from models.tables import Cooperative

        row = w.session.scalars(select(Cooperative)).one()
        weights = {str(hh[0]): 1, str(hh[1]): 1, str(hh[2]): 3, str(hh[3]): 1}
        w.update(
            "cooperative",
            row.id,
            {"statutes": {**row.statutes, "weighted_roll_call": True, "vote_weights": weights}},
        )
    arrive(coop, setup, range(3))
    assemblies.open_assembly(coop, setup.assembly, 1)
    _r, motion = votes.add_motion(coop, setup.assembly, "Vender el lote 4")
    _r, event = votes.open_vote(coop, motion, "roll_call")
    votes.cast_vote(coop, event, hh[0], "yes")
    votes.cast_vote(coop, event, hh[1], "yes")
    votes.cast_vote(coop, event, hh[2], "no")
    state = votes.vote_state(coop, event)
    assert (state.tally.yes, state.tally.no, state.present) == (2, 3, 5)
    assert not state.passes


def test_only_the_secretary_opens_votes(coop: Workspace) -> None:
    """Signed out, opening a vote is not permitted."""
    setup = opened(coop)
    _r, motion = votes.add_motion(coop, setup.assembly, "Moción")
    sign_out(coop)
    with pytest.raises(NotPermitted):
        votes.open_vote(coop, motion, "show_of_hands")


def test_unanimity_fails_with_one_no_and_tie_fails_simple(coop: Workspace) -> None:
    """Three motions, three rules: unanimity with one no fails; a tie fails; 2/3 passes."""
    setup = opened(coop)
    outcomes = []
    for text, rule, method, counts in (
        ("Nombre del barrio", "unanimity", "show_of_hands", (7, 1, 0)),
        ("Horario de mingas", "simple", "secret", (4, 4, 0)),
        ("Reforma de estatutos", "two_thirds", "show_of_hands", (6, 2, 0)),
    ):
        _r, motion = votes.add_motion(coop, setup.assembly, text, majority=rule)
        _r, event = votes.open_vote(coop, motion, method)
        votes.set_counts(coop, event, *counts)
        _r, final = votes.close_vote(coop, event)
        outcomes.append(final.result)
    assert outcomes == ["failed", "failed", "passed"]


def test_committee_runs_attendance_but_not_votes(coop: Workspace) -> None:
    """A committee member may take attendance and put motions, not open or close votes."""
    from codesign.auth import sign_in
    from codesign.people import service

    setup = opened(coop)
    _r, motion = votes.add_motion(coop, setup.assembly, "Moción del comité")
    _r, event = votes.open_vote(coop, motion, "show_of_hands")
    _r, member = service.add_person(
        coop, name="Rosa Comité", household="Familia 02", roles=["committee"]
    )
    service.set_passphrase(coop, member.person, "otra-clave")
    sign_in(coop, "Rosa Comité", "otra-clave")
    assemblies.set_attendance(coop, setup.assembly, setup.households[9], "present")
    votes.add_motion(coop, setup.assembly, "Otra moción")
    with pytest.raises(NotPermitted):
        votes.set_counts(coop, event, 5, 0, 0)
    with pytest.raises(NotPermitted):
        votes.close_vote(coop, event)
    assert votes.vote_state(coop, event).status == "open"


def test_motion_links_and_amendments(coop: Workspace) -> None:
    """A motion may link to a proposal by id and amend another; other links are refused."""
    from codesign.design.proposals import create_proposal
    from models.decisions import Motion
    from models.ids import uuid7

    proposal = create_proposal(coop, title="Bloque C", scope="site")[1].proposal
    setup = opened(coop)
    _r, first = votes.add_motion(
        coop, setup.assembly, "Aprobar el diseño del bloque C", link=("proposal", proposal)
    )
    _r, amendment = votes.add_motion(
        coop, setup.assembly, "Con dos ventanas más", amends=first, majority="two_thirds"
    )
    with coop.session() as session:
        row = session.get(Motion, first)
        amend = session.get(Motion, amendment)
        assert row is not None and amend is not None
        assert (row.link_entity, row.link_id, amend.amends_id) == ("proposal", proposal, first)
    refused(
        coop,
        lambda: votes.add_motion(coop, setup.assembly, "X", link=("household", proposal)),
        "propuesta",
    )
    refused(
        coop,
        lambda: votes.add_motion(coop, setup.assembly, "X", link=("proposal", uuid7())),
        "vincular",
    )
    refused(coop, lambda: votes.add_motion(coop, setup.assembly, "X", majority="mucha"), "mucha")
