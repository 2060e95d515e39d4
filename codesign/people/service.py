"""Changes to people, households and roles: each call one journaled transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from codesign.auth import Action, find_person_id, hash_passphrase, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.people.records import AddedPerson
from codesign.people.validate import FieldError, clean_household, clean_person
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ids import HouseholdId, PersonId, parse_uuid
from models.tables import ROLE_NAMES, Household, Person, RoleAssignment


def _bad(ws: Workspace, error: FieldError) -> BadInput:
    return BadInput(str(error), path=ws.label)


def find_household_id(session: Session, ref: str, *, label: str) -> HouseholdId | None:
    """The household named by id or exact name, or None when no name matches."""
    as_id = parse_uuid(ref)
    query = select(Household.id).where(Household.deleted.is_(False))
    if as_id:
        found = session.scalar(query.where(Household.id == as_id))
        if found is None:
            raise NotFound(_("no household {ref}").format(ref=ref), path=label)
        return HouseholdId(found)
    ids = list(session.scalars(query.where(Household.name == ref.strip()).limit(2)))
    if len(ids) > 1:
        raise NotFound(
            _("more than one household is called {ref}; use the id").format(ref=ref), path=label
        )
    return HouseholdId(ids[0]) if ids else None


def _resolve_household(
    w: Writer, ref: str | None, person_name: str, *, create: bool
) -> tuple[HouseholdId, bool]:
    label = w.ws.label
    if ref:
        found = find_household_id(w.session, ref, label=label)
        if found is not None:
            return found, False
        if not create:
            raise NotFound(_("no household {ref}").format(ref=ref), path=label)
        name = ref.strip()
    else:
        name = person_name
    return HouseholdId(w.insert("household", {"name": name})), True


def add_household(ws: Workspace, **values: Any) -> tuple[WriteResult, HouseholdId]:
    """Add a household."""
    require(ws, Action.EDIT_PEOPLE)
    try:
        clean = clean_household({"name": "", **values})
    except FieldError as error:
        raise _bad(ws, error) from None
    with ws.write(_("Add household")) as w:
        new_id = HouseholdId(w.insert("household", clean))
    return w.result(), new_id


def update_household(ws: Workspace, household: HouseholdId, **values: Any) -> WriteResult:
    """Change household fields."""
    require(ws, Action.EDIT_PEOPLE)
    try:
        clean = clean_household(values)
    except FieldError as error:
        raise _bad(ws, error) from None
    with ws.write(_("Edit household")) as w:
        _live(w.session, Household, household, ws)
        w.update("household", household, clean)
    return w.result()


def remove_household(ws: Workspace, household: HouseholdId) -> WriteResult:
    """Remove an empty household (members must be moved or removed first)."""
    require(ws, Action.EDIT_PEOPLE)
    with ws.write(_("Remove household")) as w:
        _live(w.session, Household, household, ws)
        members = w.session.scalar(
            select(Person.id)
            .where(Person.household_id == household, Person.deleted.is_(False))
            .limit(1)
        )
        if members is not None:
            raise BadInput(
                _("the household still has members; move or remove them first"), path=ws.label
            )
        w.remove("household", household)
    return w.result()


def add_person(
    ws: Workspace,
    *,
    name: str,
    household: str | None = None,
    roles: Iterable[str] = ("member",),
    **values: Any,
) -> tuple[WriteResult, AddedPerson]:
    """Add a person, into an existing household (id or name) or a new one."""
    require(ws, Action.EDIT_PEOPLE)
    try:
        clean = clean_person({"name": name, **values})
    except FieldError as error:
        raise _bad(ws, error) from None
    roles = _check_roles(ws, roles)
    with ws.write(_("Add person")) as w:
        household_id, created = _resolve_household(w, household, clean["name"], create=True)
        person_id = PersonId(w.insert("person", {**clean, "household_id": household_id}))
        today = dt.date.today()
        w.insert_many(
            "role_assignment",
            [{"person_id": person_id, "role": r, "start_on": today} for r in roles],
        )
    return w.result(), AddedPerson(person_id, household_id, created)


def update_person(ws: Workspace, person: PersonId, values: Mapping[str, Any]) -> WriteResult:
    """Change person fields; ``household`` (id or name, created when new) moves the person."""
    require(ws, Action.EDIT_PEOPLE)
    try:
        clean = clean_person(values)
    except FieldError as error:
        raise _bad(ws, error) from None
    with ws.write(_("Edit person")) as w:
        _live(w.session, Person, person, ws)
        if "household" in clean:
            ref = clean.pop("household")
            if not ref:
                raise BadInput(_("a person must belong to a household"), path=ws.label)
            clean["household_id"], _created = _resolve_household(w, ref, ref, create=True)
        w.update("person", person, clean)
    return w.result()


def remove_person(ws: Workspace, person: PersonId) -> WriteResult:
    """Remove a person; their roles end today."""
    require(ws, Action.EDIT_PEOPLE)
    with ws.write(_("Remove person")) as w:
        _live(w.session, Person, person, ws)
        _end_roles(w, person, keep=())
        w.remove("person", person)
    return w.result()


def set_roles(ws: Workspace, person: PersonId, roles: Iterable[str]) -> WriteResult:
    """Make ``roles`` the person's roles from today: others end, new ones start."""
    require(ws, Action.EDIT_PEOPLE)
    wanted = _check_roles(ws, roles)
    with ws.write(_("Change roles")) as w:
        _live(w.session, Person, person, ws)
        held = _end_roles(w, person, keep=wanted)
        today = dt.date.today()
        w.insert_many(
            "role_assignment",
            [{"person_id": person, "role": r, "start_on": today} for r in wanted if r not in held],
        )
    return w.result()


