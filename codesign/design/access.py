"""Who may do what with a proposal.

Every member proposes designs for their own household; the architect
(``Action.APPROVE_DESIGNS``) may draw for any household, asks for changes,
approves and rejects. Closed proposals (approved, rejected, superseded) and
saved versions are never edited.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from codesign.auth import Action, in_setup_mode, may, require
from codesign.design.records import STATUS_LABELS
from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import CLOSED_STATUSES, Proposal
from models.ids import HouseholdId
from models.tables import Household, Person


def acting_household(session: Session, ws: Workspace) -> HouseholdId | None:
    """The household of the signed-in person, if any."""
    if ws.actor is None:
        return None
    found = session.scalar(select(Person.household_id).where(Person.id == ws.actor))
    return HouseholdId(found) if found else None


def is_architect(ws: Workspace) -> bool:
    """Whether the signed-in person (or set-up mode) may review designs."""
    return may(ws, Action.APPROVE_DESIGNS)


def require_signed_in(ws: Workspace) -> None:
    """Designs are signed by their author: refuse when nobody is signed in (outside set-up)."""
    if ws.actor is None and not in_setup_mode(ws):
        raise NotPermitted(
            _("sign in to propose or comment on designs"),
            path=ws.label,
        )


def require_author(ws: Workspace, session: Session, household: HouseholdId | None) -> None:
    """Only members of ``household`` (or the architect) may draw or submit for it."""
    require_signed_in(ws)
    if in_setup_mode(ws) or is_architect(ws):
        return
    if household is not None and acting_household(session, ws) == household:
        return
    if household is None:
        require(ws, Action.APPROVE_DESIGNS)
    name = session.scalar(select(Household.name).where(Household.id == household)) or ""
    raise NotPermitted(
        _(
            "only members of {household} or the architect may do this; sign in as one of them"
        ).format(household=name),
        path=ws.label,
    )


def load_proposal(session: Session, ws: Workspace, proposal_id: object) -> Proposal:
    """The live proposal, or NotFound."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.deleted:
        raise NotFound(_("no proposal {ref}").format(ref=proposal_id), path=ws.label)
    return proposal


def require_open(ws: Workspace, proposal: Proposal) -> None:
    """Refuse any change to a proposal whose review is closed."""
    if proposal.status in CLOSED_STATUSES:
        raise BadInput(
            _("the proposal “{title}” is {status} and can no longer change").format(
                title=proposal.title, status=_(STATUS_LABELS[proposal.status])
            ),
            path=ws.label,
        )
