"""Work charts with matplotlib's Figure: hours per household, per commission, over time.

The same PNGs go into the work report and into the Mingas page.
"""

from __future__ import annotations

from collections.abc import Sequence

from codesign.reports.charts import BLUE, GREEN, GREY, RED, _figure, _png, _short
from i18n import gettext as _
from i18n.formatting import format_date


def balance_histogram(balances_hours: Sequence[float]) -> bytes:
    """How many households are at each hours balance (red owing, green ahead)."""
    from matplotlib.figure import Figure

    figure = _figure(7.0, 2.8)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    values = list(balances_hours) or [0.0]
    _counts, edges, patches = axes.hist(values, bins=30, color=BLUE)
    for patch, left in zip(patches, edges, strict=False):  # type: ignore[arg-type]
        patch.set_facecolor(RED if left < 0 else GREEN)
    axes.axvline(0, color=GREY, linewidth=0.8)
    axes.set_xlabel(_("Hours balance"), fontsize=8)
    axes.set_ylabel(_("Households"), fontsize=8)
    axes.tick_params(labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def household_bars(names: Sequence[str], owed: Sequence[float], worked: Sequence[float]) -> bytes:
    """Owed and worked hours side by side for a few households."""
    from matplotlib.figure import Figure

    figure = _figure(7.0, 0.9 + 0.26 * max(len(names), 1))
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    ys = list(range(len(names)))[::-1]
    axes.barh([y + 0.2 for y in ys], list(owed), height=0.4, color=GREY, label=_("Owed"))
    axes.barh([y - 0.2 for y in ys], list(worked), height=0.4, color=GREEN, label=_("Worked"))
    axes.set_yticks(ys, [_short(n, 36) for n in names], fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel(_("Hours"), fontsize=8)
    axes.legend(fontsize=7, frameon=False, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def commission_bars(names: Sequence[str], worked: Sequence[float]) -> bytes:
    """Hours worked per commission."""
    from matplotlib.figure import Figure

    figure = _figure(7.0, 0.9 + 0.26 * max(len(names), 1))
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    ys = list(range(len(names)))[::-1]
    axes.barh(ys, list(worked), color=BLUE, height=0.7)
    axes.set_yticks(ys, [_short(n, 36) for n in names], fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel(_("Hours worked"), fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def months_chart(
    months: Sequence[object], owed: Sequence[float], worked: Sequence[float], locale: str
) -> bytes:
    """Hours owed and worked per month, as two lines."""
    import datetime as dt

    from matplotlib.figure import Figure

    figure = _figure(7.0, 2.8)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    xs = list(range(len(months)))
    axes.plot(xs, list(owed), color=GREY, linewidth=1.4, label=_("Owed"))
    axes.plot(xs, list(worked), color=GREEN, linewidth=1.6, label=_("Worked"))
    step = max(1, len(xs) // 12)
    labels = [
        format_date(m, locale, "LLL yy") if isinstance(m, dt.date) else str(m) for m in months
    ]
    axes.set_xticks(xs[::step], labels[::step], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_ylabel(_("Hours"), fontsize=8)
    axes.legend(fontsize=7, frameon=False, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)
