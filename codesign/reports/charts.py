"""Treasury charts drawn with matplotlib's Figure (no pyplot: it costs most of a second)."""

from __future__ import annotations

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
