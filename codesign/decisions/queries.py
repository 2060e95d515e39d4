"""Reading assemblies for the window, the minutes and the command line."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from codesign.decisions.agenda import AgendaItemRecord, read_agenda
from codesign.decisions.quorum import QuorumState, load_assembly, member_clause, quorum_state
from codesign.workspace import Workspace
from models.decisions import (
    Assembly,
    AssemblyAttendance,
    Decision,
    Motion,
    VoteEvent,
)
from models.tables import Household, Person


@dataclass(frozen=True, slots=True)
class AssemblyRecord:
    """One assembly as the list shows it."""

    id: uuid.UUID
    held_on: dt.date
    kind: str
    title: str
    place: str
    status: str
    opened_on_call: int
    opened_at: dt.datetime | None
    first_call_at: dt.datetime | None
    second_call_at: dt.datetime | None
    motions: int


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    """One household's line in the attendance list (absent when never marked)."""

    household: uuid.UUID
    name: str
    unit: str
    status: str
    proxy_holder: uuid.UUID | None
    proxy_holder_name: str
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None

    @property
    def in_room(self) -> bool:
        """Present and not gone."""
        return self.status == "present" and self.left_at is None


@dataclass(frozen=True, slots=True)
class MotionRecord:
    """A motion with its latest vote."""

    id: uuid.UUID
    number: int
    text: str
    majority: str
    proposer: str
    seconder: str
    amends_number: int | None
    link_entity: str
    vote_event: uuid.UUID | None
    method: str
    vote_status: str
    yes: int
    no: int
    abstain: int
    represented: int
    result: str


@dataclass(frozen=True, slots=True)
class AssemblyDetail:
    """Everything the assembly view and the minutes show."""

    assembly: AssemblyRecord
    quorum: QuorumState
    opening: QuorumState | None  # the quorum when the assembly opened
    attendance: tuple[AttendanceRecord, ...]
    agenda: tuple[str, ...]
    motions: tuple[MotionRecord, ...]
    decisions: tuple[tuple[uuid.UUID, int, str, str], ...]
    agenda_items: tuple[AgendaItemRecord, ...] = ()


def _record(a: Assembly, motions: int) -> AssemblyRecord:
    return AssemblyRecord(
        a.id,
        a.held_on,
        a.kind,
        a.title,
        a.place,
        a.status,
        a.opened_on_call,
        a.opened_at,
        a.first_call_at,
        a.second_call_at,
        motions,
    )


