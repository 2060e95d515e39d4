"""Plan geometry and plan files (shapely features, measurements, rules). No Qt, no database.

DXF and GeoJSON readers and writers live in ``plans.dxf`` and ``plans.geojson``;
ezdxf and pyproj load only when a file of theirs is read or written.
"""

from plans.diff import FeatureChange, IndicatorChange, PlanDiff, diff
from plans.errors import PlanFileError, PlanWarning
from plans.features import KINDS, Feature, Plan, plan_from_dict, plan_to_dict
from plans.layers import default_kind, kind_for_layer
from plans.measure import Measurements, measure
from plans.rules import RULES, RuleSet, Violation, check
from plans.sample import sample_site
from plans.svg import plan_to_svg

__all__ = [
    "KINDS",
    "RULES",
    "Feature",
    "FeatureChange",
    "IndicatorChange",
    "Measurements",
    "Plan",
    "PlanDiff",
    "PlanFileError",
    "PlanWarning",
    "RuleSet",
    "Violation",
    "check",
    "default_kind",
    "diff",
    "kind_for_layer",
    "measure",
    "plan_from_dict",
    "plan_to_dict",
    "plan_to_svg",
    "sample_site",
]
