"""GeoJSON plans: local metres (marked ``"minga:crs": "local-metres"``) or RFC 7946 WGS84.

WGS84 longitude/latitude is projected to local metres with a transverse
Mercator centred on an origin (the ``origin=(lon, lat)`` argument, else the
file's ``"minga:origin"`` member that ``write_geojson`` adds, else the centre of
the drawing), so areas keep to well under 0.01 m² on a site.
pyproj is imported only for WGS84 files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Polygon, shape
from shapely.geometry.polygon import orient

from plans._text import N_
from plans._validate import polygon_parts
from plans.errors import PlanFileError, PlanWarning
from plans.features import (
    CRS_MEMBER,
    KINDS,
    LOCAL_CRS,
    ORIGIN_MEMBER,
    Feature,
    Plan,
    _frozen,
    feature_to_dict,
    plan_to_dict,
)

WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:ogc:1.3:crs84",
        "urn:ogc:def:crs:ogc::crs84",
        "urn:ogc:def:crs:epsg::4326",
        "urn:ogc:def:crs:epsg:4326",
        "epsg:4326",
        "crs84",
        "wgs84",
    }
)
LOCAL_NAMES = frozenset({LOCAL_CRS, "local", "local-meters"})
Transform = Callable[[Any, Any], tuple[Any, Any]]


def _projection(origin: tuple[float, float]) -> str:
    lon, lat = origin
    return f"+proj=tmerc +lat_0={lat!r} +lon_0={lon!r} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"


def _transformer(origin: tuple[float, float], *, to_local: bool) -> Transform:
    from pyproj import Transformer

    local = _projection(origin)
    source, target = ("EPSG:4326", local) if to_local else (local, "EPSG:4326")
    transform: Transform = Transformer.from_crs(source, target, always_xy=True).transform
    return transform


def _crs_of(data: Mapping[str, Any], path: Path) -> str:
    """``"local"`` or ``"wgs84"``, from the minga member or a legacy ``crs`` member."""
    marker = data.get(CRS_MEMBER)
    if marker is not None:
        if str(marker).lower() in LOCAL_NAMES:
            return "local"
        if str(marker).lower() in WGS84_NAMES:
            return "wgs84"
        raise PlanFileError(
            path, N_("Unknown coordinate system {crs}."), entity=CRS_MEMBER, crs=str(marker)
        )
    legacy = data.get("crs")
    if legacy is None:
        return "wgs84"  # RFC 7946
    name = ""
    if isinstance(legacy, Mapping):
        props = legacy.get("properties")
        name = str(props.get("name", "")) if isinstance(props, Mapping) else ""
    if name.lower() in WGS84_NAMES:
        return "wgs84"
    if name.lower() in LOCAL_NAMES:
        return "local"
    raise PlanFileError(
        path,
        N_(
            "Unknown coordinate system {crs}: use WGS84 longitude/latitude (RFC 7946) "
            "or mark local metres with minga:crs."
        ),
        entity="crs",
        crs=name or json.dumps(legacy)[:80],
    )


def _load(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanFileError(
            path, N_("The file cannot be read ({error})."), error=str(error)
        ) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PlanFileError(path, N_("This is not a GeoJSON file (not UTF-8 text).")) from None
    except json.JSONDecodeError as error:
        raise PlanFileError(
            path,
            N_("This is not a GeoJSON file (invalid JSON at line {line}, column {column})."),
            line=error.lineno,
            column=error.colno,
        ) from None


def _items(data: Any, path: Path) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping) and data.get("type") == "FeatureCollection":
        items = data.get("features")
        if isinstance(items, list) and all(isinstance(i, Mapping) for i in items):
            return items
    elif isinstance(data, Mapping) and data.get("type") == "Feature":
        return [data]
    raise PlanFileError(path, N_("This is not a GeoJSON FeatureCollection."))


def _entity(item: Mapping[str, Any], number: int) -> str:
    properties = item.get("properties")
    label = properties.get("label") if isinstance(properties, Mapping) else None
    ident = item.get("id")
    parts = [f"#{number}"]
    if ident not in (None, ""):
        parts.append(f"id {ident}")
    if label:
        parts.append(str(label))
    return " ".join(parts)


def read_geojson(
    path: str | Path,
    *,
    origin: tuple[float, float] | None = None,
    repair: bool = False,
) -> tuple[Plan, tuple[PlanWarning, ...]]:
    """The plan in ``path`` in local metres, and what was skipped or repaired.

    Raises PlanFileError for anything that is not a polygon plan we can place:
    unknown coordinate systems, missing or unknown kinds, invalid geometry
    (unless ``repair``), coordinates that are not longitude/latitude in a WGS84 file.
    """
    path = Path(path)
    data = _load(path)
    items = _items(data, path)
    crs = _crs_of(data if isinstance(data, Mapping) else {}, path)
    warnings: list[PlanWarning] = []
    shapes: list[tuple[Mapping[str, Any], str, Any]] = []
    for number, item in enumerate(items, start=1):
        entity = _entity(item, number)
        geometry = item.get("geometry")
        if not isinstance(geometry, Mapping) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            kind_name = geometry.get("type") if isinstance(geometry, Mapping) else None
            warnings.append(
                PlanWarning(
                    entity,
                    N_("Skipped a {geometry} feature: plans hold polygons only."),
                    (("geometry", str(kind_name or "empty")),),
                )
            )
            continue
        try:
            parsed = shape(geometry)
        except (ValueError, TypeError, IndexError, AttributeError) as error:
            raise PlanFileError(
                path, N_("Invalid geometry ({error})."), entity=entity, error=str(error)
            ) from None
        shapes.append((item, entity, parsed))
    if not shapes:
        raise PlanFileError(path, N_("The file holds no polygons."))
    transform: Transform | None = None
    used_origin = None
    if crs == "wgs84":
        lonlat = shapely.GeometryCollection([g for _i, _e, g in shapes])
        minx, miny, maxx, maxy = lonlat.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise PlanFileError(
                path,
                N_(
                    "Coordinates are not longitude/latitude; if they are local metres, "
                    "mark the file with minga:crs."
                ),
                entity=CRS_MEMBER,
            )
        stored = data.get(ORIGIN_MEMBER) if isinstance(data, Mapping) else None
        if origin is not None:
            used_origin = origin
        elif isinstance(stored, list) and len(stored) == 2:
            used_origin = (float(stored[0]), float(stored[1]))
        else:
            used_origin = (float(lonlat.centroid.x), float(lonlat.centroid.y))
        transform = _transformer(used_origin, to_local=True)
    elif isinstance(data, Mapping) and data.get(ORIGIN_MEMBER):
        raw = data[ORIGIN_MEMBER]
        used_origin = (float(raw[0]), float(raw[1]))
    features: list[Feature] = []
    for item, entity, parsed in shapes:
        features.extend(
            _features(
                item,
                entity=entity,
                parsed=parsed,
                transform=transform,
                path=path,
                repair=repair,
                warnings=warnings,
            )
        )
    return Plan(tuple(features), origin=used_origin), tuple(warnings)


def _features(
    item: Mapping[str, Any],
    *,
    entity: str,
    parsed: Any,
    transform: Transform | None,
    path: Path,
    repair: bool,
    warnings: list[PlanWarning],
) -> list[Feature]:
    properties = dict(item.get("properties") or {})
    kind = properties.pop("kind", None)
    if kind is None:
        raise PlanFileError(
            path,
            N_("The feature has no kind property (one of {kinds})."),
            entity=entity,
            kinds=", ".join(KINDS),
        )
    if kind not in KINDS:
        raise PlanFileError(
            path,
            N_("Unknown kind {kind} (use one of {kinds})."),
            entity=entity,
            kind=str(kind),
            kinds=", ".join(KINDS),
        )
    label = properties.pop("label", "")
    geometry = (
        parsed if transform is None else shapely.transform(parsed, transform, interleaved=False)
    )
    parts, repaired = polygon_parts(geometry, path=path, entity=entity, repair=repair)
    warnings.extend(repaired)
    ident = "" if item.get("id") is None else str(item.get("id"))
    attributes = tuple((str(k), _frozen(v)) for k, v in properties.items())
    many = len(parts) > 1
    return [
        Feature(
            str(kind),
            "" if label is None else str(label),
            part,
            attributes,
            id=f"{ident}.{n}" if many and ident else ident,
        )
        for n, part in enumerate(parts, start=1)
    ]


def plan_to_geojson(
    plan: Plan, *, wgs84: bool = False, origin: tuple[float, float] | None = None
) -> dict[str, Any]:
    """The plan as a GeoJSON dict: local metres, or WGS84 around ``origin`` (or the plan's)."""
    if not wgs84:
        return plan_to_dict(plan)
    where = origin or plan.origin
    if where is None:
        raise ValueError("writing WGS84 needs an origin (lon, lat)")
    transform = _transformer(where, to_local=False)
    out: dict[str, Any] = {
        "type": "FeatureCollection",
        ORIGIN_MEMBER: [where[0], where[1]],
        "features": [],
    }
    for feature in plan.features:
        item = feature_to_dict(feature)
        lonlat = orient(shapely.transform(feature.geometry, transform, interleaved=False), sign=1.0)
        item["geometry"] = feature_to_dict(Feature(feature.kind, feature.label, _polygon(lonlat)))[
            "geometry"
        ]
        out["features"].append(item)
    return out


def _polygon(geometry: Any) -> Polygon:
    if not isinstance(geometry, Polygon):  # a projection keeps a polygon a polygon
        raise TypeError(geometry.geom_type)
    return geometry


def write_geojson(
    plan: Plan,
    path: str | Path,
    *,
    wgs84: bool = False,
    origin: tuple[float, float] | None = None,
) -> None:
    """Write ``plan`` as GeoJSON (UTF-8); WGS84 needs an origin, given or the plan's own."""
    path = Path(path)
    if wgs84 and origin is None and plan.origin is None:
        raise PlanFileError(
            path, N_("Writing longitude/latitude needs the site's origin (longitude, latitude).")
        )
    data = plan_to_geojson(plan, wgs84=wgs84, origin=origin)
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
