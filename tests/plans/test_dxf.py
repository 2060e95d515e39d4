"""DXF drawings made with ezdxf as a CAD program would save them, read back as plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf
import pytest

from plans import measure, sample_site
from plans.dxf import read_dxf, write_dxf


def drawing(units: int = 6) -> Any:
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = units
    return doc


def save(doc: Any, path: Path) -> Path:
    doc.saveas(path)
    return path


def square(space: Any, x: float, y: float, size: float, layer: str, **extra: Any) -> Any:
    points = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
    return space.add_lwpolyline(points, close=True, dxfattribs={"layer": layer, **extra})


def test_round_trip_keeps_areas_ids_labels(tmp_path: Path) -> None:
    """A written plan reads back equal: every feature's area to 0.01 m², ids, labels."""
    plan = sample_site(120, 4)
    path = tmp_path / "site.dxf"
    write_dxf(plan, path)
    back, warnings = read_dxf(path)
    assert warnings == ()
    assert len(back) == len(plan)
    for before, after in zip(plan, back, strict=True):
        assert (after.kind, after.id, after.label) == (before.kind, before.id, before.label)
        assert after.area == pytest.approx(before.area, abs=0.01)
    assert back == plan
    doc = ezdxf.readfile(path)
    assert doc.header["$INSUNITS"] == 6
    assert {layer.dxf.name for layer in doc.layers} >= {"unit", "site", "green", "path"}


def test_cad_layers_texts_and_hatches(tmp_path: Path) -> None:
    """Layers map by name; TEXT and MTEXT inside a polygon label it (the smallest one holding
    it); a HATCH with a hole gives 20×20 − 10×10 = 300 m²; texts outside are ignored."""
    doc = drawing()
    space = doc.modelspace()
    square(space, 0, 0, 100, "TERRENO")
    square(space, 10, 10, 30, "Edificio A")
    square(space, 10, 10, 10, "VIVIENDAS")
    square(space, 20, 10, 10, "VIVIENDAS")
    space.add_text("Casa 1", height=1, dxfattribs={"layer": "TEXTOS", "insert": (12, 12)})
    space.add_mtext("Casa\\P2", dxfattribs={"layer": "TEXTOS", "insert": (22, 18)})
    space.add_text("Bloque A", height=1, dxfattribs={"layer": "Edificio A", "insert": (15, 15)})
    space.add_text("fuera", height=1, dxfattribs={"layer": "TEXTOS", "insert": (500, 500)})
    hatch = space.add_hatch(dxfattribs={"layer": "Área verde"})
    hatch.paths.add_polyline_path([(60, 60), (80, 60), (80, 80), (60, 80)], flags=1)
    hatch.paths.add_polyline_path([(65, 65), (75, 65), (75, 75), (65, 75)], flags=0)
    space.add_line((0, 0), (5, 5), dxfattribs={"layer": "COTAS"})
    plan, warnings = read_dxf(save(doc, tmp_path / "cad.dxf"))
    by_kind = {k: [f.label for f in plan.of_kind(k)] for k in ("site", "building", "unit")}
    assert by_kind == {"site": [""], "building": ["Bloque A"], "unit": ["Casa 1", "Casa 2"]}
    assert plan.of_kind("green")[0].area == pytest.approx(300)
    assert plan.of_kind("unit")[0].attr("layer") == "VIVIENDAS"
    assert [w.message() for w in warnings] == [
        "Ignored 1 entities that are not closed shapes or texts (LINE 1)."
    ]


def test_blocks_explode_with_layer_zero_taking_the_insert_layer(tmp_path: Path) -> None:
    """A 6×10 house block (60 m², polyline on layer 0, text on 0) inserted twice on layer
    VIVIENDA at (10, 0) scaled ×1 and at (30, 0) rotated 90° and scaled ×2 (240 m²) gives
    two units; a polyline on its own layer inside the block keeps that layer (PARQUE)."""
    doc = drawing()
    block = doc.blocks.new("CASA")
    block.add_lwpolyline([(0, 0), (6, 0), (6, 10), (0, 10)], close=True, dxfattribs={"layer": "0"})
    block.add_text("Casa", height=0.5, dxfattribs={"layer": "0", "insert": (1, 1)})
    block.add_lwpolyline(
        [(0, 10), (6, 10), (6, 12), (0, 12)], close=True, dxfattribs={"layer": "PARQUE"}
    )
    space = doc.modelspace()
    space.add_blockref("CASA", (10, 0), dxfattribs={"layer": "VIVIENDA"})
    space.add_blockref(
        "CASA", (30, 0), dxfattribs={"layer": "VIVIENDA", "rotation": 90, "xscale": 2, "yscale": 2}
    )
    plan, _warnings = read_dxf(save(doc, tmp_path / "blocks.dxf"))
    units = plan.of_kind("unit")
    assert [round(u.area, 2) for u in units] == [60.0, 240.0]
    assert [u.label for u in units] == ["Casa", "Casa"]
    assert units[0].geometry.bounds == pytest.approx((10, 0, 16, 10))
    assert units[1].geometry.bounds == pytest.approx((10, 0, 30, 12))  # turned about (30, 0)
    assert [round(g.area, 2) for g in plan.of_kind("green")] == [12.0, 48.0]
    assert all(u.attr("layer") == "VIVIENDA" for u in units)


