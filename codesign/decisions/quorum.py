"""An assembly's attendance read as the live quorum: who is represented now, and is it enough."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from codesign.decisions import rules
from codesign.errors import NotFound
from i18n import gettext as _
from models.decisions import Assembly, AssemblyAttendance
from models.tables import Cooperative, Household


@dataclass(frozen=True, slots=True)
class QuorumState:
    """The quorum of one assembly at one moment."""

    households: int  # member households that may take part
    call: int  # 1 or 2: the call whose rule applies (first call before the assembly opens)
    needed: int
    in_room: int
    by_proxy: int
    represented_ids: frozenset[uuid.UUID]
    proxy_ids: frozenset[uuid.UUID]

    @property
    def represented(self) -> int:
        """Households in the room plus those represented by a proxy holder in the room."""
        return self.in_room + self.by_proxy

    @property
    def met(self) -> bool:
        """Whether enough households are represented for the call."""
        return self.represented >= self.needed


def now() -> dt.datetime:
    """Local wall time to the second: attendance and votes are stamped with it."""
    return dt.datetime.now().replace(microsecond=0)


def statutes(session: Session) -> rules.Statutes:
    """The cooperative's assembly rules."""
    raw = session.scalar(select(Cooperative.statutes).limit(1)) or {}
    return rules.statutes_from(raw)


def raw_statutes(session: Session) -> dict[str, object]:
    """The statutes as stored (for weights)."""
    return dict(session.scalar(select(Cooperative.statutes).limit(1)) or {})


def load_assembly(session: Session, assembly_id: uuid.UUID, label: str) -> Assembly:
    """The assembly, or NotFound naming the file."""
    found = session.get(Assembly, assembly_id)
    if found is None or found.deleted:
        raise NotFound(_("no assembly {ref}").format(ref=assembly_id), path=label)
    return found


def member_clause(on: dt.date) -> ColumnElement[bool]:
    """Households that had joined by ``on`` (or whose joining date is unknown)."""
    return and_(
        Household.deleted.is_(False),
        or_(Household.joined_on.is_(None), Household.joined_on <= on),
    )


def member_households(session: Session, on: dt.date) -> int:
    """How many households may take part in an assembly held on ``on``."""
    return int(
        session.scalar(select(func.count()).select_from(Household).where(member_clause(on))) or 0
    )


def in_room(arrived: dt.datetime | None, left: dt.datetime | None, at: dt.datetime | None) -> bool:
    """Whether a household marked present is in the room at ``at`` (None: now, as recorded)."""
    if at is None:
        return left is None
    return (arrived is None or arrived <= at) and (left is None or left > at)


def quorum_state(
    session: Session, assembly: Assembly, at: dt.datetime | None = None, *, call: int = 0
) -> QuorumState:
    """The live quorum of ``assembly`` at ``at`` (None: as attendance stands now).

    ``call`` overrides the call the assembly opened on (to check before opening).
    """
    rows = session.execute(
        select(
            AssemblyAttendance.household_id,
            AssemblyAttendance.status,
            AssemblyAttendance.proxy_holder_id,
            AssemblyAttendance.arrived_at,
            AssemblyAttendance.left_at,
        ).where(
            AssemblyAttendance.assembly_id == assembly.id, AssemblyAttendance.deleted.is_(False)
        )
    ).all()
    presences = [
        rules.Presence(hh, status, holder, status == "present" and in_room(arrived, left, at))
        for hh, status, holder, arrived, left in rows
    ]
    room, proxies = rules.represented(presences)
    households = member_households(session, assembly.held_on)
    call = call or assembly.opened_on_call or 1
    needed = rules.quorum_needed(households, rules.call_fraction(statutes(session), call))
    return QuorumState(
        households,
        call,
        needed,
        len(room),
        len(proxies),
        frozenset(uuid.UUID(str(h)) for h in room),
        frozenset(uuid.UUID(str(h)) for h in proxies),
    )
