"""Plan features: immutable shapely polygons with a kind, a label and attributes.

Coordinates are local metres (x east, y north). A ``Plan`` is an immutable
tuple of features; ``plan_to_dict``/``plan_from_dict`` give a GeoJSON-like dict
(local metres, marked ``"minga:crs": "local-metres"``) to store a version as JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon, mapping, shape

KINDS = ("site", "plot", "building", "unit", "room", "common", "path", "green")
LOCAL_CRS = "local-metres"
CRS_MEMBER = "minga:crs"
ORIGIN_MEMBER = "minga:origin"
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Feature:
    """One polygon of a plan; ``id`` is stable across versions when the source gives one."""

    kind: str
    label: str
    geometry: Polygon
    attributes: tuple[tuple[str, Any], ...] = ()
    id: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown feature kind {self.kind!r}")
        if not isinstance(self.geometry, Polygon):
            raise TypeError(
                f"feature {self.label!r} needs a Polygon, not {self.geometry.geom_type}"
            )
        if self.geometry.is_empty:
            raise ValueError(f"feature {self.label!r} has an empty polygon")

    def attr(self, name: str, default: Any = None) -> Any:
        """The attribute ``name``, or ``default`` when the feature has none."""
        for key, value in self.attributes:
            if key == name:
                return value
        return default

    @property
    def name(self) -> str:
        """What to call the feature in a message: its label, else its id, else its kind."""
        return self.label or self.id or self.kind

    @property
    def area(self) -> float:
        """Area in m²."""
        return float(self.geometry.area)

    def with_attributes(self, **values: Any) -> Feature:
        """A copy with ``values`` set (added or replaced), order kept."""
        kept = tuple((k, v) for k, v in self.attributes if k not in values)
        return replace(self, attributes=kept + tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Plan:
    """An immutable set of features in local metres; ``origin`` is (lon, lat) of (0, 0) if known."""

    features: tuple[Feature, ...] = ()
    origin: tuple[float, float] | None = None
    _by_kind: dict[str, tuple[Feature, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        groups: dict[str, list[Feature]] = {kind: [] for kind in KINDS}
        for feature in self.features:
            groups[feature.kind].append(feature)
        self._by_kind.update({kind: tuple(items) for kind, items in groups.items()})

    def __len__(self) -> int:
        return len(self.features)

    def __iter__(self) -> Iterator[Feature]:
        return iter(self.features)

    def of_kind(self, kind: str) -> tuple[Feature, ...]:
        """The features of ``kind``, in plan order."""
        if kind not in KINDS:
            raise ValueError(f"unknown feature kind {kind!r}")
        return self._by_kind[kind]

    def site(self) -> Feature | None:
        """The site boundary (the largest when a drawing has several), or None."""
        sites = self._by_kind["site"]
        return max(sites, key=lambda f: f.geometry.area) if sites else None

    def find(self, key: str) -> Feature | None:
        """The feature whose id, else label, is ``key``."""
        for feature in self.features:
            if feature.id == key:
                return feature
        for feature in self.features:
            if feature.label == key:
                return feature
        return None

    @property
    def bounds(self) -> Bounds:
        """(min x, min y, max x, max y) of every feature; all zeros for an empty plan."""
        if not self.features:
            return (0.0, 0.0, 0.0, 0.0)
        boxes = [f.geometry.bounds for f in self.features]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def replaced(self, features: Iterable[Feature]) -> Plan:
        """A plan with ``features`` instead of these, same origin."""
        return Plan(tuple(features), origin=self.origin)


def _clean(value: Any) -> Any:
    """JSON-safe attribute values (tuples become lists, non-finite floats None)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, tuple | list):
        return [_clean(v) for v in value]
    return value


def feature_to_dict(feature: Feature) -> dict[str, Any]:
    """One GeoJSON Feature dict: geometry, and kind, label and attributes as properties."""
    properties: dict[str, Any] = {"kind": feature.kind, "label": feature.label}
    for key, value in feature.attributes:
        if key not in ("kind", "label"):
            properties[key] = _clean(value)
    out: dict[str, Any] = {"type": "Feature"}
    if feature.id:
        out["id"] = feature.id
    out["geometry"] = _plain(mapping(feature.geometry))
    out["properties"] = properties
    return out


def _plain(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """Shapely's mapping with lists instead of tuples (stable JSON, equal after a round trip)."""
    return {
        "type": geometry["type"],
        "coordinates": [[list(point) for point in ring] for ring in geometry["coordinates"]],
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """A GeoJSON-like FeatureCollection in local metres, for storing a version as JSON."""
    out: dict[str, Any] = {"type": "FeatureCollection", CRS_MEMBER: LOCAL_CRS}
    if plan.origin is not None:
        out[ORIGIN_MEMBER] = list(plan.origin)
    out["features"] = [feature_to_dict(f) for f in plan.features]
    return out


def feature_from_dict(item: Mapping[str, Any], geometry: Polygon | None = None) -> Feature:
    """A feature from a GeoJSON Feature dict in local metres (ValueError when it is not one);
    ``geometry``, when given, is its polygon already made."""
    properties = dict(item.get("properties") or {})
    kind = properties.pop("kind", None)
    label = properties.pop("label", "")
    if geometry is None:
        geometry = shape(item["geometry"])
    raw_id = item.get("id", "")
    attributes = tuple((str(k), _frozen(v)) for k, v in properties.items())
    return Feature(
        kind=str(kind),
        label="" if label is None else str(label),
        geometry=geometry,  # Feature checks it is a Polygon
        attributes=attributes,
        id="" if raw_id is None else str(raw_id),
    )


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def plan_from_dict(data: Mapping[str, Any]) -> Plan:
    """The plan ``plan_to_dict`` wrote (ValueError or TypeError on anything else)."""
    if data.get(CRS_MEMBER, LOCAL_CRS) != LOCAL_CRS:
        raise ValueError(f"not local metres: {data.get(CRS_MEMBER)!r}")
    origin = data.get(ORIGIN_MEMBER)
    items = list(data.get("features", ()))
    shells = _simple_polygons(items)
    return Plan(
        tuple(feature_from_dict(item, shell) for item, shell in zip(items, shells, strict=True)),
        origin=(float(origin[0]), float(origin[1])) if origin else None,
    )


def _simple_polygons(items: list[Mapping[str, Any]]) -> list[Polygon | None]:
    """Polygons without holes made in one vectorised call (a stored 2,000-unit site plan
    loads five times faster); None for the others, which ``shape`` makes one by one."""
    rows = [
        i
        for i, item in enumerate(items)
        if isinstance(item.get("geometry"), Mapping)
        and item["geometry"].get("type") == "Polygon"
        and len(item["geometry"].get("coordinates") or ()) == 1
    ]
    out: list[Polygon | None] = [None] * len(items)
    if not rows:
        return out
    rings = [items[i]["geometry"]["coordinates"][0] for i in rows]
    try:
        counts = np.fromiter((len(r) for r in rings), dtype=np.intp, count=len(rings))
        coords = np.array([point for ring in rings for point in ring], dtype=np.float64)
        if coords.ndim != 2 or coords.shape[1] != 2 or (counts < 4).any():
            return out
        made = shapely.polygons(
            shapely.linearrings(coords, indices=np.repeat(np.arange(len(rings)), counts))
        )
    except (ValueError, TypeError, shapely.errors.GEOSException):
        return out  # malformed: let ``shape`` say what is wrong, feature by feature
    for i, polygon in zip(rows, made, strict=True):
        out[i] = polygon
    return out
