"""``minga ledger export``."""

from __future__ import annotations

import argparse

from codesign.cli.common import add_as, add_file, add_json, emit, open_for
from codesign.files import check_folder, check_suffix
from i18n import gettext as _


def register(lsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ledger export`` to the ledger subcommands."""
    export = lsub.add_parser(
        "export", help=_("write the books as Beancount, CSV, ODS or XLSX (from the suffix)")
    )
    add_file(export)
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=_("the file to write: .beancount, .csv, .ods or .xlsx"),
    )
    add_as(export)
    add_json(export)
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Write the export; print where, and the ledger fingerprint."""
    from sqlalchemy import func, select

    from codesign.ledger.exports import EXPORTERS, export
    from models.ledger import LedgerTransaction

    out = check_folder(check_suffix(args.output, EXPORTERS))
    with open_for(args) as ws:
        kind, written, printed = export(ws, out)
        with ws.session() as session:
            count = int(session.scalar(select(func.count()).select_from(LedgerTransaction)) or 0)
    emit(
        args,
        {"file": str(written), "format": kind, "transactions": count, "fingerprint": printed},
        _("Wrote {file} ({count} transactions); fingerprint {fingerprint}").format(
            file=written, count=count, fingerprint=printed
        ),
    )
    return 0
