"""``minga people add|set|list|export|import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from codesign.cli.common import add_as, add_file, add_json, emit, open_for
from codesign.errors import BadInput, UsageError
from codesign.people import queries, service
from codesign.people.export import export_person
from codesign.people.records import PERSON_FIELDS
from i18n import gettext as _

SETTABLE = (*PERSON_FIELDS, "roles", "passphrase")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``people`` and its subcommands to the parser."""
    people = sub.add_parser("people", help=_("people and households"))
    psub = people.add_subparsers(dest="people_command", required=True, metavar="COMMAND")

    add = psub.add_parser("add", help=_("add a person"))
    add_file(add)
    add.add_argument("--name", required=True)
    add.add_argument("--household", help=_("household id or name (created when new)"))
    add.add_argument("--phone", default="")
    add.add_argument("--email", default="")
    add.add_argument("--roles", default="member", help=_("comma-separated roles"))
    add_as(add)
    add_json(add)
    add.set_defaults(run=run_add)

    set_ = psub.add_parser("set", help=_("change fields of a person"))
    add_file(set_)
    set_.add_argument("person", metavar="PERSON", help=_("person id or exact name"))
    set_.add_argument("assignments", metavar="FIELD=VALUE", nargs="+")
    add_as(set_)
    add_json(set_)
    set_.set_defaults(run=run_set)

    list_ = psub.add_parser("list", help=_("list people"))
    add_file(list_)
    add_as(list_)
    add_json(list_)
    list_.set_defaults(run=run_list)

    export = psub.add_parser("export", help=_("export everything held about one person"))
    add_file(export)
    export.add_argument("person", metavar="PERSON")
    export.add_argument("-o", "--output", required=True, metavar="OUT.json")
    add_as(export)
    add_json(export)
    export.set_defaults(run=run_export)

    imp = psub.add_parser("import", help=_("import people from a CSV file"))
    add_file(imp)
    imp.add_argument("csv", metavar="PEOPLE.csv")
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help=_("map a field to a CSV column (guessed from the headers otherwise)"),
    )
    imp.add_argument("--encoding", default="utf-8")
    imp.add_argument(
        "--skip-bad", action="store_true", help=_("import the good rows even if some are bad")
    )
    add_as(imp)
    add_json(imp)
    imp.set_defaults(run=run_import)


def run_add(args: argparse.Namespace) -> int:
    """Add one person."""
    with open_for(args) as ws:
        _result, added = service.add_person(
            ws,
            name=args.name,
            household=args.household,
            phone=args.phone,
            email=args.email,
            roles=args.roles.split(","),
        )
    emit(
        args,
        {"person": str(added.person), "household": str(added.household)},
        str(added.person),
    )
    return 0


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs; a malformed one is a usage error."""
    values: dict[str, str] = {}
    for item in items:
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise UsageError(_("expected FIELD=VALUE, got {item}").format(item=item))
        values[field.strip()] = value
    return values


def run_set(args: argparse.Namespace) -> int:
    """Change fields, roles or the passphrase of one person, all in one go."""
    values = parse_assignments(args.assignments)
    unknown = sorted(set(values) - set(SETTABLE))
    with open_for(args) as ws:
        if unknown:
            raise BadInput(
                _("unknown field {field}; use {fields}").format(
                    field=unknown[0], fields=", ".join(SETTABLE)
                ),
                path=ws.label,
            )
        person = service.resolve_person(ws, args.person)
        roles = values.pop("roles", None)
        passphrase = values.pop("passphrase", None)
        if values:
            service.update_person(ws, person, values)
        if roles is not None:
            service.set_roles(ws, person, roles.replace(";", ",").split(","))
        if passphrase is not None:
            service.set_passphrase(ws, person, passphrase)
    changed = sorted([*values, *(["roles"] if roles is not None else [])])
    emit(args, {"person": str(person), "changed": changed}, str(person))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List live people with their household and roles."""
    with open_for(args) as ws:
        people = queries.list_people(ws)
    rows: list[dict[str, Any]] = [
        {
            "id": str(p.id),
            "name": p.name,
            "household": str(p.household_id) if p.household_id else None,
            "household_name": p.household,
            "roles": list(p.roles),
            "phone": p.phone or None,
            "email": p.email or None,
        }
        for p in people
    ]
    text = "\n".join(
        f"{p.id}  {p.name}  [{p.household}]  {', '.join(p.roles)}  {p.phone}".rstrip()
        for p in people
    )
    emit(args, {"people": rows}, text)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write everything held about one person to a JSON file."""
    out = Path(args.output)
    with open_for(args) as ws:
        if not out.parent.is_dir():
            raise BadInput(_("the folder does not exist"), path=out)
        person = service.resolve_person(ws, args.person)
        data = export_person(ws, person, out)
    emit(
        args,
        {"file": str(out), "person": str(person), "changes": len(data["changes"])},
        _("Wrote {file}").format(file=out),
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import people from CSV: all rows, or the good ones with ``--skip-bad``."""
    from codesign.people.csv_import import check_against, import_people, read_people_csv

    mapping = parse_assignments(args.column) if args.column else None
    with open_for(args) as ws:
        preview, errors = read_people_csv(Path(args.csv), mapping, encoding=args.encoding)
        preview, more = check_against(ws, preview)
        errors = (*errors, *more)
        if errors and not args.skip_bad:
            first = min(errors, key=lambda e: e.row)
            raise BadInput(
                _(
                    "{reason} ({count} bad rows; nothing imported; use --skip-bad to import "
                    "the good rows)"
                ).format(reason=first.reason, count=len(errors)),
                path=args.csv,
                row=first.row,
            )
        if preview.rows:
            import_people(ws, preview.rows)
    emit(
        args,
        {
            "imported": len(preview.rows),
            "rejected": [{"row": e.row, "reason": e.reason} for e in errors],
        },
        _("Imported {n} people; {bad} rows rejected").format(n=len(preview.rows), bad=len(errors)),
    )
    return 0
