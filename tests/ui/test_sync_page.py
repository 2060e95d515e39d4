"""The Sync page: fingerprint, import preview and apply, conflicts resolved, bundles dropped."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from codesign.people import service
from codesign.people.queries import list_people
from codesign.sync.importer import import_bundle
from codesign.workspace import open_workspace
from ui.context import AppContext
from ui.pages.sync import SyncPage

sys.path.insert(0, str(Path(__file__).parents[1] / "codesign" / "sync"))

from sync_laptops import Laptop

SHOTS = Path("/work/notes/shots")


def _shot(widget: object, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"sync-{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def collided(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Laptop, Path, str]:
    """A and B edited Rosa's phone; ``b.zip`` carries B's edit; MINGA_HOME is A's."""
    a, b = Laptop(tmp_path, "a"), Laptop(tmp_path, "b")
    a.create()
    with a.open() as ws:
        _r, added = service.add_person(ws, name="Rosa Lema", phone="0990000005")
    b.join(a, tmp_path / "join.zip")
    for laptop, phone in ((a, "0991111111"), (b, "0992222222")):
        with laptop.open() as ws:
            service.update_person(ws, added.person, {"phone": phone})
    b.export(tmp_path / "b.zip")
    monkeypatch.setenv("MINGA_HOME", str(a.home))
    return a, tmp_path / "b.zip", str(added.person)


def _drop(mime: QMimeData) -> QDropEvent:
    return QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def make_page(qtbot: QtBot, laptop: Laptop) -> SyncPage:
    context = AppContext()
    context.set_workspace(open_workspace(laptop.file))
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    return page


def test_preview_apply_and_resolve(qtbot: QtBot, collided) -> None:
    """The preview lists the change per section; applying shows the conflict; choosing ends it."""
    a, bundle, person = collided
    page = make_page(qtbot, a)
    assert page.fingerprint.text() == a.fingerprint
    dialog = page.import_dialog(bundle)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    texts = [dialog.details.item(i).text() for i in range(dialog.details.count())]
    assert "Personas: 1" in texts
    assert any("conflicto" in t for t in texts)
    assert dialog.apply_button.isEnabled()
    dialog.show()
    _shot(dialog, "preview")
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_report is not None, timeout=10_000)
    page.refresh()
    assert page.conflicts_model.rowCount() == 1
    page.conflicts_view.selectRow(0)
    assert page.heads.count() == 2
    assert page.conflicts_model.index(0, 2).data() == "Teléfono"
    page.show()
    _shot(page, "conflicts")
    wanted = next(
        i for i in range(page.heads.count()) if page.heads.item(i).text().startswith("0992222222")
    )
    page.heads.setCurrentRow(wanted)
    page.choose_value()
    assert page.conflicts_model.rowCount() == 0
    ws = page.context.workspace()
    assert [p.phone for p in list_people(ws) if str(p.id) == person] == ["0992222222"]
    page.tabs.setCurrentIndex(1)
    _shot(page, "devices")
    page.context.set_workspace(None)


def test_unknown_device_offers_trust(qtbot: QtBot, collided, tmp_path: Path) -> None:
    """A bundle from a laptop not confirmed yet shows its fingerprint and a trust button."""
    a, _bundle, _person = collided
    c = Laptop(tmp_path, "c")
    with c.env():
        c.receive(tmp_path / "join.zip", trust=a_fingerprint(a))
    with c.open() as ws:
        service.add_person(ws, name="Nuevo Socio")
    c.export(tmp_path / "c.zip")
    page = make_page(qtbot, a)
    dialog = page.import_dialog(tmp_path / "c.zip")
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.preview.status == "quarantined"
    assert c.fingerprint in dialog.summary.text()
    dialog.trust_and_apply()
    qtbot.waitUntil(lambda: dialog.preview.status == "imported", timeout=10_000)
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_report is not None, timeout=10_000)
    assert any(p.name == "Nuevo Socio" for p in list_people(page.context.workspace()))
    page.context.set_workspace(None)