@pytest.mark.parametrize(
    ("code", "size", "area"),
    [(4, 10_000, 100.0), (5, 1_000, 100.0), (6, 10, 100.0), (2, 10, 9.290304)],
)
def test_insunits_converted_to_metres(tmp_path: Path, code: int, size: float, area: float) -> None:
    """A square of 10 000 mm, 1 000 cm, 10 m is 100 m²; 10 ft is 3.048² × 10 = 9.290304 m²."""
    doc = drawing(code)
    square(doc.modelspace(), 0, 0, size, "unidad")
    plan, _warnings = read_dxf(save(doc, tmp_path / f"u{code}.dxf"))
    assert plan.features[0].area == pytest.approx(area, abs=1e-6)


def test_arcs_in_polylines_are_flattened(tmp_path: Path) -> None:
    """A 10×10 square with one side bulged into a half circle of radius 5: 100 + π·25/2."""
    doc = drawing()
    doc.modelspace().add_lwpolyline(
        [(0, 0, 0), (10, 0, 1), (10, 10, 0), (0, 10, 0)],
        format="xyb",
        close=True,
        dxfattribs={"layer": "sala"},
    )
    plan, _warnings = read_dxf(save(doc, tmp_path / "arc.dxf"))
    assert plan.features[0].area == pytest.approx(100 + 3.14159265 * 25 / 2, rel=1e-3)


def test_layer_map_overrides(tmp_path: Path) -> None:
    """The user's mapping names unknown layers and overrides the default guess."""
    doc = drawing()
    square(doc.modelspace(), 0, 0, 10, "MUROS")
    square(doc.modelspace(), 20, 0, 10, "casa")
    path = save(doc, tmp_path / "map.dxf")
    plan, warnings = read_dxf(path)
    assert [f.kind for f in plan] == ["unit"]
    assert "MUROS" in warnings[0].message()
    plan, _warnings = read_dxf(path, layer_map={"muros": "building", "CASA": "common"})
    assert [f.kind for f in plan] == ["building", "common"]


def test_measure_of_a_read_plan(tmp_path: Path) -> None:
    """Measurements of a 100 m square site holding one 10 m house: 1 % coverage."""
    doc = drawing()
    square(doc.modelspace(), 0, 0, 100, "lindero")
    square(doc.modelspace(), 10, 10, 10, "casa")
    plan, _warnings = read_dxf(save(doc, tmp_path / "m.dxf"))
    assert measure(plan).built_coverage == pytest.approx(0.01)


def test_nested_blocks_old_polylines_and_aligned_text(tmp_path: Path) -> None:
    """A block on layer 0 inside a block on layer 0 inserted on layer LOTES takes LOTES; an
    old-style closed POLYLINE (8×5 = 40 m²) reads; a centred TEXT labels by its alignment
    point, not its (0, 0) insert."""
    doc = drawing()
    inner = doc.blocks.new("LOTE")
    inner.add_lwpolyline(
        [(0, 0), (10, 0), (10, 20), (0, 20)], close=True, dxfattribs={"layer": "0"}
    )
    outer = doc.blocks.new("MANZANA")
    outer.add_blockref("LOTE", (0, 0), dxfattribs={"layer": "0"})
    outer.add_blockref("LOTE", (10, 0), dxfattribs={"layer": "0"})
    space = doc.modelspace()
    space.add_blockref("MANZANA", (100, 100), dxfattribs={"layer": "LOTES"})
    space.add_polyline2d([(0, 0), (8, 0), (8, 5), (0, 5)], close=True, dxfattribs={"layer": "Sala"})
    text = space.add_text("Sala de reuniones", height=0.5, dxfattribs={"layer": "Sala"})
    text.set_placement((4, 2.5), align=ezdxf.enums.TextEntityAlignment.MIDDLE_CENTER)
    plan, _warnings = read_dxf(save(doc, tmp_path / "nested.dxf"))
    plots = plan.of_kind("plot")
    assert [p.geometry.bounds for p in plots] == [(100, 100, 110, 120), (110, 100, 120, 120)]
    room = plan.of_kind("room")[0]
    assert room.area == pytest.approx(40) and room.label == "Sala de reuniones"


