"""Drawing units: the $INSUNITS codes a DXF header may give and the units a person may choose.

Kept apart from ``plans.dxf`` (which loads shapely) so the command line and the
window can offer the same choices without loading geometry.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DRAWING_UNITS", "UNITS", "UNIT_FACTORS", "header_unit"]

# $INSUNITS code → (name, metres per drawing unit); 0 "unitless" and the exotic ones are refused
UNITS: Mapping[int, tuple[str, float]] = {
    1: ("in", 0.0254),
    2: ("ft", 0.3048),
    4: ("mm", 0.001),
    5: ("cm", 0.01),
    6: ("m", 1.0),
    7: ("km", 1000.0),
    10: ("yd", 0.9144),
    14: ("dm", 0.1),
}
UNIT_FACTORS: Mapping[str, tuple[int, float]] = {
    name: (code, factor) for code, (name, factor) in UNITS.items()
}
# The choices offered (``--units`` and the import dialog): metric smallest first, then imperial
DRAWING_UNITS: tuple[str, ...] = ("mm", "cm", "dm", "m", "km", "in", "ft", "yd")


def header_unit(code: int) -> str | None:
    """The unit an $INSUNITS code names, or None for 0 (unitless) and codes not read."""
    found = UNITS.get(code)
    return found[0] if found else None
