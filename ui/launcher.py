"""The ``minga`` executable: the command line, or the window for ``minga [gui] [FILE]``.

Qt is imported only when the window is asked for, so commands stay fast and
the core never imports ``ui``.
"""

from __future__ import annotations

import sys


def launch_window(files: list[str]) -> int:
    """Open the main window (on FILE when given)."""
    from ui.app import main as gui_main

    return gui_main(files)


def main() -> int:
    """Console entry point."""
    from codesign.cli.main import main as cli_main

    return cli_main(sys.argv[1:], gui=launch_window)


if __name__ == "__main__":
    sys.exit(main())
