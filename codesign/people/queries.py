"""Reading people, households and roles."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from codesign.auth import Action, active_role_clause, may
from codesign.people.records import HouseholdRecord, PersonRecord, RoleRecord
from codesign.workspace import Workspace
from models.ids import HouseholdId, PersonId, RoleId
from models.tables import Household, Person, RoleAssignment


def list_people(ws: Workspace, *, household: HouseholdId | None = None) -> tuple[PersonRecord, ...]:
    """Live people sorted by name; contact data only for those who may read it (and oneself).

    Plain column rows rather than ORM objects: the People page loads thousands at start-up.
    """
    show_private = may(ws, Action.READ_CONTACTS)
    with ws.session() as session:
        query = (
            select(
                Person.id,
                Person.name,
                Person.household_id,
                Household.name,
                Person.phone,
                Person.email,
                Person.document,
                Person.birth_year,
                Person.notes,
                Person.passphrase_hash != "",
            )
            .outerjoin(Household, Household.id == Person.household_id)
            .where(Person.deleted.is_(False))
            .order_by(Person.name)
        )
        if household is not None:
            query = query.where(Person.household_id == household)
        rows = session.execute(query).all()
        roles: dict[PersonId, list[str]] = defaultdict(list)
        for person_id, role in session.execute(
            select(RoleAssignment.person_id, RoleAssignment.role)
            .where(active_role_clause(dt.date.today()))
            .order_by(RoleAssignment.role)
        ):
            roles[person_id].append(role)
    out = []
    for pid, name, hid, hname, phone, email, document, birth_year, notes, has_pass in rows:
        visible = show_private or pid == ws.actor
        out.append(
            PersonRecord(
                id=PersonId(pid),
                name=name,
                household_id=HouseholdId(hid) if hid else None,
                household=hname or "",
                phone=phone if visible else "",
                email=email if visible else "",
                document=document if visible else "",
                birth_year=birth_year,
                notes=notes,
                roles=tuple(roles.get(pid, ())),
                has_passphrase=bool(has_pass),
            )
        )
    return tuple(out)


def list_households(ws: Workspace) -> tuple[HouseholdRecord, ...]:
    """Live households sorted by name, with how many live members each has."""
    with ws.session() as session:
        members = (
            select(Person.household_id, func.count().label("n"))
            .where(Person.deleted.is_(False))
            .group_by(Person.household_id)
            .subquery()
        )
        rows = session.execute(
            select(Household, members.c.n)
            .outerjoin(members, members.c.household_id == Household.id)
            .where(Household.deleted.is_(False))
            .order_by(Household.name)
        ).all()
    return tuple(
        HouseholdRecord(
            HouseholdId(h.id), h.name, h.unit, h.address, h.joined_on, int(n or 0), h.notes
        )
        for h, n in rows
    )


def role_history(ws: Workspace, person: PersonId) -> tuple[RoleRecord, ...]:
    """Every role the person has held, oldest first."""
    with ws.session() as session:
        rows = session.scalars(
            select(RoleAssignment)
            .where(RoleAssignment.person_id == person, RoleAssignment.deleted.is_(False))
            .order_by(RoleAssignment.start_on, RoleAssignment.role)
        )
        return tuple(
            RoleRecord(RoleId(r.id), PersonId(r.person_id), r.role, r.start_on, r.end_on)
            for r in rows
        )
