"""The one place errors are shown: a message box in the user's language, with what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from codesign.errors import (
    BadInput,
    FileLocked,
    MingaError,
    NotPermitted,
    Quarantined,
    UnreadableFile,
)
from i18n import gettext as _


def next_step(error: MingaError) -> str:
    """What the user can do about ``error``."""
    if isinstance(error, NotPermitted):
        return _("Sign in with a role that may do this (File → Sign in).")
    if isinstance(error, FileLocked):
        return _("Close the file in the other Minga window, then try again.")
    if isinstance(error, Quarantined):
        return _("Nothing was deleted. Open a backup or ask for a full sync bundle.")
    if isinstance(error, UnreadableFile):
        return _("Check the file name, or choose another file.")
    if isinstance(error, BadInput):
        return _("Correct the input and try again; nothing was changed.")
    return _("Nothing was changed.")


def show_error(parent: QWidget | None, error: MingaError) -> None:
    """Show ``error`` modally; the message already names the file and the reason."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Minga"))
    box.setText(error.reason)
    info = next_step(error)
    if error.path:
        info = _("File: {path}").format(path=error.path) + "\n" + info
    box.setInformativeText(info)
    box.setObjectName("errorBox")
    box.exec()
