"""DXF plans in: closed polylines, circles, ellipses, splines, hatches and exploded blocks,
labelled by the texts inside.

ezdxf is imported only when a DXF is read or written (it costs 0.2 s at start-up).
A drawing is read whole or not at all: open polylines on plan layers,
self-intersecting shapes (unless ``repair``), unknown units, and files that are
not DXF, are binary or are cut short raise ``PlanFileError`` naming the entity.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely import STRtree
from shapely.geometry import Point, Polygon

from plans._dxf_write import write_dxf
from plans._text import N_
from plans._validate import polygon_parts
from plans.errors import PlanFileError, PlanWarning
from plans.features import Feature, Plan
from plans.layers import kind_for_layer
from plans.units import UNIT_FACTORS, UNITS

__all__ = ["UNITS", "read_dxf", "write_dxf"]

FLATTEN_M = 0.01  # arcs become segments no farther than 1 cm from the curve (in metres)
SHAPES = ("LWPOLYLINE", "POLYLINE", "HATCH")
CURVES = ("CIRCLE", "ELLIPSE", "SPLINE")  # closed ones are shapes (a round planter, a tree)
TEXTS = ("TEXT", "MTEXT", "ATTRIB")
MAX_NAMED = 5  # entities named in one message


@dataclass(frozen=True, slots=True)
class _Shape:
    entity: str  # handle and layer, for messages
    handle: str
    layer: str
    polygon: Any  # shapely geometry in drawing units
    xdata: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Text:
    text: str
    layer: str
    point: tuple[float, float]


def _check_bytes(path: Path) -> None:
    """Refuse what is not a complete ASCII or binary DXF before ezdxf parses it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 64))
            tail = handle.read()
    except OSError as error:
        raise PlanFileError(
            path, N_("The file cannot be read ({error})."), error=str(error)
        ) from None
    if head.startswith(b"AutoCAD Binary DXF"):
        if b"EOF" not in tail:
            raise PlanFileError(path, N_("The DXF file is cut short (no end of file)."))
        return
    if head[:4] in (b"AC10", b"AC11", b"AC12", b"AC13", b"AC14", b"AC15"):
        raise PlanFileError(path, N_("This is a DWG drawing; save it as DXF in your CAD program."))
    if b"\x00" in head or not head.strip():
        raise PlanFileError(path, N_("This is not a DXF file (binary or empty)."))
    lines = head.decode("latin-1").split()
    if len(lines) < 2 or lines[0] != "0" or lines[1] != "SECTION":
        raise PlanFileError(path, N_("This is not a DXF file (it does not start with a section)."))
    if tail.replace(b"\x1a", b" ").replace(b"\x00", b" ").split()[-1:] != [b"EOF"]:
        raise PlanFileError(path, N_("The DXF file is cut short (no end of file)."))


def open_drawing(path: Path) -> Any:
    """The ezdxf document in ``path``; PlanFileError when it is not a whole, readable DXF."""
    from ezdxf.filemanagement import readfile
    from ezdxf.lldxf.const import DXFError, DXFStructureError

    _check_bytes(path)
    try:
        return readfile(path)
    except DXFStructureError as error:
        raise PlanFileError(
            path, N_("The DXF file is damaged ({error})."), error=str(error)
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, DXFError) as error:
        raise PlanFileError(
            path, N_("This is not a DXF file ezdxf can read ({error})."), error=str(error)
        ) from None


def _units(doc: Any, path: Path, units: str | None) -> float:
    if units is not None:
        if units not in UNIT_FACTORS:
            raise PlanFileError(
                path, N_("Unknown drawing units {units}."), entity="$INSUNITS", units=units
            )
        return UNIT_FACTORS[units][1]
    code = int(doc.header.get("$INSUNITS", 0))
    if code in UNITS:
        return UNITS[code][1]
    if code == 0:
        raise PlanFileError(
            path,
            N_(
                "The drawing does not say its units ($INSUNITS is not set); "
                "set them in your CAD program or choose the units when importing."
            ),
            entity="$INSUNITS",
        )
    raise PlanFileError(
        path,
        N_("Unsupported drawing units ($INSUNITS {code}); use millimetres, centimetres or metres."),
        entity="$INSUNITS",
        code=code,
    )


def _walk(entities: Any, layer: str | None, handle: str | None, depth: int = 0) -> Iterator[Any]:
    """Entities with blocks exploded to world coordinates: (entity, layer, handle)."""
    for n, entity in enumerate(entities):
        own = entity.dxf.get("layer", "0")
        effective = layer if own == "0" and layer is not None else own
        mark = entity.dxf.get("handle") or f"{handle}/{n + 1}"
        if entity.dxftype() == "INSERT":
            if depth > 16:  # a block that inserts itself
                continue
            yield from _walk(entity.virtual_entities(), effective, mark, depth + 1)
            for attrib in entity.attribs:  # block attributes: often the unit's number
                own_layer = attrib.dxf.get("layer", "0")
                yield attrib, effective if own_layer == "0" else own_layer, mark
        else:
            yield entity, effective, mark


