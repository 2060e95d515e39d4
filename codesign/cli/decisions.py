"""``minga decisions export FILE -o OUT.json`` (Popolo) or ``-o OUT.csv`` (the register)."""

from __future__ import annotations

import argparse

from codesign.cli.common import add_as, add_file, add_json, emit, open_for
from codesign.files import check_suffix
from i18n import gettext as _

SUFFIXES = (".json", ".csv")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``decisions`` and its sub-commands to the parser."""
    decisions = sub.add_parser("decisions", help=_("assemblies, motions, votes and decisions"))
    dsub = decisions.add_subparsers(dest="decisions_command", metavar="COMMAND", required=True)
    export = dsub.add_parser(
        "export", help=_("write the decisions as Popolo JSON, or the register as CSV")
    )
    add_file(export)
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=_("the file to write: .json (Popolo) or .csv (the decision register)"),
    )
    add_as(export)
    add_json(export)
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Write the export; print where and what it holds."""
    out = check_suffix(args.output, SUFFIXES)
    suffix = out.suffix.lower()
    with open_for(args) as ws:
        if suffix == ".csv":
            from codesign.decisions.exports import export_register_csv

            path, count = export_register_csv(ws, out)
            data: dict[str, object] = {"file": str(path), "format": "csv", "decisions": count}
            text = _("Wrote {file} ({count} decisions)").format(file=path, count=count)
        else:
            from codesign.decisions.popolo import export_popolo

            result = export_popolo(ws, out)
            data = {"file": str(result.path), "format": "popolo", **result.counts}
            text = _(
                "Wrote {file}: {assemblies} assemblies, {motions} motions, {votes} votes"
            ).format(
                file=result.path,
                assemblies=result.counts["events"],
                motions=result.counts["motions"],
                votes=result.counts["vote_events"],
            )
    emit(args, data, text)
    return 0
