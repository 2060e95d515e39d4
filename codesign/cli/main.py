"""Entry point: ``minga [gui] [FILE]`` or ``minga COMMAND FILE ...``.

Exit codes: 0 done; 2 usage; 3 check found problems; 4 waiting for a human
decision; 65 bad input rejected; 66 unreadable file; 77 not permitted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from codesign.errors import MingaError
from i18n import gettext as _
from i18n import set_language

COMMANDS = (
    "gui",
    "init",
    "demo",
    "info",
    "people",
    "ledger",
    "plan",
    "work",
    "decisions",
    "cases",
    "sync",
    "device",
    "report",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    from codesign.cli import cases, coop, decisions, ledger, people, plan, report, work
    from codesign.cli import sync as sync_cli

    parser = argparse.ArgumentParser(
        prog="minga",
        description=_("Minga: co-design, mingas, finances and decisions for cooperatives."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", help=_("open the window"))
    gui.add_argument("file", metavar="FILE", nargs="?")
    gui.set_defaults(run=None)
    coop.register(sub)
    people.register(sub)
    ledger.register(sub)
    plan.register(sub)
    work.register(sub)
    report.register(sub)
    decisions.register(sub)
    cases.register(sub)
    sync_cli.register(sub)
    return parser


GuiLauncher = Callable[[list[str]], int]


def main(argv: list[str] | None = None, gui: GuiLauncher | None = None) -> int:
    """Run one command; return its exit code.

    The window lives in ``ui``, which the core never imports: the launcher
    in ``ui.launcher`` passes it in as ``gui``.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(None)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        return _gui(gui, args_list[:1])
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command in (None, "gui"):
        return _gui(gui, [args.file] if getattr(args, "file", None) else [])
    try:
        code: int = args.run(args)
    except MingaError as error:
        sys.stderr.write(f"minga: {error}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("minga: " + _("interrupted; nothing was changed") + "\n")
        return 130
    return code


def _gui(gui: GuiLauncher | None, files: list[str]) -> int:
    if gui is None:
        sys.stderr.write("minga: " + _("the window is not available here; run minga gui") + "\n")
        return 2
    return gui(files)


if __name__ == "__main__":
    sys.exit(main())
