"""The co-design side of the demo: the site plan, unit proposals with versions, reviews, comments.

The site plan has 2,000 units for the ten-year cooperative of 600
households (scaled by households for smaller demos); the first units carry
the households' unit labels, so rule checks find each household's size.
About one proposal per two households every ten years, five versions
each on average, reviewed by the cooperative's architect.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import replace
from typing import Any

from shapely.geometry import box
from sqlalchemy import select

from codesign.design.site import site_values
from codesign.journal.writer import Writer
from models.ids import uuid7
from models.tables import Household, Person, RoleAssignment
from plans.features import Feature, Plan, plan_to_dict
from plans.rules import RuleSet
from plans.sample import sample_site

ARCHITECT_NOTES = (
    "El dormitorio principal queda muy pequeño; revisen las medidas.",
    "Falta ventilación en el baño: conviene una ventana al patio.",
    "La cocina debería abrirse hacia el huerto comunal.",
    "El área total no alcanza el mínimo para el tamaño de la familia.",
    "¿Pueden mover la escalera para dejar libre la sala?",
    "Dejen un paso de 90 cm entre los dormitorios.",
)
MEMBER_REPLIES = (
    "Lo corregimos en la próxima versión.",
    "¿Podemos conversarlo en la minga del sábado?",
    "Ya movimos la pared, gracias.",
)
ROOMS = ("Sala", "Cocina", "Dormitorio 1", "Dormitorio 2", "Baño", "Dormitorio 3")


def _units_for(households: int) -> int:
    return max(40, round(2000 * households / 600))


def _stamp(day: dt.datetime) -> int:
    return int(day.replace(tzinfo=dt.UTC).timestamp() * 1000) << 16


def _site_plan(
    households: list[tuple[uuid.UUID, str]], sizes: dict[uuid.UUID, int], seed: int
) -> Plan:
    """The sample site, its largest units labelled for the largest households."""
    plan = sample_site(_units_for(len(households)), seed)
    by_size = sorted(households, key=lambda h: (-sizes.get(h[0], 0), h[1]))
    units = sorted(plan.of_kind("unit"), key=lambda f: -f.area)
    labels = {unit.id: label for unit, (_id, label) in zip(units, by_size, strict=False)}
    return plan.replaced(
        replace(f, label=labels[f.id]) if f.id in labels else f for f in plan.features
    )


def _unit_design(unit: Feature, rng: random.Random, step: int) -> Plan:
    """A unit split into rooms along its width; each version moves the walls a little."""
    min_x, min_y, max_x, max_y = unit.geometry.bounds
    count = rng.randint(3, 5)
    cuts = [(i + rng.uniform(0.7, 1.3)) / count for i in range(count - 1)]
    edges = [min_x, *(min_x + c * (max_x - min_x) for c in cuts), max_x]
    grow = 0.3 * step if rng.random() < 0.5 else 0.0
    unit_geometry = box(min_x, min_y, max_x, max_y + grow)
    rooms = tuple(
        Feature(
            "room",
            ROOMS[index],
            box(round(edges[index], 2), min_y, round(edges[index + 1], 2), max_y + grow),
            id=f"{unit.id}-room-{index + 1}",
        )
        for index in range(count)
    )
    front = Feature("path", "Vereda", box(min_x, min_y - 1.5, max_x, min_y), id=f"{unit.id}-front")
    return Plan((replace(unit, geometry=unit_geometry), *rooms, front))


class DesignRows:
    """The demo's design rows, ready for bulk insert."""

    def __init__(self) -> None:
        self.proposals: list[dict[str, Any]] = []
        self.versions: list[dict[str, Any]] = []
        self.comments: list[dict[str, Any]] = []
        self.steps: list[dict[str, Any]] = []

    def step(  # noqa: PLR0917 - the demo's own helper
        self,
        proposal: dict[str, Any],
        to: str,
        by: uuid.UUID | None,
        at: dt.datetime,
        version: uuid.UUID,
        note: str = "",
    ) -> None:
        self.steps.append(
            {
                "id": uuid7(),
                "proposal_id": proposal["id"],
                "version_id": version,
                "from_status": proposal["status"],
                "to_status": to,
                "by_id": by,
                "at": at,
                "note": note,
            }
        )
        proposal.update(status=to, status_by=by, status_at=at)

    def version(
        self,
        proposal: dict[str, Any],
        plan: Plan,
        author: uuid.UUID | None,
        at: dt.datetime,
        note: str = "",
    ) -> uuid.UUID:
        version_id = uuid7()
        number = sum(1 for v in self.versions if v["proposal_id"] == proposal["id"]) + 1
        self.versions.append(
            {
                "id": version_id,
                "proposal_id": proposal["id"],
                "number": number,
                "features": plan_to_dict(plan),
                "author_id": author,
                "created_hlc": _stamp(at),
                "created_at": at,
                "note": note,
            }
        )
        return version_id


