"""The units a DXF drawing is read in, as the import dialog offers them.

The same names as ``minga plan import --units`` (``plans.units.DRAWING_UNITS``); the
conversion itself stays in ``plans.dxf`` (``read_dxf(units=...)``). A drawing whose
size in the chosen unit is not a site's (a cm drawing read as metres is a hundred
times too big) gets a warning naming the units that would give a site's size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_decimal
from plans.dxf_overview import DxfOverview
from plans.errors import PlanFileError
from plans.units import DRAWING_UNITS, UNIT_FACTORS

__all__ = [
    "DEFAULT_UNIT",
    "DRAWING_UNITS",
    "header_text",
    "read_overview",
    "size_in_metres",
    "size_text",
    "size_warning",
    "unit_label",
]

UNIT_LABELS: Mapping[str, str] = {
    "mm": N_("millimetres (mm)"),
    "cm": N_("centimetres (cm)"),
    "dm": N_("decimetres (dm)"),
    "m": N_("metres (m)"),
    "km": N_("kilometres (km)"),
    "in": N_("inches (in)"),
    "ft": N_("feet (ft)"),
    "yd": N_("yards (yd)"),
}
DEFAULT_UNIT = "m"  # when the header says none
SITE_MIN_M = 1.0  # a drawing smaller than this across is not a site, nor a room
SITE_MAX_M = 20_000.0  # nor larger: 20 km is a town, not a cooperative's site
TYPICAL_M = (5.0, 5_000.0)  # the sizes a suggested unit must give
SUGGESTED = ("mm", "cm", "m", "in", "ft")  # the units CAD drawings are made in, in this order


def unit_label(unit: str) -> str:
    """The unit's name in the user's language, with its symbol: "centimetres (cm)"."""
    return _(UNIT_LABELS[unit])


def read_overview(path: Path) -> DxfOverview | None:
    """The drawing's layers, header unit and size; None when it cannot be read (the import
    then says why, naming the file)."""
    from plans.dxf_overview import dxf_overview

    try:
        return dxf_overview(path)
    except PlanFileError:
        return None
    except Exception:  # ezdxf may stumble on an odd entity; the overview only advises
        return None


def header_text(overview: DxfOverview) -> str:
    """What the drawing's header says about its units, for the dialog."""
    unit = overview.declared_unit
    if unit is not None:
        return _("The drawing's header says it is in {unit}.").format(unit=unit_label(unit))
    if overview.insunits == 0:
        return _("The drawing's header does not say its units.")
    return _("The drawing's header gives units Minga does not read ($INSUNITS {code}).").format(
        code=overview.insunits
    )


def size_in_metres(size: tuple[float, float], unit: str) -> tuple[float, float]:
    """(width, depth) in drawing units as metres, read in ``unit``."""
    factor = UNIT_FACTORS[unit][1]
    return size[0] * factor, size[1] * factor


def _significant(value: float, digits: int = 3) -> float:
    return round(value, digits - 1 - math.floor(math.log10(value))) if value > 0 else 0.0


def _length(metres: float, locale: str) -> str:
    """A length to three significant digits, as read on a site: 0,25 m, 12,5 m, 340 m, 1,2 km."""
    if metres >= 1000:
        return _("{n} km").format(n=format_decimal(_significant(metres / 1000), locale))
    return _("{n} m").format(n=format_decimal(_significant(metres), locale))


def size_text(size: tuple[float, float], unit: str, locale: str) -> str:
    """The drawing's width × depth read in ``unit``: what the import would make of it."""
    width, depth = size_in_metres(size, unit)
    return _("In {unit} the drawing measures {width} × {depth}.").format(
        unit=unit_label(unit), width=_length(width, locale), depth=_length(depth, locale)
    )


def size_warning(size: tuple[float, float], unit: str, locale: str) -> str | None:
    """A warning when the drawing read in ``unit`` is too large or too small to be a site,
    naming the common CAD units that would give a site's size; None when it looks right."""
    longest = max(size_in_metres(size, unit))
    if SITE_MIN_M <= longest <= SITE_MAX_M:
        return None
    across = _length(longest, locale)
    if longest > SITE_MAX_M:
        text = _("A site {size} across is larger than a cooperative's site can be.")
    else:
        text = _("A site {size} across is smaller than a room.")
    parts = [text.format(size=across)]
    fitting = [
        other
        for other in SUGGESTED
        if other != unit and TYPICAL_M[0] <= max(size_in_metres(size, other)) <= TYPICAL_M[1]
    ]
    parts.extend(
        _("In {unit} it would be {size} across.").format(
            unit=unit_label(other), size=_length(max(size_in_metres(size, other)), locale)
        )
        for other in fitting
    )
    if not fitting:
        parts.append(_("Check the drawing's units in your CAD program."))
    return " ".join(parts)
