"""Read or write a plan file by its extension: .dxf, .geojson/.json, .svg (write only)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from plans._text import N_
from plans.errors import PlanFileError, PlanWarning
from plans.features import Plan

READABLE = (".dxf", ".geojson", ".json")
WRITABLE = (".dxf", ".geojson", ".json", ".svg")


def read_plan(
    path: str | Path,
    *,
    layer_map: Mapping[str, str] | None = None,
    repair: bool = False,
    origin: tuple[float, float] | None = None,
) -> tuple[Plan, tuple[PlanWarning, ...]]:
    """The plan in a DXF or GeoJSON file (``layer_map`` is for DXF, ``origin`` for GeoJSON)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".dxf":
        from plans.dxf import read_dxf

        return read_dxf(path, layer_map=layer_map, repair=repair)
    if suffix in (".geojson", ".json"):
        from plans.geojson import read_geojson

        return read_geojson(path, origin=origin, repair=repair)
    raise PlanFileError(
        path, N_("Plans are read from .dxf or .geojson files, not {suffix}."), suffix=suffix
    )


def write_plan(
    plan: Plan,
    path: str | Path,
    *,
    wgs84: bool = False,
    origin: tuple[float, float] | None = None,
    highlight: tuple[str, ...] = (),
) -> None:
    """Write ``plan`` as DXF, GeoJSON (``wgs84``/``origin`` as in write_geojson) or SVG."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".dxf":
        from plans.dxf import write_dxf

        write_dxf(plan, path)
    elif suffix in (".geojson", ".json"):
        from plans.geojson import write_geojson

        write_geojson(plan, path, wgs84=wgs84, origin=origin)
    elif suffix == ".svg":
        from plans.svg import plan_to_svg

        path.write_text(plan_to_svg(plan, highlight=highlight), encoding="utf-8")
    else:
        raise PlanFileError(
            path,
            N_("Plans are written as .dxf, .geojson or .svg files, not {suffix}."),
            suffix=suffix,
        )