def list_assemblies(
    ws: Workspace, *, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[AssemblyRecord, ...]:
    """Assemblies newest first, optionally only those held from ``start`` to ``end``."""
    counts = (
        select(Motion.assembly_id, func.count().label("n"))
        .where(Motion.deleted.is_(False))
        .group_by(Motion.assembly_id)
        .subquery()
    )
    stmt = (
        select(Assembly, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.assembly_id == Assembly.id)
        .where(Assembly.deleted.is_(False))
        .order_by(Assembly.held_on.desc(), Assembly.first_call_at.desc())
    )
    if start is not None:
        stmt = stmt.where(Assembly.held_on >= start)
    if end is not None:
        stmt = stmt.where(Assembly.held_on <= end)
    with ws.session() as session:
        return tuple(_record(a, int(n)) for a, n in session.execute(stmt).tuples())


def attendance(ws: Workspace, assembly_id: uuid.UUID) -> tuple[AttendanceRecord, ...]:
    """Every member household with its attendance, sorted by name.

    Two index reads merged here (the households, then this assembly's rows):
    a join on the household would walk every assembly's attendance of each one.
    """
    with ws.session() as session:
        assembly = load_assembly(session, assembly_id, ws.label)
        homes = session.execute(
            select(Household.id, Household.name, Household.unit)
            .where(member_clause(assembly.held_on))
            .order_by(Household.name)
        ).all()
        marked = {
            row[0]: row[1:]
            for row in session.execute(
                select(
                    AssemblyAttendance.household_id,
                    AssemblyAttendance.status,
                    AssemblyAttendance.proxy_holder_id,
                    AssemblyAttendance.arrived_at,
                    AssemblyAttendance.left_at,
                ).where(
                    AssemblyAttendance.assembly_id == assembly_id,
                    AssemblyAttendance.deleted.is_(False),
                )
            )
        }
    names = {h: name for h, name, _unit in homes}
    out = []
    for h, name, unit in homes:
        status, holder, arrived, left = marked.get(h, ("absent", None, None, None))
        out.append(
            AttendanceRecord(
                h,
                name,
                unit,
                status,
                holder,
                names.get(holder, "") if holder else "",
                arrived,
                left,
            )
        )
    return tuple(out)


def motions(ws: Workspace, assembly_id: uuid.UUID) -> tuple[MotionRecord, ...]:
    """The assembly's motions in order, each with its latest vote."""
    proposer, seconder, amended = aliased(Person), aliased(Person), aliased(Motion)
    latest = (
        select(VoteEvent.motion_id, func.max(VoteEvent.opened_at).label("at"))
        .group_by(VoteEvent.motion_id)
        .subquery()
    )
    stmt = (
        select(
            Motion.id,
            Motion.number,
            Motion.text,
            Motion.majority,
            func.coalesce(proposer.name, ""),
            func.coalesce(seconder.name, ""),
            amended.number,
            Motion.link_entity,
            VoteEvent.id,
            func.coalesce(VoteEvent.method, ""),
            func.coalesce(VoteEvent.status, ""),
            func.coalesce(VoteEvent.yes, 0),
            func.coalesce(VoteEvent.no, 0),
            func.coalesce(VoteEvent.abstain, 0),
            func.coalesce(VoteEvent.represented, 0),
            func.coalesce(VoteEvent.result, ""),
        )
        .outerjoin(proposer, proposer.id == Motion.proposer_id)
        .outerjoin(seconder, seconder.id == Motion.seconder_id)
        .outerjoin(amended, amended.id == Motion.amends_id)
        .outerjoin(latest, latest.c.motion_id == Motion.id)
        .outerjoin(
            VoteEvent, (VoteEvent.motion_id == Motion.id) & (VoteEvent.opened_at == latest.c.at)
        )
        .where(Motion.assembly_id == assembly_id, Motion.deleted.is_(False))
        .order_by(Motion.number)
    )
    with ws.session() as session:
        return tuple(MotionRecord(*row) for row in session.execute(stmt).tuples())


def assembly_detail(ws: Workspace, assembly_id: uuid.UUID) -> AssemblyDetail:
    """The assembly, its live quorum, attendance, agenda, motions and decisions."""
    with ws.session() as session:
        assembly = load_assembly(session, assembly_id, ws.label)
        state = quorum_state(session, assembly)
        opening = (
            quorum_state(session, assembly, assembly.opened_at) if assembly.opened_at else None
        )
        items = read_agenda(session, assembly_id)
        decisions = tuple(
            (i, n, t, r)
            for i, n, t, r in session.execute(
                select(Decision.id, Decision.number, Decision.text, Decision.result)
                .where(Decision.assembly_id == assembly_id, Decision.deleted.is_(False))
                .order_by(Decision.number)
            ).tuples()
        )
    found = motions(ws, assembly_id)
    record = _record(assembly, len(found))
    return AssemblyDetail(
        record,
        state,
        opening,
        attendance(ws, assembly_id),
        tuple(item.title for item in items),
        found,
        decisions,
        items,
    )


def open_vote_of(ws: Workspace, assembly_id: uuid.UUID) -> uuid.UUID | None:
    """The vote open now in the assembly, if any (the projector follows it)."""
    with ws.session() as session:
        return session.scalar(
            select(VoteEvent.id)
            .join(Motion, Motion.id == VoteEvent.motion_id)
            .where(Motion.assembly_id == assembly_id, VoteEvent.status == "open")
            .limit(1)
        )
