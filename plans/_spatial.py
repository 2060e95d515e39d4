"""One spatial survey of a plan: every feature measured once, candidate pairs found once.

An STRtree gives the candidate pairs (bounding boxes meet) in one query. Two
shapes whose bounding boxes, taken in the plan's own frame (turned to the
site's longest edge), share no area cannot overlap; two frame-aligned
rectangles overlap by exactly their boxes' intersection, and a shape whose box
lies inside a rectangle lies inside it. Only the remaining pairs go to GEOS,
so a rotated or irregular drawing stays exact and a gridded one costs a few
array operations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
Pairs = tuple[Ints, Ints, Floats]
EPS_M = 1e-6  # coordinate slack of a frame test, metres
AREA_TOLERANCE_M2 = 0.01  # overlaps below this are drawing noise (shared walls drawn twice)


def frame_angle(site: BaseGeometry | None) -> float:
    """The direction (radians, 0 to π/2) of the site's longest boundary edge; 0 without one."""
    if site is None or site.is_empty:
        return 0.0
    ring = getattr(site, "exterior", site)
    coords = np.asarray(shapely.get_coordinates(ring))
    if len(coords) < 2:
        return 0.0
    steps = np.diff(coords, axis=0)
    longest = steps[int(np.argmax(np.hypot(steps[:, 0], steps[:, 1])))]
    angle = math.atan2(float(longest[1]), float(longest[0])) % (math.pi / 2)
    return 0.0 if abs(angle) < 1e-12 or abs(angle - math.pi / 2) < 1e-12 else angle


def _frame_boxes(geoms: npt.NDArray[np.object_], angle: float) -> Floats:
    if not len(geoms):
        return np.zeros((0, 4))
    if not angle:
        return np.asarray(shapely.bounds(geoms), dtype=np.float64)
    coords = np.asarray(shapely.get_coordinates(geoms), dtype=np.float64)
    counts = np.asarray(shapely.get_num_coordinates(geoms))
    cos, sin = math.cos(angle), math.sin(angle)
    u = coords[:, 0] * cos + coords[:, 1] * sin
    v = coords[:, 1] * cos - coords[:, 0] * sin
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return np.column_stack(
        (
            np.minimum.reduceat(u, starts),
            np.minimum.reduceat(v, starts),
            np.maximum.reduceat(u, starts),
            np.maximum.reduceat(v, starts),
        )
    )


def as_array(geoms: Iterable[BaseGeometry], count: int) -> npt.NDArray[np.object_]:
    """A numpy object array of shapely geometries (never a 2-D array of coordinates)."""
    return np.fromiter(geoms, dtype=object, count=count)


