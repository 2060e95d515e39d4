"""``minga work schedule|balance|export|availability``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from codesign.cli.common import add_as, add_file, add_json, emit, open_for
from codesign.errors import UsageError
from codesign.files import check_folder, check_suffix
from codesign.workspace import Workspace
from i18n import current_language, ngettext
from i18n import gettext as _

if TYPE_CHECKING:
    from codesign.work.roster_explain import HouseholdLine


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``work`` and its subcommands to the parser."""
    work = sub.add_parser("work", help=_("mingas: roster, hours balances and exports"))
    wsub = work.add_subparsers(dest="work_command", required=True, metavar="COMMAND")

    schedule = wsub.add_parser("schedule", help=_("plan a fair roster for the coming weeks"))
    add_file(schedule)
    schedule.add_argument("--from", dest="start", required=True, help=_("date as YYYY-MM-DD"))
    schedule.add_argument("--weeks", type=int, required=True, help=_("how many weeks to plan"))
    schedule.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        help=_("seconds the solver may take to improve the first roster"),
    )
    schedule.add_argument(
        "--greedy", action="store_true", help=_("only the fast first roster, no solver")
    )
    schedule.add_argument(
        "--explain",
        action="store_true",
        help=_("also print each household's line: owed, availability and what it got"),
    )
    add_as(schedule)
    add_json(schedule)
    schedule.set_defaults(run=run_schedule)

    balance = wsub.add_parser("balance", help=_("hours owed, worked and the balance"))
    add_file(balance)
    balance.add_argument("--period", help=_("a year such as 2026 or a month such as 2026-05"))
    add_as(balance)
    add_json(balance)
    balance.set_defaults(run=run_balance)

    export = wsub.add_parser("export", help=_("write the roster as .ics, .csv or .pdf"))
    add_file(export)
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--from", dest="start", help=_("date as YYYY-MM-DD"))
    export.add_argument("--to", dest="end", help=_("date as YYYY-MM-DD"))
    export.add_argument("--household", help=_("household id or exact name"))
    export.add_argument("--commission", help=_("commission id or exact name"))
    add_as(export)
    add_json(export)
    export.set_defaults(run=run_export)

    availability = wsub.add_parser("availability", help=_("import availability from a CSV file"))
    add_file(availability)
    availability.add_argument("csv", metavar="CSV")
    add_as(availability)
    add_json(availability)
    availability.set_defaults(run=run_availability)


def _date(text: str | None, label: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            _("not a date: {text}; use YYYY-MM-DD").format(text=text), path=label
        ) from None


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def run_schedule(args: argparse.Namespace) -> int:
    """Plan the roster and print what was filled, what was not and the largest deviation."""
    from codesign.cli.common import progress
    from codesign.work.roster import plan_roster

    start = _date(args.start, args.file)
    assert start is not None
    if args.weeks < 1 or args.weeks > 52:
        raise UsageError(_("--weeks must be between 1 and 52"))
    limit = max(0.1, args.time_limit)

    def show(elapsed: float, _dev: int, _bound: int) -> None:
        progress(
            _("Improving the roster"), min(int(elapsed * 10), int(limit * 10)), int(limit * 10)
        )

    with open_for(args) as ws:
        result = plan_roster(
            ws, start, args.weeks, use_solver=not args.greedy, time_limit=limit, progress=show
        )
    unfilled = [
        {
            "shift": str(u.shift),
            "date": u.day.isoformat(),
            "start": f"{u.start // 60:02d}:{u.start % 60:02d}",
            "commission": u.commission,
            "missing": u.missing,
            "reason": u.reason,
        }
        for u in result.unfilled
    ]
    data = {
        "shifts": result.shifts,
        "assigned": result.assigned,
        "unfilled": unfilled,
        "max_deviation_hours": _hours(result.max_deviation),
        "seconds": round(result.seconds, 3),
    }
    text = _(
        "{shifts} shifts, {assigned} places assigned; largest deviation {hours} h ({status})"
    ).format(
        shifts=result.shifts,
        assigned=result.assigned,
        hours=_hours(result.max_deviation),
        status=result.status,
    )
    for u in unfilled:
        text += "\n" + _(
            "Not filled: {date} {start} {commission}: {missing} missing; {reason}"
        ).format(**u)
    if args.explain:
        text += "\n" + _explain(result.households)
    emit(args, data, text)
    return 0


