"""The window's safety nets: File → Backups…, restore, a quarantined file explained, crash check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from codesign.people import service
from codesign.people.queries import list_people
from codesign.workspace import open_workspace
from models.backup import backup_details, backup_file
from ui.backups_dialog import BackupsDialog, reason_text
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from conftest import MessageBoxes


class BoxAnswerer:
    """Answers the next modal message box by clicking the button whose text is given."""

    def __init__(self) -> None:
        self.seen: list[QMessageBox] = []
        self.texts: list[str] = []

    def answer(self, pick: Callable[[QMessageBox], QAbstractButton | None]) -> None:
        def look() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(10, look)
                return
            self.texts.append(f"{box.text()}\n{box.informativeText()}")
            button = pick(box)
            assert button is not None
            button.click()

        QTimer.singleShot(0, look)


def _named(text: str) -> Callable[[QMessageBox], QAbstractButton | None]:
    def pick(box: QMessageBox) -> QAbstractButton | None:
        return next((b for b in box.buttons() if b.text() == text), None)

    return pick


def _people_file(coop_file: Callable[..., Path], *names: str) -> Path:
    path = coop_file(name="Cooperativa Segura")
    ws = open_workspace(path)
    for name in names:
        service.add_person(ws, name=name)
    ws.close()
    return path


def test_backups_dialog_lists_when_why_and_size(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """The dialog lists the open file's backups newest first, in words, and backs up on demand."""
    path = _people_file(coop_file, "Rosa Lema")
    backup_file(path, "before-migration-0002")
    dialog = BackupsDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    model = dialog.model
    assert model.index(0, 1).data() == "Antes de actualizar el archivo (esquema 0002)"
    assert model.index(0, 2).data().endswith(("KB", "MB"))
    dialog.backup_button.click()
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, 1).data() == reason_text("manual") == "Hecha a mano"


def test_restore_from_the_window_reopens_the_old_content(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """File → Backups… → Restore (confirmed) puts the backup back and reopens the file."""
    path = _people_file(coop_file, "Rosa Lema")
    backup_file(path, "manual")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(path)
    service.add_person(window.context.workspace(), name="Persona Posterior")
    answers = BoxAnswerer()

    def run_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BackupsDialog):
            QTimer.singleShot(10, run_dialog)
            return
        answers.answer(lambda box: box.button(QMessageBox.StandardButton.Yes))
        dialog.restore_button.click()

    QTimer.singleShot(0, run_dialog)
    window.actions_by_name["backups"].trigger()
    ws = window.context.workspace()
    assert [p.name for p in list_people(ws)] == ["Rosa Lema"]
    assert "Restaurada la copia" in window.statusBar().currentMessage()
    assert [b.reason for b in backup_details(path)][:2] == ["before-restore", "manual"]
    window.close()


def test_quarantined_file_is_explained_and_its_backup_restored(
    qtbot: QtBot, coop_file: Callable[..., Path], minga_home: Path
) -> None:
    """A damaged file is explained (what, where, next) and its newest backup can be restored."""
    path = _people_file(coop_file, "Rosa Lema")
    backup_file(path, "manual")
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100)
    window = MainWindow()
    qtbot.addWidget(window)
    answers = BoxAnswerer()
    answers.answer(_named("Restaurar la copia más reciente"))
    assert window.open_file(path)
    (text,) = answers.texts
    assert "no pudo abrir file.minga" in text
    assert "No se borró nada" in text
    assert str(minga_home / "quarantine") in text
    assert "restaure la copia más reciente" in text
    assert [p.name for p in list_people(window.context.workspace())] == ["Rosa Lema"]
    assert len(list((minga_home / "quarantine").glob("*file.minga"))) == 1
    window.close()


def test_quarantine_without_backups_says_what_else_to_do(
    qtbot: QtBot, tmp_path: Path, minga_home: Path
) -> None:
    """With no backup the explanation points to a full sync bundle and keeping the file."""
    path = tmp_path / "rota.minga"
    path.write_bytes(b"not a database at all")
    window = MainWindow()
    qtbot.addWidget(window)
    answers = BoxAnswerer()
    answers.answer(lambda box: box.button(QMessageBox.StandardButton.Close))
    assert not window.open_file(path)
    (text,) = answers.texts
    assert "no hay ninguna copia" in text
    assert "paquete de sincronización completo" in text
    assert not path.exists()
    assert window.context.ws is None


def test_unclean_exit_is_checked_and_said_in_the_status_bar(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """A lock left by a crash makes the window check the file and say it is in good order."""
    path = _people_file(coop_file, "Rosa Lema")
    path.with_name(path.name + ".lock").write_text("4242", encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(path)
    assert window.context.workspace().db.checked_integrity
    assert "no se cerró bien" in window.statusBar().currentMessage()
    window.close()
    assert window.open_file(path)  # closed cleanly now: no check the next time
    assert not window.context.workspace().db.checked_integrity


def test_stopping_the_check_keeps_the_file_for_the_next_open(
    qtbot: QtBot, coop_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel during the check after a crash: nothing opens, the window says so, the lock stays."""
    from ui import app, main_window
    from ui.tasks import Cancelled

    path = _people_file(coop_file, "Rosa Lema")
    lock = path.with_name(path.name + ".lock")
    lock.write_text("4242", encoding="utf-8")

    def pressed_cancel(_done: int, _total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        app.opening(path, 3)(pressed_cancel)
    assert lock.exists()
    monkeypatch.setattr(main_window, "open_busy", lambda *_a: None)
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.open_file(path)
    assert window.context.ws is None
    assert "no se abrió" in window.statusBar().currentMessage()
    monkeypatch.undo()
    assert window.open_file(path)
    assert window.context.workspace().db.checked_integrity


def test_a_sync_bundle_goes_to_the_sync_section(
    qtbot: QtBot, coop_file: Callable[..., Path], tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """A .mingabundle is never opened as a cooperative: Sync previews it, or it is explained."""
    bundle = tmp_path / "tesoreria.mingabundle"
    bundle.write_bytes(b"PK\x03\x04 not really")
    window = MainWindow()
    qtbot.addWidget(window)
    message_boxes.expect()
    assert not window.open_file(bundle)
    assert "primero la cooperativa" in message_boxes.texts[-1]
    path = coop_file()
    assert window.open_file(path)
    message_boxes.expect()
    assert window.open_file(bundle)  # the Sync page reads it for its preview: not a bundle
    assert window.current_section() == "sync"
    assert window.context.workspace().path == path  # the cooperative stays open
    assert bundle.read_bytes().startswith(b"PK")
    assert "tesoreria.mingabundle" in message_boxes.texts[-1]
    window.close()


def test_only_a_clean_up_to_date_file_opens_without_the_worker(
    coop_file: Callable[..., Path], tmp_path: Path
) -> None:
    """Only a file needing no check and no migration opens without the worker; it is only read."""
    import sqlite3

    from ui.app import _opens_quickly

    path = _people_file(coop_file, "Rosa Lema")
    assert _opens_quickly(path)
    assert sorted(p.name for p in path.parent.glob(path.name + "*")) == [path.name]
    lock = path.with_name(path.name + ".lock")
    lock.write_text("4242", encoding="utf-8")
    assert not _opens_quickly(path)  # the last session did not end cleanly: check it
    lock.unlink()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0010'")
    conn.commit()
    conn.close()
    assert not _opens_quickly(path)  # a migration (and its backup) runs on the worker
    junk = tmp_path / "notes.minga"
    junk.write_text("not a database", encoding="utf-8")
    assert not _opens_quickly(junk)
    assert not _opens_quickly(tmp_path / "missing.minga")
