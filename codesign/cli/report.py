"""``minga report FILE treasury|member|work|minutes|design -o OUT.pdf``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from codesign.cli.common import add_as, add_file, add_json, emit, open_for, wrote_pages
from i18n import gettext as _
from i18n import ngettext, set_language

KINDS = ("treasury", "member", "work", "minutes", "design")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the parser."""
    report = sub.add_parser("report", help=_("write a PDF report"))
    add_file(report)
    report.add_argument("kind", metavar="KIND", choices=KINDS, help=" | ".join(KINDS))
    report.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=_("the PDF file to write")
    )
    report.add_argument(
        "--period", help=_("a year such as 2026 or a month such as 2026-05; default this year")
    )
    report.add_argument("--household", help=_("household id or exact name"))
    report.add_argument(
        "--locale", help=_("language and formats of the report, such as es, pt_BR or es_EC")
    )
    add_as(report)
    add_json(report)
    report.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    """Write the report; print where, how many pages, and the ledger fingerprint."""
    if args.locale:
        set_language(args.locale)
    if args.kind == "design":
        from codesign.cli.plan import run_design_report

        return run_design_report(args)
    if args.kind == "work":
        return _work_report(args)
    if args.kind == "minutes":
        return run_minutes(args)
    return _ledger_report(args)


def _ledger_report(args: argparse.Namespace) -> int:
    """The treasury report or the member statements, both with the ledger fingerprint."""
    from codesign.reports.data import parse_period

    period = args.period or str(dt.date.today().year)
    parse_period(period)  # a bad period is a usage error before the file is opened
    with open_for(args) as ws:
        if args.kind == "member":
            from codesign.reports.member import member_report

            result = member_report(
                ws,
                Path(args.output),
                period=period,
                household=args.household,
                locale=args.locale,
            )
        else:
            from codesign.reports.treasury import treasury_report

            result = treasury_report(ws, Path(args.output), period=period, locale=args.locale)
    emit(
        args,
        {"file": str(result.path), "pages": result.pages, "fingerprint": result.fingerprint},
        ngettext(
            "Wrote {file} ({pages} page); fingerprint {fingerprint}",
            "Wrote {file} ({pages} pages); fingerprint {fingerprint}",
            result.pages,
        ).format(file=result.path, pages=result.pages, fingerprint=result.fingerprint),
    )
    return 0


def _work_report(args: argparse.Namespace) -> int:
    """The work report: balances, states, hours per commission and over time."""
    from codesign.reports.data import parse_period
    from codesign.work.report import work_report

    period = args.period or str(dt.date.today().year)
    parse_period(period)
    with open_for(args) as ws:
        result = work_report(ws, Path(args.output), period=period, locale=args.locale)
    emit(
        args,
        {"file": str(result.path), "pages": result.pages},
        wrote_pages(result.path, result.pages),
    )
    return 0


def run_minutes(args: argparse.Namespace) -> int:
    """Minutes of the assemblies held in ``--period``, or of the latest one."""
    from codesign.reports.data import parse_period
    from codesign.reports.minutes import minutes_report

    if args.period:
        parse_period(args.period)
    with open_for(args) as ws:
        result = minutes_report(ws, Path(args.output), period=args.period, locale=args.locale)
    emit(
        args,
        {"file": str(result.path), "pages": result.pages, "assemblies": result.assemblies},
        wrote_pages(result.path, result.pages)
        + "; "
        + ngettext("{count} assembly", "{count} assemblies", result.assemblies).format(
            count=result.assemblies
        ),
    )
    return 0
