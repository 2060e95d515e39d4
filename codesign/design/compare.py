"""Comparing two versions: which features were added, removed or changed, and the indicators.

The matching is ``plans.diff`` (by id, then kind and label); household sizes
come from the people tables as in the rule check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codesign.design.checking import CheckReport, check_version
from codesign.design.records import VersionId
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from plans.diff import PlanDiff, diff

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
    delta: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two versions side by side."""

    a: CheckReport
    b: CheckReport
    changes: PlanDiff
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    indicators: tuple[Indicator, ...]


def compare_versions(ws: Workspace, a: VersionId, b: VersionId) -> Comparison:
    """What changed from version ``a`` to version ``b`` (of one proposal or of two)."""
    first, second = check_version(ws, a), check_version(ws, b)
    changes = diff(first.plan, second.plan)
    by_name = {i.name: i for i in changes.indicators}
    indicators = tuple(
        Indicator(key, name, _number(c.before), _number(c.after), c.delta)
        for key, name in INDICATORS
        if (c := by_name.get(key)) is not None
    )
    return Comparison(
        first,
        second,
        changes,
        tuple(f.id or f.label for f in changes.added),
        tuple(f.id or f.label for f in changes.removed),
        tuple(c.after.id or c.after.label for c in changes.changed),
        indicators,
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """The ``plan diff`` JSON: the plans' differences and each version's rule results."""
    return {
        **comparison.changes.as_dict(),
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
