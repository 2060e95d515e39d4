"""Treasury charts drawn with matplotlib's Figure (no pyplot: it costs most of a second)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from codesign.reports.data import Line, MonthFlow
from i18n import gettext as _
from i18n.formatting import format_date, format_decimal, minor_to_decimal

GREEN = "#3b8a4a"
RED = "#c0504d"
BLUE = "#2f5f8f"
GREY = "#7f7f7f"
DPI = 150


def _figure(width: float, height: float) -> object:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: object) -> bytes:
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _money_axis(locale: str) -> object:
    from matplotlib.ticker import FuncFormatter

    def label(value: float, _pos: object) -> str:
        return format_decimal(round(value), locale, places=0)

    return FuncFormatter(label)


def _units(minor: int, currency: str) -> float:
    return float(minor_to_decimal(minor, currency))


def cash_flow_chart(flows: Sequence[MonthFlow], currency: str, locale: str) -> bytes:
    """Bars for money in and out of bank and cash per month, a line for the net."""
    from matplotlib.figure import Figure

    figure = _figure(7.0, 3.0)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    xs = list(range(len(flows)))
    ins = [_units(f.inflow, currency) for f in flows]
    outs = [-_units(f.outflow, currency) for f in flows]
    nets = [_units(f.net, currency) for f in flows]
    axes.bar(xs, ins, color=GREEN, label=_("In"))
    axes.bar(xs, outs, color=RED, label=_("Out"))
    axes.plot(xs, nets, color=BLUE, marker="o", linewidth=1.5, label=_("Net"))
    axes.axhline(0, color=GREY, linewidth=0.6)
    axes.set_xticks(xs, [format_date(f.month, locale, "LLL yy") for f in flows], fontsize=7)
    axes.yaxis.set_major_formatter(_money_axis(locale))  # type: ignore[arg-type]
    axes.tick_params(axis="y", labelsize=7)
    axes.set_ylabel(currency, fontsize=8)
    axes.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def _short(text: str, size: int = 48) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def horizontal_bars(
    lines: Sequence[Line], colours: dict[str, str], currency: str, locale: str
) -> bytes:
    """One horizontal bar per line, coloured by its kind, largest labels shortened."""
    from matplotlib.figure import Figure

    height = 0.9 + 0.24 * max(len(lines), 1)
    figure = _figure(7.0, height)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    ys = list(range(len(lines)))[::-1]
    values = [_units(line.amount, currency) for line in lines]
    axes.barh(ys, values, color=[colours.get(line.kind, GREY) for line in lines], height=0.7)
    axes.set_yticks(ys, [_short(f"{line.code} {line.name}") for line in lines], fontsize=7)
    axes.xaxis.set_major_formatter(_money_axis(locale))  # type: ignore[arg-type]
    axes.tick_params(axis="x", labelsize=7)
    axes.axvline(0, color=GREY, linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlabel(currency, fontsize=8)
    figure.tight_layout()
    return _png(figure)


def _finish(figure: object, axes: object, currency: str, locale: str, *, legend: bool) -> bytes:
    """Common styling: money on the y axis, light spines, legend above."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    assert isinstance(axes, Axes)
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # no "0 0 0" on an empty chart
    axes.yaxis.set_major_formatter(_money_axis(locale))  # type: ignore[arg-type]
    axes.tick_params(axis="y", labelsize=7)
    axes.set_ylabel(currency, fontsize=8)
    if legend:
        axes.legend(
            fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False
        )
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def month_chart(
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[int], str, str]],
    currency: str,
    locale: str,
    *,
    height: float = 2.6,
) -> bytes:
    """Per-month series: each (label, minor units, colour, "bar" or "line"); bars side by side."""
    from matplotlib.figure import Figure

    figure = _figure(7.0, height)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    xs = list(range(len(months)))
    bars = [s for s in series if s[3] == "bar"]
    width = 0.8 / max(len(bars), 1)
    for n, (label, values, colour, _style) in enumerate(bars):
        offset = (n - (len(bars) - 1) / 2) * width
        axes.bar(
            [x + offset for x in xs],
            [_units(v, currency) for v in values],
            width=width,
            color=colour,
            label=label,
        )
    for label, values, colour, style in series:
        if style == "line":
            axes.plot(
                xs,
                [_units(v, currency) for v in values],
                color=colour,
                marker="o",
                markersize=3,
                linewidth=1.5,
                label=label,
            )
    axes.axhline(0, color=GREY, linewidth=0.6)
    axes.set_xticks(xs, [format_date(m, locale, "LLL yy") for m in months], fontsize=7)
    return _finish(figure, axes, currency, locale, legend=True)


