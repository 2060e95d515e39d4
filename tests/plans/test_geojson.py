"""GeoJSON round trips (local metres and WGS84) and the files the reader refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box

from plans import Feature, Plan, PlanFileError, measure, sample_site
from plans.geojson import read_geojson, write_geojson

QUITO = (-78.5249, -0.2299)


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def square(kind: str = "unit", **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10]]]},
        "properties": {"kind": kind, **properties},
    }


def test_local_round_trip_keeps_everything(tmp_path: Path) -> None:
    """A local-metre file reads back as the same plan: geometry, ids, labels, attributes."""
    plan = sample_site(60, 3)
    path = tmp_path / "plan.geojson"
    write_geojson(plan, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["minga:crs"] == "local-metres"
    back, warnings = read_geojson(path)
    assert back == plan and warnings == ()


def test_wgs84_round_trip_areas(tmp_path: Path) -> None:
    """Written as longitude/latitude around Quito and read back, every area keeps to 0.01 m²;
    with the stored origin the coordinates come back in place (to a millimetre)."""
    plan = sample_site(60, 3)
    path = tmp_path / "wgs84.geojson"
    write_geojson(plan, path, wgs84=True, origin=QUITO)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "minga:crs" not in data and "crs" not in data  # plain RFC 7946
    lon, lat = data["features"][0]["geometry"]["coordinates"][0][0]
    assert -79 < lon < -78 and -1 < lat < 0
    back, _warnings = read_geojson(path)
    assert back.origin == QUITO
    for before, after in zip(plan, back, strict=True):
        assert after.area == pytest.approx(before.area, abs=0.01)
        assert after.geometry.distance(before.geometry) < 0.001
    assert measure(back).site_area_m2 == pytest.approx(measure(plan).site_area_m2, abs=0.01)


def test_wgs84_without_origin_uses_the_centre(tmp_path: Path) -> None:
    """A plain RFC 7946 file is placed around its centre; the 10×10 m square keeps 100 m²."""
    plan = Plan((Feature("unit", "U", box(0, 0, 10, 10)),))
    path = tmp_path / "a.geojson"
    write_geojson(plan, path, wgs84=True, origin=QUITO)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["minga:origin"]
    write(path, data)
    back, _warnings = read_geojson(path)
    assert back.features[0].area == pytest.approx(100, abs=0.01)
    x, y = back.features[0].geometry.centroid.coords[0]
    assert abs(x) < 0.01 and abs(y) < 0.01
    assert back.origin is not None and back.origin != QUITO


def test_writing_wgs84_needs_an_origin(tmp_path: Path) -> None:
    """A plan without an origin cannot be written as longitude/latitude."""
    path = tmp_path / "x.geojson"
    with pytest.raises(PlanFileError, match="origin"):
        write_geojson(Plan((Feature("unit", "U", box(0, 0, 1, 1)),)), path, wgs84=True)
    assert not path.exists()


def test_attributes_and_legacy_crs84(tmp_path: Path) -> None:
    """Other properties become attributes; a legacy crs naming CRS84 is WGS84."""
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            {
                "type": "Feature",
                "id": 7,
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[-78.5, -0.2], [-78.4999, -0.2], [-78.4999, -0.1999], [-78.5, -0.2]]
                    ],
                },
                "properties": {"kind": "green", "label": "Huerto", "owner": "todos", "n": 3},
            }
        ],
    }
    plan, _warnings = read_geojson(write(tmp_path / "legacy.geojson", data))
    green = plan.features[0]
    assert (green.kind, green.label, green.id) == ("green", "Huerto", "7")
    assert green.attr("owner") == "todos" and green.attr("n") == 3


def test_points_and_lines_are_skipped_with_a_warning(tmp_path: Path) -> None:
    """A Point among polygons is skipped and named; the polygons are kept."""
    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [1, 2]},
        "properties": {"kind": "unit"},
    }
    data = {
        "type": "FeatureCollection",
        "minga:crs": "local-metres",
        "features": [square(label="A"), point],
    }
    plan, warnings = read_geojson(write(tmp_path / "p.geojson", data))
    assert len(plan) == 1
    assert warnings[0].entity == "#2" and "Point" in warnings[0].message()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            {
                "type": "FeatureCollection",
                "features": [square()],
                "crs": {"type": "name", "properties": {"name": "EPSG:32717"}},
            },
            "Unknown coordinate system EPSG:32717",
        ),
        (
            {"type": "FeatureCollection", "minga:crs": "utm-17s", "features": [square()]},
            "Unknown coordinate system utm-17s",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    square()
                    | {
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [[500000, 9e6], [500010, 9e6], [500010, 9000010], [500000, 9e6]]
                            ],
                        }
                    }
                ],
            },
            "not longitude/latitude",
        ),
        (
            {
                "type": "FeatureCollection",
                "minga:crs": "local-metres",
                "features": [square(kind=None)],
            },
            "no kind",
        ),
        (
            {
                "type": "FeatureCollection",
                "minga:crs": "local-metres",
                "features": [square(kind="garage")],
            },
            "Unknown kind garage",
        ),
        (
            {
                "type": "FeatureCollection",
                "minga:crs": "local-metres",
                "features": [
                    square() | {"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}
                ],
            },
            "Invalid geometry",
        ),
        (
            {
                "type": "FeatureCollection",
                "minga:crs": "local-metres",
                "features": [
                    square(label="Lazo")
                    | {
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]],
                        }
                    }
                ],
            },
            "crosses itself",
        ),
        ({"type": "FeatureCollection", "minga:crs": "local-metres", "features": []}, "no polygons"),
        ({"type": "Topology"}, "not a GeoJSON FeatureCollection"),
    ],
)
def test_broken_geojson_is_refused(tmp_path: Path, data: Any, reason: str) -> None:
    """Unknown CRS, projected coordinates, missing or unknown kind, invalid or
    self-intersecting geometry, empty or foreign files: PlanFileError naming the reason."""
    path = write(tmp_path / "broken.geojson", data)
    before = path.read_bytes()
    with pytest.raises(PlanFileError) as caught:
        read_geojson(path)
    assert reason in str(caught.value)
    assert caught.value.path == str(path)
    assert path.read_bytes() == before


def test_self_intersection_names_the_feature_and_repairs(tmp_path: Path) -> None:
    """A bow-tie (0,0)-(10,10)-(10,0)-(0,10) is refused naming it, or repaired into its two
    triangles of 25 m² each (the crossing is at (5, 5))."""
    bowtie = square(label="Lazo") | {
        "id": "u9",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]],
        },
    }
    path = write(
        tmp_path / "bow.geojson",
        {"type": "FeatureCollection", "minga:crs": "local-metres", "features": [bowtie]},
    )
    with pytest.raises(PlanFileError) as caught:
        read_geojson(path)
    assert caught.value.entity == "#1 id u9 Lazo"
    plan, warnings = read_geojson(path, repair=True)
    assert sorted(f.area for f in plan) == [25.0, 25.0]
    assert [f.id for f in plan] == ["u9.1", "u9.2"]
    assert "2 valid part" in warnings[0].message()


@pytest.mark.parametrize("content", [b"\x00\x01\x02\xff\xfe", b"{not json", b"SECTION\n0\n"])
def test_non_json_files_are_refused(tmp_path: Path, content: bytes) -> None:
    """Binary bytes, broken JSON or a DXF renamed .geojson are not GeoJSON."""
    path = tmp_path / "x.geojson"
    path.write_bytes(content)
    with pytest.raises(PlanFileError, match="not a GeoJSON"):
        read_geojson(path)


def test_multipolygon_becomes_one_feature_per_part(tmp_path: Path) -> None:
    """A MultiPolygon green of two 10×10 squares gives two 100 m² features, ids g.1 and g.2."""
    item = square(kind="green", label="Huertos") | {
        "id": "g",
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [
                [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
                [[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]]],
            ],
        },
    }
    data = {"type": "FeatureCollection", "minga:crs": "local-metres", "features": [item]}
    plan, warnings = read_geojson(write(tmp_path / "multi.geojson", data))
    assert [(f.id, f.label, f.area) for f in plan] == [
        ("g.1", "Huertos", 100.0),
        ("g.2", "Huertos", 100.0),
    ]
    assert warnings == ()
