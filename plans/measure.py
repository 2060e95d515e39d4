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

import numpy as np
import numpy.typing as npt
import shapely

from plans._spatial import Bools, Floats, Ints, Pairs, Survey, as_array, frame_angle
from plans.features import KINDS, Feature, Plan

BUILT_KINDS = ("building", "unit", "common")
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


@dataclass(frozen=True, slots=True)
class Footprint:
    """Every feature of a plan surveyed once, shared by ``measure`` and ``check``.

    Shapes that cross themselves cannot be measured: they are set aside in
    ``invalid`` and ``plan`` holds the others. Only shapes that are not
    frame-aligned rectangles are tested (a rectangle cannot cross itself).
    """

    plan: Plan
    survey: Survey
    kinds: npt.NDArray[np.int8]  # index in KINDS
    built: Bools
    built_pairs: Pairs  # overlapping (i, j, m²) among the built features
    invalid: tuple[Feature, ...] = ()

    @property
    def features(self) -> tuple[Feature, ...]:
        """The surveyed (valid) features, in plan order."""
        return self.plan.features

    @classmethod
    def of(cls, plan: Plan) -> Footprint:
        """Survey ``plan`` in its own frame (turned to the site's longest edge)."""
        found = cls._of(plan)
        suspect = np.flatnonzero(~found.survey.boxy)
        if not len(suspect):
            return found
        bad = suspect[~shapely.is_valid(found.survey.geoms[suspect])]
        if not len(bad):
            return found
        drop = set(bad.tolist())
        kept = plan.replaced(f for i, f in enumerate(plan.features) if i not in drop)
        invalid = tuple(plan.features[i] for i in sorted(drop))
        clean = cls._of(kept)
        return cls(kept, clean.survey, clean.kinds, clean.built, clean.built_pairs, invalid)

    @classmethod
    def _of(cls, plan: Plan) -> Footprint:
        site = plan.site()
        angle = frame_angle(None if site is None else site.geometry)
        features = plan.features
        geoms = as_array((f.geometry for f in features), len(features))
        kinds = np.fromiter((KIND_CODES[f.kind] for f in features), np.int8, len(features))
        built = np.isin(kinds, (KIND_CODES["unit"], KIND_CODES["building"], KIND_CODES["common"]))
        for row in np.flatnonzero(built & (kinds != KIND_CODES["unit"])).tolist():
            built[row] = is_built(features[row])
        survey = Survey.of(geoms, angle, built)
        return cls(plan, survey, kinds, built, survey.overlaps(built))

    def mask(self, *kinds: str) -> Bools:
        """Which features are of ``kinds``."""
        found: Bools = np.equal(self.kinds, KIND_CODES[kinds[0]])
        for kind in kinds[1:]:
            found |= self.kinds == KIND_CODES[kind]
        return found

    def rows(self, kind: str) -> Ints:
        """Where the features of ``kind`` sit, in plan order."""
        return np.flatnonzero(self.kinds == KIND_CODES[kind])

    def areas(self, kind: str) -> Floats:
        """Areas of the features of ``kind``, in plan order, m²."""
        return self.survey.areas[self.rows(kind)]

    def built_area(self) -> float:
        """Area of the union of the built features, m²."""
        return self.survey.union_area(self.built, self.built_pairs)

    def union_area(self, kind: str) -> float:
        """Area of the union of the features of ``kind``, m²."""
        mask = self.mask(kind)
        if kind == "unit":  # units are always built, so paired in the survey
            return self.survey.union_area(mask)
        rows = np.flatnonzero(mask)  # maybe not paired: a small survey of their own
        if not len(rows):
            return 0.0
        own = Survey.of(self.survey.geoms[rows], self.survey.angle, np.ones(len(rows), bool))
        return own.union_area(own.paired)


def is_built(feature: Feature) -> bool:
    """True for units, and for buildings and common spaces unless marked ``built: false``."""
    if feature.kind == "unit":
        return True
    return feature.kind in BUILT_KINDS and feature.attr("built", True) is not False


def _count(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def counts(
    features: tuple[Feature, ...], by_key: Mapping[str, int] | None, attribute: str
) -> list[int | None]:
    """Per feature: the caller's count (by id, then label), else its ``attribute``, else None."""
    if not by_key:
        raw: list[Any] = []
        add = raw.append
        for f in features:  # inlined Feature.attr: this runs once per unit on every check
            for key, value in f.attributes:
                if key == attribute:
                    add(value)
                    break
            else:
                add(None)
        if set(map(type, raw)) <= {int}:
            return raw
        return [_count(v) for v in raw]
    out: list[int | None] = []
    for f in features:
        if f.id and f.id in by_key:
            out.append(int(by_key[f.id]))
        elif f.label and f.label in by_key:
            out.append(int(by_key[f.label]))
        else:
            out.append(_count(f.attr(attribute)))
    return out


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


def measure(
    plan: Plan,
    *,
    people_by_unit: Mapping[str, int] | None = None,
    students_by_room: Mapping[str, int] | None = None,
) -> Measurements:
    """The indicators of ``plan``; counts by unit or room id or label override the
    ``people`` and ``students`` attributes."""
    survey = Footprint.of(plan)
    plan = survey.plan  # without shapes that cross themselves
    return measure_surveyed(
        plan,
        survey,
        people=counts(plan.of_kind("unit"), people_by_unit, "people"),
        students=counts(plan.of_kind("room"), students_by_room, "students"),
    )


def measure_surveyed(
    plan: Plan,
    survey: Footprint,
    *,
    people: list[int | None],
    students: list[int | None],
) -> Measurements:
    """``measure`` on a survey the caller already made (``check`` shares its own)."""
    site_feature = plan.site()
    site = None if site_feature is None else site_feature.geometry
    site_area = 0.0 if site is None else float(site.area)
    built = survey.built_area()
    green = survey.union_area("green")
    units = plan.of_kind("unit")
    areas = survey.areas("unit")
    unit_total = float(areas.sum())
    known = np.array([p is not None for p in people], dtype=bool)
    counted = np.array([p or 0 for p in people], dtype=np.int64)
    people_total = int(counted.sum())
    rooms = plan.of_kind("room")
    classrooms = tuple(
        (f.name, area, n)
        for f, area, n in zip(rooms, survey.areas("room").tolist(), students, strict=True)
        if n
    )
    student_total = sum(n for _label, _area, n in classrooms)
    return Measurements(
        site_area_m2=site_area,
        site_perimeter_m=0.0 if site is None else float(site.length),
        built_area_m2=built,
        built_coverage=built / site_area if site_area > 0 else None,
        green_area_m2=green,
        green_share=green / site_area if site_area > 0 else None,
        path_area_m2=survey.union_area("path"),
        common_area_m2=float(survey.areas("common").sum()),
        unit_count=len(units),
        unit_area_m2=unit_total,
        area_per_unit_m2=unit_total / len(units) if units else None,
        people=people_total,
        area_per_person_m2=(float(areas[known].sum()) / people_total if people_total else None),
        units=tuple(zip([f.name for f in units], areas.tolist(), strict=True)),
        classrooms=classrooms,
        students=student_total,
        classroom_m2_per_student=(
            sum(a for _l, a, _s in classrooms) / student_total if student_total else None
        ),
    )
