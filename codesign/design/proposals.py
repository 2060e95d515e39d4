"""Creating proposals and saving their versions: every save is a new, immutable version."""

from __future__ import annotations

from sqlalchemy import func, select

from codesign.design.access import (
    acting_household,
    load_proposal,
    require_author,
    require_open,
    require_signed_in,
)
from codesign.design.records import CreatedProposal, ProposalId, VersionId, now_utc
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.people.service import find_household_id
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import SCOPES, ProposalVersion, Site
from models.ids import HouseholdId
from plans.features import Plan, plan_to_dict


def _household(w: Writer, ref: str | None) -> HouseholdId | None:
    """The household named by ``ref``, or the signed-in person's."""
    if ref:
        found = find_household_id(w.session, ref, label=w.ws.label)
        if found is None:
            raise NotFound(_("no household {ref}").format(ref=ref), path=w.ws.label)
        return found
    return acting_household(w.session, w.ws)


def _site_id(w: Writer) -> object:
    return w.session.scalar(
        select(Site.id).where(Site.deleted.is_(False)).order_by(Site.id).limit(1)
    )


def _insert_version(
    w: Writer, proposal_id: object, number: int, plan: Plan, note: str
) -> VersionId:
    return VersionId(
        w.insert(
            "proposal_version",
            {
                "proposal_id": proposal_id,
                "number": number,
                "features": plan_to_dict(plan),
                "author_id": w.ws.actor,
                "created_hlc": w.ws.clock.tick(),
                "created_at": now_utc(),
                "note": note.strip(),
            },
        )
    )


def create_proposal(
    ws: Workspace,
    *,
    title: str,
    scope: str = "unit",
    household: str | None = None,
    plan: Plan | None = None,
    note: str = "",
    parent: ProposalId | None = None,
) -> tuple[WriteResult, CreatedProposal]:
    """A new draft with its first version (an empty drawing when ``plan`` is None)."""
    require_signed_in(ws)
    title = title.strip()
    if not title:
        raise BadInput(_("a proposal needs a title"), path=ws.label)
    if scope not in SCOPES:
        raise BadInput(
            _("unknown scope {scope}; use site, unit or classroom").format(scope=scope),
            path=ws.label,
        )
    drawing = plan if plan is not None else Plan(())
    with ws.write(_("New proposal")) as w:
        household_id = _household(w, household)
        require_author(ws, w.session, household_id)
        if parent is not None:
            load_proposal(w.session, ws, parent)
        proposal_id = ProposalId(
            w.insert(
                "proposal",
                {
                    "site_id": _site_id(w),
                    "title": title,
                    "scope": scope,
                    "household_id": household_id,
                    "parent_id": parent,
                    "status": "draft",
                    "status_by": ws.actor,
                    "status_at": now_utc(),
                    "created_at": now_utc(),
                },
            )
        )
        version = _insert_version(w, proposal_id, 1, drawing, note)
    return w.result(), CreatedProposal(proposal_id, version, len(drawing.features))


def create_variant(
    ws: Workspace,
    of: ProposalId,
    *,
    title: str | None = None,
    household: str | None = None,
    plan: Plan | None = None,
) -> tuple[WriteResult, CreatedProposal]:
    """A new proposal starting from the newest drawing of ``of`` (or from ``plan``)."""
    with ws.session() as session:
        original = load_proposal(session, ws, of)
        base_title, scope = original.title, original.scope
        if plan is None:
            plan = version_plan(ws, latest_version(ws, of))
    return create_proposal(
        ws,
        title=title or _("{title} (variant)").format(title=base_title),
        scope=scope,
        household=household,
        plan=plan,
        parent=of,
    )


def save_version(
    ws: Workspace, proposal: ProposalId, plan: Plan, *, note: str = ""
) -> tuple[WriteResult, VersionId]:
    """Save ``plan`` as the next version; earlier versions stay as they were."""
    require_signed_in(ws)
    with ws.write(_("Save proposal version")) as w:
        row = load_proposal(w.session, ws, proposal)
        require_author(ws, w.session, HouseholdId(row.household_id) if row.household_id else None)
        require_open(ws, row)
        if row.status == "submitted":
            raise BadInput(
                _(
                    "“{title}” is waiting for review; it can change once the architect answers"
                ).format(title=row.title),
                path=ws.label,
            )
        number = (
            w.session.scalar(
                select(func.max(ProposalVersion.number)).where(
                    ProposalVersion.proposal_id == proposal
                )
            )
            or 0
        ) + 1
        version = _insert_version(w, proposal, number, plan, note)
    return w.result(), version


def latest_version(ws: Workspace, proposal: ProposalId) -> VersionId:
    """The newest version of a proposal."""
    with ws.session() as session:
        found = session.scalar(
            select(ProposalVersion.id)
            .where(ProposalVersion.proposal_id == proposal)
            .order_by(ProposalVersion.number.desc())
            .limit(1)
        )
    if found is None:
        raise NotFound(_("proposal {ref} has no versions").format(ref=proposal), path=ws.label)
    return VersionId(found)


def version_plan(ws: Workspace, version: VersionId) -> Plan:
    """The drawing saved in a version."""
    from plans.features import plan_from_dict

    with ws.session() as session:
        data = session.scalar(select(ProposalVersion.features).where(ProposalVersion.id == version))
    if data is None:
        raise NotFound(_("no proposal version {ref}").format(ref=version), path=ws.label)
    return plan_from_dict(data)


def can_edit(ws: Workspace, proposal: ProposalId) -> bool:
    """Whether the signed-in person may save a new version of ``proposal`` now."""
    from codesign.errors import MingaError

    with ws.session() as session:
        try:
            row = load_proposal(session, ws, proposal)
            require_signed_in(ws)
            require_author(ws, session, HouseholdId(row.household_id) if row.household_id else None)
            require_open(ws, row)
        except MingaError:
            return False
        return row.status != "submitted"
