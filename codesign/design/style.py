"""How each kind of feature looks, shared by the PDF sheet and the plan canvas.

Colours are muted fills a print shop and a projector both render well; the
drawing order puts large areas (site, plots, green) under buildings and units.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import N_


@dataclass(frozen=True, slots=True)
class KindStyle:
    """Fill and outline as ``#rrggbb``, outline width in points, and the drawing order."""

    label: str
    fill: str
    stroke: str
    width: float
    z: int


KIND_STYLES: dict[str, KindStyle] = {
    "site": KindStyle(N_("site boundary"), "#f7f5ee", "#5a4a2a", 1.2, 0),
    "plot": KindStyle(N_("plot"), "#efe9d8", "#9a8a60", 0.4, 1),
    "green": KindStyle(N_("green area"), "#cfe8c0", "#5c8f4a", 0.3, 2),
    "path": KindStyle(N_("path"), "#e2e2e2", "#8a8a8a", 0.3, 3),
    "building": KindStyle(N_("building"), "#d9cbb8", "#6b5440", 0.6, 4),
    "common": KindStyle(N_("common space"), "#f3d9a4", "#a0762a", 0.5, 5),
    "unit": KindStyle(N_("unit"), "#f4e7d3", "#7a5030", 0.5, 6),
    "room": KindStyle(N_("room"), "#fbf6ee", "#9a7a5a", 0.3, 7),
}
VIOLATION_COLOUR = "#c62828"
COMMENT_COLOUR = "#1f5fa8"
RESOLVED_COLOUR = "#7a7a7a"


def kind_style(kind: str) -> KindStyle:
    """The style of ``kind`` (an unknown kind drawn like a plot)."""
    return KIND_STYLES.get(kind, KIND_STYLES["plot"])


def drawing_order(kind: str) -> int:
    """Lower first: site and large areas under buildings, units and rooms."""
    return kind_style(kind).z
