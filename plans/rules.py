"""A cooperative's design rules and the check of a plan against them.

Every check is vectorised over shapely arrays: one STRtree per family of
features and prepared geometries, never a loop over pairs. Each finding is
an immutable ``Violation`` naming the rule and the feature, with an English
message template (marked ``N_``) and its parameters for the caller to translate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import shapely
from shapely import STRtree

from plans._text import N_, render
from plans.features import Feature, Plan
from plans.measure import is_built, measure, people_of, students_of

RULES = (
    "setback",
    "overlap",
    "coverage",
    "min_unit_area",
    "green_share",
    "access",
    "classroom_area",
)
OVERLAP_TOLERANCE_M2 = 0.01  # shared walls drawn twice overlap by rounding noise only
ACCESS_TOLERANCE_M = 0.05  # a unit "touches" a path within 5 cm (drawing slack)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules of one cooperative; None (or an empty table) switches a rule off."""

    setback_m: float | None = 3.0
    max_coverage: float | None = 0.6
    min_unit_area_m2: tuple[tuple[int, float], ...] = (
        (1, 30.0),
        (2, 40.0),
        (3, 50.0),
        (4, 60.0),
        (5, 70.0),
        (6, 80.0),
    )
    min_green_share: float | None = 0.15
    units_need_access: bool = True
    min_classroom_m2_per_student: float | None = 1.5

    def min_area_for(self, people: int | None) -> float | None:
        """The minimum unit area for a household of ``people`` (unknown: the smallest)."""
        table = sorted(self.min_unit_area_m2)
        if not table:
            return None
        if people is None:
            return table[0][1]
        fitting = [area for size, area in table if size <= people]
        return fitting[-1] if fitting else table[0][1]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (the table as ``[[people, m2], ...]``)."""
        out = asdict(self)
        out["min_unit_area_m2"] = [[p, a] for p, a in self.min_unit_area_m2]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Rules from ``to_dict`` output; missing keys keep the defaults (ValueError if wrong)."""
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown rules: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for key in ("setback_m", "max_coverage", "min_green_share", "min_classroom_m2_per_student"):
            if key in data:
                value = data[key]
                values[key] = None if value is None else float(value)
                if value is not None and values[key] < 0:
                    raise ValueError(f"{key} must not be negative")
        if "units_need_access" in data:
            values["units_need_access"] = bool(data["units_need_access"])
        if "min_unit_area_m2" in data:
            values["min_unit_area_m2"] = tuple(
                (int(people), float(area)) for people, area in data["min_unit_area_m2"]
            )
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: which, on which feature, why (template + params) and where."""

    rule: str
    feature: str
    template: str
    params: tuple[tuple[str, Any], ...]
    where: tuple[float, float]
    feature_id: str = ""

    def message(self, translate: Callable[[str], str] | None = None) -> str:
        """The message in the language ``translate`` gives (English by default)."""
        if translate is None:
            return render(self.template, self.params)
        return render(self.template, self.params, translate)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON: rule, feature, message (English), params and where."""
        return {
            "rule": self.rule,
            "feature": self.feature,
            "feature_id": self.feature_id,
            "message": self.message(),
            "params": dict(self.params),
            "where": [round(self.where[0], 2), round(self.where[1], 2)],
        }


def _point(geometry: Any) -> tuple[float, float]:
    p = shapely.point_on_surface(geometry)
    return (round(float(p.x), 3), round(float(p.y), 3))


def _violation(rule: str, feature: Feature, template: str, where: Any, **params: Any) -> Violation:
    return Violation(
        rule=rule,
        feature=feature.name,
        template=template,
        params=(("feature", feature.name), *params.items()),
        where=_point(where),
        feature_id=feature.id,
    )


def _setback(plan: Plan, rules: RuleSet) -> list[Violation]:
    site = plan.site()
    if site is None or rules.setback_m is None:
        return []
    built = [f for f in plan.features if is_built(f)]
    if not built:
        return []
    geoms = np.array([f.geometry for f in built], dtype=object)
    inner = site.geometry.buffer(-rules.setback_m, join_style="mitre")
    shapely.prepare(inner)
    inside = shapely.contains(inner, geoms) if not inner.is_empty else np.zeros(len(built), bool)
    found: list[Violation] = []
    boundary = site.geometry.exterior
    for index in np.flatnonzero(~inside):
        feature = built[int(index)]
        outside = feature.geometry.difference(site.geometry)
        if outside.area > OVERLAP_TOLERANCE_M2:
            found.append(
                _violation(
                    "setback",
                    feature,
                    N_("{feature} lies partly outside the site boundary."),
                    outside,
                )
            )
            continue
        distance = float(boundary.distance(feature.geometry))
        near = feature.geometry.difference(inner) if not inner.is_empty else feature.geometry
        found.append(
            _violation(
                "setback",
                feature,
                N_("{feature} is {distance} m from the site boundary; the setback is {setback} m."),
                near if not near.is_empty else feature.geometry,
                distance=round(distance, 2),
                setback=round(rules.setback_m, 2),
            )
        )
    return found


def _level(feature: Feature) -> Any:
    return feature.attr("level", 0)


