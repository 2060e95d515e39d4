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
PASSPHRASE = "clave-segura"  # noqa: S105 - a test passphrase
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