def _explain(lines: tuple[HouseholdLine, ...]) -> str:
    """Each household's line: owed, kept, planned, deviation, availability and shifts."""
    from codesign.work.roster_explain import availability_text

    out = []
    for line in sorted(lines, key=lambda h: (-abs(h.deviation), h.name)):
        shifts = ", ".join(
            f"{s.day.isoformat()} {s.start // 60:02d}:{s.start % 60:02d} {s.commission}"
            for s in line.shifts
        )
        out.append(
            _(
                "{name}: owes {owed} h, kept {kept} h, planned {planned} h,"
                " deviation {deviation} h; available {available}; {shifts}"
            ).format(
                name=line.name,
                owed=_hours(line.target),
                kept=_hours(line.kept),
                planned=_hours(line.planned),
                deviation=_hours(line.deviation),
                available=availability_text(line.windows, current_language()),
                shifts=shifts or line.note or "—",
            )
        )
    return "\n".join(out)


def run_balance(args: argparse.Namespace) -> int:
    """Print every household's hours owed, worked and the balance."""
    from codesign.reports.data import parse_period
    from codesign.work.balances import STATE_LABELS, balances

    period = parse_period(args.period) if args.period else None
    with open_for(args) as ws:
        lines = balances(
            ws,
            period.start if period else None,
            min(period.end, dt.date.today()) if period else None,
        )
    rows = [
        {
            "household": str(b.household),
            "name": b.name,
            "owed_hours": _hours(b.owed),
            "worked_hours": _hours(b.worked + b.adjusted),
            "balance_hours": _hours(b.balance),
            "state": b.state,
        }
        for b in lines
    ]
    text = "\n".join(
        f"{r['name']:<40} {r['owed_hours']:>9.2f} {r['worked_hours']:>9.2f} "
        f"{r['balance_hours']:>9.2f}  {_(STATE_LABELS[str(r['state'])])}"
        for r in rows
    )
    emit(args, {"households": rows}, text)
    return 0


def _resolve(ws: Workspace, args: argparse.Namespace) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    from sqlalchemy import select

    from codesign.errors import NotFound
    from codesign.people.service import find_household_id
    from models.ids import parse_uuid
    from models.work import Commission

    household: uuid.UUID | None = None
    commission: uuid.UUID | None = None
    with ws.session() as session:
        if args.household:
            household = find_household_id(session, args.household, label=ws.label)
            if household is None:
                raise NotFound(_("no household {ref}").format(ref=args.household), path=ws.label)
        if args.commission:
            as_id = parse_uuid(args.commission)
            query = select(Commission.id).where(Commission.deleted.is_(False))
            query = query.where(
                Commission.id == as_id if as_id else Commission.name == args.commission.strip()
            )
            commission = session.scalar(query.limit(1))
            if commission is None:
                raise NotFound(_("no commission {ref}").format(ref=args.commission), path=ws.label)
    return household, commission


def run_export(args: argparse.Namespace) -> int:
    """Write the roster in the format the suffix names."""
    from codesign.work.exports import EXPORTERS, export

    out = check_folder(check_suffix(args.output, EXPORTERS))
    start, end = _date(args.start, args.file), _date(args.end, args.file)
    if start and end and end < start:
        raise UsageError(_("the end date is before the start date"))
    with open_for(args) as ws:
        household, commission = _resolve(ws, args)
        done = export(
            ws,
            out,
            start,
            end,
            household=household,
            commission=commission,
        )
    emit(
        args,
        {"file": str(done.path), "format": done.format, "assignments": done.rows},
        ngettext(
            "Wrote {file} ({count} assignment)", "Wrote {file} ({count} assignments)", done.rows
        ).format(file=done.path, count=done.rows),
    )
    return 0


def run_availability(args: argparse.Namespace) -> int:
    """Import availability; print every bad row and exit 65 when there is one."""
    from codesign.work.availability import import_availability

    with open_for(args) as ws:
        result, errors = import_availability(ws, Path(args.csv))
    if errors:
        for error in errors:
            sys.stderr.write(f"minga: {error}\n")
        return errors[0].exit_code
    count = len(result.rows) if result else 0
    emit(args, {"imported": count}, _("Imported {count} availability rows").format(count=count))
    return 0