def _review(  # noqa: PLR0917 - the demo's own helper
    rows: DesignRows,
    proposal: dict[str, Any],
    unit: Feature,
    rng: random.Random,
    member: uuid.UUID,
    architect: uuid.UUID,
    start: dt.datetime,
    end: dt.datetime,
) -> None:
    """Versions, submissions, change requests with comments, and the architect's answer."""
    span = max(1.0, (end - start).total_seconds())
    rounds = rng.choices((0, 1, 2, 3, 4, 5, 6), (4, 8, 14, 22, 24, 16, 12))[0]
    outcome = rng.choices(
        ("approved", "rejected", "submitted", "changes_requested", "draft"), (62, 6, 12, 10, 10)
    )[0]
    moments = sorted(
        start + dt.timedelta(seconds=rng.uniform(0, span)) for _i in range(3 * rounds + 4)
    )
    at = iter(moments)
    version = rows.version(proposal, _unit_design(unit, rng, 0), member, next(at))
    if outcome == "draft" and rounds == 0:
        return
    for step in range(1, rounds + 1):
        rows.step(proposal, "submitted", member, next(at), version)
        when = next(at)
        rows.step(
            proposal, "changes_requested", architect, when, version, rng.choice(ARCHITECT_NOTES)
        )
        point = unit.geometry.representative_point()
        settled = outcome == "approved" or step < rounds
        x, y = round(point.x + rng.uniform(-2, 2), 2), round(point.y + rng.uniform(-2, 2), 2)
        comment = _comment(
            proposal, version, None, x, y, rng.choice(ARCHITECT_NOTES), architect, when
        )
        if settled:
            comment.update(
                resolved=True, resolved_by=architect, resolved_at=when + dt.timedelta(days=7)
            )
        rows.comments.append(comment)
        if rng.random() < 0.5:
            later = when + dt.timedelta(hours=5)
            reply = _comment(
                proposal, version, comment["id"], x, y, rng.choice(MEMBER_REPLIES), member, later
            )
            rows.comments.append(reply)
        if step == rounds and outcome == "changes_requested":
            return
        version = rows.version(proposal, _unit_design(unit, rng, step), member, next(at))
    if outcome in ("draft", "changes_requested"):
        return
    rows.step(proposal, "submitted", member, next(at), version)
    if outcome in ("approved", "rejected"):
        rows.step(proposal, outcome, architect, next(at), version)


