"""Polygons from a reader: checked valid, or repaired with ``make_valid`` when asked."""

from __future__ import annotations

from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from plans._text import N_
from plans.errors import PlanFileError, PlanWarning

MIN_AREA_M2 = 1e-6  # slivers left by a repair are dropped


def polygon_parts(
    geometry: BaseGeometry, *, path: str | Path, entity: str, repair: bool
) -> tuple[list[Polygon], list[PlanWarning]]:
    """The polygons of ``geometry``; a self-intersecting one is refused, or repaired."""
    if geometry.is_empty:
        raise PlanFileError(path, N_("The shape has no area."), entity=entity)
    if geometry.is_valid:
        parts = _polygons(geometry)
        if sum(p.area for p in parts) <= MIN_AREA_M2:
            raise PlanFileError(path, N_("The shape has no area."), entity=entity)
        return parts, []
    problem = explain_validity(geometry)
    if not repair:
        raise PlanFileError(
            path,
            N_(
                "The shape crosses itself ({problem}); draw it again, "
                "or import with repair to split it into valid parts."
            ),
            entity=entity,
            problem=problem,
        )
    parts = [p for p in _polygons(shapely.make_valid(geometry)) if p.area > MIN_AREA_M2]
    if not parts:
        raise PlanFileError(path, N_("The shape has no area."), entity=entity)
    warning = PlanWarning(
        entity,
        N_("Repaired a shape that crossed itself ({problem}) into {parts} valid part(s)."),
        (("problem", problem), ("parts", len(parts))),
    )
    return parts, [warning]


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    parts: list[Polygon] = []
    for piece in getattr(geometry, "geoms", ()):
        parts.extend(_polygons(piece))
    return parts
