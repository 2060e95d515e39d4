"""DXF plans out: one layer per kind, closed polylines (hatches for shapes with holes),
labels as TEXT, and the feature's id, label and attributes in XDATA so a drawing
written here reads back the same."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from plans.features import KINDS, Plan

COLOURS = {  # AutoCAD colour index per kind
    "site": 7,
    "plot": 8,
    "building": 1,
    "unit": 5,
    "room": 4,
    "common": 6,
    "path": 9,
    "green": 3,
}
XDATA_CHUNK = 240  # group code 1000 strings hold at most 255 bytes


def _chunks(text: str) -> list[str]:
    return [text[i : i + XDATA_CHUNK] for i in range(0, len(text), XDATA_CHUNK)]


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def write_dxf(plan: Plan, path: str | Path) -> None:
    """Write ``plan`` as a DXF R2010 drawing in metres ($INSUNITS 6)."""
    from ezdxf.enums import TextEntityAlignment
    from ezdxf.filemanagement import new

    doc = new("R2010", setup=False)
    doc.header["$INSUNITS"] = 6
    doc.header["$MEASUREMENT"] = 1
    doc.appids.add("MINGA")
    for kind in KINDS:
        doc.layers.add(kind, color=COLOURS[kind])
    space = doc.modelspace()
    for feature in plan.features:
        attributes = {k: _plain(v) for k, v in feature.attributes if k != "layer"}
        xdata = [(1000, feature.id), (1000, feature.label)]
        xdata += [(1000, part) for part in _chunks(json.dumps(attributes, ensure_ascii=False))]
        geometry = feature.geometry
        outline = list(geometry.exterior.coords)[:-1]
        entity: Any
        if geometry.interiors:
            entity = space.add_hatch(
                color=COLOURS[feature.kind], dxfattribs={"layer": feature.kind}
            )
            entity.paths.add_polyline_path(outline, is_closed=True, flags=1)
            for hole in geometry.interiors:
                entity.paths.add_polyline_path(list(hole.coords)[:-1], is_closed=True, flags=0)
        else:
            entity = space.add_lwpolyline(outline, close=True, dxfattribs={"layer": feature.kind})
        entity.set_xdata("MINGA", xdata)
        if feature.label:
            point = geometry.representative_point()
            height = max(0.2, min(1.0, math.sqrt(geometry.area) / 8))
            text = space.add_text(feature.label, height=height, dxfattribs={"layer": feature.kind})
            text.set_placement((point.x, point.y), align=TextEntityAlignment.MIDDLE_CENTER)
    doc.saveas(Path(path))
