"""What a plan sheet prints about one version: the drawing, who and when, areas and rule results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from codesign.cooperative import cooperative_info
from codesign.design.checking import check_version, violation_text
from codesign.design.comments import comments_for_version
from codesign.design.records import STATUS_LABELS, VersionId
from codesign.errors import NotFound
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import Proposal, ProposalVersion
from models.tables import Household, Person
from plans.features import Plan
from plans.measure import Measurements


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule as the sheet prints it: the message and where to mark it."""

    text: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Pin:
    """An open review comment, marked on the drawing."""

    text: str
    author: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class SheetData:
    """Everything one plan sheet shows."""

    cooperative: str
    locale: str
    title: str
    status: str
    household: str
    version: int
    author: str
    saved_on: dt.date
    printed_on: dt.date
    plan: Plan
    measurements: Measurements
    findings: tuple[Finding, ...]
    pins: tuple[Pin, ...]


def sheet_data(ws: Workspace, version: VersionId, *, locale: str | None = None) -> SheetData:
    """Read the version, check it and collect its open comments."""
    info = cooperative_info(ws)
    with ws.session() as session:
        row = session.execute(
            select(ProposalVersion, Proposal, Person.name, Household.name)
            .join(Proposal, Proposal.id == ProposalVersion.proposal_id)
            .outerjoin(Person, Person.id == ProposalVersion.author_id)
            .outerjoin(Household, Household.id == Proposal.household_id)
            .where(ProposalVersion.id == version)
        ).first()
    if row is None:
        raise NotFound(_("no proposal version {ref}").format(ref=version), path=ws.label)
    saved, proposal, author, household = row
    report = check_version(ws, version)
    pins = tuple(
        Pin(c.text, c.author, c.x, c.y)
        for c in comments_for_version(ws, version)
        if c.parent_id is None and not c.resolved
    )
    return SheetData(
        cooperative=info.name,
        locale=locale or info.locale,
        title=proposal.title,
        status=_(STATUS_LABELS.get(proposal.status, proposal.status)),
        household=household or "",
        version=saved.number,
        author=author or "",
        saved_on=saved.created_at.date(),
        printed_on=dt.date.today(),
        plan=report.plan,
        measurements=report.measurements,
        findings=tuple(
            Finding(violation_text(v, locale or info.locale), v.where[0], v.where[1])
            for v in report.violations
        ),
        pins=pins,
    )
