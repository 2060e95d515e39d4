"""Checking a version against the cooperative's rules, and comparing two versions.

Household sizes come from the people tables: a unit labelled like a
household's ``unit`` field houses that household; in a unit proposal the
units that match no household house the author household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codesign.design.proposals import latest_version, version_plan
from codesign.design.records import ProposalId, VersionId
from codesign.errors import NotFound
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import Proposal, ProposalVersion, Site
from models.tables import Household, Person
from plans.features import Plan
from plans.measure import Measurements, measure
from plans.rules import RuleSet, Violation, check


@dataclass(frozen=True, slots=True)
class CheckReport:
    """A version's rule results and measurements."""

    version: VersionId
    plan: Plan
    rules: RuleSet
    violations: tuple[Violation, ...]
    measurements: Measurements

    @property
    def ok(self) -> bool:
        """True when every rule passes."""
        return not self.violations


def violation_text(violation: Violation, locale: str | None = None) -> str:
    """The violation's message in the user's language; numbers in ``locale``'s way when given."""
    params = dict(violation.params)
    if locale:
        from i18n.formatting import format_decimal

        for key, value in params.items():
            if isinstance(value, float):
                params[key] = format_decimal(round(value, 2), locale)
    return _(violation.template).format(**params)


def violation_dict(violation: Violation) -> dict[str, Any]:
    """A violation as the command line's JSON prints it."""
    return {
        "rule": violation.rule,
        "feature": violation.feature,
        "feature_id": violation.feature_id,
        "message": violation_text(violation),
        "params": dict(violation.params),
        "where": [round(violation.where[0], 2), round(violation.where[1], 2)],
    }


def site_rules(session: Session, site_id: object = None) -> RuleSet:
    """The rule set of the site (the cooperative's only site by default); defaults if none."""
    query = select(Site.rules).where(Site.deleted.is_(False))
    query = query.where(Site.id == site_id) if site_id else query.order_by(Site.id)
    data = session.scalar(query.limit(1))
    return RuleSet.from_dict(data) if data else RuleSet()


def household_sizes(session: Session, author: object = None) -> tuple[dict[str, int], int | None]:
    """Live members per household unit label, and the author household's size."""
    rows = session.execute(
        select(Household.id, Household.unit, func.count(Person.id))
        .join(Person, Person.household_id == Household.id)
        .where(Household.deleted.is_(False), Person.deleted.is_(False))
        .group_by(Household.id, Household.unit)
    ).all()
    by_unit: dict[str, int] = {}
    author_size = None
    for household_id, unit, size in rows:
        if unit:
            by_unit[unit] = by_unit.get(unit, 0) + int(size)
        if household_id == author:
            author_size = int(size)
    return by_unit, author_size


def sizes_for_plan(
    plan: Plan, by_unit: Mapping[str, int], author_size: int | None
) -> dict[str, int]:
    """People per unit feature (by label), the author household filling unmatched units."""
    sizes: dict[str, int] = {}
    for unit in plan.of_kind("unit"):
        if unit.label in by_unit:
            sizes[unit.label] = by_unit[unit.label]
        elif unit.id and unit.id in by_unit:
            sizes[unit.id] = by_unit[unit.id]
        elif author_size is not None and unit.attr("people") is None:
            sizes[unit.id or unit.label] = author_size
    return sizes


def check_version(ws: Workspace, version: VersionId) -> CheckReport:
    """Check one version against its site's rules, with household sizes from the people tables."""
    with ws.session() as session:
        found = session.execute(
            select(Proposal.site_id, Proposal.household_id, Proposal.scope)
            .join(ProposalVersion, ProposalVersion.proposal_id == Proposal.id)
            .where(ProposalVersion.id == version)
        ).first()
        if found is None:
            raise NotFound(_("no proposal version {ref}").format(ref=version), path=ws.label)
        site_id, household_id, scope = found
        rules = site_rules(session, site_id)
        by_unit, author_size = household_sizes(session, household_id)
    plan = version_plan(ws, version)
    sizes = sizes_for_plan(plan, by_unit, author_size if scope != "site" else None)
    violations = check(plan, rules, household_size_by_unit=sizes)
    return CheckReport(version, plan, rules, violations, measure(plan, people_by_unit=sizes))


def check_proposal(ws: Workspace, proposal: ProposalId) -> CheckReport:
    """Check the newest version of a proposal."""
    return check_version(ws, latest_version(ws, proposal))
