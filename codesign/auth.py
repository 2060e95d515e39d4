"""Roles, sign-in and who may do what.

A new file is in set-up mode (everything allowed) until someone holds a
privileged role and has a passphrase. Passphrases are hashed with Argon2id.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from codesign.errors import NotFound, NotPermitted, SignInFailed
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from models.ids import PersonId, parse_uuid
from models.tables import PRIVILEGED_ROLES, ROLE_NAMES, Person, RoleAssignment
from models.work_tables import WORK_TABLES


class Action(enum.Enum):
    """Privileged actions, each with the roles that may do it."""

    EDIT_PEOPLE = N_("edit people and households")
    TRUST_DEVICES = N_("trust devices")
    READ_CONTACTS = N_("read other people's contact data")
    POST_LEDGER = N_("post to the ledger")
    RUN_VOTES = N_("open and close votes")
    RUN_ASSEMBLIES = N_("run assemblies and take their attendance")
    APPROVE_DESIGNS = N_("approve designs")
    PLAN_WORK = N_("plan work and take attendance")
    HANDLE_FINES = N_("cancel proposed fines for missed work hours")
    EDIT_CASES = N_("change the library of reference cases")


ALLOWED: dict[Action, frozenset[str]] = {
    Action.EDIT_PEOPLE: frozenset({"committee", "secretary"}),
    Action.TRUST_DEVICES: frozenset({"committee", "secretary"}),
    Action.READ_CONTACTS: frozenset({"committee", "secretary"}),
    Action.POST_LEDGER: frozenset({"treasurer"}),
    Action.RUN_VOTES: frozenset({"secretary"}),
    Action.RUN_ASSEMBLIES: frozenset({"committee", "secretary"}),
    Action.APPROVE_DESIGNS: frozenset({"architect"}),
    Action.PLAN_WORK: frozenset({"coordinator"}),
    # The coordinator proposes fines and the treasurer posts them: either may withdraw one.
    Action.HANDLE_FINES: frozenset({"coordinator", "treasurer"}),
    # Every signed-in member may add to the shared library and cite a case.
    Action.EDIT_CASES: frozenset(ROLE_NAMES),
}


# The action that guards direct edits (and their undo) of each journaled entity.
ENTITY_ACTIONS: dict[str, Action] = {
    "cooperative": Action.EDIT_PEOPLE,
    "household": Action.EDIT_PEOPLE,
    "person": Action.EDIT_PEOPLE,
    "role_assignment": Action.EDIT_PEOPLE,
    "device": Action.TRUST_DEVICES,
    # Co-design: members act through the design services, which check authorship; a
    # direct edit or undo is the architect's. Proposal versions and status changes are
    # immutable and have no entry, so they can never be undone.
    "site": Action.APPROVE_DESIGNS,
    "proposal": Action.APPROVE_DESIGNS,
    "review_comment": Action.APPROVE_DESIGNS,
    "account": Action.POST_LEDGER,
    "payment_plan": Action.POST_LEDGER,
    "budget_line": Action.POST_LEDGER,
    "attachment": Action.POST_LEDGER,
    **dict.fromkeys(WORK_TABLES, Action.PLAN_WORK),
    # The treasurer marks fines posted and may cancel them too (and undo that).
    "work_fine": Action.HANDLE_FINES,
    "assembly": Action.RUN_ASSEMBLIES,
    "assembly_attendance": Action.RUN_ASSEMBLIES,
    "agenda_item": Action.RUN_ASSEMBLIES,
    "motion": Action.RUN_ASSEMBLIES,
    "decision": Action.RUN_ASSEMBLIES,
    "follow_up_action": Action.RUN_ASSEMBLIES,
    "vote_event": Action.RUN_VOTES,
    "vote": Action.RUN_VOTES,
    "pb_round": Action.RUN_VOTES,
    "pb_option": Action.RUN_VOTES,
    "pb_ballot": Action.RUN_VOTES,
    "reference_case": Action.EDIT_CASES,
    "case_attachment": Action.EDIT_CASES,
    "case_link": Action.EDIT_CASES,
    "case_mapping": Action.EDIT_CASES,
}


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who is signed in, and the roles they hold today."""

    person: PersonId
    name: str
    roles: tuple[str, ...]


def active_role_clause(on: dt.date) -> ColumnElement[bool]:
    """The SQL condition for a role assignment in force on ``on``."""
    return and_(
        RoleAssignment.deleted.is_(False),
        RoleAssignment.start_on <= on,
        or_(RoleAssignment.end_on.is_(None), RoleAssignment.end_on >= on),
    )


