"""``minga sync export|import|conflicts|resolve`` and ``minga device show|list|trust|revoke``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import uuid
from pathlib import Path

import orjson

from codesign.auth import sign_in
from codesign.cli.common import (
    add_as,
    add_file,
    add_json,
    emit,
    open_for,
    progress,
    read_passphrase,
)
from codesign.errors import BadInput, UsageError
from codesign.workspace import Workspace
from i18n import gettext as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the commands to the parser."""
    sync = sub.add_parser("sync", help=_("exchange changes with other laptops by file"))
    commands = sync.add_subparsers(dest="sync_command", metavar="COMMAND", required=True)

    export = commands.add_parser("export", help=_("write a bundle of changes"))
    add_file(export)
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--encrypt", action="store_true", help=_("encrypt with a passphrase"))
    export.add_argument("--full", action="store_true", help=_("every change, not only new ones"))
    export.add_argument("--for", dest="peer", metavar="DEVICE", help=_("only what DEVICE lacks"))
    add_json(export)
    export.set_defaults(run=run_export)

    imp = commands.add_parser("import", help=_("merge a bundle of changes"))
    add_file(imp)
    imp.add_argument("bundle", metavar="BUNDLE")
    imp.add_argument("--trust", metavar="FINGERPRINT", help=_("trust the bundle's device"))
    add_as(imp)
    add_json(imp)
    imp.set_defaults(run=run_import)

    conflicts = commands.add_parser("conflicts", help=_("list edits that collided"))
    add_file(conflicts)
    add_json(conflicts)
    conflicts.set_defaults(run=run_conflicts)

    resolve = commands.add_parser("resolve", help=_("choose the value of a conflicting field"))
    add_file(resolve)
    resolve.add_argument("entity")
    resolve.add_argument("id")
    resolve.add_argument("field")
    resolve.add_argument("value", help=_("the value, as JSON (a bare word is taken as text)"))
    add_as(resolve)
    add_json(resolve)
    resolve.set_defaults(run=run_resolve)

    _register_device(sub)


