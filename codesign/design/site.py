"""The cooperative's site: boundary, setbacks and the rule set; only the architect sets them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.design.records import SiteId
from codesign.errors import BadInput
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import Site
from plans.features import Plan, plan_from_dict, plan_to_dict
from plans.rules import RuleSet


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """The site as the Design section shows it."""

    id: SiteId
    name: str
    boundary: Plan
    setbacks: dict[str, Any]
    rules: RuleSet


def get_site(ws: Workspace) -> SiteRecord | None:
    """The cooperative's site, or None before one is set."""
    with ws.session() as session:
        row = session.scalar(select(Site).where(Site.deleted.is_(False)).order_by(Site.id).limit(1))
    if row is None:
        return None
    return SiteRecord(
        SiteId(row.id),
        row.name,
        plan_from_dict(row.boundary) if row.boundary else Plan(()),
        dict(row.setbacks),
        RuleSet.from_dict(row.rules) if row.rules else RuleSet(),
    )


def site_values(name: str, boundary: Plan, rules: RuleSet) -> dict[str, Any]:
    """The row of a site (the demo writes it in bulk too)."""
    site = boundary.site()
    return {
        "name": name.strip(),
        "boundary": plan_to_dict(Plan((site,)) if site is not None else Plan(())),
        "setbacks": {"default": rules.setback_m},
        "rules": rules.to_dict(),
    }


def set_site(
    ws: Workspace, *, name: str, boundary: Plan, rules: RuleSet | None = None
) -> tuple[WriteResult, SiteId]:
    """Create or change the site; ``boundary`` is a plan holding its site feature."""
    require(ws, Action.APPROVE_DESIGNS)
    if not name.strip():
        raise BadInput(_("the site needs a name"), path=ws.label)
    if boundary.site() is None:
        raise BadInput(_("the site plan has no site boundary"), path=ws.label)
    values = site_values(name, boundary, rules or RuleSet())
    with ws.write(_("Set the site")) as w:
        existing = w.session.scalar(
            select(Site.id).where(Site.deleted.is_(False)).order_by(Site.id).limit(1)
        )
        if existing is None:
            site_id = SiteId(w.insert("site", values))
        else:
            site_id = SiteId(existing)
            w.update("site", existing, values)
    return w.result(), site_id


def set_rules(ws: Workspace, rules: RuleSet) -> WriteResult:
    """Change the rule set proposals are checked against."""
    require(ws, Action.APPROVE_DESIGNS)
    with ws.write(_("Change the design rules")) as w:
        existing = w.session.scalar(
            select(Site.id).where(Site.deleted.is_(False)).order_by(Site.id).limit(1)
        )
        values = {"rules": rules.to_dict(), "setbacks": {"default": rules.setback_m}}
        if existing is None:  # rules before any site plan: a site without a boundary yet
            w.insert("site", {"name": _("Site"), "boundary": {}, **values})
        else:
            w.update("site", existing, values)
    return w.result()