def _ring(entity: Any, flatten: float) -> tuple[list[tuple[float, float]], bool]:
    """World (x, y) vertices of a polyline or curve, arcs flattened, and whether it is closed."""
    from ezdxf import path as ezpath

    kind = entity.dxftype()
    points = [(v.x, v.y) for v in ezpath.make_path(entity).flattening(flatten)]
    if kind == "LWPOLYLINE":
        closed = bool(entity.closed)
    elif kind == "POLYLINE":
        closed = bool(entity.is_closed)
    elif kind == "CIRCLE":
        closed = True
    elif kind == "ELLIPSE":
        span = (entity.dxf.end_param - entity.dxf.start_param) % (2 * math.pi)
        closed = span < 1e-9 or abs(span - 2 * math.pi) < 1e-9
    else:  # SPLINE
        closed = bool(entity.closed)
    if len(points) > 2 and math.dist(points[0], points[-1]) <= flatten:
        closed = True
    return points, closed


def _hatch(entity: Any, flatten: float) -> Any:
    """The hatch's area: the outer loop with the loops inside it as holes, or, for other
    arrangements, the odd-parity fill of all its loops."""
    from ezdxf import path as ezpath

    loops = []
    for loop in ezpath.from_hatch(entity):
        points = [(v.x, v.y) for v in loop.flattening(flatten)]
        if len(points) >= 3:
            loops.append(Polygon(points))
    if not loops:
        return shapely.Polygon()
    outer = max(loops, key=lambda ring: ring.area)
    inner = [ring for ring in loops if ring is not outer]
    if outer.is_valid and all(outer.contains(ring) for ring in inner):
        holed = Polygon(outer.exterior.coords, [ring.exterior.coords for ring in inner])
        if holed.is_valid:
            return holed
    area: Any = shapely.Polygon()
    for ring in loops:
        area = area.symmetric_difference(shapely.make_valid(ring))
    return area


def _text(entity: Any, layer: str) -> _Text | None:
    kind = entity.dxftype()
    if kind == "MTEXT":
        text = entity.plain_text()
        point = entity.dxf.insert
    else:
        text = entity.plain_text()
        aligned = entity.dxf.get("halign", 0) or entity.dxf.get("valign", 0)
        local = entity.dxf.get("align_point") if aligned else None
        point = entity.ocs().to_wcs(local if local is not None else entity.dxf.insert)
    text = " ".join(str(text).split())
    return _Text(text, layer, (point.x, point.y)) if text else None


def _xdata(entity: Any) -> tuple[str, ...]:
    if not entity.has_xdata("MINGA"):
        return ()
    return tuple(str(value) for code, value in entity.get_xdata("MINGA") if code == 1000)


def _collect(
    doc: Any, layer_map: Mapping[str, str] | None, flatten: float
) -> tuple[list[_Shape], list[_Text], list[str], dict[str, int]]:
    """Shapes, texts, open polylines on plan layers and counts of what was ignored."""
    shapes: list[_Shape] = []
    texts: list[_Text] = []
    open_ones: list[str] = []
    ignored: dict[str, int] = {}
    for entity, layer, handle in _walk(doc.modelspace(), None, None):
        kind = entity.dxftype()
        name = f"{kind} {handle}, layer {layer}"
        if kind == "ATTDEF":  # an attribute's template inside a block: its ATTRIB is the text
            continue
        if kind in TEXTS:
            found = _text(entity, layer)
            if found is not None:
                texts.append(found)
            continue
        if kind not in SHAPES + CURVES or (
            kind == "POLYLINE" and (entity.is_poly_face_mesh or entity.is_polygon_mesh)
        ):
            ignored[kind] = ignored.get(kind, 0) + 1
            continue
        if kind == "HATCH":
            polygon = _hatch(entity, flatten)
        else:
            points, closed = _ring(entity, flatten)
            if not closed:
                if kind in SHAPES and kind_for_layer(layer, layer_map) is not None:
                    open_ones.append(name)
                else:
                    ignored[kind] = ignored.get(kind, 0) + 1
                continue
            if len(points) < 3:
                ignored[kind] = ignored.get(kind, 0) + 1
                continue
            polygon = Polygon(points)
        shapes.append(_Shape(name, str(handle), layer, polygon, _xdata(entity)))
    return shapes, texts, open_ones, ignored


def _scaled(geometry: Any, factor: float) -> Any:
    return geometry if factor == 1.0 else shapely.transform(geometry, lambda c: c * factor)


