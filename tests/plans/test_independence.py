"""plans/ stands alone: it imports nothing of ours, and ezdxf/pyproj only when used."""

from __future__ import annotations

import subprocess
import sys


def test_plans_imports_nothing_of_ours_nor_heavy_readers() -> None:
    """Importing every plans module loads no codesign, models, ui or i18n, nor ezdxf/pyproj."""
    code = (
        "import sys, importlib, pkgutil, plans\n"
        "for info in pkgutil.walk_packages(plans.__path__, 'plans.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'codesign', 'models', 'ui', 'i18n', 'ezdxf', 'pyproj', 'PySide6'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
