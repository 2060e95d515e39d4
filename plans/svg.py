"""SVG of a plan: one group per kind, labels on top, y pointing up as on a site plan."""

from __future__ import annotations

import math
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from shapely.geometry import Polygon

from plans.features import Feature, Plan

DRAW_ORDER = ("site", "plot", "green", "path", "building", "common", "unit", "room")
STYLE = {
    "site": "fill:#f4f1e8;stroke:#5b5b5b;stroke-width:2",
    "plot": "fill:none;stroke:#9a8c6d;stroke-dasharray:2 1",
    "green": "fill:#b9dca0;stroke:#5f8f45",
    "path": "fill:#dedbd2;stroke:#a9a59a",
    "building": "fill:#e9c9a8;stroke:#7b4a2a;stroke-width:1.5",
    "common": "fill:#f2d98d;stroke:#8a6d16",
    "unit": "fill:#fbe9d7;stroke:#7b4a2a",
    "room": "fill:none;stroke:#7b4a2a;stroke-dasharray:1 0.5",
}
MARGIN = 0.03  # of the drawing's size, around it
FOOT = 0.08  # extra room below the drawing for the scale bar and the north arrow


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _path(polygon: Polygon, max_y: float, min_x: float) -> str:
    rings = [polygon.exterior, *polygon.interiors]
    parts = []
    for ring in rings:
        points = list(ring.coords)[:-1]
        head, *rest = points
        moves = [f"M{_num(head[0] - min_x)} {_num(max_y - head[1])}"]
        moves += [f"L{_num(x - min_x)} {_num(max_y - y)}" for x, y in rest]
        parts.append(" ".join(moves) + "Z")
    return " ".join(parts)


def _marked(feature: Feature, keys: frozenset[str]) -> bool:
    return bool(keys) and (feature.id in keys or feature.label in keys)


def plan_to_svg(
    plan: Plan, *, highlight: Iterable[str] = (), width_px: int = 1200, labels: bool = True
) -> str:
    """The plan as an SVG document; features whose id or label is in ``highlight`` are
    drawn in red on top (rule violations, changed features)."""
    keys = frozenset(highlight)
    min_x, min_y, max_x, max_y = plan.bounds
    span = max(max_x - min_x, max_y - min_y, 1.0)
    pad = span * MARGIN
    min_x, min_y, max_x, max_y = min_x - pad, min_y - pad - span * FOOT, max_x + pad, max_y + pad
    width, height = max_x - min_x, max_y - min_y
    px_h = max(1, round(width_px * height / width))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{px_h}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}">',
        "<style>",
        *(f"g.{kind} path{{{STYLE[kind]}}}" for kind in DRAW_ORDER),
        "path{stroke-width:1;vector-effect:non-scaling-stroke;fill-rule:evenodd}",
        "g.highlight path{fill:#e4572e;fill-opacity:0.55;stroke:#b3261e}",
        "text{font-family:'DejaVu Sans',sans-serif;fill:#2b2b2b;text-anchor:middle;"
        "dominant-baseline:central}",
        "</style>",
    ]
    for kind in DRAW_ORDER:
        features = plan.of_kind(kind)
        if not features:
            continue
        out.append(f'<g class="{kind}">')
        out.extend(_shape(f, max_y, min_x) for f in features)
        out.append("</g>")
    marked = [f for f in plan.features if _marked(f, keys)]
    if marked:
        out.append('<g class="highlight">')
        out.extend(_shape(f, max_y, min_x) for f in marked)
        out.append("</g>")
    if labels:
        # buildings holding units are named by their units; the site by the title
        quiet = {"site", "building"} if plan.of_kind("unit") else {"site"}
        out.append('<g class="labels">')
        out.extend(
            _label(f, max_y, min_x) for f in plan.features if f.label and f.kind not in quiet
        )
        out.append("</g>")
    out.extend(_scale_and_north(span, width, height, pad))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _nice_length(span: float) -> float:
    """A round length (1, 2 or 5 × 10ⁿ m) near a fifth of ``span``."""
    target = span / 5
    power = 10.0 ** math.floor(math.log10(target))
    return float(max(step * power for step in (1, 2, 5) if step * power <= target))


def _scale_and_north(span: float, width: float, height: float, pad: float) -> list[str]:
    """A scale bar (0 and its length in metres) bottom left, a north arrow bottom right."""
    length = _nice_length(span)
    size = span * FOOT
    x0, y = pad, height - pad - size * 0.3
    font = _num(size * 0.25)
    bar = _num(size * 0.12)
    half = x0 + length / 2
    north_x, north_top = width - pad - size * 0.3, height - pad - size
    return [
        '<g class="scale">',
        f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(length / 2)}" height="{bar}" '
        'fill="#2b2b2b"/>',
        f'<rect x="{_num(half)}" y="{_num(y)}" width="{_num(length / 2)}" height="{bar}" '
        'fill="#ffffff" stroke="#2b2b2b" stroke-width="1" vector-effect="non-scaling-stroke"/>',
        f'<text x="{_num(x0)}" y="{_num(y - size * 0.2)}" font-size="{font}">0</text>',
        f'<text x="{_num(x0 + length)}" y="{_num(y - size * 0.2)}" font-size="{font}">'
        f"{_num(length)} m</text>",
        "</g>",
        '<g class="north">',
        f'<path d="M{_num(north_x)} {_num(north_top)} L{_num(north_x + size * 0.15)} '
        f"{_num(north_top + size * 0.6)} L{_num(north_x)} {_num(north_top + size * 0.45)} "
        f'L{_num(north_x - size * 0.15)} {_num(north_top + size * 0.6)}Z" fill="#2b2b2b"/>',
        f'<text x="{_num(north_x)}" y="{_num(north_top + size * 0.85)}" '
        f'font-size="{font}">N</text>',
        "</g>",
    ]


def _shape(feature: Feature, max_y: float, min_x: float) -> str:
    ident = f" data-id={quoteattr(feature.id)}" if feature.id else ""
    return (
        f'<path{ident} d="{_path(feature.geometry, max_y, min_x)}">'
        f"<title>{escape(feature.name)}</title></path>"
    )


def _label(feature: Feature, max_y: float, min_x: float) -> str:
    point = feature.geometry.representative_point()
    x0, y0, x1, y1 = feature.geometry.bounds
    size = max(0.3, min(3.0, (x1 - x0) / max(4, len(feature.label) * 0.7), (y1 - y0) / 2))
    size = math.floor(size * 100) / 100
    return (
        f'<text x="{_num(point.x - min_x)}" y="{_num(max_y - point.y)}" '
        f'font-size="{_num(size)}">{escape(feature.label)}</text>'
    )