def _labels(polygons: list[Any], layers: list[str], texts: list[_Text]) -> dict[int, str]:
    """Text → the smallest polygon containing it, on the text's layer when one does."""
    if not polygons or not texts:
        return {}
    tree = STRtree(polygons)
    points = [Point(t.point) for t in texts]
    found, hit = tree.query(points, predicate="within")
    candidates: dict[int, list[int]] = {}
    for t, p in zip(found.tolist(), hit.tolist(), strict=True):
        candidates.setdefault(t, []).append(p)
    labels: dict[int, str] = {}
    for t in sorted(candidates):
        options = candidates[t]
        same = [p for p in options if layers[p] == texts[t].layer]
        best = min(same or options, key=lambda p: polygons[p].area)
        labels.setdefault(best, texts[t].text)
    return labels


def _stored(xdata: tuple[str, ...]) -> tuple[str, str, tuple[tuple[str, Any], ...]]:
    """(id, label, attributes) a Minga DXF keeps in XDATA; empty for other drawings."""
    import json

    if len(xdata) < 2:
        return "", "", ()
    try:
        values = json.loads("".join(xdata[2:]) or "{}")
    except ValueError:
        values = {}
    items = values.items() if isinstance(values, dict) else ()
    attributes = tuple((str(k), tuple(v) if isinstance(v, list) else v) for k, v in items)
    return xdata[0], xdata[1], attributes


def read_dxf(
    path: str | Path,
    *,
    layer_map: Mapping[str, str] | None = None,
    repair: bool = False,
    units: str | None = None,
) -> tuple[Plan, tuple[PlanWarning, ...]]:
    """The plan in a DXF drawing, in metres, and what was skipped or repaired.

    ``layer_map`` (layer name → kind) adds to and overrides the default layer
    table; ``units`` (``"mm"``, ``"cm"``, ``"m"``, ``"ft"``…) is for drawings
    whose header does not say. Raises PlanFileError, and imports nothing, for
    the problems listed in the module docstring.
    """
    path = Path(path)
    doc = open_drawing(path)
    factor = _units(doc, path, units)
    shapes, texts, open_ones, ignored = _collect(doc, layer_map, FLATTEN_M / factor)
    if open_ones:
        named = "; ".join(open_ones[:MAX_NAMED]) + (" …" if len(open_ones) > MAX_NAMED else "")
        raise PlanFileError(
            path,
            N_(
                "{count} open polyline(s) on plan layers: {entities}. "
                "Close them in your CAD program."
            ),
            entity=open_ones[0],
            count=len(open_ones),
            entities=named,
        )
    if not shapes:
        raise PlanFileError(
            path, N_("The drawing has no closed shapes (closed polylines or hatches).")
        )
    warnings: list[PlanWarning] = []
    unmapped: dict[str, int] = {}
    kept: list[tuple[_Shape, str, Polygon]] = []
    for shape in shapes:
        kind = kind_for_layer(shape.layer, layer_map)
        if kind is None:
            unmapped[shape.layer] = unmapped.get(shape.layer, 0) + 1
            continue
        parts, repaired = polygon_parts(
            _scaled(shape.polygon, factor), path=path, entity=shape.entity, repair=repair
        )
        warnings.extend(repaired)
        kept.extend((shape, kind, part) for part in parts)
    if not kept:
        raise PlanFileError(
            path,
            N_(
                "No layer with closed shapes names a feature kind ({layers}); "
                "map the layers to kinds."
            ),
            layers=", ".join(sorted(unmapped)),
        )
    warnings.extend(
        PlanWarning(
            f"layer {layer}",
            N_("Skipped {count} shape(s) on layer {layer}: its name matches no feature kind."),
            (("count", count), ("layer", layer)),
        )
        for layer, count in sorted(unmapped.items())
    )
    if ignored:
        warnings.append(
            PlanWarning(
                "",
                N_("Ignored {count} entities that are not closed shapes or texts ({types})."),
                (
                    ("count", sum(ignored.values())),
                    ("types", ", ".join(f"{k} {n}" for k, n in sorted(ignored.items()))),
                ),
            )
        )
    scaled_texts = [
        _Text(t.text, t.layer, (t.point[0] * factor, t.point[1] * factor)) for t in texts
    ]
    labels = _labels([p for _s, _k, p in kept], [s.layer for s, _k, _p in kept], scaled_texts)
    counts: dict[str, int] = {}
    for shape, _kind, _part in kept:
        counts[shape.handle] = counts.get(shape.handle, 0) + 1
    seen: dict[str, int] = {}
    features: list[Feature] = []
    for index, (shape, kind, part) in enumerate(kept):
        stored_id, stored_label, stored_attributes = _stored(shape.xdata)
        ident = stored_id or shape.handle
        if counts[shape.handle] > 1:
            seen[shape.handle] = seen.get(shape.handle, 0) + 1
            ident = f"{ident}.{seen[shape.handle]}"
        attributes = stored_attributes if shape.xdata else (("layer", shape.layer),)
        label = labels.get(index, stored_label)
        features.append(Feature(kind, label, part, attributes, id=ident))
    return Plan(tuple(features)), tuple(warnings)
