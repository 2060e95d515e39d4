"""``minga cases import|search|export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codesign.cli.common import add_as, add_file, add_json, emit, open_for, progress
from codesign.errors import BadInput
from i18n import gettext as _
from i18n import ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``cases`` and its subcommands to the parser."""
    cases = sub.add_parser("cases", help=_("the library of reference cases"))
    csub = cases.add_subparsers(dest="cases_command", required=True, metavar="COMMAND")

    imp = csub.add_parser("import", help=_("import a Data Package (folder, .json, .zip) or a CSV"))
    add_file(imp)
    imp.add_argument("source", metavar="SOURCE", help=_("the package or CSV file"))
    add_as(imp)
    add_json(imp)
    imp.set_defaults(run=run_import)

    find = csub.add_parser("search", help=_("search the library"))
    add_file(find)
    find.add_argument("query", metavar="QUERY", help=_("words to look for"))
    find.add_argument("--limit", type=int, default=50, help=_("at most this many results"))
    add_json(find)
    find.set_defaults(run=run_search)

    exp = csub.add_parser("export", help=_("export the library as a Data Package"))
    add_file(exp)
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help=_("a folder or a .zip"))
    exp.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Import a package; any bad row rejects the whole source (exit 65)."""
    from codesign.cases.importer import import_source

    source = Path(args.source)
    with open_for(args) as ws:
        result, errors = import_source(
            ws, source, progress=lambda d, t: progress(_("Importing cases"), d, t)
        )
    if errors or result is None:
        rejected = [{"row": e.row, "reason": f"{e.field}: {e.reason}"} for e in errors]
        emit(args, {"imported": 0, "updated": 0, "rejected": rejected}, "")
        first = errors[0]
        message = _("{reason} ({count} bad rows; nothing imported)").format(
            reason=f"{first.field}: {first.reason}", count=len({e.row for e in errors})
        )
        sys.stderr.write(f"minga: {BadInput(message, path=source, row=first.row)}\n")
        return BadInput.exit_code
    emit(
        args,
        {"imported": result.imported, "updated": result.updated, "rejected": []},
        ngettext(
            "Imported {n} new case; {updated} updated",
            "Imported {n} new cases; {updated} updated",
            result.imported,
        ).format(n=result.imported, updated=result.updated),
    )
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Print the best matches first."""
    from codesign.cases.search import search_cases

    with open_for(args) as ws:
        hits = search_cases(ws, args.query, limit=max(1, args.limit))
    results = [
        {"id": h.slug, "title": h.title, "country": h.country, "score": h.score} for h in hits
    ]
    text = "\n".join(f"{h.slug}\t{h.country}\t{h.title}" for h in hits) or _("No case matches.")
    emit(args, {"results": results}, text)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write every case as a package."""
    from codesign.cases.export import export_cases

    with open_for(args) as ws:
        result = export_cases(ws, Path(args.output))
    emit(
        args,
        {},
        ngettext(
            "Exported {n} case to {path}", "Exported {n} cases to {path}", result.cases
        ).format(n=result.cases, path=result.path),
    )
    return 0