@dataclass(frozen=True, slots=True)
class Survey:
    """Polygons with areas, frame boxes and the candidate pairs (i < j) whose boxes meet."""

    geoms: npt.NDArray[np.object_]
    areas: Floats
    boxes: Floats  # (4, n): min u, min v, max u, max v in the frame, one row each
    boxy: Bools  # the shape is its own frame box (a frame-aligned rectangle)
    left: Ints
    right: Ints
    angle: float
    paired: Bools
    tree: STRtree | None  # over the paired shapes, in row order

    @classmethod
    def of(cls, geoms: npt.NDArray[np.object_], angle: float, paired: Bools) -> Survey:
        """Measure ``geoms`` in the frame turned by ``angle``; find the candidate pairs among
        the ``paired`` ones."""
        areas = np.asarray(shapely.area(geoms), dtype=np.float64)
        boxes = np.ascontiguousarray(_frame_boxes(geoms, angle).T)
        box_areas = (boxes[2] - boxes[0]) * (boxes[3] - boxes[1])
        boxy = np.abs(box_areas - areas) <= 1e-9 * np.maximum(box_areas, 1.0)
        rows = np.flatnonzero(paired)
        tree = None
        if len(rows) > 1:
            chosen = geoms[rows]
            tree = STRtree(chosen)
            left, right = tree.query(chosen)
            keep = left < right
            left, right = rows[left[keep]], rows[right[keep]]
        else:
            left = right = np.zeros(0, dtype=np.intp)
        return cls(geoms, areas, boxes, boxy, left, right, angle, paired, tree)

    def __len__(self) -> int:
        return len(self.geoms)

    def overlaps(self, members: Bools) -> Pairs:
        """Pairs of ``members`` (paired shapes) whose interiors share more than the tolerance,
        and the m² they share."""
        if members is self.paired:
            left, right = self.left, self.right
        else:
            pick = members[self.left] & members[self.right]
            left, right = self.left[pick], self.right[pick]
        u0, v0, u1, v1 = self.boxes
        width = np.minimum(u1[left], u1[right]) - np.maximum(u0[left], u0[right])
        height = np.minimum(v1[left], v1[right]) - np.maximum(v0[left], v0[right])
        meet = (width > EPS_M) & (height > EPS_M)
        left, right = left[meet], right[meet]
        width, height = width[meet], height[meet]
        shared = np.full(len(left), np.nan)
        boxy_l, boxy_r = self.boxy[left], self.boxy[right]
        both = boxy_l & boxy_r
        shared[both] = width[both] * height[both]
        a_in_b = boxy_r & self._inside(left, right)
        b_in_a = boxy_l & self._inside(right, left)
        shared[a_in_b] = self.areas[left[a_in_b]]
        shared[b_in_a] = self.areas[right[b_in_a]]
        exact = np.isnan(shared)
        if exact.any():
            pieces = shapely.intersection(self.geoms[left[exact]], self.geoms[right[exact]])
            shared[exact] = shapely.area(pieces)
        found = shared > AREA_TOLERANCE_M2
        return left[found], right[found], shared[found]

    def _inside(self, inner: Ints, outer: Ints) -> Bools:
        """Whether each ``inner`` shape's frame box lies in its ``outer`` shape's box."""
        u0, v0, u1, v1 = self.boxes
        return np.asarray(
            (u0[inner] >= u0[outer] - EPS_M)
            & (v0[inner] >= v0[outer] - EPS_M)
            & (u1[inner] <= u1[outer] + EPS_M)
            & (v1[inner] <= v1[outer] + EPS_M)
        )

    def union_area(self, members: Bools, pairs: Pairs | None = None) -> float:
        """Area of the union of ``members``: shapes inside another drop out, separate ones
        add up, and only groups that really overlap are merged by GEOS."""
        if not members.any():
            return 0.0
        left, right, shared = self.overlaps(members) if pairs is None else pairs
        tol = AREA_TOLERANCE_M2
        covered = np.zeros(len(self), dtype=bool)
        left_in = shared >= self.areas[left] - tol
        right_in = shared >= self.areas[right] - tol
        same = left_in & right_in  # equal shapes: keep the first
        covered[right[same]] = True
        covered[left[left_in & ~same]] = True
        covered[right[right_in & ~same]] = True
        rest = ~covered[left] & ~covered[right]
        left, right = left[rest], right[rest]
        total = float(self.areas[members & ~covered].sum())
        for group in _components(left, right):
            total -= float(self.areas[group].sum())
            total += float(shapely.union_all(self.geoms[group]).area)
        return total

    def touching(self, subjects: Bools, targets: Bools, tolerance: float) -> Bools:
        """For every shape: True when it is a subject within ``tolerance`` of a target."""
        reached = np.zeros(len(self), dtype=bool)
        subject_rows, target_rows = np.flatnonzero(subjects), np.flatnonzero(targets)
        if not len(target_rows) or not len(subject_rows):
            return reached
        if self.tree is not None and not (subjects & ~self.paired).any():
            # the targets are few: ask the paired shapes' tree which subjects they meet
            hit, found = self.tree.query(self.geoms[target_rows])
            found = np.flatnonzero(self.paired)[found]
            keep = subjects[found]
            subject, target = found[keep], target_rows[hit[keep]]
        else:
            found, hit = STRtree(self.geoms[target_rows]).query(self.geoms[subject_rows])
            subject, target = subject_rows[found], target_rows[hit]
        u0, v0, u1, v1 = self.boxes
        gap_u = np.maximum(
            0.0, np.maximum(u0[subject], u0[target]) - np.minimum(u1[subject], u1[target])
        )
        gap_v = np.maximum(
            0.0, np.maximum(v0[subject], v0[target]) - np.minimum(v1[subject], v1[target])
        )
        both = self.boxy[subject] & self.boxy[target]
        reached[subject[both & (np.hypot(gap_u, gap_v) <= tolerance)]] = True
        exact = ~both & ~reached[subject]
        if exact.any():
            hits = shapely.dwithin(self.geoms[subject[exact]], self.geoms[target[exact]], tolerance)
            reached[subject[exact][hits]] = True
        missing = np.flatnonzero(subjects & ~reached)
        if len(missing):  # boxes apart by less than the tolerance: ask GEOS
            tree = STRtree(self.geoms[target_rows])
            near, _found = tree.query(self.geoms[missing], predicate="dwithin", distance=tolerance)
            reached[missing[near]] = True
        return reached


def _components(left: Ints, right: Ints) -> list[Ints]:
    """Connected groups of the pairs' members (union-find; few pairs reach here)."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in parent:
        groups.setdefault(root(i), []).append(i)
    return [np.array(sorted(g), dtype=np.intp) for g in groups.values()]
