"""Each rule on small plans whose answers are worked out by hand in the docstrings."""

from __future__ import annotations

import pytest
from shapely import affinity
from shapely.geometry import Polygon, box

from plans import Feature, Plan, RuleSet, Violation, check, measure

OFF = RuleSet(
    setback_m=None,
    max_coverage=None,
    min_unit_area_m2=(),
    min_green_share=None,
    units_need_access=False,
    min_classroom_m2_per_student=None,
)
SITE = Feature("site", "Terreno", box(0, 0, 100, 50), id="site")  # 5000 m², perimeter 300 m


def only(rule: str, **changes: object) -> RuleSet:
    """The rule set with every rule off but the ones changed (overlaps are always checked)."""
    values = OFF.to_dict() | changes
    return RuleSet.from_dict(values)


def unit(label: str, geometry: Polygon, **attributes: object) -> Feature:
    return Feature("unit", label, geometry, tuple(attributes.items()), id=label)


def rules_of(found: tuple[Violation, ...]) -> list[tuple[str, str]]:
    return [(v.rule, v.feature) for v in found]


def rotated(plan: Plan, degrees: float = 30.0) -> Plan:
    """The same plan turned about the origin (areas and distances unchanged)."""
    return plan.replaced(
        Feature(
            f.kind, f.label, affinity.rotate(f.geometry, degrees, origin=(0, 0)), f.attributes, f.id
        )
        for f in plan
    )


def test_setback_distance_and_outside() -> None:
    """Setback 3 m on a 100×50 site: a unit 2 m from x=0 breaks it (distance 2.0), one at
    exactly 3 m passes, one reaching x=105 lies partly outside, one at x=200 outside."""
    plan = Plan(
        (
            SITE,
            unit("near", box(2, 10, 12, 20)),
            unit("exact", box(3, 25, 13, 35)),
            unit("out", box(95, 10, 105, 20)),
        )
    )
    found = check(plan, only("setback", setback_m=3.0))
    assert rules_of(found) == [("setback", "near"), ("setback", "out")]
    near = dict(found[0].params)
    assert near["distance"] == 2.0 and near["setback"] == 3.0
    assert found[0].message() == "near is 2.0 m from the site boundary; the setback is 3.0 m."
    assert "outside" in found[1].message()
    x, y = found[0].where
    assert 2 <= x <= 3 and 10 <= y <= 20  # pinned in the strip inside the setback


def test_setback_off_without_site() -> None:
    """Without a site boundary there is nothing to measure a setback from."""
    plan = Plan((unit("a", box(0, 0, 10, 10)),))
    assert check(plan, only("setback", setback_m=3.0)) == ()


def test_overlap_area_touching_and_levels() -> None:
    """A 10×10 unit at x 10–20 and one at x 15–25 share 5×10 = 50 m²; a unit touching at x=30
    and one overlapping on another level are fine; a unit inside a building is fine."""
    plan = Plan(
        (
            SITE,
            Feature("building", "Bloque", box(10, 10, 40, 20), id="b"),
            unit("a", box(10, 10, 20, 20)),
            unit("b", box(15, 10, 25, 20)),
            unit("c", box(25, 10, 35, 20)),  # b ends at x=25 where c starts: touching only
            unit("upstairs", box(10, 10, 20, 20), level=1),
        )
    )
    found = check(plan, only("overlap"))
    assert rules_of(found) == [("overlap", "a")]
    assert dict(found[0].params) == {"feature": "a", "other": "b", "area": 50.0}
    assert found[0].message() == "a overlaps b by 50.0 m²."


def test_overlap_rotated_and_irregular() -> None:
    """Turned by 30° the 50 m² overlap stays 50 m²; an L (10×4 plus 4×10, 64 m²) and a 4×4
    square at (2, 2) share the square minus its corner (4,4)–(6,6): 16 − 4 = 12 m²."""
    plan = Plan((unit("a", box(10, 10, 20, 20)), unit("b", box(15, 10, 25, 20))))
    found = check(rotated(plan), only("overlap"))
    assert [dict(v.params)["area"] for v in found] == [50.0]
    ell = Polygon([(0, 0), (10, 0), (10, 4), (4, 4), (4, 10), (0, 10)])
    assert ell.area == 64
    plan = Plan((unit("L", ell), unit("sq", box(2, 2, 6, 6))))
    found = check(plan, only("overlap"))
    assert [dict(v.params)["area"] for v in found] == [12.0]


