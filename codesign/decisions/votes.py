"""Motions and their votes: only the secretary opens, counts and closes; a closed vote is final.

Show of hands and secret ballots record counts; a roll call records one vote
per household (weighted when the statutes say so), marked when its proxy
holder cast it. Every refusal leaves the file as it was.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codesign.auth import Action, require
from codesign.decisions import rules
from codesign.decisions.quorum import (
    QuorumState,
    load_assembly,
    now,
    quorum_state,
    raw_statutes,
    statutes,
)
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.decisions import (
    MAJORITY_RULES,
    VOTE_METHODS,
    VOTE_OPTIONS,
    Motion,
    Vote,
    VoteEvent,
)
from models.tables import Household

LINKABLE = ("proposal", "budget_line", "reference_case")


@dataclass(frozen=True, slots=True)
class VoteState:
    """A vote as the panel and the projector show it, live while it is open."""

    vote_event: uuid.UUID
    motion: uuid.UUID
    method: str
    status: str
    rule: str
    tally: rules.Tally
    present: int  # represented total (weighted in a weighted roll call)
    quorum: QuorumState
    passes: bool
    reachable: dict[str, str]
    voted: frozenset[uuid.UUID]
    result: str


def add_motion(
    ws: Workspace,
    assembly_id: uuid.UUID,
    text: str,
    *,
    majority: str = "simple",
    proposer: uuid.UUID | None = None,
    seconder: uuid.UUID | None = None,
    amends: uuid.UUID | None = None,
    agenda_item: uuid.UUID | None = None,
    link: tuple[str, uuid.UUID] | None = None,
) -> tuple[WriteResult, uuid.UUID]:
    """Put a motion (or an amendment of another) before the assembly."""
    require(ws, Action.RUN_ASSEMBLIES)
    if not text.strip():
        raise BadInput(_("a motion needs a text"), path=ws.label)
    if majority not in MAJORITY_RULES:
        raise BadInput(
            _("unknown majority rule {rule}; use one of {rules}").format(
                rule=majority, rules=", ".join(MAJORITY_RULES)
            ),
            path=ws.label,
        )
    if link is not None and link[0] not in LINKABLE:
        raise BadInput(
            _("a motion links to a proposal, a budget line or a reference case"), path=ws.label
        )
    if proposer is not None and proposer == seconder:
        raise BadInput(_("the seconder must be someone other than the proposer"), path=ws.label)
    with ws.write(_("Add a motion")) as w:
        load_assembly(w.session, assembly_id, ws.label)
        if amends is not None and w.session.get(Motion, amends) is None:
            raise NotFound(_("no motion {ref}").format(ref=amends), path=ws.label)
        if link is not None:
            _check_link(w.session, link, ws.label)
        last = w.session.scalar(
            select(func.max(Motion.number)).where(Motion.assembly_id == assembly_id)
        )
        motion = w.insert(
            "motion",
            {
                "assembly_id": assembly_id,
                "agenda_item_id": agenda_item,
                "number": int(last or 0) + 1,
                "text": text.strip(),
                "proposer_id": proposer,
                "seconder_id": seconder,
                "amends_id": amends,
                "majority": majority,
                "link_entity": link[0] if link else "",
                "link_id": link[1] if link else None,
            },
        )
    return w.result(), motion


def _check_link(session: Session, link: tuple[str, uuid.UUID], label: str) -> None:
    """A linked row must exist when its table is in this schema (others arrive by sync later)."""
    from codesign.journal.entities import table

    try:
        linked = table(link[0])
    except KeyError:
        return
    if session.execute(select(linked.c.id).where(linked.c.id == link[1])).first() is None:
        raise NotFound(_("nothing with id {ref} to link to").format(ref=link[1]), path=label)


def _event(session: Session, vote_event: uuid.UUID, label: str) -> VoteEvent:
    found = session.get(VoteEvent, vote_event)
    if found is None:
        raise NotFound(_("no vote {ref}").format(ref=vote_event), path=label)
    return found


def _editable(session: Session, vote_event: uuid.UUID, label: str) -> VoteEvent:
    event = _event(session, vote_event, label)
    if event.status == "closed":
        raise BadInput(_("this vote is closed; a closed vote cannot be changed"), path=label)
    return event


def open_vote(ws: Workspace, motion_id: uuid.UUID, method: str) -> tuple[WriteResult, uuid.UUID]:
    """Open a vote on a motion of an open assembly (one open vote at a time)."""
    require(ws, Action.RUN_VOTES)
    if method not in VOTE_METHODS:
        raise BadInput(
            _("unknown voting method {method}; use show_of_hands, roll_call or secret").format(
                method=method
            ),
            path=ws.label,
        )
    with ws.write(_("Open a vote")) as w:
        motion = w.session.get(Motion, motion_id)
        if motion is None or motion.deleted:
            raise NotFound(_("no motion {ref}").format(ref=motion_id), path=ws.label)
        assembly = load_assembly(w.session, motion.assembly_id, ws.label)
        if assembly.status != "open":
            raise BadInput(_("open the assembly before voting"), path=ws.label)
        busy = w.session.scalar(
            select(func.count())
            .select_from(VoteEvent)
            .join(Motion, Motion.id == VoteEvent.motion_id)
            .where(Motion.assembly_id == assembly.id, VoteEvent.status == "open")
        )
        if busy:
            raise BadInput(_("another vote is open; close it first"), path=ws.label)
        done = w.session.scalar(
            select(func.count()).where(
                VoteEvent.motion_id == motion_id, VoteEvent.status == "closed"
            )
        )
        if done:
            raise BadInput(_("this motion has already been voted on"), path=ws.label)
        event = w.insert(
            "vote_event",
            {
                "motion_id": motion_id,
                "method": method,
                "status": "open",
                "opened_by": ws.actor,
                "opened_at": now(),
            },
        )
    return w.result(), event


def set_counts(
    ws: Workspace, vote_event: uuid.UUID, yes: int, no: int, abstain: int
) -> WriteResult:
    """Enter the counts of a show of hands or a secret ballot."""
    require(ws, Action.RUN_VOTES)
    if min(yes, no, abstain) < 0:
        raise BadInput(_("counts cannot be negative"), path=ws.label)
    with ws.write(_("Enter vote counts")) as w:
        event = _editable(w.session, vote_event, ws.label)
        if event.method == "roll_call":
            raise BadInput(_("a roll call records each household's vote"), path=ws.label)
        state = _quorum_of(w.session, event, ws.label)
        _check_total(ws, yes + no + abstain, state.represented)
        w.update("vote_event", vote_event, {"yes": yes, "no": no, "abstain": abstain})
    return w.result()


def _check_total(ws: Workspace, total: int, represented: int) -> None:
    if total > represented:
        raise BadInput(
            _("{total} votes but only {represented} households are present or represented").format(
                total=total, represented=represented
            ),
            path=ws.label,
        )


def _quorum_of(session: Session, event: VoteEvent, label: str) -> QuorumState:
    motion = session.get(Motion, event.motion_id)
    assert motion is not None
    return quorum_state(session, load_assembly(session, motion.assembly_id, label))


def _weight(raw: dict[str, object], weighted: bool, household: uuid.UUID) -> int:
    if not weighted:
        return 1
    weights = raw.get("vote_weights")
    value = weights.get(str(household), 1) if isinstance(weights, dict) else 1
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 1


def cast_vote(
    ws: Workspace, vote_event: uuid.UUID, household: uuid.UUID, option: str
) -> WriteResult:
    """Record one household's roll-call vote; a household represented by proxy is marked so."""
    require(ws, Action.RUN_VOTES)
    if option not in VOTE_OPTIONS:
        raise BadInput(_("a vote is yes, no or abstain"), path=ws.label)
    with ws.write(_("Record a vote")) as w:
        event = _editable(w.session, vote_event, ws.label)
        if event.method != "roll_call":
            raise BadInput(_("only a roll call records each household's vote"), path=ws.label)
        found = w.session.get(Household, household)
        if found is None or found.deleted:
            raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)
        already = w.session.scalar(
            select(func.count()).where(
                Vote.vote_event_id == vote_event, Vote.household_id == household
            )
        )
        if already:
            raise BadInput(
                _("{household} has already voted").format(household=found.name), path=ws.label
            )
        state = _quorum_of(w.session, event, ws.label)
        if household not in state.represented_ids and household not in state.proxy_ids:
            raise BadInput(
                _("{household} is not present or represented").format(household=found.name),
                path=ws.label,
            )
        raw = raw_statutes(w.session)
        weighted = statutes(w.session).weighted_roll_call
        w.insert(
            "vote",
            {
                "vote_event_id": vote_event,
                "household_id": household,
                "option": option,
                "weight": _weight(raw, weighted, household),
                "by_proxy": household in state.proxy_ids,
            },
        )
    return w.result()


