"""The decision register: numbered resolutions, follow-up actions, search and what is overdue."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select

from codesign.auth import Action, require
from codesign.decisions.numbering import next_number, shared_numbers_query
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.decisions import FOLLOW_UP_STATUSES, Decision, FollowUpAction, Motion, VoteEvent
from models.tables import Person

RESULTS = ("passed", "failed")


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One resolution as the register lists it."""

    id: uuid.UUID
    number: int
    decided_on: dt.date
    text: str
    result: str
    motion: uuid.UUID | None
    assembly: uuid.UUID | None
    open_actions: int
    overdue_actions: int
    shared_number: bool = False  # another decision carries the same number (see numbering)


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    """One follow-up action with its decision and who is responsible."""

    id: uuid.UUID
    decision: uuid.UUID
    decision_number: int
    description: str
    responsible: str
    due_on: dt.date | None
    status: str

    def overdue(self, today: dt.date) -> bool:
        """Still open after its due date."""
        return self.status == "open" and self.due_on is not None and self.due_on < today


def record_decision(
    ws: Workspace,
    *,
    text: str,
    decided_on: dt.date,
    motion: uuid.UUID | None = None,
    assembly: uuid.UUID | None = None,
    result: str | None = None,
) -> tuple[WriteResult, uuid.UUID, int]:
    """Enter a resolution with the next number; a motion's closed vote gives its result."""
    require(ws, Action.RUN_ASSEMBLIES)
    if not text.strip():
        raise BadInput(_("a decision needs a text"), path=ws.label)
    with ws.write(_("Record a decision")) as w:
        if motion is not None:
            found = w.session.get(Motion, motion)
            if found is None:
                raise NotFound(_("no motion {ref}").format(ref=motion), path=ws.label)
            assembly = assembly or found.assembly_id
            voted = w.session.scalar(
                select(VoteEvent.result)
                .where(VoteEvent.motion_id == motion, VoteEvent.status == "closed")
                .limit(1)
            )
            if voted is None:
                raise BadInput(_("the motion has not been voted on yet"), path=ws.label)
            result = voted
        result = result or "passed"
        if result not in RESULTS:
            raise BadInput(_("a decision is passed or failed"), path=ws.label)
        number = next_number(w.session)
        decision = w.insert(
            "decision",
            {
                "number": number,
                "decided_on": decided_on,
                "text": text.strip(),
                "result": result,
                "motion_id": motion,
                "assembly_id": assembly,
            },
        )
    return w.result(), decision, number


def add_follow_up(
    ws: Workspace,
    decision: uuid.UUID,
    description: str,
    *,
    responsible: uuid.UUID | None = None,
    due_on: dt.date | None = None,
) -> tuple[WriteResult, uuid.UUID]:
    """Ask someone to carry out part of a decision by a date."""
    require(ws, Action.RUN_ASSEMBLIES)
    if not description.strip():
        raise BadInput(_("a follow-up action needs a description"), path=ws.label)
    with ws.write(_("Add a follow-up action")) as w:
        if w.session.get(Decision, decision) is None:
            raise NotFound(_("no decision {ref}").format(ref=decision), path=ws.label)
        if responsible is not None and w.session.get(Person, responsible) is None:
            raise NotFound(_("no person {ref}").format(ref=responsible), path=ws.label)
        action = w.insert(
            "follow_up_action",
            {
                "decision_id": decision,
                "description": description.strip(),
                "responsible_id": responsible,
                "due_on": due_on,
            },
        )
    return w.result(), action


def set_follow_up_status(ws: Workspace, action: uuid.UUID, status: str) -> WriteResult:
    """Mark a follow-up action done, cancelled or open again."""
    require(ws, Action.RUN_ASSEMBLIES)
    if status not in FOLLOW_UP_STATUSES:
        raise BadInput(_("a follow-up is open, done or cancelled"), path=ws.label)
    with ws.write(_("Update a follow-up action")) as w:
        found = w.session.get(FollowUpAction, action)
        if found is None or found.deleted:
            raise NotFound(_("no follow-up action {ref}").format(ref=action), path=ws.label)
        w.update("follow_up_action", action, {"status": status})
    return w.result()


def search_decisions(
    ws: Workspace, query: str = "", *, today: dt.date | None = None, limit: int = 5000
) -> tuple[DecisionRecord, ...]:
    """Resolutions whose text or number matches ``query`` (all when empty), newest first."""
    today = today or dt.date.today()
    open_q = (
        select(FollowUpAction.decision_id, func.count().label("n"))
        .where(FollowUpAction.status == "open", FollowUpAction.deleted.is_(False))
        .group_by(FollowUpAction.decision_id)
        .subquery()
    )
    late_q = (
        select(FollowUpAction.decision_id, func.count().label("n"))
        .where(
            FollowUpAction.status == "open",
            FollowUpAction.deleted.is_(False),
            FollowUpAction.due_on < today,
        )
        .group_by(FollowUpAction.decision_id)
        .subquery()
    )
    stmt = (
        select(
            Decision.id,
            Decision.number,
            Decision.decided_on,
            Decision.text,
            Decision.result,
            Decision.motion_id,
            Decision.assembly_id,
            func.coalesce(open_q.c.n, 0),
            func.coalesce(late_q.c.n, 0),
            Decision.number.in_(shared_numbers_query()),
        )
        .outerjoin(open_q, open_q.c.decision_id == Decision.id)
        .outerjoin(late_q, late_q.c.decision_id == Decision.id)
        .where(Decision.deleted.is_(False))
        .order_by(Decision.number.desc(), Decision.decided_on.desc(), Decision.id)
        .limit(limit)
    )
    words = query.strip()
    if words:
        conditions: list[ColumnElement[bool]] = [Decision.text.ilike(f"%{words}%")]
        if words.isdigit():
            conditions.append(Decision.number == int(words))
        stmt = stmt.where(or_(*conditions))
    with ws.session() as session:
        return tuple(DecisionRecord(*row) for row in session.execute(stmt))


def follow_ups(
    ws: Workspace,
    *,
    decision: uuid.UUID | None = None,
    overdue_on: dt.date | None = None,
) -> tuple[FollowUpRecord, ...]:
    """Follow-up actions of one decision, or every open one overdue on ``overdue_on``."""
    stmt = (
        select(
            FollowUpAction.id,
            FollowUpAction.decision_id,
            Decision.number,
            FollowUpAction.description,
            func.coalesce(Person.name, ""),
            FollowUpAction.due_on,
            FollowUpAction.status,
        )
        .join(Decision, Decision.id == FollowUpAction.decision_id)
        .outerjoin(Person, Person.id == FollowUpAction.responsible_id)
        .where(FollowUpAction.deleted.is_(False))
        .order_by(FollowUpAction.due_on, Decision.number)
    )
    if decision is not None:
        stmt = stmt.where(FollowUpAction.decision_id == decision)
    if overdue_on is not None:
        stmt = stmt.where(FollowUpAction.status == "open", FollowUpAction.due_on < overdue_on)
    with ws.session() as session:
        return tuple(FollowUpRecord(*row) for row in session.execute(stmt))