def test_buildings_overlap() -> None:
    """Two 30×30 buildings at x 10–40 and 30–60 share 10×30 = 300 m²."""
    plan = Plan(
        (
            Feature("building", "B1", box(10, 10, 40, 40)),
            Feature("building", "B2", box(30, 10, 60, 40)),
        )
    )
    found = check(plan, only("overlap"))
    assert [(v.feature, dict(v.params)["area"]) for v in found] == [("B1", 300.0)]


def test_coverage_counts_the_union() -> None:
    """Buildings at x 10–40 and 30–60 (30 m deep) cover 50×30 = 1500 m² (not 1800) of 5000:
    30 %; a unit inside adds nothing. At most 25 % breaks, at most 30 % passes."""
    plan = Plan(
        (
            SITE,
            Feature("building", "B1", box(10, 10, 40, 40)),
            Feature("building", "B2", box(30, 10, 60, 40)),
            unit("inside", box(12, 12, 20, 20)),
        )
    )
    assert measure(plan).built_area_m2 == pytest.approx(1500.0)
    found = check(plan, only("coverage", max_coverage=0.25))
    assert rules_of(found) == [("overlap", "B1"), ("coverage", "Terreno")]
    found = found[1:]
    assert dict(found[0].params)["coverage"] == 30.0
    assert dict(found[0].params)["limit"] == 25.0
    assert [v.rule for v in check(plan, only("coverage", max_coverage=0.30))] == ["overlap"]


def test_open_common_space_is_not_built() -> None:
    """A 20×20 plaza marked built: false adds nothing to the 1500 m² footprint."""
    plan = Plan(
        (
            SITE,
            Feature("building", "B", box(10, 10, 60, 40)),
            Feature("common", "Plaza", box(70, 10, 90, 30), (("built", False),)),
        )
    )
    assert measure(plan).built_area_m2 == pytest.approx(1500.0)


def test_green_share_counts_the_union() -> None:
    """Greens at x 70–90 and 80–95 (30 m deep) make 25×30 = 750 m² = 15 % of 5000 (a sum
    would say 1050 m², 21 %): 15 % required passes, 16 % breaks; one green of 600 m² is 12 %."""
    overlapping = Plan(
        (
            SITE,
            Feature("green", "G1", box(70, 10, 90, 40)),
            Feature("green", "G2", box(80, 10, 95, 40)),
        )
    )
    assert measure(overlapping).green_area_m2 == pytest.approx(750.0)
    assert check(overlapping, only("green_share", min_green_share=0.15)) == ()
    found = check(overlapping, only("green_share", min_green_share=0.16))
    assert dict(found[0].params)["share"] == 15.0
    single = Plan((SITE, Feature("green", "G1", box(70, 10, 90, 40))))
    found = check(single, only("green_share", min_green_share=0.15))
    assert rules_of(found) == [("green_share", "Terreno")]
    assert dict(found[0].params)["share"] == 12.0


def test_min_unit_area_by_household_size() -> None:
    """A 6×8 = 48 m² unit: 3 people need 50 (breaks), 2 need 40 (passes), 9 people use the
    largest row, 6+ → 80 (breaks), unknown uses the smallest, 30 (passes)."""
    rules = only("min_unit_area", min_unit_area_m2=[[1, 30], [2, 40], [3, 50], [6, 80]])
    plan = Plan(
        (
            unit("three", box(0, 0, 6, 8), people=3),
            unit("two", box(10, 0, 16, 8), people=2),
            unit("nine", box(20, 0, 26, 8)),
            unit("unknown", box(30, 0, 36, 8)),
        )
    )
    found = check(plan, rules, household_size_by_unit={"nine": 9})
    assert rules_of(found) == [("min_unit_area", "three"), ("min_unit_area", "nine")]
    assert dict(found[0].params) == {"feature": "three", "area": 48.0, "minimum": 50.0, "people": 3}
    assert found[1].message() == ("nine has 48.0 m²; a household of 9 needs at least 80.0 m².")
    # the caller's household sizes override the attribute
    assert check(plan, rules, household_size_by_unit={"three": 2}) == ()