def roles_of(session: Session, person: uuid.UUID, on: dt.date | None = None) -> tuple[str, ...]:
    """The roles ``person`` holds on ``on`` (today by default), sorted."""
    on = on or dt.date.today()
    rows = session.scalars(
        select(RoleAssignment.role).where(
            RoleAssignment.person_id == person, active_role_clause(on)
        )
    )
    return tuple(sorted(set(rows)))


def in_setup_mode(ws: Workspace) -> bool:
    """True until a person with a passphrase holds a privileged role."""
    with ws.session() as session:
        found = session.execute(
            select(Person.id)
            .join(RoleAssignment, RoleAssignment.person_id == Person.id)
            .where(
                Person.deleted.is_(False),
                Person.passphrase_hash != "",
                RoleAssignment.role.in_(PRIVILEGED_ROLES),
                active_role_clause(dt.date.today()),
            )
            .limit(1)
        ).first()
    return found is None


def may(ws: Workspace, action: Action) -> bool:
    """Whether the signed-in person (or set-up mode) allows ``action``."""
    if in_setup_mode(ws):
        return True
    if ws.actor is None:
        return False
    with ws.session() as session:
        held = roles_of(session, ws.actor)
    return not ALLOWED[action].isdisjoint(held)


def require(ws: Workspace, action: Action) -> None:
    """Raise NotPermitted unless ``action`` is allowed now."""
    if may(ws, action):
        return
    roles = ", ".join(_(role_label(r)) for r in sorted(ALLOWED[action]))
    raise NotPermitted(
        _("not permitted to {action}; sign in as {roles}").format(
            action=_(action.value), roles=roles
        ),
        path=ws.label,
    )


def hash_passphrase(passphrase: str) -> str:
    """An Argon2id hash of ``passphrase``."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(passphrase)


def verify_passphrase(stored: str, passphrase: str) -> bool:
    """Whether ``passphrase`` matches the stored Argon2 hash."""
    if not stored:
        return False
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored, passphrase)
    except (VerificationError, InvalidHashError):
        return False


def find_person_id(session: Session, ref: str, *, label: str) -> PersonId:
    """The person named by id or exact name; NotFound when none or several match."""
    as_id = parse_uuid(ref)
    query = select(Person.id).where(Person.deleted.is_(False))
    query = query.where(Person.id == as_id) if as_id else query.where(Person.name == ref.strip())
    ids = list(session.scalars(query.limit(2)))
    if not ids:
        raise NotFound(_("no person {ref}").format(ref=ref), path=label)
    if len(ids) > 1:
        raise NotFound(
            _("more than one person is called {ref}; use the id").format(ref=ref), path=label
        )
    return PersonId(ids[0])


def sign_in(ws: Workspace, ref: str, passphrase: str) -> SignedIn:
    """Check the passphrase and make ``ref`` the acting person of ``ws``."""
    with ws.session() as session:
        person_id = find_person_id(session, ref, label=ws.label)
        person = session.get(Person, person_id)
        assert person is not None
        if not verify_passphrase(person.passphrase_hash, passphrase):
            raise SignInFailed(
                _("wrong passphrase for {name}").format(name=person.name), path=ws.label
            )
        roles = roles_of(session, person_id)
    ws.actor = person_id
    return SignedIn(person_id, person.name, roles)


def sign_out(ws: Workspace) -> None:
    """Nobody acts any more; privileged services refuse."""
    ws.actor = None


def signed_in(ws: Workspace) -> SignedIn | None:
    """The acting person now, if any."""
    if ws.actor is None:
        return None
    with ws.session() as session:
        person = session.get(Person, ws.actor)
        if person is None:
            return None
        return SignedIn(ws.actor, person.name, roles_of(session, ws.actor))


ROLE_LABELS = {
    "member": N_("member"),
    "committee": N_("committee"),
    "treasurer": N_("treasurer"),
    "secretary": N_("secretary"),
    "architect": N_("architect"),
    "coordinator": N_("coordinator"),
}


def role_label(role: str) -> str:
    """The untranslated label of a role, for ``_()`` where it is shown."""
    return ROLE_LABELS.get(role, role)


def holders(ws: Workspace, roles: Iterable[str]) -> list[PersonId]:
    """People holding any of ``roles`` today."""
    with ws.session() as session:
        rows = session.scalars(
            select(RoleAssignment.person_id).where(
                RoleAssignment.role.in_(list(roles)), active_role_clause(dt.date.today())
            )
        )
        return [PersonId(r) for r in set(rows)]
