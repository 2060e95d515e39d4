"""Country outlines for the offline world map (Natural Earth, public domain), as plain rings.

The window draws them; this module only reads the bundled GeoJSON, so the
map needs no network and no GIS library.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import orjson

from codesign.cases.fields import DATA_DIR

WORLD_PATH = DATA_DIR / "world.geojson"
ATTRIBUTION = "Made with Natural Earth"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Country:
    """One country: ISO code, name, and its outer rings as (longitude, latitude) pairs."""

    iso_a3: str
    name: str
    rings: tuple[Ring, ...]


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every country of the bundled map."""
    data = orjson.loads(WORLD_PATH.read_bytes())
    found = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings = tuple(tuple((float(x), float(y)) for x, y in polygon[0]) for polygon in polygons)
        props = feature.get("properties", {})
        found.append(Country(str(props.get("iso_a3", "")), str(props.get("name", "")), rings))
    return tuple(found)
