"""A small cooperative with a secretary and households, for the decisions tests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from codesign.auth import sign_in
from codesign.decisions import assemblies
from codesign.people import service
from codesign.workspace import Workspace

SECRETARY = "Dolores Simbaña"
PASSPHRASE = "clave-segura"
DAY = dt.date(2026, 5, 9)
AT = dt.datetime(2026, 5, 9, 18, 0)


@dataclass(frozen=True)
class Setup:
    """The households (in order), the secretary's id and one open assembly."""

    households: tuple[uuid.UUID, ...]
    people: tuple[uuid.UUID, ...]
    secretary: uuid.UUID
    assembly: uuid.UUID


def populate(
    ws: Workspace, households: int = 10, *, statutes: dict[str, object] | None = None
) -> Setup:
    """Households 'Familia 01'…, a signed-in secretary, an assembly convened (not opened)."""
    if statutes:
        with ws.write("statutes") as w:
            from sqlalchemy import select

            from models.tables import Cooperative

            coop = w.session.scalars(select(Cooperative)).one()
            w.update("cooperative", coop.id, {"statutes": {**coop.statutes, **statutes}})
    hh: list[uuid.UUID] = []
    people: list[uuid.UUID] = []
    for i in range(households):
        _r, added = service.add_person(
            ws, name=f"Persona {i + 1:02d}", household=f"Familia {i + 1:02d}"
        )
        hh.append(added.household)
        people.append(added.person)
    _r, sec = service.add_person(ws, name=SECRETARY, household="Familia 01", roles=["secretary"])
    service.set_passphrase(ws, sec.person, PASSPHRASE)
    sign_in(ws, SECRETARY, PASSPHRASE)
    _r, assembly = assemblies.create_assembly(
        ws,
        held_on=DAY,
        title="Asamblea ordinaria de mayo",
        place="Casa comunal",
        first_call_at=AT,
        second_call_at=AT + dt.timedelta(minutes=30),
        agenda=["Informe de tesorería", "Presupuesto de obra"],
    )
    return Setup(tuple(hh), tuple(people), sec.person, assembly)


def arrive(ws: Workspace, setup: Setup, indexes: range | list[int], minute: int = 0) -> None:
    """Mark these households present, arriving ``minute`` minutes after the first call."""
    for i in indexes:
        assemblies.set_attendance(
            ws, setup.assembly, setup.households[i], "present", at=AT + dt.timedelta(minutes=minute)
        )


@dataclass(frozen=True)
class Meeting:
    """An assembly that ran three motions and recorded their decisions."""

    setup: Setup
    motions: tuple[uuid.UUID, ...]
    events: tuple[uuid.UUID, ...]
    decisions: tuple[uuid.UUID, ...]


def full_meeting(ws: Workspace, households: int = 10) -> Meeting:
    """A proxy, three motions under three rules and methods, their decisions and follow-ups."""
    from codesign.decisions import register, votes

    setup = populate(ws, households)
    hh = setup.households
    arrive(ws, setup, range(7))
    assemblies.set_attendance(ws, setup.assembly, hh[8], "proxy", proxy_holder=hh[1])
    assemblies.open_assembly(ws, setup.assembly, 1, at=AT + dt.timedelta(minutes=10))
    plan = (
        ("Aprobar el presupuesto de obra 2026", "simple", "show_of_hands", (5, 2, 1)),
        ("Reformar el artículo 12 del reglamento interno", "two_thirds", "secret", (4, 3, 1)),
        ("Admitir a la familia Quishpe Tenesaca", "absolute", "roll_call", None),
    )
    motions, events, decisions = [], [], []
    for text, rule, method, counts in plan:
        _r, motion = votes.add_motion(
            ws,
            setup.assembly,
            text,
            majority=rule,
            proposer=setup.people[2],
            seconder=setup.people[3],
        )
        _r, event = votes.open_vote(ws, motion, method)
        if counts is None:
            for i, option in enumerate(("yes", "yes", "no", "yes", "abstain", "yes", "no")):
                votes.cast_vote(ws, event, hh[i], option)
            votes.cast_vote(ws, event, hh[8], "yes")
        else:
            votes.set_counts(ws, event, *counts)
        votes.close_vote(ws, event)
        _r, decision, _n = register.record_decision(ws, text=text, decided_on=DAY, motion=motion)
        motions.append(motion)
        events.append(event)
        decisions.append(decision)
    register.add_follow_up(
        ws, decisions[0], "Comprar cemento y varilla", responsible=setup.people[4], due_on=DAY
    )
    register.add_follow_up(
        ws,
        decisions[2],
        "Entregar el reglamento a la familia",
        responsible=setup.secretary,
        due_on=DAY + dt.timedelta(days=400),
    )
    return Meeting(setup, tuple(motions), tuple(events), tuple(decisions))
