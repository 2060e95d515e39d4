"""Our cooperative beside reference cases: a few indicators, as a table and as charts.

Our indicators come from the file itself: households from the register,
hours owed from the statutes, the monthly contribution per household from
the last twelve months of the ledger's contributions account; built area
per unit and cost per m² from the statutes when the committee has set them
(``built_area_per_unit_m2``, ``cost_per_m2``). Anything unknown stays empty.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from codesign.cooperative import cooperative_info
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from i18n.formatting import minor_to_decimal
from models.cases import ReferenceCase
from models.ledger import Account, LedgerTransaction, Posting
from models.tables import Household

CONTRIBUTIONS_ACCOUNT = "4000"
INDICATORS = (
    ("households", N_("Households")),
    ("area_per_unit_m2", N_("Built area per unit (m²)")),
    ("cost_per_m2", N_("Cost per m²")),
    ("hours_per_week", N_("Mutual-aid hours per week")),
    ("contribution_per_household", N_("Monthly contribution per household")),
)


@dataclass(frozen=True, slots=True)
class Indicators:
    """One column of the comparison."""

    label: str
    households: int | None = None
    area_per_unit_m2: float | None = None
    cost_per_m2: float | None = None
    cost_currency: str = ""
    hours_per_week: float | None = None
    contribution_per_household: Decimal | None = None
    currency: str = ""
    ours: bool = False

    def value(self, key: str) -> Any:
        """The indicator called ``key`` (a name from ``INDICATORS``)."""
        return getattr(self, key)


def _number(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def our_indicators(ws: Workspace, today: dt.date | None = None) -> Indicators:
    """This cooperative's indicators, from its register, statutes and ledger."""
    info = cooperative_info(ws)
    today = today or dt.date.today()
    start = today - dt.timedelta(days=365)
    with ws.session() as session:
        households = int(
            session.scalar(select(func.count()).select_from(Household).where(~Household.deleted))
            or 0
        )
        paid = session.scalar(
            select(func.sum(Posting.amount))
            .join(Account, Account.id == Posting.account_id)
            .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
            .where(
                Account.code == CONTRIBUTIONS_ACCOUNT,
                LedgerTransaction.posted_on > start,
                LedgerTransaction.posted_on <= today,
            )
        )
    contribution = None
    if households and paid:
        monthly = -int(paid) // (households * 12)  # income is a credit: negative amounts
        contribution = minor_to_decimal(monthly, info.currency)
    statutes = info.statutes
    return Indicators(
        label=info.name,
        households=households or None,
        area_per_unit_m2=_number(statutes.get("built_area_per_unit_m2")),
        cost_per_m2=_number(statutes.get("cost_per_m2")),
        cost_currency=info.currency if statutes.get("cost_per_m2") else "",
        hours_per_week=_number(statutes.get("hours_owed_per_week")),
        contribution_per_household=contribution,
        currency=info.currency,
        ours=True,
    )


def case_indicators(
    ws: Workspace, ids: Iterable[uuid.UUID], language: str = "en"
) -> tuple[Indicators, ...]:
    """The chosen cases' indicators, in the order given."""
    wanted = list(ids)
    short = language.split("_", maxsplit=1)[0]
    with ws.session() as session:
        found = {
            c.id: c
            for c in session.scalars(select(ReferenceCase).where(ReferenceCase.id.in_(wanted)))
        }
    out = []
    for case_id in wanted:
        case = found.get(case_id)
        if case is None:
            continue
        title = {"es": case.title_es, "pt": case.title_pt}.get(short) or case.title
        out.append(
            Indicators(
                label=title,
                households=case.households,
                area_per_unit_m2=case.built_area_per_unit_m2,
                cost_per_m2=case.cost_per_m2,
                cost_currency=case.cost_currency,
                hours_per_week=case.mutual_aid_hours_per_week,
            )
        )
    return tuple(out)


def comparison_figure(columns: Sequence[Indicators], *, width: float = 7.0) -> Any:
    """Bar charts of the indicators the columns share, as a matplotlib ``Figure``.

    Costs per m² are drawn only for columns in the same currency as the first
    one that has a cost: different currencies on one axis would mislead.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    keys = ["households", "area_per_unit_m2", "hours_per_week", "cost_per_m2"]
    currency = next((c.cost_currency for c in columns if c.cost_per_m2 is not None), "")
    panels = []
    for key in keys:
        points = [
            (c.label, float(c.value(key)), c.ours)
            for c in columns
            if c.value(key) is not None and (key != "cost_per_m2" or c.cost_currency == currency)
        ]
        if points:
            panels.append((key, points))
    figure = Figure(figsize=(width, max(2.0, 1.9 * max(1, len(panels)))), dpi=100)
    FigureCanvasAgg(figure)
    if not panels:
        figure.text(0.5, 0.5, _("No indicator to compare yet."), ha="center", va="center")
        return figure
    titles = dict(INDICATORS)
    for index, (key, points) in enumerate(panels, start=1):
        axis = figure.add_subplot(len(panels), 1, index)
        labels = [_short(label) for label, _value, _ours in points]
        values = [value for _label, value, _ours in points]
        colours = ["#c0504d" if ours else "#2f5f8f" for _label, _value, ours in points]
        axis.barh(labels, values, color=colours)
        axis.invert_yaxis()
        title = _(titles[key])
        if key == "cost_per_m2" and currency:
            title = f"{title} ({currency})"
        axis.set_title(title, fontsize=9, loc="left")
        axis.tick_params(labelsize=8)
        for side in ("top", "right"):
            axis.spines[side].set_visible(False)
    figure.tight_layout()
    return figure


def _short(label: str, length: int = 28) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"
