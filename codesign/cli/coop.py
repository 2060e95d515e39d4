"""``minga init``, ``minga demo`` and ``minga info``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from codesign.cli.common import add_file, add_json, emit, open_for, progress
from codesign.cooperative import cooperative_info, counts, create_cooperative
from i18n import current_language
from i18n import gettext as _
from i18n.formatting import format_decimal, format_number
from models.database import is_url, shown_target


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the commands to the parser."""
    init = sub.add_parser("init", help=_("create a new cooperative file"))
    add_file(init)
    init.add_argument("--name", required=True, help=_("the cooperative's name"))
    init.add_argument("--kind", default="housing", choices=("housing", "school", "mixed"))
    init.add_argument("--country", default="EC", help=_("two-letter country code"))
    init.add_argument("--currency", default="USD", help=_("three-letter currency code"))
    init.add_argument("--locale", default="es_EC", help=_("locale for money, numbers and dates"))
    add_json(init)
    init.set_defaults(run=run_init)

    demo = sub.add_parser("demo", help=_("create a realistic demo cooperative"))
    add_file(demo)
    demo.add_argument("--households", type=int, default=120)
    demo.add_argument("--years", type=int, default=3)
    demo.add_argument("--seed", type=int, default=1)
    add_json(demo)
    demo.set_defaults(run=run_demo)

    info = sub.add_parser("info", help=_("show counts of what the file holds"))
    add_file(info)
    add_json(info)
    info.set_defaults(run=run_info)


def run_init(args: argparse.Namespace) -> int:
    """Create the file in set-up mode."""
    with create_cooperative(
        args.file,
        name=args.name,
        kind=args.kind,
        country=args.country,
        currency=args.currency,
        locale=args.locale,
    ) as ws:
        info = cooperative_info(ws)
    emit(
        args,
        {"file": shown_target(args.file), "cooperative": str(info.id), "name": info.name},
        _("Created {file}").format(file=shown_target(args.file)),
    )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Build the demo cooperative."""
    from codesign.demo import make_demo

    if args.households < 1 or args.years < 1:
        parser_error = _("--households and --years must be at least 1")
        from codesign.errors import UsageError

        raise UsageError(parser_error)
    started = time.perf_counter()
    summary = make_demo(
        args.file if is_url(args.file) else Path(args.file),
        households=args.households,
        years=args.years,
        seed=args.seed,
        progress=lambda done, total: progress(_("Building the demo"), done, total),
    )
    seconds = time.perf_counter() - started
    data = {"file": shown_target(args.file), **summary, "seconds": round(seconds, 3)}
    emit(
        args,
        data,
        _("Created {file}: {households} households, {people} people in {seconds} s").format(
            file=shown_target(args.file),
            households=format_number(summary["households"], current_language()),
            people=format_number(summary["people"], current_language()),
            seconds=format_decimal(seconds, current_language(), places=1),
        ),
    )
    return 0


def run_info(args: argparse.Namespace) -> int:
    """Print counts."""
    with open_for(args) as ws:
        info = cooperative_info(ws)
        numbers = counts(ws)
    data = {
        "cooperative": str(info.id),
        "name": info.name,
        "kind": info.kind,
        "country": info.country,
        "currency": info.currency,
        "locale": info.locale,
        **numbers,
    }
    lines = [f"{info.name} ({info.kind}, {info.country}, {info.currency})"]
    lines += [f"  {key}: {value}" for key, value in numbers.items()]
    emit(args, data, "\n".join(lines))
    return 0