def set_passphrase(ws: Workspace, person: PersonId, passphrase: str) -> WriteResult:
    """Set the passphrase a person signs in with (hashed; at least 4 characters)."""
    require(ws, Action.EDIT_PEOPLE)
    if len(passphrase) < 4:
        raise BadInput(_("the passphrase needs at least 4 characters"), path=ws.label)
    hashed = hash_passphrase(passphrase)
    with ws.write(_("Set passphrase")) as w:
        _live(w.session, Person, person, ws)
        w.update("person", person, {"passphrase_hash": hashed})
    return w.result()


def resolve_person(ws: Workspace, ref: str) -> PersonId:
    """The person named by id or exact name."""
    with ws.session() as session:
        return find_person_id(session, ref, label=ws.label)


def _check_roles(ws: Workspace, roles: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(r.strip().lower() for r in roles if r.strip()))
    for role in cleaned:
        if role not in ROLE_NAMES:
            raise BadInput(
                _("unknown role {role}; use one of {roles}").format(
                    role=role, roles=", ".join(ROLE_NAMES)
                ),
                path=ws.label,
            )
    return cleaned


def _end_roles(w: Writer, person: PersonId, *, keep: Iterable[str]) -> set[str]:
    """End today the person's open roles not in ``keep``; return the roles kept."""
    keep = set(keep)
    today = dt.date.today()
    kept: set[str] = set()
    rows = w.session.execute(
        select(RoleAssignment.id, RoleAssignment.role, RoleAssignment.start_on).where(
            RoleAssignment.person_id == person,
            RoleAssignment.deleted.is_(False),
            RoleAssignment.end_on.is_(None),
        )
    ).all()
    for role_id, role, start_on in rows:
        if role in keep:
            kept.add(role)
        elif start_on >= today:
            w.remove("role_assignment", role_id)
        else:
            w.update("role_assignment", role_id, {"end_on": today - dt.timedelta(days=1)})
    return kept


def _live(
    session: Session, model: type[Person] | type[Household], row: uuid.UUID, ws: Workspace
) -> None:
    found = session.scalar(select(model.id).where(model.id == row, model.deleted.is_(False)))
    if found is None:
        raise NotFound(_("no such row {id}").format(id=row), path=ws.label)
