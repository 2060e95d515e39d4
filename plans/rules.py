"""A cooperative's design rules and the check of a plan against them.

Every check is vectorised over shapely arrays, never a loop over pairs: one
survey of the plan (``measure.Footprint``: an STRtree query of the built
features, box tests before GEOS), a prepared inner boundary for the setback,
and the paths asking the built features' tree for access. Each finding is an
immutable ``Violation`` naming the rule and the feature, with an English
message template (marked ``N_``) and its parameters for the caller to translate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import shapely
from shapely.validation import explain_validity

from plans._spatial import AREA_TOLERANCE_M2
from plans._text import N_, render
from plans.features import Feature, Plan
from plans.measure import Footprint, counts

RULES = (
    "shape",
    "setback",
    "overlap",
    "coverage",
    "min_unit_area",
    "green_share",
    "access",
    "classroom_area",
)
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


def _setback(plan: Plan, rules: RuleSet, survey: Footprint) -> list[Violation]:
    site = plan.site()
    built = np.flatnonzero(survey.built)
    if site is None or rules.setback_m is None or not len(built):
        return []
    inner = site.geometry.buffer(-rules.setback_m, join_style="mitre")
    if inner.is_empty:
        inside = np.zeros(len(built), dtype=bool)
    else:
        shapely.prepare(inner)
        inside = shapely.contains(inner, survey.survey.geoms[built])
    found: list[Violation] = []
    boundary = site.geometry.exterior
    for index in built[~inside].tolist():
        feature = survey.features[index]
        outside = feature.geometry.difference(site.geometry)
        if outside.area > AREA_TOLERANCE_M2:
            whole = outside.area >= feature.geometry.area - AREA_TOLERANCE_M2
            found.append(
                _violation(
                    "setback",
                    feature,
                    N_("{feature} lies outside the site boundary.")
                    if whole
                    else N_("{feature} lies partly outside the site boundary."),
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


_OVERLAP_GROUP = {"unit": 0, "common": 0, "building": 1}


def _overlaps(survey: Footprint) -> list[Violation]:
    """Units and common spaces must not overlap one another, nor buildings (same level)."""
    found: list[Violation] = []
    left, right, shared = survey.built_pairs
    rooms = survey.mask("unit", "common")
    same = rooms[left] == rooms[right]
    for i, j, area in zip(
        left[same].tolist(), right[same].tolist(), shared[same].tolist(), strict=True
    ):
        a, b = survey.features[i], survey.features[j]
        if _OVERLAP_GROUP[a.kind] != _OVERLAP_GROUP[b.kind] or _level(a) != _level(b):
            continue
        found.append(
            _violation(
                "overlap",
                a,
                N_("{feature} overlaps {other} by {area} m²."),
                a.geometry.intersection(b.geometry),
                other=b.name,
                area=round(area, 2),
            )
        )
    return found


def _site_rules(plan: Plan, rules: RuleSet, survey: Footprint) -> list[Violation]:
    site = plan.site()
    if site is None or site.area <= 0:
        return []
    found: list[Violation] = []
    built = survey.built_area() if rules.max_coverage is not None else 0.0
    green = survey.union_area("green") if rules.min_green_share else 0.0
    coverage, green_share = built / site.area, green / site.area
    if rules.max_coverage is not None and coverage > rules.max_coverage + 1e-9:
        found.append(
            _violation(
                "coverage",
                site,
                N_("Built coverage is {coverage} % of the site; at most {limit} % is allowed."),
                site.geometry,
                coverage=round(100 * coverage, 2),
                limit=round(100 * rules.max_coverage, 2),
                built_m2=round(built, 2),
            )
        )
    if rules.min_green_share is not None and green_share < rules.min_green_share - 1e-9:
        found.append(
            _violation(
                "green_share",
                site,
                N_("Green areas are {share} % of the site; at least {limit} % is required."),
                site.geometry,
                share=round(100 * green_share, 2),
                limit=round(100 * rules.min_green_share, 2),
                green_m2=round(green, 2),
            )
        )
    return found


def _unit_areas(
    plan: Plan,
    rules: RuleSet,
    survey: Footprint,
    household_size_by_unit: Mapping[str, int] | None,
) -> list[Violation]:
    if not rules.min_unit_area_m2:
        return []
    people = counts(plan.of_kind("unit"), household_size_by_unit, "people")
    table = sorted(rules.min_unit_area_m2)
    sizes = np.array([size for size, _area in table])
    minima = np.array([area for _size, area in table])
    if None in people:
        known = np.array([table[0][0] if p is None else p for p in people], dtype=np.int64)
    else:
        known = np.asarray(people, dtype=np.int64)
    rows = np.clip(np.searchsorted(sizes, known, side="right") - 1, 0, len(table) - 1)
    areas = survey.areas("unit")
    units = plan.of_kind("unit")
    found: list[Violation] = []
    for i in np.flatnonzero(areas < minima[rows] - 1e-9).tolist():
        unit, count, area, minimum = units[i], people[i], areas[i], minima[rows[i]]
        template = (
            N_("{feature} has {area} m²; a household of {people} needs at least {minimum} m².")
            if count is not None
            else N_("{feature} has {area} m²; every unit needs at least {minimum} m².")
        )
        extra = {} if count is None else {"people": count}
        found.append(
            _violation(
                "min_unit_area",
                unit,
                template,
                unit.geometry,
                area=round(float(area), 2),
                minimum=round(float(minimum), 2),
                **extra,
            )
        )
    return found


def _access(plan: Plan, survey: Footprint) -> list[Violation]:
    units = plan.of_kind("unit")
    if not units:
        return []
    subjects = survey.mask("unit")
    reached = survey.survey.touching(subjects, survey.mask("path", "common"), ACCESS_TOLERANCE_M)
    return [
        _violation(
            "access",
            survey.features[i],
            N_("{feature} touches no path or common area."),
            survey.features[i].geometry,
        )
        for i in np.flatnonzero(subjects & ~reached).tolist()
    ]


def _classrooms(plan: Plan, rules: RuleSet, students: list[int | None]) -> list[Violation]:
    if rules.min_classroom_m2_per_student is None:
        return []
    found: list[Violation] = []
    for room, count in zip(plan.of_kind("room"), students, strict=True):
        if not count:
            continue
        per_student = room.geometry.area / count
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
                    students=count,
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
    survey = Footprint.of(plan)
    found = [
        _violation(
            "shape",
            feature,
            N_("{feature} crosses itself ({problem}); it is left out of the other checks."),
            feature.geometry.envelope,
            problem=explain_validity(feature.geometry),
        )
        for feature in survey.invalid
    ]
    plan = survey.plan
    students = counts(plan.of_kind("room"), students_by_room, "students")
    found += _setback(plan, rules, survey)
    found += _overlaps(survey)
    found += _site_rules(plan, rules, survey)
    found += _unit_areas(plan, rules, survey, household_size_by_unit)
    if rules.units_need_access:
        found += _access(plan, survey)
    found += _classrooms(plan, rules, students)
    order = {rule: i for i, rule in enumerate(RULES)}
    return tuple(sorted(found, key=lambda v: order[v.rule]))
