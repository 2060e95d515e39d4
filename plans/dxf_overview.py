"""What the import dialog shows of a DXF drawing before it is read: its layers, the unit
its header declares and how large it is, in drawing units.

The size lets a person see a drawing made in centimetres but read as metres (a site
a hundred times too big) before importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plans.dxf import open_drawing
from plans.units import header_unit

__all__ = ["DxfOverview", "dxf_overview"]


@dataclass(frozen=True, slots=True)
class DxfOverview:
    """A drawing at a glance; ``size`` is (width, depth) in drawing units, None when empty."""

    layers: tuple[str, ...]
    insunits: int  # the header's $INSUNITS code, 0 when it says none
    size: tuple[float, float] | None

    @property
    def declared_unit(self) -> str | None:
        """The unit the header names ("cm", "m"…), None when it names none Minga reads."""
        return header_unit(self.insunits)


def dxf_overview(path: str | Path) -> DxfOverview:
    """Layers holding entities, the $INSUNITS code and the extent of the model space.

    Raises PlanFileError for a file that is not a whole, readable DXF.
    """
    from ezdxf import bbox

    doc = open_drawing(Path(path))
    space = doc.modelspace()
    layers = sorted({str(e.dxf.layer) for e in space if e.dxf.hasattr("layer")})
    box = bbox.extents(space, fast=True)
    size = (float(box.size.x), float(box.size.y)) if box.has_data else None
    try:
        code = int(doc.header.get("$INSUNITS", 0))
    except (TypeError, ValueError):
        code = 0
    return DxfOverview(tuple(layers), code, size)
