"""Plan indicators: areas, coverage, green share, area per unit and per person.

Built footprint is the union of buildings, units and common spaces (rooms lie
inside them); a common space or building with the attribute ``built`` set to
false (an open plaza) is left out. Shares are fractions of the site area and
None when the plan has no site; per-person and per-student figures are None
when nobody is counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from plans.features import Feature, Plan

BUILT_KINDS = ("building", "unit", "common")


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _union_area(features: tuple[Feature, ...]) -> float:
    if not features:
        return 0.0
    return float(shapely.union_all([f.geometry for f in features]).area)


def is_built(feature: Feature) -> bool:
    """True for buildings, units and common spaces unless marked ``built: false``."""
    return feature.kind in BUILT_KINDS and feature.attr("built", True) is not False


def people_of(feature: Feature, people_by_unit: Mapping[str, int] | None) -> int | None:
    """People living in a unit: the caller's count (by id, then label), else its ``people``."""
    if people_by_unit:
        for key in (feature.id, feature.label):
            if key and key in people_by_unit:
                return int(people_by_unit[key])
    value = feature.attr("people")
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def students_of(feature: Feature, students_by_room: Mapping[str, int] | None) -> int | None:
    """Students using a room: the caller's count (by id, then label), else its ``students``."""
    if students_by_room:
        for key in (feature.id, feature.label):
            if key and key in students_by_room:
                return int(students_by_room[key])
    value = feature.attr("students")
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class Measurements:
    """What ``measure`` found; areas in m², lengths in m, shares as fractions."""

    site_area_m2: float
    site_perimeter_m: float
    built_area_m2: float
    built_coverage: float | None
    green_area_m2: float
    green_share: float | None
    path_area_m2: float
    common_area_m2: float
    unit_count: int
    unit_area_m2: float
    area_per_unit_m2: float | None
    people: int
    area_per_person_m2: float | None
    units: tuple[tuple[str, float], ...]
    classrooms: tuple[tuple[str, float, int], ...]
    students: int
    classroom_m2_per_student: float | None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON: ``units`` as ``[{"label", "area_m2"}]`` and ``areas`` (m² to 0.01,
        shares to 0.0001)."""
        return {
            "units": [{"label": label, "area_m2": _round(area)} for label, area in self.units],
            "areas": {
                "site_m2": _round(self.site_area_m2),
                "site_perimeter_m": _round(self.site_perimeter_m),
                "built_m2": _round(self.built_area_m2),
                "built_coverage": _round(self.built_coverage, 4),
                "green_m2": _round(self.green_area_m2),
                "green_share": _round(self.green_share, 4),
                "path_m2": _round(self.path_area_m2),
                "common_m2": _round(self.common_area_m2),
                "unit_count": self.unit_count,
                "units_m2": _round(self.unit_area_m2),
                "area_per_unit_m2": _round(self.area_per_unit_m2),
                "people": self.people,
                "area_per_person_m2": _round(self.area_per_person_m2),
                "students": self.students,
                "classroom_m2_per_student": _round(self.classroom_m2_per_student),
            },
            "classrooms": [
                {"label": label, "area_m2": _round(area), "students": students}
                for label, area, students in self.classrooms
            ],
        }

    def indicators(self) -> dict[str, float | int | None]:
        """The numeric indicators by name (what ``diff`` compares)."""
        areas: dict[str, float | int | None] = self.as_dict()["areas"]
        return areas


def _site_geometry(plan: Plan) -> BaseGeometry | None:
    site = plan.site()
    return None if site is None else site.geometry


def measure(
    plan: Plan,
    *,
    people_by_unit: Mapping[str, int] | None = None,
    students_by_room: Mapping[str, int] | None = None,
) -> Measurements:
    """The indicators of ``plan``; counts by unit or room id or label override attributes."""
    site = _site_geometry(plan)
    site_area = 0.0 if site is None else float(site.area)
    built = _union_area(tuple(f for f in plan.features if is_built(f)))
    green = _union_area(plan.of_kind("green"))
    units = plan.of_kind("unit")
    unit_areas = tuple((f.name, float(f.geometry.area)) for f in units)
    unit_total = sum(area for _label, area in unit_areas)
    counted = [
        (people, area)
        for f, (_label, area) in zip(units, unit_areas, strict=True)
        if (people := people_of(f, people_by_unit)) is not None
    ]
    people = sum(p for p, _a in counted)
    classrooms = tuple(
        (f.name, float(f.geometry.area), students)
        for f in plan.of_kind("room")
        if (students := students_of(f, students_by_room))
    )
    students = sum(s for _label, _area, s in classrooms)
    return Measurements(
        site_area_m2=site_area,
        site_perimeter_m=0.0 if site is None else float(site.length),
        built_area_m2=built,
        built_coverage=built / site_area if site_area > 0 else None,
        green_area_m2=green,
        green_share=green / site_area if site_area > 0 else None,
        path_area_m2=_union_area(plan.of_kind("path")),
        common_area_m2=sum(f.area for f in plan.of_kind("common")),
        unit_count=len(units),
        unit_area_m2=unit_total,
        area_per_unit_m2=unit_total / len(units) if units else None,
        people=people,
        area_per_person_m2=sum(a for _p, a in counted) / people if people else None,
        units=unit_areas,
        classrooms=classrooms,
        students=students,
        classroom_m2_per_student=(
            sum(a for _l, a, _s in classrooms) / students if students else None
        ),
    )
