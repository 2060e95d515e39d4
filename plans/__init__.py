"""Plan geometry and plan files (shapely features, measurements, rules). No Qt, no database.

Readers and writers of files (``plans.dxf``, ``plans.geojson``, ``plans.svg``)
are imported from their modules; ezdxf and pyproj load only when used.
"""

from plans.errors import PlanFileError, PlanWarning
from plans.features import KINDS, Feature, Plan, plan_from_dict, plan_to_dict
from plans.layers import default_kind, kind_for_layer
from plans.measure import Measurements, measure
from plans.rules import RULES, RuleSet, Violation, check
from plans.sample import sample_site

__all__ = [
    "KINDS",
    "RULES",
    "Feature",
    "Measurements",
    "Plan",
    "PlanFileError",
    "PlanWarning",
    "RuleSet",
    "Violation",
    "check",
    "default_kind",
    "kind_for_layer",
    "measure",
    "plan_from_dict",
    "plan_to_dict",
    "sample_site",
]
