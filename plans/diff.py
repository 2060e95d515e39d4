"""What changed between two plans: features added, removed or changed, and indicators.

Features are matched by id first, then by kind and label, so a variant drawn
in another program (new ids) still lines up with its original.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shapely

from plans.features import Feature, Plan
from plans.measure import measure

GEOMETRY_TOLERANCE_M = 1e-6


@dataclass(frozen=True, slots=True)
class FeatureChange:
    """One feature in both plans that differs: which parts (``geometry``, ``label``,
    ``kind``, ``attributes``) and its area before and after."""

    before: Feature
    after: Feature
    what: tuple[str, ...]

    @property
    def area_change_m2(self) -> float:
        """After minus before, m²."""
        return self.after.area - self.before.area


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    """One indicator of ``measure`` before and after (None where undefined)."""

    name: str
    before: float | int | None
    after: float | int | None

    @property
    def delta(self) -> float | None:
        """After minus before, or None when either is undefined."""
        if self.before is None or self.after is None:
            return None
        return round(float(self.after) - float(self.before), 4)


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """The features added, removed and changed from ``a`` to ``b``, and every indicator."""

    added: tuple[Feature, ...]
    removed: tuple[Feature, ...]
    changed: tuple[FeatureChange, ...]
    indicators: tuple[IndicatorChange, ...]

    @property
    def same(self) -> bool:
        """True when no feature differs."""
        return not (self.added or self.removed or self.changed)

    def changed_keys(self) -> tuple[str, ...]:
        """Ids (or labels) of everything added or changed in ``b``, for highlighting."""
        keys = [f.id or f.label for f in self.added]
        keys += [c.after.id or c.after.label for c in self.changed]
        return tuple(k for k in keys if k)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON for ``minga plan diff --json``."""

        def brief(f: Feature) -> dict[str, Any]:
            return {"id": f.id, "kind": f.kind, "label": f.label, "area_m2": round(f.area, 2)}

        return {
            "added": [brief(f) for f in self.added],
            "removed": [brief(f) for f in self.removed],
            "changed": [
                {
                    **brief(c.after),
                    "changes": list(c.what),
                    "area_before_m2": round(c.before.area, 2),
                    "area_change_m2": round(c.area_change_m2, 2),
                }
                for c in self.changed
            ],
            "indicators": [
                {"name": i.name, "before": i.before, "after": i.after, "delta": i.delta}
                for i in self.indicators
            ],
        }


def _differences(a: Feature, b: Feature) -> tuple[str, ...]:
    what = []
    if a.kind != b.kind:
        what.append("kind")
    if a.label != b.label:
        what.append("label")
    same_shape = shapely.equals_exact(
        shapely.normalize(a.geometry), shapely.normalize(b.geometry), GEOMETRY_TOLERANCE_M
    )
    if not same_shape:
        what.append("geometry")
    if dict(a.attributes) != dict(b.attributes):
        what.append("attributes")
    return tuple(what)


def _match(a: Plan, b: Plan) -> tuple[list[tuple[Feature, Feature]], list[Feature], list[Feature]]:
    by_id: dict[str, Feature] = {f.id: f for f in b.features if f.id}
    pairs: list[tuple[Feature, Feature]] = []
    taken: set[int] = set()
    left: list[Feature] = []
    for feature in a.features:
        other = by_id.get(feature.id) if feature.id else None
        if other is not None and id(other) not in taken:
            pairs.append((feature, other))
            taken.add(id(other))
        else:
            left.append(feature)
    by_label: dict[tuple[str, str], list[Feature]] = {}
    for feature in b.features:
        if id(feature) not in taken and feature.label:
            by_label.setdefault((feature.kind, feature.label), []).append(feature)
    removed: list[Feature] = []
    for feature in left:
        candidates = by_label.get((feature.kind, feature.label)) if feature.label else None
        if candidates:
            other = candidates.pop(0)
            pairs.append((feature, other))
            taken.add(id(other))
        else:
            removed.append(feature)
    added = [f for f in b.features if id(f) not in taken]
    return pairs, removed, added


def diff(
    a: Plan,
    b: Plan,
    *,
    people_by_unit: Mapping[str, int] | None = None,
    students_by_room: Mapping[str, int] | None = None,
) -> PlanDiff:
    """The differences from plan ``a`` to plan ``b``."""
    pairs, removed, added = _match(a, b)
    changed = tuple(
        FeatureChange(before, after, what)
        for before, after in pairs
        if (what := _differences(before, after))
    )
    counts = {"people_by_unit": people_by_unit, "students_by_room": students_by_room}
    before = measure(a, **counts).indicators()
    after = measure(b, **counts).indicators()
    indicators = tuple(IndicatorChange(name, before[name], after[name]) for name in before)
    return PlanDiff(tuple(added), tuple(removed), changed, indicators)