def _overlaps(plan: Plan) -> list[Violation]:
    """Units and common spaces must not overlap one another, nor buildings (same level)."""
    found: list[Violation] = []
    for group in (
        [f for f in plan.features if f.kind in ("unit", "common")],
        list(plan.of_kind("building")),
    ):
        if len(group) < 2:
            continue
        geoms = np.array([f.geometry for f in group], dtype=object)
        tree = STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        if not len(left):
            continue
        shared = shapely.intersection(geoms[left], geoms[right])
        areas = shapely.area(shared)
        for i, j, area, piece in zip(left, right, areas, shared, strict=True):
            a, b = group[int(i)], group[int(j)]
            if area <= OVERLAP_TOLERANCE_M2 or _level(a) != _level(b):
                continue
            found.append(
                _violation(
                    "overlap",
                    a,
                    N_("{feature} overlaps {other} by {area} m²."),
                    piece,
                    other=b.name,
                    area=round(float(area), 2),
                )
            )
    return found


def _site_rules(plan: Plan, rules: RuleSet) -> list[Violation]:
    site = plan.site()
    if site is None:
        return []
    m = measure(plan)
    found: list[Violation] = []
    if (
        rules.max_coverage is not None
        and m.built_coverage is not None
        and m.built_coverage > rules.max_coverage + 1e-9
    ):
        found.append(
            _violation(
                "coverage",
                site,
                N_("Built coverage is {coverage} % of the site; at most {limit} % is allowed."),
                site.geometry,
                coverage=round(100 * m.built_coverage, 2),
                limit=round(100 * rules.max_coverage, 2),
                built_m2=round(m.built_area_m2, 2),
            )
        )
    if (
        rules.min_green_share is not None
        and m.green_share is not None
        and m.green_share < rules.min_green_share - 1e-9
    ):
        found.append(
            _violation(
                "green_share",
                site,
                N_("Green areas are {share} % of the site; at least {limit} % is required."),
                site.geometry,
                share=round(100 * m.green_share, 2),
                limit=round(100 * rules.min_green_share, 2),
                green_m2=round(m.green_area_m2, 2),
            )
        )
    return found


def _unit_areas(
    plan: Plan, rules: RuleSet, household_size_by_unit: Mapping[str, int] | None
) -> list[Violation]:
    if not rules.min_unit_area_m2:
        return []
    found: list[Violation] = []
    for unit in plan.of_kind("unit"):
        people = people_of(unit, household_size_by_unit)
        minimum = rules.min_area_for(people)
        area = unit.geometry.area
        if minimum is not None and area < minimum - 1e-9:
            template = (
                N_("{feature} has {area} m²; a household of {people} needs at least {minimum} m².")
                if people is not None
                else N_("{feature} has {area} m²; every unit needs at least {minimum} m².")
            )
            extra = {} if people is None else {"people": people}
            found.append(
                _violation(
                    "min_unit_area",
                    unit,
                    template,
                    unit.geometry,
                    area=round(area, 2),
                    minimum=round(minimum, 2),
                    **extra,
                )
            )
    return found


def _access(plan: Plan) -> list[Violation]:
    units = plan.of_kind("unit")
    ways = [f.geometry for f in plan.features if f.kind in ("path", "common")]
    if not units:
        return []
    reached = np.zeros(len(units), dtype=bool)
    if ways:
        tree = STRtree(np.array(ways, dtype=object))
        geoms = np.array([f.geometry for f in units], dtype=object)
        hits, _ways = tree.query(geoms, predicate="dwithin", distance=ACCESS_TOLERANCE_M)
        reached[hits] = True
    return [
        _violation(
            "access",
            units[int(i)],
            N_("{feature} touches no path or common area."),
            units[int(i)].geometry,
        )
        for i in np.flatnonzero(~reached)
    ]


def _classrooms(
    plan: Plan, rules: RuleSet, students_by_room: Mapping[str, int] | None
) -> list[Violation]:
    if rules.min_classroom_m2_per_student is None:
        return []
    found: list[Violation] = []
    for room in plan.of_kind("room"):
        students = students_of(room, students_by_room)
        if not students:
            continue
        per_student = room.geometry.area / students
        if per_student < rules.min_classroom_m2_per_student - 1e-9:
            found.append(
                _violation(
                    "classroom_area",
                    room,
                    N_(
                        "{feature} gives {per_student} m² to each of {students} students; "
                        "at least {minimum} m² is required."
                    ),
                    room.geometry,
                    per_student=round(per_student, 2),
                    students=students,
                    minimum=round(rules.min_classroom_m2_per_student, 2),
                )
            )
    return found


def check(
    plan: Plan,
    rules: RuleSet,
    *,
    household_size_by_unit: Mapping[str, int] | None = None,
    students_by_room: Mapping[str, int] | None = None,
) -> tuple[Violation, ...]:
    """Every broken rule, in rule order then plan order; an empty tuple when all pass."""
    found = _setback(plan, rules)
    found += _overlaps(plan)
    found += _site_rules(plan, rules)
    found += _unit_areas(plan, rules, household_size_by_unit)
    if rules.units_need_access:
        found += _access(plan)
    found += _classrooms(plan, rules, students_by_room)
    order = {rule: i for i, rule in enumerate(RULES)}
    return tuple(sorted(found, key=lambda v: order[v.rule]))
