"""Assemblies and their attendance: each call one journaled change by the secretary or committee.

Attendance keeps one row per household and assembly. Arriving and leaving
stamp times on it, so the quorum can be read at any moment of the meeting.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from codesign.auth import Action, require
from codesign.decisions import rules
from codesign.decisions.quorum import (
    QuorumState,
    load_assembly,
    now,
    quorum_state,
    statutes,
)
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import ngettext
from models.decisions import (
    ASSEMBLY_KINDS,
    ATTENDANCE_STATUSES,
    AssemblyAttendance,
    Motion,
    VoteEvent,
)
from models.tables import Household


@dataclass(frozen=True, slots=True)
class AttendanceResult:
    """What an attendance change wrote, and the quorum after it."""

    write: WriteResult
    quorum: QuorumState


def create_assembly(
    ws: Workspace,
    *,
    held_on: dt.date,
    kind: str = "ordinary",
    title: str = "",
    place: str = "",
    first_call_at: dt.datetime | None = None,
    second_call_at: dt.datetime | None = None,
    agenda: Sequence[str] = (),
) -> tuple[WriteResult, uuid.UUID]:
    """Convene an assembly with its calls and agenda."""
    require(ws, Action.RUN_ASSEMBLIES)
    if kind not in ASSEMBLY_KINDS:
        raise BadInput(
            _("unknown assembly kind {kind}; use ordinary or extraordinary").format(kind=kind),
            path=ws.label,
        )
    if first_call_at and second_call_at and second_call_at < first_call_at:
        raise BadInput(_("the second call cannot come before the first"), path=ws.label)
    with ws.write(_("Convene an assembly")) as w:
        assembly_id = w.insert(
            "assembly",
            {
                "kind": kind,
                "title": title.strip(),
                "held_on": held_on,
                "place": place.strip(),
                "first_call_at": first_call_at,
                "second_call_at": second_call_at,
            },
        )
        items = [t.strip() for t in agenda if t.strip()]
        w.insert_many(
            "agenda_item",
            [
                {"assembly_id": assembly_id, "position": i + 1, "title": t}
                for i, t in enumerate(items)
            ],
        )
    return w.result(), assembly_id


def open_assembly(
    ws: Workspace, assembly_id: uuid.UUID, call: int, *, at: dt.datetime | None = None
) -> WriteResult:
    """Open the assembly on its first or second call; the call's quorum is needed at ``at``."""
    require(ws, Action.RUN_ASSEMBLIES)
    if call not in (1, 2):
        raise BadInput(_("an assembly opens on the first or the second call"), path=ws.label)
    with ws.write(_("Open the assembly")) as w:
        assembly = load_assembly(w.session, assembly_id, ws.label)
        if assembly.status == "closed":
            raise BadInput(_("this assembly is closed"), path=ws.label)
        stamp = at or now()
        state = quorum_state(w.session, assembly, stamp if at else None, call=call)
        if not state.met:
            raise BadInput(
                _(
                    "no quorum on call {call}: {represented} of {needed} households needed;"
                    " wait, or open on the second call"
                ).format(call=call, represented=state.represented, needed=state.needed),
                path=ws.label,
            )
        w.update(
            "assembly", assembly_id, {"opened_on_call": call, "status": "open", "opened_at": stamp}
        )
    return w.result()


def close_assembly(ws: Workspace, assembly_id: uuid.UUID) -> WriteResult:
    """Close the assembly; everyone still in the room leaves now."""
    require(ws, Action.RUN_ASSEMBLIES)
    at = now()
    with ws.write(_("Close the assembly")) as w:
        load_assembly(w.session, assembly_id, ws.label)
        open_votes = w.session.scalar(
            select(func.count())
            .select_from(VoteEvent)
            .join(Motion, Motion.id == VoteEvent.motion_id)
            .where(Motion.assembly_id == assembly_id, VoteEvent.status == "open")
        )
        if open_votes:
            raise BadInput(_("close the open vote before closing the assembly"), path=ws.label)
        rows = w.session.scalars(
            select(AssemblyAttendance.id).where(
                AssemblyAttendance.assembly_id == assembly_id,
                AssemblyAttendance.status == "present",
                AssemblyAttendance.left_at.is_(None),
            )
        )
        for row in list(rows):
            w.update("assembly_attendance", row, {"left_at": at})
        w.update("assembly", assembly_id, {"status": "closed"})
    return w.result()


def _attendance_row(
    w: Writer, assembly_id: uuid.UUID, household: uuid.UUID
) -> AssemblyAttendance | None:
    return w.session.scalars(
        select(AssemblyAttendance).where(
            AssemblyAttendance.assembly_id == assembly_id,
            AssemblyAttendance.household_id == household,
            AssemblyAttendance.deleted.is_(False),
        )
    ).first()


