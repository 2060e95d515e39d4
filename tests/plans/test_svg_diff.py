"""SVG drawings of plans and the differences between two plans."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from shapely.geometry import Polygon, box

from plans import Feature, Plan, PlanFileError, sample_site
from plans.diff import diff
from plans.files import read_plan, write_plan
from plans.svg import plan_to_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_groups_flip_and_highlight() -> None:
    """One group per kind present; y is flipped (a unit at the top of the site is drawn near
    y=0); a highlighted feature is drawn again in the highlight group; labels are escaped."""
    plan = Plan(
        (
            Feature("site", "Terreno", box(0, 0, 100, 100)),
            Feature("unit", "Casa <1> & co", box(0, 90, 10, 100), id="top"),
            Feature(
                "green",
                "Huerto",
                Polygon(box(50, 0, 70, 20).exterior, [box(55, 5, 60, 10).exterior.coords]),
            ),
        )
    )
    root = ET.fromstring(plan_to_svg(plan, highlight=("top",)))
    groups = [g.get("class") for g in root.iter(f"{SVG}g")]
    assert groups == ["site", "green", "unit", "highlight", "labels", "scale", "north"]
    unit_group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "unit")
    path = unit_group.find(f"{SVG}path")
    assert path is not None and path.get("data-id") == "top"
    ys = [float(token.split()[1]) for token in path.get("d", "").replace("Z", "").split("L")[1:]]
    assert min(ys) < 10  # near the top of the picture
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Casa <1> & co" in texts
    green = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "green")
    assert green.find(f"{SVG}path").get("d", "").count("M") == 2  # type: ignore[union-attr]


def test_svg_scale_bar_is_a_round_length() -> None:
    """A 100 m wide site gets a 20 m scale bar (a round length near a fifth of it)."""
    plan = Plan((Feature("site", "T", box(0, 0, 100, 60)),))
    root = ET.fromstring(plan_to_svg(plan))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "20 m" in texts and "N" in texts


def test_svg_of_a_large_site_is_valid_xml() -> None:
    """The 500-unit sample site renders as well-formed SVG with every unit drawn."""
    plan = sample_site(500, 1)
    root = ET.fromstring(plan_to_svg(plan))
    unit_group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "unit")
    assert len(unit_group.findall(f"{SVG}path")) == 500


def test_diff_by_id_then_label() -> None:
    """Matched by id (label changed), then by kind+label (new id, geometry moved 1 m and
    grown 10×10 → 10×12: +20 m²); one removed, one added; indicators compare."""
    a = Plan(
        (
            Feature("site", "T", box(0, 0, 100, 100), id="s"),
            Feature("unit", "A1", box(0, 0, 10, 10), id="u1"),
            Feature("unit", "A2", box(20, 0, 30, 10), id="u2"),
            Feature("unit", "A3", box(40, 0, 50, 10), id="u3"),
            Feature("green", "G", box(60, 60, 80, 80), id="g"),
        )
    )
    b = Plan(
        (
            Feature("site", "T", box(0, 0, 100, 100), id="s"),
            Feature("unit", "A1 bis", box(0, 0, 10, 10), id="u1"),
            Feature("unit", "A2", box(21, 0, 31, 12), id="new-2"),
            Feature("unit", "A4", box(60, 0, 70, 10), id="u4"),
            Feature("green", "G", box(60, 60, 80, 80), (("use", "huerto"),), id="g"),
        )
    )
    d = diff(a, b)
    assert [f.label for f in d.removed] == ["A3"]
    assert [f.label for f in d.added] == ["A4"]
    assert [(c.before.label, c.what) for c in d.changed] == [
        ("A1", ("label",)),
        ("G", ("attributes",)),
        ("A2", ("geometry",)),
    ]
    assert d.changed[2].area_change_m2 == 20
    units = next(i for i in d.indicators if i.name == "units_m2")
    assert (units.before, units.after, units.delta) == (300.0, 320.0, 20.0)
    assert set(d.changed_keys()) == {"u4", "u1", "g", "new-2"}
    out = d.as_dict()
    assert out["removed"][0]["label"] == "A3"
    assert out["changed"][2]["area_change_m2"] == 20.0


def test_diff_of_equal_plans_is_empty() -> None:
    """A plan against itself: nothing added, removed or changed; all deltas zero or None."""
    plan = sample_site(40, 5)
    d = diff(plan, plan)
    assert d.same
    assert all(i.delta in (0, None) for i in d.indicators)


def test_read_and_write_by_extension(tmp_path: Path) -> None:
    """write_plan/read_plan pick the format from the extension; others are refused."""
    plan = sample_site(30, 2)
    for name in ("a.dxf", "a.geojson", "a.json"):
        write_plan(plan, tmp_path / name)
        back, _warnings = read_plan(tmp_path / name)
        assert back == plan
    write_plan(plan, tmp_path / "a.svg", highlight=("unit-00001",))
    assert (tmp_path / "a.svg").read_text(encoding="utf-8").startswith("<?xml")
    with pytest.raises(PlanFileError, match=r"\.pdf"):
        write_plan(plan, tmp_path / "a.pdf")
    with pytest.raises(PlanFileError, match=r"\.svg"):
        read_plan(tmp_path / "a.svg")