def _state(session: Session, event: VoteEvent, label: str) -> VoteState:
    motion = session.get(Motion, event.motion_id)
    if motion is None:
        raise NotFound(_("no motion {ref}").format(ref=event.motion_id), path=label)
    quorum = quorum_state(session, load_assembly(session, motion.assembly_id, label))
    rule_set = statutes(session)
    voted: frozenset[uuid.UUID] = frozenset()
    if event.status == "closed":
        tally = rules.Tally(event.yes, event.no, event.abstain)
        present = event.represented
    elif event.method == "roll_call":
        rows = session.execute(
            select(Vote.household_id, Vote.option, Vote.weight).where(
                Vote.vote_event_id == event.id
            )
        ).all()
        sums = dict.fromkeys(VOTE_OPTIONS, 0)
        for _household, option, weight in rows:
            sums[option] += weight
        tally = rules.Tally(sums["yes"], sums["no"], sums["abstain"])
        voted = frozenset(h for h, _o, _w in rows)
        raw = raw_statutes(session)
        present = sum(
            _weight(raw, rule_set.weighted_roll_call, h)
            for h in quorum.represented_ids | quorum.proxy_ids
        )
    else:
        tally = rules.Tally(event.yes, event.no, event.abstain)
        present = quorum.represented
    base = rule_set.qualified_majority_base
    has_quorum = quorum.met if event.status != "closed" else event.result != "no_quorum"
    return VoteState(
        event.id,
        motion.id,
        event.method,
        event.status,
        motion.majority,
        tally,
        present,
        quorum,
        rules.passes(motion.majority, tally, present, quorum=has_quorum, base=base),
        rules.reachable_all(tally, present, base),
        voted,
        event.result,
    )


