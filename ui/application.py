"""The QApplication subclass: files the operating system asks Minga to open.

On macOS, double-clicking a ``.minga`` file (or dropping it on the Dock icon)
does not pass it on the command line: the system sends a ``QFileOpenEvent``
to the application, also while it already runs. Files that arrive before a
window listens are kept and handed over when one connects.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from typing_extensions import override


class MingaApplication(QApplication):
    """Emits ``file_open_requested`` for each file the system asks to open."""

    file_open_requested = Signal(str)

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.pending_files: list[str] = []
        self._listening = False

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            name = event.file() or event.url().toLocalFile()
            if name:
                if self._listening:
                    self.file_open_requested.emit(name)
                else:
                    self.pending_files.append(name)
            return True
        return super().event(event)

    def start_delivering(self) -> list[str]:
        """From now on files are emitted at once; returns those that came before."""
        self._listening = True
        pending, self.pending_files = self.pending_files, []
        return pending
