"""Reading proposals, their versions and their review history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from codesign.design.records import (
    ProposalId,
    ProposalRecord,
    StatusChangeRecord,
    VersionId,
    VersionRecord,
)
from codesign.errors import NotFound
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import Proposal, ProposalStatusChange, ProposalVersion, ReviewComment
from models.ids import HouseholdId, PersonId, parse_uuid
from models.tables import Household, Person


def _proposals_query(
    status: str | None, household: HouseholdId | None, text: str | None
) -> Select[tuple[object, ...]]:
    versions = (
        select(
            ProposalVersion.proposal_id.label("pid"),
            func.count().label("n"),
            func.max(ProposalVersion.number).label("last"),
        )
        .group_by(ProposalVersion.proposal_id)
        .subquery()
    )
    open_comments = (
        select(ReviewComment.proposal_id.label("pid"), func.count().label("n"))
        .where(
            ReviewComment.deleted.is_(False),
            ReviewComment.resolved.is_(False),
            ReviewComment.parent_id.is_(None),
        )
        .group_by(ReviewComment.proposal_id)
        .subquery()
    )
    latest = aliased(ProposalVersion)
    by = aliased(Person)
    query = (
        select(
            # Columns, not the mapped class: a list of hundreds of proposals is read
            # at start-up, and plain rows come back several times faster.
            Proposal.id,
            Proposal.title,
            Proposal.scope,
            Proposal.status,
            Proposal.household_id,
            Household.name,
            Proposal.parent_id,
            Proposal.created_at,
            Proposal.status_at,
            by.name,
            versions.c.n,
            latest.id,
            open_comments.c.n,
        )
        .outerjoin(Household, Household.id == Proposal.household_id)
        .outerjoin(by, by.id == Proposal.status_by)
        .outerjoin(versions, versions.c.pid == Proposal.id)
        .outerjoin(latest, (latest.proposal_id == Proposal.id) & (latest.number == versions.c.last))
        .outerjoin(open_comments, open_comments.c.pid == Proposal.id)
        .where(Proposal.deleted.is_(False))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )
    if status:
        query = query.where(Proposal.status == status)
    if household is not None:
        query = query.where(Proposal.household_id == household)
    for word in (text or "").split():
        pattern = f"%{word}%"
        query = query.where(or_(Proposal.title.ilike(pattern), Household.name.ilike(pattern)))
    return query


def list_proposals(
    ws: Workspace,
    *,
    status: str | None = None,
    household: HouseholdId | None = None,
    text: str | None = None,
) -> tuple[ProposalRecord, ...]:
    """Live proposals, newest first; filtered by status, household and words."""
    with ws.session() as session:
        rows = session.execute(_proposals_query(status, household, text)).all()
    return tuple(_record(row) for row in rows)


def _record(row: Any) -> ProposalRecord:
    pid, title, scope, status, hid, household, parent, created, status_at, by, n, latest, com = row
    return ProposalRecord(
        id=ProposalId(pid),
        title=title,
        scope=scope,
        status=status,
        household_id=HouseholdId(hid) if hid else None,
        household=household or "",
        parent_id=ProposalId(parent) if parent else None,
        created_at=created,
        status_at=status_at,
        status_by=by or "",
        versions=int(n or 0),
        latest_version=VersionId(latest) if latest else None,
        open_comments=int(com or 0),
    )


def get_proposal(ws: Workspace, proposal: ProposalId) -> ProposalRecord:
    """One proposal as lists show it."""
    with ws.session() as session:
        row = session.execute(
            _proposals_query(None, None, None).where(Proposal.id == proposal)
        ).first()
    if row is None:
        raise NotFound(_("no proposal {ref}").format(ref=proposal), path=ws.label)
    return _record(row)


def list_versions(ws: Workspace, proposal: ProposalId) -> tuple[VersionRecord, ...]:
    """Every version of a proposal, oldest first."""
    with ws.session() as session:
        rows = session.execute(
            select(ProposalVersion, Person.name)
            .outerjoin(Person, Person.id == ProposalVersion.author_id)
            .where(ProposalVersion.proposal_id == proposal)
            .order_by(ProposalVersion.number)
        ).all()
    return tuple(
        VersionRecord(
            VersionId(v.id),
            ProposalId(v.proposal_id),
            v.number,
            PersonId(v.author_id) if v.author_id else None,
            name or "",
            v.created_at,
            v.note,
            len(v.features.get("features", ())),
        )
        for v, name in rows
    )


def status_history(ws: Workspace, proposal: ProposalId) -> tuple[StatusChangeRecord, ...]:
    """The review steps of a proposal, oldest first."""
    with ws.session() as session:
        rows = session.execute(
            select(ProposalStatusChange, Person.name, ProposalVersion.number)
            .outerjoin(Person, Person.id == ProposalStatusChange.by_id)
            .outerjoin(ProposalVersion, ProposalVersion.id == ProposalStatusChange.version_id)
            .where(ProposalStatusChange.proposal_id == proposal)
            .order_by(ProposalStatusChange.at, ProposalStatusChange.id)
        ).all()
    return tuple(
        StatusChangeRecord(c.from_status, c.to_status, name or "", c.at, number, c.note)
        for c, name, number in rows
    )


def _find_proposal_id(session: Session, ref: str, label: str) -> ProposalId:
    text = ref.strip()
    as_id = parse_uuid(text)
    live = select(Proposal.id).where(Proposal.deleted.is_(False))
    if as_id is not None:
        found = session.scalar(live.where(Proposal.id == as_id))
        if found is not None:
            return ProposalId(found)
        raise NotFound(_("no proposal {ref}").format(ref=ref), path=label)
    ids = list(session.scalars(live.where(Proposal.title == text).limit(2)))
    compact = text.replace("-", "").lower()
    if not ids and len(compact) >= 6 and all(c in "0123456789abcdef" for c in compact):
        # A unique prefix of the id, as ``plan list`` prints it.
        candidates = session.scalars(live).all()
        ids = [i for i in candidates if i.hex.startswith(compact)][:2]
    if not ids:
        raise NotFound(_("no proposal {ref}").format(ref=ref), path=label)
    if len(ids) > 1:
        raise NotFound(
            _("more than one proposal matches {ref}; use the id").format(ref=ref), path=label
        )
    return ProposalId(ids[0])


def resolve_ref(ws: Workspace, ref: str) -> tuple[ProposalId, VersionId]:
    """``PROPOSAL`` (id, id prefix or exact title) or ``PROPOSAL@N`` for its version N."""
    base, sep, number = ref.rpartition("@") if "@" in ref else (ref, "", "")
    with ws.session() as session:
        proposal = _find_proposal_id(session, base, ws.label)
        query = select(ProposalVersion.id).where(ProposalVersion.proposal_id == proposal)
        if sep:
            if not number.strip().isdigit():
                raise NotFound(_("no version {ref}").format(ref=ref), path=ws.label)
            query = query.where(ProposalVersion.number == int(number))
        version = session.scalar(query.order_by(ProposalVersion.number.desc()).limit(1))
    if version is None:
        raise NotFound(_("no version {ref}").format(ref=ref), path=ws.label)
    return proposal, VersionId(version)


def version_number(ws: Workspace, version: VersionId) -> int:
    """The number of a version within its proposal."""
    with ws.session() as session:
        number = session.scalar(select(ProposalVersion.number).where(ProposalVersion.id == version))
    if number is None:
        raise NotFound(_("no proposal version {ref}").format(ref=version), path=ws.label)
    return int(number)
