"""Was each received change made by someone holding the needed role on its day?

Checked inside the import transaction, after the bundle's rows are in, so
a role granted in the same bundle counts. Changes made in set-up mode (no
author) are allowed only up to the change that ended set-up mode.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from codesign.auth import ALLOWED, Action, role_label, roles_of
from codesign.errors import BadInput
from codesign.journal.clock import COUNTER_BITS, physical_ms
from codesign.journal.policy import policy_for
from codesign.sync.merge import Incoming
from i18n import gettext as _
from models.tables import PRIVILEGED_ROLES, Person, RoleAssignment


def change_day(hlc: int) -> dt.date:
    """The local date a change was made on, from its HLC."""
    return dt.datetime.fromtimestamp(physical_ms(hlc) / 1000).date()


def setup_ended(session: Session) -> int | None:
    """The HLC that closes set-up mode (the end of the group that ended it), or None."""
    best: tuple[int, str] | None = None
    keyed = session.execute(
        select(Person.id).where(Person.passphrase_hash != "", Person.deleted.is_(False))
    ).scalars()
    for person in keyed:
        hex_id = person.hex
        passed = session.execute(
            text(
                "SELECT hlc, group_id FROM change WHERE entity = 'person' AND row_id = :r"
                ' AND fields LIKE \'%"passphrase_hash":"$%\''
                " ORDER BY hlc LIMIT 1"
            ),
            {"r": hex_id},
        ).first()
        role_ids = session.scalars(
            select(RoleAssignment.id).where(
                RoleAssignment.person_id == person,
                RoleAssignment.role.in_(PRIVILEGED_ROLES),
                RoleAssignment.deleted.is_(False),
            )
        ).all()
        if passed is None or not role_ids:
            continue
        role = session.execute(
            text(
                "SELECT hlc, group_id FROM change WHERE entity = 'role_assignment'"
                " AND op = 'insert' AND row_id IN :ids ORDER BY hlc LIMIT 1"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": [r.hex for r in role_ids]},
        ).first()
        if role is None:
            continue
        candidate = max((int(passed[0]), str(passed[1])), (int(role[0]), str(role[1])))
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return None
    end = session.execute(
        text("SELECT max(hlc) FROM change WHERE group_id = :g"), {"g": best[1]}
    ).scalar()
    return int(end or best[0])


def check_authors(session: Session, changes: Sequence[Incoming], label: str) -> None:
    """Reject the bundle when a change's author lacked the role its entity needs."""
    # Once per (author, second, action), not per change: a full bundle holds hundreds of
    # thousands of changes by a few dozen people. Every UTC offset is whole seconds,
    # so one second falls on one local day.
    actions: dict[str, Action | None] = {}
    by_second: dict[tuple[str, int, str], Incoming] = {}
    unsigned: dict[Action, Incoming] = {}
    for inc in changes:
        line = inc[0]
        entity = line[4]
        if entity not in actions:
            actions[entity] = policy_for(entity).action
        action = actions[entity]
        if action is None:
            continue
        author = line[3]
        if author is None:
            newest = unsigned.get(action)
            if newest is None or line[2] > newest[0][2]:
                unsigned[action] = inc
            continue
        by_second.setdefault((author, (line[2] >> COUNTER_BITS) // 1000, entity), inc)
    seen: dict[tuple[str, dt.date, Action], Incoming] = {}
    for (author, _second, entity), inc in by_second.items():
        action = actions[entity]
        assert action is not None
        seen.setdefault((author, change_day(inc[0][2]), action), inc)
    if unsigned:
        ended = setup_ended(session)
        for action, inc in unsigned.items():
            if ended is not None and inc.line[2] > ended:
                raise _refused(inc, action, _("nobody signed in"), label)
    for (author, day, action), inc in seen.items():
        assert author is not None
        held = roles_of(session, uuid.UUID(author), on=day)
        if ALLOWED[action].isdisjoint(held):
            person = session.get(Person, uuid.UUID(author))
            raise _refused(inc, action, person.name if person else author, label)


def _refused(inc: Incoming, action: Action, who: str, label: str) -> BadInput:
    roles = ", ".join(_(role_label(r)) for r in sorted(ALLOWED[action]))
    return BadInput(
        _(
            "change {key} to {entity} was made by {who}, who was not {roles} on {day};"
            " the bundle was rejected"
        ).format(
            key=f"{inc.line[0]}:{inc.line[1]}",
            entity=inc.entity,
            who=who,
            roles=roles,
            day=change_day(inc.line[2]).isoformat(),
        ),
        path=label,
    )
