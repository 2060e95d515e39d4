"""Imports flow one way: the core never loads Qt."""

from __future__ import annotations

import subprocess
import sys


def test_core_does_not_import_qt() -> None:
    """Importing codesign (CLI, services, demo), models, plans and i18n loads no PySide6."""
    code = (
        "import sys, importlib, pkgutil\n"
        "import codesign, models, plans, i18n\n"
        "for pkg in (codesign, models, plans, i18n):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