def test_block_attribute_labels_its_unit(tmp_path: Path) -> None:
    """A house block with a NUMERO attribute: each insert's attribute value labels its unit."""
    doc = drawing()
    block = doc.blocks.new("CASA")
    block.add_lwpolyline([(0, 0), (6, 0), (6, 10), (0, 10)], close=True)
    block.add_attdef("NUMERO", (1, 1), dxfattribs={"height": 0.5})
    space = doc.modelspace()
    for n, x in enumerate((0, 10), start=1):
        ref = space.add_blockref("CASA", (x, 0), dxfattribs={"layer": "VIVIENDAS"})
        ref.add_auto_attribs({"NUMERO": f"Casa {n}"})
    plan, warnings = read_dxf(save(doc, tmp_path / "attribs.dxf"))
    assert [u.label for u in plan.of_kind("unit")] == ["Casa 1", "Casa 2"]
    assert warnings == ()


@pytest.mark.parametrize("units", [6, 4])
def test_closed_curves_become_shapes(tmp_path: Path, units: int) -> None:
    """A circle of radius 5 m (π·25 = 78.54 m²) and a full ellipse 10 × 5 m (π·50 = 157.08 m²)
    read as shapes, flattened to 1 cm whatever the units (a mm drawing gets no more vertices);
    an open arc is ignored."""
    scale = 1000 if units == 4 else 1
    doc = drawing(units)
    space = doc.modelspace()
    space.add_circle((20 * scale, 20 * scale), 5 * scale, dxfattribs={"layer": "jardin"})
    space.add_ellipse(
        (60 * scale, 20 * scale),
        major_axis=(10 * scale, 0),
        ratio=0.5,
        dxfattribs={"layer": "jardin"},
    )
    space.add_arc((0, 0), 3 * scale, 0, 90, dxfattribs={"layer": "jardin"})
    plan, warnings = read_dxf(save(doc, tmp_path / f"curves{units}.dxf"))
    circle, ellipse = plan.of_kind("green")
    assert circle.area == pytest.approx(78.54, rel=0.005)
    assert ellipse.area == pytest.approx(157.08, rel=0.005)
    assert len(circle.geometry.exterior.coords) < 200
    assert "ARC 1" in warnings[0].message()


def test_round_trip_holes_and_attributes(tmp_path: Path) -> None:
    """A courtyard block 30×20 with a 10×10 hole (500 m²) goes out as a HATCH and back with
    its hole; attributes with lists and accents survive in XDATA."""
    from shapely.geometry import Polygon

    from plans import Feature, Plan

    ring = [(0, 0), (30, 0), (30, 20), (0, 20)]
    hole = [(10, 5), (20, 5), (20, 15), (10, 15)]
    long_note = "patio común con árboles; " * 20  # longer than one XDATA string
    plan = Plan(
        (
            Feature(
                "building",
                "Bloque patio",
                Polygon(ring, [hole]),
                (("tags", ("patio", "taller")), ("nota", long_note), ("pisos", 2)),
                id="b-1",
            ),
        )
    )
    path = tmp_path / "holes.dxf"
    write_dxf(plan, path)
    back, _warnings = read_dxf(path)
    assert back == plan
    assert back.features[0].area == pytest.approx(500, abs=0.01)
    assert [e.dxftype() for e in ezdxf.readfile(path).modelspace()] == ["HATCH", "TEXT"]


def test_r12_drawing_with_accents_and_end_marker(tmp_path: Path) -> None:
    """An R12 drawing (cp1252, no $INSUNITS) with a layer HABITACIÓN and the old ^Z after EOF
    reads when the units are given: the 4×5 room is 20 m²."""
    doc = ezdxf.new("R12")
    doc.layers.add("HABITACIÓN")
    doc.modelspace().add_polyline2d(
        [(0, 0), (4, 0), (4, 5), (0, 5)], close=True, dxfattribs={"layer": "HABITACIÓN"}
    )
    path = save(doc, tmp_path / "r12.dxf")
    path.write_bytes(path.read_bytes() + b"\x1a")
    plan, _warnings = read_dxf(path, units="m")
    assert [(f.kind, f.area) for f in plan] == [("room", 20.0)]
    assert plan.features[0].attr("layer") == "HABITACIÓN"
