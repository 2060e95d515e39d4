"""Measurements, the plan's JSON form and the generated sample site."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Polygon, box

from plans import Feature, Plan, measure, plan_from_dict, plan_to_dict, sample_site


def small_plan() -> Plan:
    """Site 100×50; a 50×30 building holding two 10×7 units (2 and 3 people); a 20×30 green;
    a 60×5 path; a 10×10 hall."""
    return Plan(
        (
            Feature("site", "Terreno", box(0, 0, 100, 50), id="site"),
            Feature("building", "Bloque A", box(10, 10, 60, 40), id="b"),
            Feature("unit", "A1", box(10, 10, 20, 17), (("people", 2),), id="u1"),
            Feature("unit", "A2", box(20, 10, 30, 17), (("people", 3),), id="u2"),
            Feature("green", "Huerto", box(70, 10, 90, 40)),
            Feature("path", "Calle", box(10, 5, 70, 10)),
            Feature("common", "Salón", box(75, 40, 85, 50)),
        )
    )


def test_measure_by_hand() -> None:
    """Site 5000 m², perimeter 300; built = building 1500 + hall 100 = 1600 (units inside add
    nothing): 32 %; green 600 = 12 %; units 70 m² each, 140 m² for 5 people = 28 m²/person."""
    m = measure(small_plan())
    assert m.site_area_m2 == 5000 and m.site_perimeter_m == 300
    assert m.built_area_m2 == pytest.approx(1600)
    assert m.built_coverage == pytest.approx(0.32)
    assert m.green_share == pytest.approx(0.12)
    assert m.units == (("A1", 70.0), ("A2", 70.0))
    assert m.area_per_unit_m2 == 70 and m.people == 5
    assert m.area_per_person_m2 == pytest.approx(28.0)
    assert m.path_area_m2 == 300 and m.common_area_m2 == 100


def test_measure_people_override_and_json() -> None:
    """Counts given by unit label override the attribute; as_dict is plain JSON to 0.01 m²."""
    m = measure(small_plan(), people_by_unit={"A1": 5, "u2": 5})
    assert m.people == 10 and m.area_per_person_m2 == pytest.approx(14.0)
    out = m.as_dict()
    json.dumps(out)
    assert out["units"] == [{"label": "A1", "area_m2": 70.0}, {"label": "A2", "area_m2": 70.0}]
    assert out["areas"]["built_coverage"] == 0.32
    assert out["areas"]["site_m2"] == 5000.0


def test_measure_without_site_or_people() -> None:
    """No site: shares are None; no people counted: area per person is None."""
    m = measure(Plan((Feature("unit", "x", box(0, 0, 3, 3)),)))
    assert m.built_coverage is None and m.green_share is None
    assert m.area_per_person_m2 is None and m.unit_area_m2 == 9


def test_plan_dict_round_trip() -> None:
    """plan_to_dict → JSON → plan_from_dict gives the same features, holes and origin."""
    holed = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (4, 2), (4, 4), (2, 4)]])
    plan = Plan(
        (*small_plan().features, Feature("green", "Patio", holed, (("tags", ("a", "b")),))),
        origin=(-78.5, -0.25),
    )
    data = json.loads(json.dumps(plan_to_dict(plan)))
    assert data["minga:crs"] == "local-metres"
    back = plan_from_dict(data)
    assert back == plan
    assert back.find("Patio") is not None and back.find("Patio").area == 96  # type: ignore[union-attr]


def test_feature_checks_kind_and_geometry() -> None:
    """An unknown kind, a non-polygon or an empty polygon is refused when the feature is made."""
    with pytest.raises(ValueError, match="kind"):
        Feature("garage", "x", box(0, 0, 1, 1))
    with pytest.raises(TypeError):
        Feature("unit", "x", box(0, 0, 1, 1).exterior)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        Feature("unit", "x", Polygon())


def test_plan_helpers() -> None:
    """of_kind, site, find by id then label, bounds and attributes."""
    plan = small_plan()
    assert [f.label for f in plan.of_kind("unit")] == ["A1", "A2"]
    assert plan.site() is not None and plan.site().id == "site"  # type: ignore[union-attr]
    assert plan.find("u2").label == "A2"  # type: ignore[union-attr]
    assert plan.bounds == (0, 0, 100, 50)
    a1 = plan.find("A1")
    assert a1 is not None and a1.attr("people") == 2 and a1.attr("x", 7) == 7
    assert a1.with_attributes(people=4).attr("people") == 4


def test_sample_site_is_deterministic_and_exact() -> None:
    """Same seed, same plan; the asked number of units; every unit has a household size."""
    a, b = sample_site(250, 7), sample_site(250, 7)
    assert a == b
    assert sample_site(250, 8) != a
    assert len(a.of_kind("unit")) == 250
    assert len({f.id for f in a}) == len(a)
    assert a.of_kind("common") and a.of_kind("green") and a.of_kind("path")
    assert all(isinstance(u.attr("people"), int) for u in a.of_kind("unit"))
    assert len(sample_site(0, 1).of_kind("unit")) == 0


def test_plan_from_dict_refuses_malformed_geometry() -> None:
    """A stored version whose ring is not pairs of numbers is refused, not half-read."""
    good = plan_to_dict(small_plan())
    bad = json.loads(json.dumps(good))
    bad["features"][1]["geometry"]["coordinates"] = [[[0, 0], [1, "x"], [1, 1], [0, 0]]]
    with pytest.raises((ValueError, TypeError)):
        plan_from_dict(bad)
    bad["features"][1]["geometry"]["coordinates"] = [[[0, 0], [1, 1]]]
    with pytest.raises((ValueError, TypeError)):
        plan_from_dict(bad)