def _register_device(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    device = sub.add_parser("device", help=_("this laptop's key and the trusted devices"))
    dev = device.add_subparsers(dest="device_command", metavar="COMMAND", required=True)
    show = dev.add_parser("show", help=_("this laptop's device and fingerprint"))
    add_file(show)
    add_json(show)
    show.set_defaults(run=run_device_show)
    listing = dev.add_parser("list", help=_("every device, its trust and last exchange"))
    add_file(listing)
    add_json(listing)
    listing.set_defaults(run=run_device_list)
    trust = dev.add_parser("trust", help=_("trust a device by its fingerprint"))
    add_file(trust)
    trust.add_argument("fingerprint", metavar="FINGERPRINT")
    trust.add_argument("--name", help=_("a name for the device"))
    add_as(trust)
    trust.set_defaults(run=run_device_trust)
    revoke = dev.add_parser("revoke", help=_("stop accepting a device's bundles"))
    add_file(revoke)
    revoke.add_argument("device", metavar="DEVICE")
    add_as(revoke)
    revoke.set_defaults(run=run_device_revoke)


def bundle_passphrase(*, confirm: bool = False) -> str:
    """The bundle passphrase: MINGA_PASSPHRASE, or a prompt on a terminal."""
    env = os.environ.get("MINGA_PASSPHRASE")
    if env:
        return env
    if not sys.stdin.isatty():
        raise UsageError(_("no bundle passphrase: set MINGA_PASSPHRASE"))
    first = getpass.getpass(_("Bundle passphrase: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise UsageError(_("the passphrases differ"))
    return first


def _device_ref(ws: Workspace, ref: str) -> uuid.UUID:
    from codesign.sync.devices import list_devices
    from codesign.sync.keys import normal_fingerprint

    for device in list_devices(ws):
        if ref in (str(device.id), device.id.hex, device.name) or (
            device.fingerprint and normal_fingerprint(ref) == device.fingerprint
        ):
            return device.id
    raise BadInput(_("no device {ref}").format(ref=ref), path=ws.label)


def run_export(args: argparse.Namespace) -> int:
    """Write a bundle."""
    from codesign.sync.exporter import export_bundle

    passphrase = bundle_passphrase(confirm=True) if args.encrypt else None
    with open_for(args) as ws:
        peer = _device_ref(ws, args.peer) if args.peer else None
        done = export_bundle(
            ws, Path(args.output), full=args.full, peer=peer, passphrase=passphrase
        )
    emit(
        args,
        {"file": str(done.path), "changes": done.changes, "full": done.full},
        _("Wrote {file}: {count} changes").format(file=done.path, count=done.changes),
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Merge a bundle; exit 4 while its device waits to be trusted."""
    from codesign.sync.importer import import_bundle

    def signed(ws: Workspace) -> None:
        if args.as_person:
            sign_in(ws, args.as_person, read_passphrase(ws, args.as_person))

    report = import_bundle(
        args.file,
        Path(args.bundle),
        trust=args.trust,
        passphrase=bundle_passphrase,
        signed_in=signed,
        progress=progress,
    )
    lines = {
        "imported": _("Imported {count} changes from {name}").format(
            count=report.changes, name=report.device_name or report.device
        ),
        "already": _("Nothing new: this file already holds every change in the bundle"),
        "quarantined": _(
            "The bundle is from an unknown device, {name}, fingerprint {fingerprint}. Check the"
            " fingerprint with its owner, then import again with --trust {fingerprint}"
        ).format(name=report.device_name or report.device, fingerprint=report.fingerprint),
    }
    text = [lines[report.status]]
    if report.conflicts:
        text.append(
            _("{count} fields in conflict: minga sync conflicts").format(count=report.conflicts)
        )
    text += [g.text() for g in report.gaps]
    text += list(report.skew)
    emit(args, report.as_json(), "\n".join(text))
    return 4 if report.status == "quarantined" else 0


def run_conflicts(args: argparse.Namespace) -> int:
    """List open conflicts."""
    from codesign.sync.conflicts import list_conflicts

    with open_for(args) as ws:
        found = list_conflicts(ws)
    text = []
    for c in found:
        text.append(f"{c.entity} {c.row} {c.field} ({c.title})")
        text += [
            f"  {orjson.dumps(h.value).decode()}  {h.device_name} {h.author_name} "
            f"{h.when.isoformat(sep=' ')}"
            for h in c.heads
        ]
    emit(args, {"conflicts": [c.as_json() for c in found]}, "\n".join(text) or _("No conflicts"))
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    """Write the chosen value of a conflicting field."""
    from codesign.sync.conflicts import resolve_conflict

    try:
        value = orjson.loads(args.value)
    except orjson.JSONDecodeError:
        value = args.value
    row = uuid.UUID(args.id) if _is_uuid(args.id) else None
    if row is None:
        raise UsageError(_("{id} is not an id").format(id=args.id))
    with open_for(args) as ws:
        resolve_conflict(ws, args.entity, row, args.field, value)
    emit(args, {"resolved": True}, _("Resolved"))
    return 0


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def run_device_show(args: argparse.Namespace) -> int:
    """Print this laptop's device and fingerprint."""
    from codesign.sync.devices import this_device

    with open_for(args) as ws:
        me = this_device(ws)
    emit(
        args,
        {"device": str(me.id), "name": me.name, "fingerprint": me.fingerprint},
        f"{me.name}  {me.id}\n{me.fingerprint}",
    )
    return 0


def run_device_list(args: argparse.Namespace) -> int:
    """Print every device."""
    from codesign.sync.devices import list_devices

    with open_for(args) as ws:
        found = list_devices(ws)
    data = [
        {
            "device": str(d.id),
            "name": d.name,
            "fingerprint": d.fingerprint,
            "trusted": d.trusted,
            "revoked": d.revoked,
            "local": d.local,
            "last_received": d.last_received,
            "last_sent": d.last_sent,
            "gaps": [list(g) for g in d.gaps],
        }
        for d in found
    ]
    text = [f"{d.name}  {d.fingerprint}  {d.id}" for d in found]
    emit(args, {"devices": data}, "\n".join(text))
    return 0


def run_device_trust(args: argparse.Namespace) -> int:
    """Trust a device by fingerprint."""
    from codesign.sync.devices import trust_device

    with open_for(args) as ws:
        trust_device(ws, args.fingerprint, args.name)
    emit(args, {}, _("Trusted {fingerprint}").format(fingerprint=args.fingerprint))
    return 0


def run_device_revoke(args: argparse.Namespace) -> int:
    """Revoke a device."""
    from codesign.sync.devices import revoke_device

    with open_for(args) as ws:
        revoke_device(ws, _device_ref(ws, args.device))
    emit(args, {}, _("Revoked {device}").format(device=args.device))
    return 0
