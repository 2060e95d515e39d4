"""Broken DXF files: each refused with a PlanFileError naming the reason, nothing imported."""

from __future__ import annotations

from pathlib import Path

import ezdxf
import pytest

from plans import PlanFileError, sample_site
from plans.dxf import read_dxf, write_dxf


def refused(path: Path, *needles: str, **options: object) -> PlanFileError:
    before = path.read_bytes()
    with pytest.raises(PlanFileError) as caught:
        read_dxf(path, **options)  # type: ignore[arg-type]
    for needle in needles:
        assert needle in str(caught.value)
    assert caught.value.path == str(path)
    assert path.read_bytes() == before  # reading never writes
    return caught.value


def test_binary_file(tmp_path: Path) -> None:
    """Random bytes (a PNG header) are not a DXF."""
    path = tmp_path / "photo.dxf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    refused(path, "not a DXF")


def test_dwg_file(tmp_path: Path) -> None:
    """A DWG saved with a .dxf name is named as DWG."""
    path = tmp_path / "plano.dxf"
    path.write_bytes(b"AC1027" + bytes(200))
    refused(path, "DWG")


def test_text_that_is_not_dxf(tmp_path: Path) -> None:
    """A text file (a CSV) is not a DXF."""
    path = tmp_path / "list.dxf"
    path.write_text("name;area\nCasa 1;60\n", encoding="utf-8")
    refused(path, "not a DXF")


@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.5, 0.8, 0.99])
def test_truncated_at_several_offsets(tmp_path: Path, fraction: float) -> None:
    """A drawing cut at 10 %, 35 %, 50 %, 80 % or 99 % of its length is refused."""
    whole = tmp_path / "whole.dxf"
    write_dxf(sample_site(20, 1), whole)
    data = whole.read_bytes()
    path = tmp_path / "cut.dxf"
    path.write_bytes(data[: int(len(data) * fraction)])
    refused(path)


def test_only_open_polylines(tmp_path: Path) -> None:
    """Open polylines on plan layers are named (handle and layer), and nothing is read."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    space = doc.modelspace()
    first = space.add_lwpolyline([(0, 0), (10, 0), (10, 10)], dxfattribs={"layer": "vivienda"})
    space.add_lwpolyline([(20, 0), (30, 0), (30, 10)], dxfattribs={"layer": "lote"})
    path = tmp_path / "open.dxf"
    doc.saveas(path)
    error = refused(path, "2 open polyline(s)", f"LWPOLYLINE {first.dxf.handle}, layer vivienda")
    assert error.entity == f"LWPOLYLINE {first.dxf.handle}, layer vivienda"


def test_no_closed_shapes(tmp_path: Path) -> None:
    """Lines and circles only, or open polylines on unmapped layers: no closed shapes."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    doc.modelspace().add_line((0, 0), (1, 1), dxfattribs={"layer": "casa"})
    doc.modelspace().add_lwpolyline([(0, 0), (10, 0), (10, 10)], dxfattribs={"layer": "COTAS"})
    path = tmp_path / "lines.dxf"
    doc.saveas(path)
    refused(path, "no closed shapes")


def test_closed_shapes_on_unknown_layers_only(tmp_path: Path) -> None:
    """Closed shapes whose layers name no kind: the message lists the layers to map."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    doc.modelspace().add_lwpolyline(
        [(0, 0), (1, 0), (1, 1)], close=True, dxfattribs={"layer": "MUROS"}
    )
    path = tmp_path / "unknown.dxf"
    doc.saveas(path)
    refused(path, "MUROS", "map the layers")


def test_self_intersection_reported_and_repaired(tmp_path: Path) -> None:
    """A bow-tie unit (0,0)-(10,10)-(10,0)-(0,10) is refused naming it, and with repair
    becomes its two 25 m² triangles with a warning."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    bow = doc.modelspace().add_lwpolyline(
        [(0, 0), (10, 10), (10, 0), (0, 10)], close=True, dxfattribs={"layer": "unidad"}
    )
    path = tmp_path / "bow.dxf"
    doc.saveas(path)
    error = refused(path, "crosses itself")
    assert error.entity == f"LWPOLYLINE {bow.dxf.handle}, layer unidad"
    plan, warnings = read_dxf(path, repair=True)
    assert sorted(round(f.area, 6) for f in plan) == [25.0, 25.0]
    assert [f.id for f in plan] == [f"{bow.dxf.handle}.1", f"{bow.dxf.handle}.2"]
    assert "2 valid part" in warnings[0].message()


@pytest.mark.parametrize("code", [0, 3, 13])
def test_unknown_units(tmp_path: Path, code: int) -> None:
    """Unitless (0), miles (3) and microns (13) drawings are refused; units= overrides."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = code
    doc.modelspace().add_lwpolyline(
        [(0, 0), (1, 0), (1, 1)], close=True, dxfattribs={"layer": "casa"}
    )
    path = tmp_path / "units.dxf"
    doc.saveas(path)
    error = refused(path, "$INSUNITS")
    assert error.entity == "$INSUNITS"
    plan, _warnings = read_dxf(path, units="cm")
    assert plan.features[0].area == pytest.approx(0.5e-4)
    refused(path, "Unknown drawing units", units="furlong")


def test_missing_file(tmp_path: Path) -> None:
    """A file that is not there is a PlanFileError too (one place for the message)."""
    with pytest.raises(PlanFileError, match="cannot be read"):
        read_dxf(tmp_path / "nothing.dxf")
