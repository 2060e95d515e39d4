"""The window's safety nets: a quarantined file explained, a backup restored, a crash noted.

Texts here are for people who are not technicians: what happened, where the
file is now, and what to do next, in that order.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from codesign.errors import MingaError, Quarantined
from i18n import current_language
from i18n import gettext as _
from i18n.formatting import format_datetime
from models.backup import BackupInfo, backup_details, restore_backup
from ui import settings
from ui.errors import show_error
from ui.tasks import run_with_progress


def quarantine_texts(error: Quarantined, latest: BackupInfo | None) -> tuple[str, str, str]:
    """(what happened, where the file is, what to do next) for a quarantined file."""
    name = Path(error.path or "").name
    happened = _(
        "Minga could not open {file}: it seems damaged, perhaps by a power cut or a "
        "failing disk. So that nothing gets worse, Minga moved it aside without changing "
        "it. Nothing was deleted."
    ).format(file=name)
    where = _("The damaged file is now here:\n{path}").format(path=error.quarantine_path)
    if latest is not None:
        when = format_datetime(latest.taken, current_language(), "medium")
        step = _(
            "What to do next: restore the newest backup (from {when}); changes made after it "
            "are lost on this laptop, but other laptops may still have them in a sync bundle."
        ).format(when=when)
    else:
        step = _(
            "What to do next: there is no backup of this file on this computer. If another "
            "laptop has the cooperative, make a full sync bundle there and join from it "
            "here. Keep the damaged file: a technician may still rescue data from it."
        )
    return happened, where, step


def explain_quarantine(parent: QWidget | None, error: Quarantined) -> BackupInfo | None:
    """Explain a quarantined file; the backup to restore if the person asks for one."""
    backups = backup_details(Path(error.path)) if error.path else []
    latest = backups[0] if backups else None
    happened, where, step = quarantine_texts(error, latest)
    box = QMessageBox(parent)
    box.setObjectName("quarantineBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("The file was moved aside"))
    box.setText(happened)
    box.setInformativeText(where + "\n\n" + step)
    box.setDetailedText(error.reason)
    restore: QPushButton | None = None
    if latest is not None:
        restore = box.addButton(_("Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton(_("Show the folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is folder:
        folder_url = QUrl.fromLocalFile(str(error.quarantine_path.parent))
        QDesktopServices.openUrl(folder_url)
    return latest if restore is not None and clicked is restore else None


def restore_file(parent: QWidget | None, backup: BackupInfo, target: Path) -> bool:
    """Put ``backup`` in place of the closed file ``target``; errors shown. True when done."""
    keep = settings.get(settings.BACKUPS_KEEP)

    def work(_progress: object) -> Path | None:
        return restore_backup(backup.path, target, keep=keep)

    try:
        run_with_progress(parent, _("Restoring the backup…"), work, cancellable=False)
    except MingaError as error:
        show_error(parent, error)
        return False
    return True


def restored_message(backup: BackupInfo) -> str:
    """The status bar's word after a restore."""
    when = format_datetime(backup.taken, current_language(), "medium")
    return _("Restored the backup of {when}. The file as it was is kept in the backups.").format(
        when=when
    )


def integrity_message() -> str:
    """The status bar's word after the check that follows an unclean exit."""
    return _(
        "Minga was not closed properly last time, so it checked the whole file: "
        "it is in good order."
    )
