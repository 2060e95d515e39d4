"""The PySide6 regression DESIGN.md warns about: thousands of Qt calls returning nothing.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on each such call
and aborts the interpreter (``Fatal Python error: none_dealloc``) after a few
thousand. It runs in a subprocess so an abort fails this test with its exit
code instead of killing the whole test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 20_000

SCRIPT = f"""
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene
app = QApplication([])
scene = QGraphicsScene()
item = QGraphicsRectItem(0, 0, 10, 10)
scene.addItem(item)
for i in range({CALLS}):
    item.setPos(i % 100, i // 100)
assert item.pos().x() == ({CALLS} - 1) % 100
print("done", flush=True)
"""


def test_many_void_qt_calls_do_not_abort() -> None:
    """20,000 ``setPos`` calls on a scene item finish normally (no none_dealloc abort)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr[-2000:]}"
    assert result.stdout.strip() == "done"
