"""Comparing two versions: which features were added, removed or changed, and the indicators.

Features are matched by id, else by label; a feature whose geometry, kind,
label or attributes differ counts as changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codesign.design.checking import CheckReport, check_version
from codesign.design.records import VersionId
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from plans.features import Feature, Plan

# The indicators compared, in order, with their untranslated names.
INDICATORS = (
    ("site_m2", N_("Site (m²)")),
    ("built_m2", N_("Built (m²)")),
    ("built_coverage", N_("Built coverage")),
    ("green_m2", N_("Green areas (m²)")),
    ("green_share", N_("Green share")),
    ("path_m2", N_("Paths (m²)")),
    ("common_m2", N_("Common spaces (m²)")),
    ("unit_count", N_("Units")),
    ("units_m2", N_("Area of units (m²)")),
    ("area_per_unit_m2", N_("Area per unit (m²)")),
    ("area_per_person_m2", N_("Area per person (m²)")),
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator in both versions and the difference (None when either is unknown)."""

    key: str
    name: str
    a: float | None
    b: float | None

    @property
    def delta(self) -> float | None:
        """b − a."""
        return None if self.a is None or self.b is None else round(self.b - self.a, 4)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two versions side by side."""

    a: CheckReport
    b: CheckReport
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    indicators: tuple[Indicator, ...]


def _key(feature: Feature) -> str:
    return feature.id or feature.label


def _same(one: Feature, other: Feature) -> bool:
    return (
        one.kind == other.kind
        and one.label == other.label
        and one.attributes == other.attributes
        and one.geometry.equals_exact(other.geometry, 1e-6)
    )


def feature_changes(a: Plan, b: Plan) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(added, removed, changed) feature keys from ``a`` to ``b``."""
    old = {_key(f): f for f in a.features}
    new = {_key(f): f for f in b.features}
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = tuple(k for k in new if k in old and not _same(old[k], new[k]))
    return added, removed, changed


def compare_versions(ws: Workspace, a: VersionId, b: VersionId) -> Comparison:
    """What changed from version ``a`` to version ``b`` (of one proposal or of two)."""
    first, second = check_version(ws, a), check_version(ws, b)
    added, removed, changed = feature_changes(first.plan, second.plan)
    ia, ib = first.measurements.indicators(), second.measurements.indicators()
    indicators = tuple(
        Indicator(key, name, _number(ia.get(key)), _number(ib.get(key))) for key, name in INDICATORS
    )
    return Comparison(first, second, added, removed, changed, indicators)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """The ``plan diff`` JSON."""
    return {
        "added": list(comparison.added),
        "removed": list(comparison.removed),
        "changed": list(comparison.changed),
        "indicators": {
            i.key: {"a": i.a, "b": i.b, "difference": i.delta} for i in comparison.indicators
        },
        "violations": {"a": len(comparison.a.violations), "b": len(comparison.b.violations)},
    }


def comparison_text(comparison: Comparison) -> str:
    """The ``plan diff`` text: changes, then each indicator that differs."""
    lines = [
        _("Added: {n}; removed: {m}; changed: {c}").format(
            n=len(comparison.added), m=len(comparison.removed), c=len(comparison.changed)
        )
    ]
    lines += [f"+ {k}" for k in comparison.added]
    lines += [f"- {k}" for k in comparison.removed]
    lines += [f"~ {k}" for k in comparison.changed]
    for indicator in comparison.indicators:
        if indicator.delta:
            lines.append(
                f"{_(indicator.name)}: {indicator.a} → {indicator.b} ({indicator.delta:+g})"
            )
    return "\n".join(lines)
