"""The decisions as Popolo JSON: organizations, persons, memberships, events, motions, vote events.

The cooperative and each household are Organizations (households vote);
people are Persons with their name only (no contact data: this is open
data); each assembly is an Event; counts and roll-call votes sit inside their
vote event. Times are wall-clock times of the laptop that took them, written
with this machine's UTC offset, as the Popolo date patterns require.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from codesign.files import check_folder, replacing
from codesign.workspace import Workspace
from i18n import gettext as _
from models.decisions import Assembly, Motion, Vote, VoteEvent
from models.tables import Cooperative, Household, Person, RoleAssignment

KEYS = ("organizations", "persons", "memberships", "events", "motions", "vote_events")


@dataclass(frozen=True, slots=True)
class PopoloResult:
    """Where the export went and how many objects of each kind it holds."""

    path: Path
    counts: dict[str, int]


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone().isoformat(timespec="seconds")


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _organizations(
    session: Any, coop: Cooperative
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    orgs: list[dict[str, Any]] = [
        {
            "id": str(coop.id),
            "name": coop.name,
            "classification": "cooperative",
            "founding_date": coop.created_on.isoformat(),
        }
    ]
    memberships: list[dict[str, Any]] = []
    for hid, name, unit, joined in session.execute(
        select(Household.id, Household.name, Household.unit, Household.joined_on)
        .where(Household.deleted.is_(False))
        .order_by(Household.name)
    ):
        orgs.append(
            {
                "id": str(hid),
                "name": name,
                "classification": "household",
                "parent_id": str(coop.id),
                "identifiers": [{"identifier": unit, "scheme": "unit"}] if unit else [],
            }
        )
        memberships.append(
            {
                "id": f"{hid}-member",
                "member": {"@type": "Organization", "id": str(hid)},
                "organization_id": str(coop.id),
                "role": "member household",
                "start_date": joined.isoformat() if joined else None,
            }
        )
    return orgs, memberships


def _people(session: Any, coop_id: uuid.UUID) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    persons: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    for pid, name, household in session.execute(
        select(Person.id, Person.name, Person.household_id)
        .where(Person.deleted.is_(False))
        .order_by(Person.name)
    ):
        persons.append({"id": str(pid), "name": name})
        if household is not None:
            memberships.append(
                {
                    "id": f"{pid}-household",
                    "person_id": str(pid),
                    "organization_id": str(household),
                    "role": "member",
                }
            )
    for rid, pid, role, start, end in session.execute(
        select(
            RoleAssignment.id,
            RoleAssignment.person_id,
            RoleAssignment.role,
            RoleAssignment.start_on,
            RoleAssignment.end_on,
        ).where(RoleAssignment.deleted.is_(False), RoleAssignment.role != "member")
    ):
        memberships.append(
            {
                "id": str(rid),
                "person_id": str(pid),
                "organization_id": str(coop_id),
                "role": role,
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end else None,
            }
        )
    return persons, memberships


def _event(assembly: Assembly, coop_id: uuid.UUID) -> dict[str, Any]:
    start = assembly.first_call_at or dt.datetime.combine(assembly.held_on, dt.time(0))
    return {
        "id": str(assembly.id),
        "name": assembly.title or _("Assembly of {date}").format(date=assembly.held_on.isoformat()),
        "classification": f"{assembly.kind} assembly",
        "start_date": _time(start) if assembly.first_call_at else assembly.held_on.isoformat(),
        "location": assembly.place or None,
        "status": assembly.status,
        "organization_id": str(coop_id),
        "identifiers": [{"identifier": f"call {assembly.opened_on_call}", "scheme": "opened on"}]
        if assembly.opened_on_call
        else [],
    }


def popolo_document(ws: Workspace) -> dict[str, list[dict[str, Any]]]:
    """Everything the export holds, as one JSON-ready object."""
    with ws.session() as session:
        coop = session.scalars(select(Cooperative).limit(1)).one()
        orgs, household_memberships = _organizations(session, coop)
        persons, person_memberships = _people(session, coop.id)
        assemblies = list(
            session.scalars(
                select(Assembly).where(Assembly.deleted.is_(False)).order_by(Assembly.held_on)
            )
        )
        events = [_event(a, coop.id) for a in assemblies]
        held = {a.id: a.held_on for a in assemblies}
        votes_by_event: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        for vid, event_id, household, option, weight, by_proxy in session.execute(
            select(
                Vote.id,
                Vote.vote_event_id,
                Vote.household_id,
                Vote.option,
                Vote.weight,
                Vote.by_proxy,
            ).order_by(Vote.vote_event_id)
        ):
            votes_by_event[event_id].append(
                {
                    "id": str(vid),
                    "vote_event_id": str(event_id),
                    "voter_id": str(household),
                    "option": option,
                    "weight": weight,
                    "role": "by proxy" if by_proxy else "in person",
                }
            )
        motions: list[dict[str, Any]] = []
        motion_rows = session.scalars(
            select(Motion)
            .where(Motion.deleted.is_(False))
            .order_by(Motion.assembly_id, Motion.number)
        )
        results: dict[uuid.UUID, str] = {}
        vote_events: list[dict[str, Any]] = []
        events_of: dict[uuid.UUID, list[VoteEvent]] = defaultdict(list)
        for event in session.scalars(select(VoteEvent).order_by(VoteEvent.opened_at)):
            events_of[event.motion_id].append(event)
        for motion in motion_rows:
            day = held.get(motion.assembly_id)
            mine = events_of.get(motion.id, [])
            closed = [e for e in mine if e.status == "closed"]
            if closed:
                results[motion.id] = closed[-1].result
            motions.append(
                {
                    "id": str(motion.id),
                    "organization_id": str(coop.id),
                    "legislative_session_id": str(motion.assembly_id),
                    "creator_id": _id(motion.proposer_id),
                    "text": motion.text,
                    "identifier": f"{day.isoformat() if day else ''}/{motion.number}",
                    "classification": "amendment" if motion.amends_id else "motion",
                    "requirement": motion.majority,
                    "result": results.get(motion.id),
                }
            )
            vote_events.extend(_vote_event(e, motion, coop.id, votes_by_event) for e in mine)
    return {
        "organizations": orgs,
        "persons": persons,
        "memberships": household_memberships + person_memberships,
        "events": events,
        "motions": motions,
        "vote_events": vote_events,
    }


def _vote_event(
    event: VoteEvent,
    motion: Motion,
    coop_id: uuid.UUID,
    votes: dict[uuid.UUID, list[dict[str, Any]]],
) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "organization_id": str(coop_id),
        "legislative_session_id": str(motion.assembly_id),
        "motion_id": str(motion.id),
        "classification": event.method,
        "start_date": _time(event.opened_at),
        "end_date": _time(event.closed_at),
        "result": event.result or None,
        "counts": [
            {"option": "yes", "value": int(event.yes)},
            {"option": "no", "value": int(event.no)},
            {"option": "abstain", "value": int(event.abstain)},
        ],
        "votes": votes.get(event.id, []),
    }


def export_popolo(ws: Workspace, out: Path) -> PopoloResult:
    """Write the Popolo JSON to ``out`` (replaced whole, never half-written)."""
    out = check_folder(out)  # before reading the whole file
    document = popolo_document(ws)
    with replacing(out) as temporary:
        temporary.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return PopoloResult(out, {key: len(document[key]) for key in KEYS})
