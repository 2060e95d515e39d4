"""The ``minga`` executable: the command line, or the window for ``minga [gui] [FILE]``.

Qt is imported only when the window is asked for, so commands stay fast and
the core never imports ``ui``.
"""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """Whether Qt can open a window here (Qt aborts without one on Linux)."""
    if not sys.platform.startswith("linux"):
        return True
    names = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return any(os.environ.get(name) for name in names)


def launch_window(files: list[str]) -> int:
    """Open the main window (on FILE when given)."""
    if not has_display():
        from i18n import gettext as _

        sys.stderr.write(
            "minga: "
            + _("no display to open the window on; use the commands (minga --help)")
            + "\n"
        )
        return 2
    from ui.app import main as gui_main

    return gui_main(files)


def main() -> int:
    """Console entry point."""
    from codesign.cli.main import main as cli_main

    return cli_main(sys.argv[1:], gui=launch_window)


if __name__ == "__main__":
    sys.exit(main())
