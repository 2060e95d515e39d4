"""A small site drawn as CAD programs save it, at any scale and with or without $INSUNITS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf

SHAPES = {  # layer: (x, y, width, depth) in metres
    "TERRENO": (0, 0, 40, 30),
    "VIVIENDA": (5, 5, 6, 6),
    "CAMINO": (5, 11, 30, 3),
}


def site_drawing(path: Path, insunits: int | None, per_metre: float) -> Path:
    """The 40 × 30 m site of SHAPES, unit B01-01 labelled, at ``per_metre`` units a metre;
    ``insunits`` None leaves $INSUNITS out of the header."""
    doc = ezdxf.new("R2010")
    if insunits is None:
        del doc.header["$INSUNITS"]
    else:
        doc.header["$INSUNITS"] = insunits
    space: Any = doc.modelspace()
    for layer, (x, y, w, h) in SHAPES.items():
        corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        space.add_lwpolyline(
            [(a * per_metre, b * per_metre) for a, b in corners],
            close=True,
            dxfattribs={"layer": layer},
        )
    label = {"layer": "VIVIENDA", "insert": (6 * per_metre, 7 * per_metre)}
    space.add_text("B01-01", dxfattribs=label)
    doc.saveas(path)
    return path