def _household_name(w: Writer, household: uuid.UUID) -> str:
    found = w.session.get(Household, household)
    if found is None or found.deleted:
        raise NotFound(_("no household {ref}").format(ref=household), path=w.ws.label)
    return found.name


def set_attendance(
    ws: Workspace,
    assembly_id: uuid.UUID,
    household: uuid.UUID,
    status: str,
    *,
    proxy_holder: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> AttendanceResult:
    """Mark a household present (arriving at ``at``), absent, or represented by a proxy holder.

    A proxy holder must be another household that is not itself represented by
    proxy, and may carry no more proxies than the statutes allow.
    """
    require(ws, Action.RUN_ASSEMBLIES)
    if status not in ATTENDANCE_STATUSES:
        raise BadInput(_("unknown attendance {status}").format(status=status), path=ws.label)
    stamp = at or now()
    with ws.write(_("Take attendance")) as w:
        assembly = load_assembly(w.session, assembly_id, ws.label)
        if assembly.status == "closed":
            raise BadInput(_("this assembly is closed"), path=ws.label)
        name = _household_name(w, household)
        values: dict[str, object] = {"status": status, "proxy_holder_id": None}
        if status == "proxy":
            _check_proxy(w, assembly_id, household, proxy_holder, name)
            values["proxy_holder_id"] = proxy_holder
        elif status == "present":
            values.update({"arrived_at": stamp, "left_at": None})
        else:
            _check_not_holding(w, assembly_id, household, name)
        row = _attendance_row(w, assembly_id, household)
        if row is None:
            w.insert(
                "assembly_attendance",
                {"assembly_id": assembly_id, "household_id": household, **values},
            )
        else:
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            w.update("assembly_attendance", row.id, changed)
            w.session.flush()
        state = quorum_state(w.session, assembly)
    return AttendanceResult(w.result(), state)


def _check_proxy(
    w: Writer, assembly_id: uuid.UUID, household: uuid.UUID, holder: uuid.UUID | None, name: str
) -> None:
    label = w.ws.label
    if holder is None or holder == household:
        raise BadInput(
            _("{household} needs another household to hold its proxy").format(household=name),
            path=label,
        )
    holder_name = _household_name(w, holder)
    holder_row = _attendance_row(w, assembly_id, holder)
    if holder_row is not None and holder_row.status == "proxy":
        raise BadInput(
            _("{holder} is itself represented by proxy and cannot hold one").format(
                holder=holder_name
            ),
            path=label,
        )
    _check_not_holding(w, assembly_id, household, name)
    limit = statutes(w.session).max_proxies_per_holder
    held = list(
        w.session.scalars(
            select(AssemblyAttendance.household_id).where(
                AssemblyAttendance.assembly_id == assembly_id,
                AssemblyAttendance.status == "proxy",
                AssemblyAttendance.proxy_holder_id == holder,
                AssemblyAttendance.household_id != household,
                AssemblyAttendance.deleted.is_(False),
            )
        )
    )
    if rules.proxies_over_limit([holder] * (len(held) + 1), limit):
        raise BadInput(
            ngettext(
                "{holder} already holds {count} proxy; the statutes allow {limit} per holder",
                "{holder} already holds {count} proxies; the statutes allow {limit} per holder",
                len(held),
            ).format(holder=holder_name, count=len(held), limit=limit),
            path=label,
        )


def _check_not_holding(w: Writer, assembly_id: uuid.UUID, household: uuid.UUID, name: str) -> None:
    """A household that holds proxies must stay present (or hand them back first)."""
    holding = w.session.scalar(
        select(func.count()).where(
            AssemblyAttendance.assembly_id == assembly_id,
            AssemblyAttendance.status == "proxy",
            AssemblyAttendance.proxy_holder_id == household,
            AssemblyAttendance.deleted.is_(False),
        )
    )
    if holding:
        raise BadInput(
            _("{household} holds proxies of other households; reassign them first").format(
                household=name
            ),
            path=w.ws.label,
        )


def mark_left(
    ws: Workspace, assembly_id: uuid.UUID, household: uuid.UUID, *, at: dt.datetime | None = None
) -> AttendanceResult:
    """A present household leaves early: the live quorum loses it (and the proxies it holds)."""
    require(ws, Action.RUN_ASSEMBLIES)
    stamp = at or now()
    with ws.write(_("Mark a household as gone")) as w:
        assembly = load_assembly(w.session, assembly_id, ws.label)
        name = _household_name(w, household)
        row = _attendance_row(w, assembly_id, household)
        if row is None or row.status != "present" or row.left_at is not None:
            raise BadInput(
                _("{household} is not in the room").format(household=name), path=ws.label
            )
        w.update("assembly_attendance", row.id, {"left_at": stamp})
        w.session.flush()
        state = quorum_state(w.session, assembly)
    return AttendanceResult(w.result(), state)