def build_design(
    w: Writer, rng: random.Random, *, years: int, today: dt.date, seed: int = 1
) -> dict[str, Any]:
    """Insert the site, its plan and the proposals; return what was made."""
    session = w.session
    households = [
        (h, unit)
        for h, unit in session.execute(
            select(Household.id, Household.unit).order_by(Household.unit)
        )
    ]
    members: dict[uuid.UUID, uuid.UUID] = {}
    sizes: dict[uuid.UUID, int] = {}
    for person, household in session.execute(select(Person.id, Person.household_id)):
        members.setdefault(household, person)
        sizes[household] = sizes.get(household, 0) + 1
    architects = list(
        session.scalars(
            select(RoleAssignment.person_id).where(
                RoleAssignment.role == "architect", RoleAssignment.end_on.is_(None)
            )
        )
    )
    architect = architects[0] if architects else None
    founded = dt.datetime.combine(today - dt.timedelta(days=365 * years), dt.time(9))
    now = dt.datetime.combine(today, dt.time(9))
    plan = _site_plan(households, sizes, seed)
    site_id = w.insert("site", site_values("Terreno Nueva Esperanza", plan, RuleSet()))
    rows = DesignRows()
    site = _proposal(site_id, "Plan de sitio", "site", None, None, founded)
    rows.proposals.append(site)
    first = rows.version(site, plan, architect, founded + dt.timedelta(days=20), "Plan general")
    rows.step(site, "submitted", architect, founded + dt.timedelta(days=25), first)
    rows.step(site, "approved", architect, founded + dt.timedelta(days=40), first)
    units = {f.label: f for f in plan.of_kind("unit")}
    wanted = max(6, round(len(households) * years / 20))
    chosen = rng.sample(households, min(len(households), wanted))
    for household, unit_label in chosen:
        unit = units.get(unit_label)
        member = members.get(household)
        if unit is None or member is None or architect is None:
            continue
        start = founded + dt.timedelta(days=rng.uniform(30, max(31, (now - founded).days - 20)))
        proposal = _proposal(site_id, f"Vivienda {unit_label}", "unit", household, None, start)
        rows.proposals.append(proposal)
        _review(
            rows,
            proposal,
            unit,
            rng,
            member,
            architect,
            start,
            min(now, start + dt.timedelta(days=120)),
        )
        if rng.random() < 0.15 and proposal["status"] not in ("approved", "rejected"):
            variant = _proposal(
                site_id,
                f"Vivienda {unit_label} (variante)",
                "unit",
                household,
                proposal["id"],
                start + dt.timedelta(days=3),
            )
            rows.proposals.append(variant)
            _review(
                rows,
                variant,
                unit,
                rng,
                member,
                architect,
                start,
                min(now, start + dt.timedelta(days=120)),
            )
            if variant["status"] == "approved":
                last = [v["id"] for v in rows.versions if v["proposal_id"] == proposal["id"]][-1]
                rows.step(proposal, "superseded", architect, variant["status_at"], last)
    w.insert_many("proposal", rows.proposals)
    w.insert_many("proposal_version", rows.versions)
    w.insert_many("proposal_status_change", rows.steps)
    w.insert_many("review_comment", sorted(rows.comments, key=lambda c: c["parent_id"] is not None))
    return {
        "proposals": len(rows.proposals),
        "proposal_versions": len(rows.versions),
        "review_comments": len(rows.comments),
        "site_units": len(units),
    }


def _comment(  # noqa: PLR0917 - the demo's own helper
    proposal: dict[str, Any],
    version: uuid.UUID,
    parent: uuid.UUID | None,
    x: float,
    y: float,
    text: str,
    author: uuid.UUID,
    at: dt.datetime,
) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "proposal_id": proposal["id"],
        "version_id": version,
        "parent_id": parent,
        "x": x,
        "y": y,
        "text": text,
        "author_id": author,
        "created_at": at,
        "resolved": False,
        "resolved_by": None,
        "resolved_at": None,
        "deleted": False,
    }


def _proposal(  # noqa: PLR0917 - the demo's own helper
    site: uuid.UUID,
    title: str,
    scope: str,
    household: uuid.UUID | None,
    parent: uuid.UUID | None,
    at: dt.datetime,
) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "site_id": site,
        "title": title,
        "scope": scope,
        "household_id": household,
        "parent_id": parent,
        "status": "draft",
        "status_by": None,
        "status_at": at,
        "created_at": at,
        "deleted": False,
    }