def test_trust_dialog_takes_a_fingerprint_and_a_name(
    qtbot: QtBot, collided, tmp_path: Path
) -> None:
    """Trust waits for the 16 letters and digits; the name given then names the device."""
    from ui.sync_dialogs import TrustDialog

    a, _bundle, _person = collided
    c = Laptop(tmp_path, "c")
    with c.env():
        c.receive(tmp_path / "join.zip", trust=a_fingerprint(a))
    c.export(tmp_path / "c.zip")
    page = make_page(qtbot, a)
    dialog = TrustDialog(page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fingerprint, c.fingerprint[:9])
    assert not dialog.ok_button.isEnabled()
    assert "8" in dialog.problem.text()
    qtbot.keyClicks(dialog.fingerprint, c.fingerprint[9:])
    dialog.name.setText("Portátil de tesorería")  # QTest types ASCII only
    assert dialog.ok_button.isEnabled() and dialog.problem.text() == ""
    dialog.show()
    _shot(dialog, "trust")
    page.trust(dialog.fingerprint.text(), dialog.name.text())
    with a.env():
        report = import_bundle(a.file, tmp_path / "c.zip", workspace=page.context.workspace())
    assert report.status in ("imported", "already")
    page.refresh()
    names = [page.devices_model.record(i).name for i in range(page.devices_model.rowCount())]
    assert "Portátil de tesorería" in names
    page.context.set_workspace(None)


def a_fingerprint(laptop: Laptop) -> str:
    return laptop.fingerprint


def test_dropping_a_bundle_opens_the_sync_preview(qtbot: QtBot, collided, monkeypatch) -> None:
    """A bundle dropped on the main window goes to the Sync page's import."""
    from ui.main_window import MainWindow

    a, bundle, _person = collided
    window = MainWindow()
    qtbot.addWidget(window)
    window.context.set_workspace(open_workspace(a.file))
    seen: list[Path] = []
    monkeypatch.setattr(SyncPage, "import_file", lambda self, path: seen.append(path))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    assert window.dropped_bundle(mime) == bundle
    window.dropEvent(_drop(mime))
    assert seen == [bundle]
    assert window.current_section() == "sync"
    text = QMimeData()
    text.setUrls([QUrl.fromLocalFile(str(a.file))])
    assert window.dropped_bundle(text) is None
    window.context.set_workspace(None)


def test_waiting_bundles_are_listed_until_imported(qtbot: QtBot, collided, tmp_path: Path) -> None:
    """A quarantined bundle is listed under Waiting and leaves the list once imported."""
    a, _bundle, _person = collided
    c = Laptop(tmp_path, "c")
    c.receive(tmp_path / "join.zip", trust=a.fingerprint)
    with c.open() as ws:
        service.add_person(ws, name="Otra Socia")
    c.export(tmp_path / "c.zip")
    assert a.receive(tmp_path / "c.zip").status == "quarantined"
    page = make_page(qtbot, a)
    assert page.waiting.count() == 1
    assert c.fingerprint in page.waiting.item(0).text()
    waiting = Path(page.waiting.item(0).data(Qt.ItemDataRole.UserRole))
    dialog = page.import_dialog(waiting)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    dialog.trust_and_apply()
    qtbot.waitUntil(lambda: dialog.preview.status == "imported", timeout=10_000)
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result_report is not None, timeout=10_000)
    page.refresh()
    assert page.waiting.count() == 0
    page.context.set_workspace(None)


def test_join_dialog_builds_the_new_file(qtbot: QtBot, collided, tmp_path: Path) -> None:
    """Joining from the window shows the signer's fingerprint and builds a complete file."""
    from ui.sync_dialogs import JoinDialog

    a, _bundle, person = collided
    target = tmp_path / "nueva.minga"
    dialog = JoinDialog(tmp_path / "join.zip", target, None)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint_label.text() == a.fingerprint
    dialog.show()
    _shot(dialog, "join")
    dialog.join()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.status == "imported"
    with open_workspace(target) as ws:
        assert [str(p.id) for p in list_people(ws)] == [person]


def test_dropping_a_bundle_with_no_file_open_offers_to_join(
    qtbot: QtBot, collided, tmp_path: Path, monkeypatch
) -> None:
    """With no cooperative open, a dropped bundle starts joining."""
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    seen: list[Path] = []
    monkeypatch.setattr(MainWindow, "join_from", lambda self, path, target=None: seen.append(path))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "join.zip"))])
    window.dropEvent(_drop(mime))
    assert seen == [tmp_path / "join.zip"]
