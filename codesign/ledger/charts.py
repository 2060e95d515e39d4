"""The chart of accounts every new housing cooperative starts with.

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


def chart_rows() -> Iterator[dict[str, Any]]:
    """The template as ``account`` rows for ``Writer.insert_many``."""
    for code, name, kind in HOUSING_CHART:
        yield {"code": code, "name": name, "type": kind}