def vote_state(ws: Workspace, vote_event: uuid.UUID) -> VoteState:
    """The vote's tally, quorum, whether it passes and which majorities are still reachable."""
    with ws.session() as session:
        return _state(session, _event(session, vote_event, ws.label), ws.label)


def close_vote(ws: Workspace, vote_event: uuid.UUID) -> tuple[WriteResult, VoteState]:
    """Close the vote with the assembly in quorum; the result is written and final."""
    require(ws, Action.RUN_VOTES)
    with ws.write(_("Close a vote")) as w:
        event = _editable(w.session, vote_event, ws.label)
        state = _state(w.session, event, ws.label)
        if not state.quorum.met:
            raise BadInput(
                _("no quorum: {represented} of {needed} households; the vote stays open").format(
                    represented=state.quorum.represented, needed=state.quorum.needed
                ),
                path=ws.label,
            )
        if event.method != "roll_call":
            _check_total(ws, state.tally.total, state.quorum.represented)
        result = "passed" if state.passes else "failed"
        w.update(
            "vote_event",
            vote_event,
            {
                "status": "closed",
                "closed_by": ws.actor,
                "closed_at": now(),
                "yes": state.tally.yes,
                "no": state.tally.no,
                "abstain": state.tally.abstain,
                "represented": state.present,
                "result": result,
            },
        )
        w.session.expire_all()
        final = _state(w.session, _event(w.session, vote_event, ws.label), ws.label)
    return w.result(), final


def motion_votes(session: Session, motion: uuid.UUID) -> list[VoteEvent]:
    """The vote events of a motion, oldest first."""
    return list(
        session.scalars(
            select(VoteEvent).where(VoteEvent.motion_id == motion).order_by(VoteEvent.opened_at)
        )
    )


def ballots(ws: Workspace, vote_event: uuid.UUID) -> dict[uuid.UUID, str]:
    """Each household's option in a roll call (the roll-call list shows them)."""
    with ws.session() as session:
        return dict(
            session.execute(
                select(Vote.household_id, Vote.option).where(Vote.vote_event_id == vote_event)
            )
            .tuples()
            .all()
        )
