"""PDFs of the work side: the roster with task cards, and the work report with charts.

Texts follow the UI language; numbers and dates the cooperative's locale.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codesign.cooperative import cooperative_info
from codesign.files import check_folder
from codesign.reports import pdf
from codesign.reports.data import parse_period
from codesign.reports.treasury import period_label
from codesign.work import charts
from codesign.work.balances import STATE_LABELS, balances
from codesign.work.common import hours
from codesign.work.exports import STATUS_LABELS, Exported
from codesign.work.pdfdoc import grid, write_pdf
from codesign.work.queries import RosterRow, roster_rows, task_rows
from codesign.work.stats import per_commission, per_month
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n.formatting import format_date, format_decimal, format_number

TOP_HOUSEHOLDS = 15


def _text(text: str, style: str) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(pdf.esc(text), pdf.styles()[style])


def roster_pdf(
    ws: Workspace,
    out: Path,
    start: dt.date,
    end: dt.date,
    *,
    household: uuid.UUID | None = None,
    commission: uuid.UUID | None = None,
) -> Exported:
    """The roster day by day, then one card per task."""
    check_folder(out)
    info = cooperative_info(ws)
    rows = roster_rows(ws, start, end, household=household, commission=commission)
    tasks = task_rows(ws, start, end)
    span = _("From {start} to {end}").format(
        start=format_date(start, info.locale, "long"), end=format_date(end, info.locale, "long")
    )

    def story(width: float) -> list[Any]:
        from reportlab.platypus import PageBreak, Spacer

        parts: list[Any] = [
            _text(_("Roster of the mingas"), "title"),
            _text(f"{info.name} — {span}", "subtitle"),
            Spacer(1, 6),
        ]
        parts += _roster_days(rows, info.locale, width)
        if tasks:
            parts += [PageBreak(), _text(_("Task cards"), "h1"), _cards(tasks, info.locale, width)]
        return parts

    write_pdf(out, _("Roster of the mingas"), f"{info.name} · {span}", story)
    return Exported(out, "pdf", len(rows))


def _roster_days(rows: tuple[RosterRow, ...], locale: str, width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    if not rows:
        return [_text(_("Nobody is on the roster in these dates."), "note")]
    by_day: dict[dt.date, list[RosterRow]] = defaultdict(list)
    for row in rows:
        by_day[row.starts_at.date()].append(row)
    out: list[Any] = []
    header = [_("Time"), _("Commission"), _("Person"), _("Household"), _("Status")]
    widths = [width * w for w in (0.14, 0.25, 0.25, 0.23, 0.13)]
    for day, group in by_day.items():
        title = format_date(day, locale, "full")
        places = sorted({r.place for r in group if r.place})
        title = title[:1].upper() + title[1:] + (" — " + ", ".join(places) if places else "")
        body = [header] + [
            [
                f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M}",
                r.commission,
                r.person,
                r.household_name,
                _(STATUS_LABELS.get(r.status, r.status)) + (" 🔒" if r.locked else ""),
            ]
            for r in group
        ]
        out.append(KeepTogether([_text(title, "bold"), Spacer(1, 2)]))
        out += [grid(body, widths), Spacer(1, 6)]
    return out


def _cards(tasks: tuple[Any, ...], locale: str, width: float) -> Any:
    """Task cards two to a row, each a framed box to cut out."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = []
    for task in tasks:
        when = (
            format_date(task.starts_at.date(), locale, "full") + f" {task.starts_at:%H:%M}"
            if task.starts_at
            else _("Due by {date}").format(date=format_date(task.due, locale, "long"))
        )
        people = ", ".join(task.people) or _("nobody assigned yet")
        cells.append(
            [
                _text(task.commission or _("Task"), "h1"),
                _text(task.description, "base"),
                _text(when + (f" · {task.place}" if task.place else ""), "note"),
                _text(_("Who: {people}").format(people=people), "note"),
            ]
        )
    if len(cells) % 2:
        cells.append([])
    body = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    table = Table(body, colWidths=[width / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#888888")),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#888888")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


@dataclass(frozen=True, slots=True)
class WorkReport:
    """Where the work report went and how many pages it has."""

    path: Path
    pages: int


def work_report(ws: Workspace, out: Path, *, period: str, locale: str | None = None) -> WorkReport:
    """Balances and states per household, hours per commission and per month, with charts."""
    chosen = parse_period(period)
    check_folder(out)
    info = cooperative_info(ws)
    loc = locale or info.locale
    end = min(chosen.end, dt.date.today())
    lines = balances(ws, chosen.start, end)
    commissions = per_commission(ws, chosen.start, end)
    months = per_month(ws, chosen.start, end)
    label = period_label(chosen, loc)

    def story(width: float) -> list[Any]:
        return _report_story(
            info.name, label, loc, width, lines=lines, commissions=commissions, months=months
        )

    pages = write_pdf(out, _("Work report") + f" — {label}", f"{info.name} · {label}", story)
    return WorkReport(out, pages)


def _hours_text(minutes: int, locale: str) -> str:
    return format_decimal(hours(minutes), locale, places=1)


def _report_story(
    name: str,
    label: str,
    locale: str,
    width: float,
    *,
    lines: tuple[Any, ...],
    commissions: list[tuple[str, int]],
    months: list[tuple[dt.date, int, int]],
) -> list[Any]:
    from reportlab.platypus import KeepTogether, PageBreak, Spacer

    owed = sum(b.owed for b in lines)
    worked = sum(b.worked for b in lines)
    states = {s: sum(1 for b in lines if b.state == s) for s in STATE_LABELS}
    summary = _(
        "{households} households owed {owed} h and worked {worked} h; "
        "{ok} are up to date, {alert} on alert and {suspended} suspended."
    ).format(
        households=format_number(len(lines), locale),
        owed=_hours_text(owed, locale),
        worked=_hours_text(worked, locale),
        ok=format_number(states["ok"], locale),
        alert=format_number(states["alert"], locale),
        suspended=format_number(states["suspended"], locale),
    )
    owing = sorted(lines, key=lambda b: b.balance)[:TOP_HOUSEHOLDS]
    story: list[Any] = [
        _text(_("Work report"), "title"),
        _text(f"{name} — {label}", "subtitle"),
        _text(summary, "base"),
        Spacer(1, 6),
        _text(_("Hours over time"), "h1"),
        pdf.image(
            charts.months_chart(
                [m for m, _o, _w in months],
                [float(hours(o)) for _m, o, _w in months],
                [float(hours(w)) for _m, _o, w in months],
                locale,
            ),
            width,
        ),
        _text(_("Balances of all households"), "h1"),
        pdf.image(charts.balance_histogram([float(hours(b.balance)) for b in lines]), width),
        PageBreak(),
        _text(_("Hours per commission"), "h1"),
        pdf.image(
            charts.commission_bars(
                [c for c, _m in commissions], [float(hours(m)) for _c, m in commissions]
            ),
            width * 0.9,
        ),
        KeepTogether(
            [
                _text(
                    _("The {count} households that owe most hours").format(count=len(owing)),
                    "h1",
                ),
                pdf.image(
                    charts.household_bars(
                        [b.name for b in owing],
                        [float(hours(b.owed)) for b in owing],
                        [float(hours(b.worked + b.adjusted)) for b in owing],
                    ),
                    width * 0.8,
                ),
            ]
        ),
        PageBreak(),
        _text(_("Hours per household"), "h1"),
    ]
    header = [
        _("Unit"),
        _("Household"),
        _("Owed"),
        _("Worked"),
        _("Adjusted"),
        _("Balance"),
        _("State"),
    ]
    body = [header] + [
        [
            b.unit,
            b.name,
            _hours_text(b.owed, locale),
            _hours_text(b.worked, locale),
            _hours_text(b.adjusted, locale),
            _hours_text(b.balance, locale),
            _(STATE_LABELS[b.state]),
        ]
        for b in lines
    ]
    widths = [width * w for w in (0.09, 0.25, 0.13, 0.13, 0.13, 0.13, 0.14)]
    story.append(grid(body, widths, right=frozenset({2, 3, 4, 5})))
    return story
