"""A proposal's review: draft → submitted → changes requested → approved, rejected, superseded.

Each step records who took it, when, and on which version. The author
household submits; only the architect asks for changes, approves or
rejects. Approving one variant supersedes the open proposals of its family,
so the assembly's choice is the only one left standing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from codesign.auth import Action, require
from codesign.design.access import load_proposal, require_author, require_open
from codesign.design.records import STATUS_LABELS, ProposalId, now_utc
from codesign.errors import BadInput
from codesign.journal.writer import Writer, WriteResult
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from models.design import CLOSED_STATUSES, Proposal, ProposalVersion
from models.ids import HouseholdId


@dataclass(frozen=True, slots=True)
class Step:
    """One kind of status change: where it may start, where it leads, who takes it."""

    name: str
    label: str
    sources: frozenset[str]
    target: str
    architect: bool


STEPS = {
    step.name: step
    for step in (
        Step("submit", N_("Submit for review"), frozenset({"draft", "changes_requested"}),
             "submitted", architect=False),
        Step("request_changes", N_("Request changes"), frozenset({"submitted"}),
             "changes_requested", architect=True),
        Step("approve", N_("Approve"), frozenset({"submitted"}), "approved", architect=True),
        Step("reject", N_("Reject"), frozenset({"submitted", "changes_requested"}), "rejected",
             architect=True),
    )
}  # fmt: skip


def _latest_version_id(session: Session, proposal: ProposalId) -> object:
    return session.scalar(
        select(ProposalVersion.id)
        .where(ProposalVersion.proposal_id == proposal)
        .order_by(ProposalVersion.number.desc())
        .limit(1)
    )


def _record(w: Writer, row: Proposal, target: str, note: str) -> None:
    at = now_utc()
    w.insert(
        "proposal_status_change",
        {
            "proposal_id": row.id,
            "version_id": _latest_version_id(w.session, ProposalId(row.id)),
            "from_status": row.status,
            "to_status": target,
            "by_id": w.ws.actor,
            "at": at,
            "note": note.strip(),
        },
    )
    w.update("proposal", row.id, {"status": target, "status_by": w.ws.actor, "status_at": at})


def _family(session: Session, proposal: Proposal) -> list[Proposal]:
    """Every proposal sharing ``proposal``'s root (the variants compared before voting)."""
    root = proposal
    seen = {root.id}
    while root.parent_id is not None and root.parent_id not in seen:
        parent = session.get(Proposal, root.parent_id)
        if parent is None:
            break
        seen.add(parent.id)
        root = parent
    family, frontier = [root], [root.id]
    while frontier:
        children = list(
            session.scalars(
                select(Proposal).where(
                    Proposal.parent_id.in_(frontier), Proposal.deleted.is_(False)
                )
            )
        )
        children = [c for c in children if c.id not in {f.id for f in family}]
        family.extend(children)
        frontier = [c.id for c in children]
    return family


def change_status(
    ws: Workspace, proposal: ProposalId, step_name: str, *, note: str = ""
) -> WriteResult:
    """Take one review step; refused when the role or the current status does not allow it."""
    step = STEPS.get(step_name)
    if step is None:
        raise BadInput(_("unknown review step {step}").format(step=step_name), path=ws.label)
    if step.architect:
        require(ws, Action.APPROVE_DESIGNS)
    with ws.write(_(step.label)) as w:
        row = load_proposal(w.session, ws, proposal)
        if not step.architect:
            household = HouseholdId(row.household_id) if row.household_id else None
            require_author(ws, w.session, household)
        require_open(ws, row)
        if row.status not in step.sources:
            raise BadInput(
                _("“{title}” is {status}: it cannot go to {target} from there").format(
                    title=row.title,
                    status=_(STATUS_LABELS[row.status]),
                    target=_(STATUS_LABELS[step.target]),
                ),
                path=ws.label,
            )
        _record(w, row, step.target, note)
        if step.target == "approved":
            for other in _family(w.session, row):
                if other.id != row.id and other.status not in CLOSED_STATUSES:
                    _record(
                        w,
                        other,
                        "superseded",
                        _("a variant was approved: {title}").format(title=row.title),
                    )
    return w.result()


def submit(ws: Workspace, proposal: ProposalId, *, note: str = "") -> WriteResult:
    """The author household asks the architect to review the newest version."""
    return change_status(ws, proposal, "submit", note=note)


def request_changes(ws: Workspace, proposal: ProposalId, *, note: str = "") -> WriteResult:
    """The architect sends the proposal back to its authors."""
    return change_status(ws, proposal, "request_changes", note=note)


def approve(ws: Workspace, proposal: ProposalId, *, note: str = "") -> WriteResult:
    """The architect approves the newest version; other variants are superseded."""
    return change_status(ws, proposal, "approve", note=note)


def reject(ws: Workspace, proposal: ProposalId, *, note: str = "") -> WriteResult:
    """The architect turns the proposal down."""
    return change_status(ws, proposal, "reject", note=note)


def allowed_steps(ws: Workspace, proposal: ProposalId) -> tuple[str, ...]:
    """The steps the signed-in person may take now, for enabling buttons."""
    from codesign.design.access import is_architect
    from codesign.errors import NotPermitted

    with ws.session() as session:
        row = load_proposal(session, ws, proposal)
        architect = is_architect(ws)
        try:
            household = HouseholdId(row.household_id) if row.household_id else None
            require_author(ws, session, household)
            author = True
        except NotPermitted:
            author = False
        status = row.status
    return tuple(
        name
        for name, step in STEPS.items()
        if status in step.sources and (architect if step.architect else author)
    )
