"""A generated, deterministic site plan: a grid of blocks with units along paths.

Each block has two rows of row houses back to back around a shared garden,
each row facing a street; every seventh block is a park and the block nearest
the middle holds the common hall with its plaza. Used by the demo's site plan
and by the benchmarks; ``sample_site(n, seed)`` always gives the same plan.
"""

from __future__ import annotations

import math
import random

from shapely.geometry import box

from plans.features import Feature, Plan

UNITS_PER_ROW = 10
BLOCK_WIDTH_M = 70.0
UNIT_DEPTH_M = 10.0
GARDEN_DEPTH_M = 8.0
STREET_M = 6.0  # between rows of blocks (the units' fronts)
LANE_M = 4.0  # between columns of blocks
MARGIN_M = 6.0  # site boundary to the outer streets
BLOCK_DEPTH_M = 2 * UNIT_DEPTH_M + GARDEN_DEPTH_M
PARK_EVERY = 7


def _people_for(area: float, rng: random.Random) -> int:
    """A household size the default minimum areas allow in ``area`` m² (10 m² a person over 20)."""
    most = max(1, min(6, int((area - 20.0) // 10.0)))
    return rng.randint(1, most)


def _row_widths(rng: random.Random) -> list[float]:
    """Ten unit widths summing to the block width, on a 1 cm grid."""
    raw = [rng.uniform(6.0, 7.5) for _i in range(UNITS_PER_ROW)]
    total = sum(raw)
    edges = [0.0]
    for value in raw[:-1]:
        edges.append(round(edges[-1] + BLOCK_WIDTH_M * value / total, 2))
    edges.append(BLOCK_WIDTH_M)
    return edges


def _grid(units: int) -> tuple[int, int, int]:
    """(columns, rows, slot of the hall) for a roughly square site."""
    blocks = math.ceil(units / (2 * UNITS_PER_ROW))
    slots = blocks + blocks // (PARK_EVERY - 1) + 1
    cell_w, cell_h = BLOCK_WIDTH_M + LANE_M, BLOCK_DEPTH_M + STREET_M
    columns = max(1, math.ceil(math.sqrt(slots * cell_h / cell_w)))
    rows = math.ceil(slots / columns)
    return columns, rows, (rows // 2) * columns + columns // 2


def sample_site(units: int, seed: int) -> Plan:
    """A site with exactly ``units`` units, buildings, streets, gardens, parks and a hall."""
    if units < 0:
        raise ValueError("units must not be negative")
    rng = random.Random(seed)
    columns, _rows, hall_slot = _grid(units)
    features: list[Feature] = []
    placed = 0
    slot = 0
    hall_done = False
    block_no = 0
    used_rows = 0
    while placed < units or not hall_done:
        row, column = divmod(slot, columns)
        used_rows = max(used_rows, row + 1)
        x0 = MARGIN_M + LANE_M + column * (BLOCK_WIDTH_M + LANE_M)
        y0 = MARGIN_M + STREET_M + row * (BLOCK_DEPTH_M + STREET_M)
        if slot == hall_slot or (placed >= units and not hall_done):
            features += _hall(x0, y0)
            hall_done = True
        elif slot % PARK_EVERY == PARK_EVERY // 2 and placed < units:
            features.append(
                Feature(
                    "green",
                    f"Parque {slot // PARK_EVERY + 1}",
                    box(x0, y0, x0 + BLOCK_WIDTH_M, y0 + BLOCK_DEPTH_M),
                    (("use", "park"),),
                    id=f"park-{slot:04d}",
                )
            )
        else:
            block_no += 1
            count = min(2 * UNITS_PER_ROW, units - placed)
            features += _block(block_no, x0, y0, count=count, first=placed, rng=rng)
            placed += count
        slot += 1
    features = _streets(columns, used_rows) + features
    width = 2 * MARGIN_M + LANE_M + columns * (BLOCK_WIDTH_M + LANE_M)
    height = 2 * MARGIN_M + STREET_M + used_rows * (BLOCK_DEPTH_M + STREET_M)
    site = Feature("site", "Terreno", box(0.0, 0.0, width, height), id="site")
    return Plan((site, *features))


def _hall(x0: float, y0: float) -> list[Feature]:
    hall = box(x0, y0, x0 + 30.0, y0 + 20.0)
    plaza = box(x0 + 30.0, y0, x0 + BLOCK_WIDTH_M, y0 + BLOCK_DEPTH_M)
    return [
        Feature("common", "Salón comunal", hall, (("use", "hall"),), id="hall"),
        Feature("green", "Plaza", plaza, (("use", "plaza"),), id="plaza"),
    ]


def _block(
    number: int, x0: float, y0: float, *, count: int, first: int, rng: random.Random
) -> list[Feature]:
    """Up to two rows of units (front on the street), their buildings and the garden."""
    out: list[Feature] = []
    rows = (
        ("S", y0, y0 + UNIT_DEPTH_M),
        ("N", y0 + UNIT_DEPTH_M + GARDEN_DEPTH_M, y0 + BLOCK_DEPTH_M),
    )
    done = 0
    for side, bottom, top in rows:
        edges = _row_widths(rng)
        n = min(UNITS_PER_ROW, count - done)
        if n <= 0:
            break
        for i in range(n):
            geometry = box(x0 + edges[i], bottom, x0 + edges[i + 1], top)
            index = first + done + i + 1
            out.append(
                Feature(
                    "unit",
                    f"M{number}-{side}{i + 1:02d}",
                    geometry,
                    (("people", _people_for(geometry.area, rng)),),
                    id=f"unit-{index:05d}",
                )
            )
        out.append(
            Feature(
                "building",
                f"Bloque {number}{side}",
                box(x0, bottom, x0 + edges[n], top),
                (("storeys", 1),),
                id=f"building-{number:04d}{side}",
            )
        )
        done += n
    garden = box(x0, y0 + UNIT_DEPTH_M, x0 + BLOCK_WIDTH_M, y0 + UNIT_DEPTH_M + GARDEN_DEPTH_M)
    out.append(
        Feature(
            "green", f"Huerto {number}", garden, (("use", "garden"),), id=f"garden-{number:04d}"
        )
    )
    return out


def _streets(columns: int, rows: int) -> list[Feature]:
    """Streets along every row of blocks and lanes between the blocks of a row."""
    width = LANE_M + columns * (BLOCK_WIDTH_M + LANE_M)
    out: list[Feature] = []
    for r in range(rows + 1):
        y = MARGIN_M + r * (BLOCK_DEPTH_M + STREET_M)
        out.append(
            Feature(
                "path",
                f"Calle {r + 1}",
                box(MARGIN_M, y, MARGIN_M + width, y + STREET_M),
                (("width_m", STREET_M),),
                id=f"street-{r:03d}",
            )
        )
    for r in range(rows):
        y = MARGIN_M + STREET_M + r * (BLOCK_DEPTH_M + STREET_M)
        for c in range(columns + 1):
            x = MARGIN_M + c * (BLOCK_WIDTH_M + LANE_M)
            out.append(
                Feature(
                    "path",
                    f"Pasaje {r + 1}.{c + 1}",
                    box(x, y, x + LANE_M, y + BLOCK_DEPTH_M),
                    (("width_m", LANE_M),),
                    id=f"lane-{r:03d}-{c:03d}",
                )
            )
    return out
