"""``minga ledger add|balance|verify``."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal, InvalidOperation

from codesign.cli.common import add_as, add_file, add_json, emit, open_for
from codesign.cooperative import cooperative_info
from codesign.errors import BadInput
from codesign.ledger import queries, service
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import ngettext
from i18n.formatting import decimal_to_minor, minor_to_decimal


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ledger`` and its subcommands to the parser."""
    ledger = sub.add_parser("ledger", help=_("the cooperative's books"))
    lsub = ledger.add_subparsers(dest="ledger_command", required=True, metavar="COMMAND")

    add = lsub.add_parser("add", help=_("post a balanced transaction"))
    add_file(add)
    add.add_argument("--date", required=True, help=_("date as YYYY-MM-DD"))
    add.add_argument("--description", required=True)
    add.add_argument(
        "--posting",
        action="append",
        required=True,
        metavar="ACCOUNT=AMOUNT",
        help=_("an account code and an amount such as 1234.50 or -1234.50; repeat"),
    )
    add.add_argument("--household", help=_("household id or exact name"))
    add.add_argument("--reference", default="")
    add_as(add)
    add_json(add)
    add.set_defaults(run=run_add)

    balance = lsub.add_parser("balance", help=_("show the balance of every account"))
    add_file(balance)
    balance.add_argument("--as-of", dest="as_of", help=_("date as YYYY-MM-DD"))
    add_as(balance)
    add_json(balance)
    balance.set_defaults(run=run_balance)

    verify = lsub.add_parser("verify", help=_("check that every transaction balances"))
    add_file(verify)
    add_as(verify)
    add_json(verify)
    verify.set_defaults(run=run_verify)

    from codesign.cli import ledger_export, ledger_import

    ledger_export.register(lsub)
    ledger_import.register(lsub)


def _date(ws: Workspace, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            _("not a date: {text}; use YYYY-MM-DD").format(text=text), path=ws.label
        ) from None


def _postings(ws: Workspace, items: list[str], currency: str) -> list[tuple[str, int]]:
    """``ACCOUNT=AMOUNT`` items as (code, minor units); a bad one is named in the error."""
    out: list[tuple[str, int]] = []
    for item in items:
        code, sep, amount = item.partition("=")
        try:
            if not sep or not code.strip():
                raise ValueError(item)
            out.append((code.strip(), decimal_to_minor(Decimal(amount.strip()), currency)))
        except (ValueError, InvalidOperation):
            raise BadInput(
                _("bad posting {posting}; use ACCOUNT=AMOUNT such as 1000=1234.50").format(
                    posting=item
                ),
                path=ws.label,
            ) from None
    return out


def run_add(args: argparse.Namespace) -> int:
    """Post one transaction."""
    with open_for(args) as ws:
        currency = cooperative_info(ws).currency
        date = _date(ws, args.date)
        postings = _postings(ws, args.posting, currency)
        _result, txn_id = service.post_transaction(
            ws,
            date=date,
            description=args.description,
            postings=postings,
            household=args.household,
            reference=args.reference,
        )
    emit(args, {"transaction": str(txn_id)}, str(txn_id))
    return 0


def run_balance(args: argparse.Namespace) -> int:
    """Print every account's balance and the ledger fingerprint."""
    with open_for(args) as ws:
        as_of = _date(ws, args.as_of) if args.as_of else None
        currency = cooperative_info(ws).currency
        accounts = queries.balances(ws, as_of)
        print_ = queries.fingerprint(ws)
    rows = [
        {
            "code": a.code,
            "name": a.name,
            "type": a.type,
            "balance": str(minor_to_decimal(a.balance, currency)),
        }
        for a in accounts
    ]
    text = "\n".join(f"{r['code']:<8} {r['name']:<45} {r['balance']:>15}" for r in rows)
    emit(
        args,
        {"currency": currency, "accounts": rows, "fingerprint": print_},
        text + "\n" + _("Fingerprint: {fingerprint}").format(fingerprint=print_),
    )
    return 0


def run_verify(args: argparse.Namespace) -> int:
    """Check the books; exit 3 when a transaction does not balance."""
    with open_for(args) as ws:
        result = queries.verify(ws)
    count = result.transactions
    if result.ok:
        text = ngettext(
            "{count} transaction, all balanced; fingerprint {fingerprint}",
            "{count} transactions, all balanced; fingerprint {fingerprint}",
            count,
        )
    else:
        text = ngettext(
            "{count} transaction, {bad} unbalanced; fingerprint {fingerprint}",
            "{count} transactions, {bad} unbalanced; fingerprint {fingerprint}",
            count,
        )
    emit(
        args,
        {"ok": result.ok, "transactions": result.transactions, "fingerprint": result.fingerprint},
        text.format(
            count=result.transactions, bad=len(result.unbalanced), fingerprint=result.fingerprint
        ),
    )
    return 0 if result.ok else 3
