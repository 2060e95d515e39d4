"""What every command shares: opening the file, signing in, printing results."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

import orjson

from codesign.auth import sign_in
from codesign.errors import SignInFailed
from codesign.workspace import Workspace, open_workspace
from i18n import gettext as _
from i18n import ngettext


def add_file(parser: argparse.ArgumentParser) -> None:
    """The cooperative file (or database URL) every command takes first."""
    parser.add_argument("file", metavar="FILE", help=_("the cooperative file"))


def add_json(parser: argparse.ArgumentParser) -> None:
    """``--json``: print one JSON object on stdout."""
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))


def add_as(parser: argparse.ArgumentParser) -> None:
    """``--as PERSON``: act as a person with a role (passphrase from MINGA_SIGNIN)."""
    parser.add_argument(
        "--as",
        dest="as_person",
        metavar="PERSON",
        help=_("sign in as this person (id or exact name); passphrase from MINGA_SIGNIN"),
    )


def open_for(args: argparse.Namespace) -> Workspace:
    """Open the file and sign in when ``--as`` was given."""
    ws = open_workspace(args.file)
    try:
        ref = getattr(args, "as_person", None)
        if ref:
            sign_in(ws, ref, read_passphrase(ws, ref))
    except BaseException:
        ws.close()
        raise
    return ws


def read_passphrase(ws: Workspace, ref: str) -> str:
    """The sign-in passphrase: MINGA_SIGNIN, or a prompt on a terminal."""
    env = os.environ.get("MINGA_SIGNIN")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise SignInFailed(
            _("no passphrase for {person}: set MINGA_SIGNIN").format(person=ref), path=ws.label
        )
    return getpass.getpass(_("Passphrase for {person}: ").format(person=ref))


def emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    """Print ``data`` as JSON with ``--json``, otherwise ``text``."""
    if getattr(args, "json", False):
        sys.stdout.buffer.write(orjson.dumps(data) + b"\n")
    elif text:
        print(text)  # noqa: T201 - the command line's output


def progress(message: str, done: int, total: int) -> None:
    """A progress line on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty() or total <= 0:
        return
    sys.stderr.write(f"\r{message} {done * 100 // total:3d}%")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def wrote_pages(path: Path, pages: int) -> str:
    """ "Wrote FILE (N pages)" in the current language, with the right plural."""
    return ngettext("Wrote {file} ({pages} page)", "Wrote {file} ({pages} pages)", pages).format(
        file=path, pages=pages
    )