def test_access_touching_within_tolerance() -> None:
    """A path along y 5–10: a unit on it passes, one 3 cm above passes (5 cm slack), one
    20 cm above breaks, one touching only the common hall passes; the same turned by 30°."""
    plan = Plan(
        (
            Feature("path", "Calle", box(0, 5, 60, 10)),
            Feature("common", "Salón", box(70, 0, 80, 20)),
            unit("on", box(0, 10, 10, 20)),
            unit("gap3cm", box(20, 10.03, 30, 20)),
            unit("gap20cm", box(40, 10.2, 50, 20)),
            unit("hall", box(80, 0, 90, 10)),
        )
    )
    rules = only("access", units_need_access=True)
    assert rules_of(check(plan, rules)) == [("access", "gap20cm")]
    assert rules_of(check(rotated(plan), rules)) == [("access", "gap20cm")]
    lonely = Plan((unit("alone", box(0, 0, 10, 10)),))
    assert rules_of(check(lonely, rules)) == [("access", "alone")]


def test_classroom_area_per_student() -> None:
    """An 8×6 = 48 m² classroom: 30 students get 1.6 m² (passes 1.5), 35 get 1.37 (breaks)."""
    room = Feature("room", "Aula 1", box(0, 0, 8, 6), (("students", 30),))
    rules = only("classroom_area", min_classroom_m2_per_student=1.5)
    assert check(Plan((room,)), rules) == ()
    found = check(Plan((room,)), rules, students_by_room={"Aula 1": 35})
    assert dict(found[0].params) == {
        "feature": "Aula 1",
        "per_student": 1.37,
        "students": 35,
        "minimum": 1.5,
    }
    assert measure(Plan((room,))).classroom_m2_per_student == pytest.approx(1.6)


def test_rule_order_and_defaults_on_sample() -> None:
    """Violations come in rule order; the default rules pass on the generated site."""
    from plans import sample_site

    assert check(sample_site(300, 2), RuleSet()) == ()
    plan = Plan(
        (
            SITE,
            unit("tiny", box(1, 1, 3, 3)),  # 4 m², 1 m from the edge, no path
        )
    )
    assert [v.rule for v in check(plan, RuleSet())] == [
        "setback",
        "min_unit_area",
        "green_share",
        "access",
    ]


def test_ruleset_round_trip_and_bad_input() -> None:
    """Rules survive to_dict/from_dict; unknown keys or negative numbers are refused."""
    rules = RuleSet(setback_m=2.5, max_coverage=None, min_unit_area_m2=((1, 25.0), (4, 55.0)))
    assert RuleSet.from_dict(rules.to_dict()) == rules
    with pytest.raises(ValueError, match="unknown"):
        RuleSet.from_dict({"setback": 3})
    with pytest.raises(ValueError, match="negative"):
        RuleSet.from_dict({"setback_m": -1})


def test_violation_translates_its_template() -> None:
    """A violation's message goes through the caller's translation before formatting."""
    found = check(Plan((unit("x", box(0, 0, 1, 1)),)), only("access", units_need_access=True))
    spanish = {"{feature} touches no path or common area.": "{feature} no toca ningún camino."}
    assert found[0].message(lambda t: spanish.get(t, t)) == "x no toca ningún camino."
    assert found[0].as_dict()["rule"] == "access"


def test_shape_that_crosses_itself_is_reported_and_left_out() -> None:
    """A bow-tie unit (0,0)-(10,10)-(10,0)-(0,10) drawn in the window is a "shape" violation;
    the other checks and the measurements go on without it (one 10×10 unit left, 100 m²)."""
    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    plan = Plan(
        (
            Feature("path", "Calle", box(0, -5, 50, 0)),
            unit("bow", bowtie),
            unit("ok", box(20, 0, 30, 10)),
            unit("over", box(25, 0, 35, 10)),
        )
    )
    found = check(plan, only("access", units_need_access=True))
    assert rules_of(found) == [("shape", "bow"), ("overlap", "ok")]
    assert "Self-intersection" in dict(found[0].params)["problem"]
    assert measure(plan).unit_count == 2