def budget_chart(rows: Sequence[tuple[str, int, int, bool]], currency: str, locale: str) -> bytes:
    """Budget (grey) and actual (green when favourable, red when not) per account."""
    from matplotlib.figure import Figure

    height = 1.0 + 0.34 * max(len(rows), 1)
    figure = _figure(7.0, height)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    ys = list(range(len(rows)))[::-1]
    budget = [_units(b, currency) for _label, b, _a, _ok in rows]
    actual = [_units(a, currency) for _label, _b, a, _ok in rows]
    colours = [GREEN if ok else RED for _label, _b, _a, ok in rows]
    axes.barh([y + 0.18 for y in ys], budget, height=0.36, color="#b0b0b0", label=_("Budget"))
    axes.barh([y - 0.18 for y in ys], actual, height=0.36, color=colours, label=_("Actual"))
    axes.set_yticks(ys, [_short(label, 40) for label, _b, _a, _ok in rows], fontsize=7)
    axes.xaxis.set_major_formatter(_money_axis(locale))  # type: ignore[arg-type]
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel(currency, fontsize=8)
    axes.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


PALETTE = ("#2f5f8f", "#3b8a4a", "#c0504d", "#d9a03f", "#7a5c99", "#4aa3a3", "#a0522d", GREY)


def share_chart(lines: Sequence[Line], locale: str, *, top: int = 7) -> bytes:
    """A ring of each line's share of the total; beyond ``top`` lines they join "Other"."""
    from matplotlib.figure import Figure

    ranked = sorted((line for line in lines if line.amount > 0), key=lambda line: -line.amount)
    shown = [(f"{line.code} {line.name}", line.amount) for line in ranked[:top]]
    rest = sum(line.amount for line in ranked[top:])
    if rest:
        shown.append((_("Other"), rest))
    figure = _figure(7.0, 2.6)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    if not shown:
        axes.text(0.5, 0.5, _("Nothing in the period"), ha="center", va="center", fontsize=9)
        axes.set_axis_off()
        return _png(figure)
    total = sum(v for _label, v in shown)
    values = [v / total for _label, v in shown]
    axes.pie(
        values,
        colors=PALETTE[: len(values)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white"},
    )
    labels = [
        f"{_short(label, 38)} — {format_decimal(100 * v, locale, places=0)} %"
        for (label, _amount), v in zip(shown, values, strict=True)
    ]
    axes.legend(labels, fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    axes.set_aspect("equal")
    figure.tight_layout()
    return _png(figure)


def ageing_chart(labels: Sequence[str], values: Sequence[int], currency: str, locale: str) -> bytes:
    """What households owe by age, darker as it gets older."""
    from matplotlib.figure import Figure

    figure = _figure(7.0, 2.4)
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    xs = list(range(len(values)))
    colours = ("#d9a03f", "#d97b3f", "#c0504d", "#8b2f2d")
    axes.bar(xs, [_units(v, currency) for v in values], color=colours[: len(values)], width=0.6)
    axes.set_xticks(xs, list(labels), fontsize=7)
    return _finish(figure, axes, currency, locale, legend=False)
