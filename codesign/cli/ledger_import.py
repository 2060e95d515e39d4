"""``minga ledger import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codesign.cli.common import add_as, add_file, add_json, emit, open_for
from codesign.errors import BadInput, UsageError
from i18n import gettext as _
from i18n import ngettext


def register(lsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ledger import`` to the ledger subcommands."""
    imp = lsub.add_parser("import", help=_("import a bank statement (CSV or OFX)"))
    add_file(imp)
    imp.add_argument("bank", metavar="BANK", help=_("the statement: a .csv or .ofx file"))
    imp.add_argument("--encoding", default="utf-8", help=_("the CSV file's text encoding"))
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help=_(
            "map a field (date, description, amount, credit, debit, reference) "
            "to a CSV column (guessed from the headers otherwise)"
        ),
    )
    imp.add_argument(
        "--account", default="1010", help=_("the bank account's code in the chart (1010)")
    )
    imp.add_argument(
        "--counter",
        default=None,
        help=_("put every line against this account (default: 4900 money in, 5900 money out)"),
    )
    add_as(imp)
    add_json(imp)
    imp.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Import every new line of a statement; any bad row rejects the whole file (exit 65)."""
    from codesign.auth import Action, require
    from codesign.cli.people import parse_assignments
    from codesign.cooperative import cooperative_info
    from codesign.ledger.bank import import_bank_lines, read_bank_csv
    from codesign.ledger.bank_ofx import read_ofx

    mapping = parse_assignments(args.column) if args.column else None
    path = Path(args.bank)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".ofx", ".qfx"):
        raise UsageError(_("a bank statement must be a .csv or .ofx file"), path=path)
    with open_for(args) as ws:
        require(ws, Action.POST_LEDGER)
        info = cooperative_info(ws)
        if suffix == ".csv":
            lines, errors = read_bank_csv(
                path,
                locale=info.locale,
                currency=info.currency,
                encoding=args.encoding,
                mapping=mapping,
            )
        else:
            lines, errors = read_ofx(path, currency=info.currency)
        if errors:
            return _rejected(args, path, errors)
        if not lines:
            raise BadInput(_("the statement has no transactions"), path=path)
        _result, imported, duplicates = import_bank_lines(
            ws, lines, bank_account=args.account, counter_account=args.counter
        )
    emit(
        args,
        {"imported": imported, "duplicates": len(duplicates), "rejected": []},
        ngettext(
            "Imported {n} bank line; {dup} already in the books skipped",
            "Imported {n} bank lines; {dup} already in the books skipped",
            imported,
        ).format(n=imported, dup=len(duplicates)),
    )
    return 0


def _rejected(args: argparse.Namespace, path: Path, errors: tuple[object, ...]) -> int:
    from codesign.ledger.bank import RowError

    bad = [e for e in errors if isinstance(e, RowError)]
    first = min(bad, key=lambda e: e.row)
    message = _("{reason} ({count} bad rows; nothing imported)").format(
        reason=first.reason, count=len(bad)
    )
    emit(
        args,
        {
            "imported": 0,
            "duplicates": 0,
            "rejected": [{"row": e.row, "reason": e.reason} for e in bad],
        },
        "",
    )
    sys.stderr.write(f"minga: {BadInput(message, path=path, row=first.row)}\n")
    return BadInput.exit_code
