"""The charts of accounts a new cooperative starts with: housing, school, or both.

Names are stored untranslated (marked with ``N_``) and translated where shown,
so a file shared between a Spanish and a Portuguese laptop reads right on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from i18n import N_

# (code, name, type): codes group by type as most Latin American charts do.
HOUSING_CHART: tuple[tuple[str, str, str], ...] = (
    ("1000", N_("Cash"), "asset"),
    ("1010", N_("Bank account"), "asset"),
    ("1100", N_("Contributions receivable from households"), "asset"),
    ("1150", N_("Housing loans to households"), "asset"),
    ("1200", N_("Land"), "asset"),
    ("1210", N_("Buildings under construction"), "asset"),
    ("1300", N_("Building materials in stock"), "asset"),
    ("2000", N_("Accounts payable"), "liability"),
    ("2100", N_("Construction loan"), "liability"),
    ("2200", N_("Advance payments from households"), "liability"),
    ("3000", N_("Members' share capital"), "equity"),
    ("3100", N_("Reserve fund"), "equity"),
    ("3200", N_("Accumulated result"), "equity"),
    ("4000", N_("Monthly contributions"), "income"),
    ("4100", N_("Entry fees"), "income"),
    ("4200", N_("Fines for missed work hours"), "income"),
    ("4300", N_("Donations and grants"), "income"),
    ("4900", N_("Other income"), "income"),
    ("5000", N_("Building materials"), "expense"),
    ("5100", N_("Hired labour"), "expense"),
    ("5200", N_("Professional fees"), "expense"),
    ("5300", N_("Maintenance and repairs"), "expense"),
    ("5400", N_("Utilities"), "expense"),
    ("5500", N_("Bank charges"), "expense"),
    ("5600", N_("Administration"), "expense"),
    ("5900", N_("Other expenses"), "expense"),
)


# A cooperative school: fees from families, teachers, materials, the building.
# Codes never reuse a housing code for another meaning, so a mixed cooperative has both.
SCHOOL_CHART: tuple[tuple[str, str, str], ...] = (
    ("1000", N_("Cash"), "asset"),
    ("1010", N_("Bank account"), "asset"),
    ("1100", N_("Contributions receivable from households"), "asset"),
    ("1230", N_("School building and classrooms"), "asset"),
    ("1240", N_("Furniture and teaching equipment"), "asset"),
    ("2000", N_("Accounts payable"), "liability"),
    ("2200", N_("Advance payments from households"), "liability"),
    ("2300", N_("Salaries and social security payable"), "liability"),
    ("3000", N_("Members' share capital"), "equity"),
    ("3100", N_("Reserve fund"), "equity"),
    ("3200", N_("Accumulated result"), "equity"),
    ("4000", N_("Monthly contributions"), "income"),
    ("4060", N_("School fees"), "income"),
    ("4070", N_("Enrolment fees"), "income"),
    ("4100", N_("Entry fees"), "income"),
    ("4200", N_("Fines for missed work hours"), "income"),
    ("4300", N_("Donations and grants"), "income"),
    ("4400", N_("School meals and transport"), "income"),
    ("4900", N_("Other income"), "income"),
    ("5060", N_("Teachers' salaries"), "expense"),
    ("5070", N_("Social security contributions"), "expense"),
    ("5110", N_("Teaching materials and books"), "expense"),
    ("5150", N_("School meals"), "expense"),
    ("5300", N_("Maintenance and repairs"), "expense"),
    ("5400", N_("Utilities"), "expense"),
    ("5500", N_("Bank charges"), "expense"),
    ("5600", N_("Administration"), "expense"),
    ("5700", N_("Teacher training"), "expense"),
    ("5900", N_("Other expenses"), "expense"),
)


def chart_for(kind: str) -> tuple[tuple[str, str, str], ...]:
    """The template for a cooperative kind: a mixed one gets both, school accounts added."""
    if kind == "school":
        return SCHOOL_CHART
    if kind == "mixed":
        codes = {code for code, _name, _type in HOUSING_CHART}
        extra = [row for row in SCHOOL_CHART if row[0] not in codes]
        return tuple(sorted((*HOUSING_CHART, *extra)))
    return HOUSING_CHART


def chart_rows(kind: str = "housing") -> Iterator[dict[str, Any]]:
    """The template for ``kind`` as ``account`` rows for ``Writer.insert_many``."""
    for code, name, account_type in chart_for(kind):
        yield {"code": code, "name": name, "type": account_type}
