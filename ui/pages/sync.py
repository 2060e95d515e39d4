"""The Sync page: this laptop's fingerprint, export for a peer, devices, conflicts, imports.

Bundles are files carried by USB stick or a messaging app. An import is
previewed first (nothing written), then applied off the UI thread with a
progress bar and Cancel. Conflicts list every competing value with who and
when; choosing one (or typing a merged one) is an ordinary change that
syncs like any edit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.errors import MingaError
from codesign.journal.writer import WriteResult
from codesign.sync import bundle
from codesign.sync.conflicts import Conflict, list_conflicts, resolve_conflict
from codesign.sync.devices import (
    list_devices,
    quarantined,
    revoke_device,
    this_device,
    trust_device,
)
from codesign.sync.exporter import Exported, export_bundle
from i18n import gettext as _
from i18n import ngettext
from ui.context import AppContext
from ui.errors import show_error
from ui.sync_dialogs import ImportDialog, TrustDialog, ask_passphrase
from ui.sync_models import (
    ConflictsModel,
    DevicesModel,
    Relay,
    field_label,
    head_text,
    run_in_background,
    value_text,
)
from ui.widgets import fingerprint_label, fit_columns, needs_text, record_table


class SyncPage(QWidget):
    """Exchange bundles with the other laptops and resolve what collided."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.devices_model = DevicesModel(self)
        self.conflicts_model = ConflictsModel(self)
        self.last_import: ImportDialog | None = None
        self.last_trust: TrustDialog | None = None
        self.last_export: Exported | None = None
        self._export_relay = Relay(self)
        self._export_relay.finished.connect(self._exported)
        self._export_relay.failed.connect(self._export_failed)
        layout = QVBoxLayout(self)
        self._build_header(layout)
        self._build_tabs(layout)
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()

    def _build_header(self, layout: QVBoxLayout) -> None:
        self.me_title = QLabel(self)
        self.fingerprint = fingerprint_label(self, scale=1.4)
        self.me_hint = QLabel(self)
        self.me_hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.me_title)
        row.addWidget(self.fingerprint)
        row.addWidget(self.me_hint, 1)
        layout.addLayout(row)
        self.export_label = QLabel(self)
        self.peer = QComboBox(self)
        self.peer.setMinimumContentsLength(24)
        self.peer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.encrypt = QCheckBox(self)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_dialog)
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self.choose_import)
        actions = QHBoxLayout()
        actions.addWidget(self.export_label)
        actions.addWidget(self.peer, 1)
        actions.addWidget(self.encrypt)
        actions.addWidget(self.export_button)
        actions.addSpacing(self.fontMetrics().averageCharWidth() * 4)
        actions.addWidget(self.import_button)
        layout.addLayout(actions)

    def _build_tabs(self, layout: QVBoxLayout) -> None:
        self.tabs = QTabWidget(self)
        conflicts = QSplitter(Qt.Orientation.Vertical, self.tabs)
        self.conflicts_view = record_table(conflicts, sortable=False, stretch_last=False)
        self.conflicts_view.setModel(self.conflicts_model)
        self.conflicts_view.selectionModel().selectionChanged.connect(self._show_heads)
        detail = QWidget(conflicts)
        self.heads = QListWidget(detail)
        self.heads.itemDoubleClicked.connect(lambda _item: self.choose_value())
        self.choose_button = QPushButton(detail)
        self.choose_button.clicked.connect(self.choose_value)
        self.edit_button = QPushButton(detail)
        self.edit_button.clicked.connect(self.edit_value)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        row = QHBoxLayout(detail)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heads, 1)
        row.addLayout(buttons)
        devices = QWidget(self.tabs)
        self.devices_view = record_table(devices, sortable=False, stretch_last=False)
        self.devices_view.setModel(self.devices_model)
        self.trust_button = QPushButton(devices)
        self.trust_button.clicked.connect(self.trust_dialog)
        self.revoke_button = QPushButton(devices)
        self.revoke_button.clicked.connect(self.revoke_selected)
        device_buttons = QHBoxLayout()
        device_buttons.addWidget(self.trust_button)
        device_buttons.addWidget(self.revoke_button)
        device_buttons.addStretch(1)
        column = QVBoxLayout(devices)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.devices_view, 1)
        column.addLayout(device_buttons)
        waiting = self._build_waiting()
        self.tabs.addTab(conflicts, "")
        self.tabs.addTab(devices, "")
        self.tabs.addTab(waiting, "")
        layout.addWidget(self.tabs, 1)

    def _build_waiting(self) -> QWidget:
        waiting = QWidget(self.tabs)
        self.waiting = QListWidget(waiting)
        self.waiting.itemDoubleClicked.connect(lambda _item: self.open_waiting())
        self.waiting_hint = QLabel(waiting)
        self.waiting_hint.setWordWrap(True)
        self.open_waiting_button = QPushButton(waiting)
        self.open_waiting_button.clicked.connect(self.open_waiting)
        column = QVBoxLayout(waiting)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.waiting_hint)
        column.addWidget(self.waiting, 1)
        row = QHBoxLayout()
        row.addWidget(self.open_waiting_button)
        row.addStretch(1)
        column.addLayout(row)
        return waiting

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.me_title.setText(_("This laptop:"))
        self.me_hint.setText(
            _("Read this fingerprint aloud when another laptop imports your first bundle.")
        )
        self.export_label.setText(_("Export changes for…"))
        self.encrypt.setText(_("Encrypt with a passphrase"))
        self.export_button.setText(_("Export…"))
        self.import_button.setText(_("Import bundle…"))
        self.import_button.setToolTip(_("Or drag a bundle file onto the window."))
        self.choose_button.setText(_("Use this value"))
        self.edit_button.setText(_("Edit a merged value…"))
        self.trust_button.setText(_("Trust a device…"))
        self.trust_button.setToolTip(needs_text(Action.TRUST_DEVICES))
        self.revoke_button.setText(_("Revoke"))
        self.revoke_button.setToolTip(needs_text(Action.TRUST_DEVICES))
        self.waiting_hint.setText(
            _(
                "Bundles from devices nobody has confirmed yet wait here. Open one, compare its"
                " fingerprint with its owner, and trust it to import."
            )
        )
        self.open_waiting_button.setText(_("Open…"))
        self._fill_peers()
        self._retitle_tabs()
        fit_columns(self.conflicts_view, (12, 0, 14, 8, 20))
        fit_columns(self.devices_view, (0, 26, 18, 18, 14))

    def _retitle_tabs(self) -> None:
        count = self.conflicts_model.rowCount()
        self.tabs.setTabText(
            0, ngettext("Conflicts ({n})", "Conflicts ({n})", count).format(n=count)
        )
        self.tabs.setTabText(1, _("Devices"))
        waiting = self.waiting.count()
        self.tabs.setTabText(2, _("Waiting ({n})").format(n=waiting))

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_changed(self, result: WriteResult) -> None:
        del result
        self.refresh()

    def refresh(self) -> None:
        """Read this laptop, the devices and the conflicts again."""
        ws = self.context.ws
        enabled = ws is not None
        for widget in (self.export_button, self.import_button, self.trust_button):
            widget.setEnabled(enabled)
        if ws is None:
            self.fingerprint.setText("—")
            self.devices_model.set_records(())
            self.conflicts_model.set_records(())
        else:
            me = self.context.run(self, lambda: this_device(ws))
            self.fingerprint.setText(me.fingerprint if me else "—")
            self.devices_model.set_records(self.context.run(self, lambda: list_devices(ws)) or ())
            self.conflicts_model.set_records(
                self.context.run(self, lambda: list_conflicts(ws)) or ()
            )
        self._fill_waiting()
        self._fill_peers()
        self._retitle_tabs()
        self._show_heads()

    def _fill_waiting(self) -> None:
        self.waiting.clear()
        for entry in quarantined() if self.context.ws is not None else ():
            item = QListWidgetItem(
                f"{entry.name or entry.device[:8]}  {entry.fingerprint}  ({entry.path.name})",
                self.waiting,
            )
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
        self.open_waiting_button.setEnabled(self.waiting.count() > 0)

    def open_waiting(self) -> None:
        """Preview the selected waiting bundle (trusting its device imports it)."""
        item = self.waiting.currentItem() or self.waiting.item(0)
        if item is not None:
            self.import_file(Path(str(item.data(Qt.ItemDataRole.UserRole))))

    def _fill_peers(self) -> None:
        current = self.peer.currentData()
        self.peer.clear()
        self.peer.addItem(_("every laptop I know (what they lack)"), "all")
        self.peer.addItem(_("a new laptop (everything)"), "full")
        for row in range(self.devices_model.rowCount()):
            device = self.devices_model.record(row)
            if device is not None and not device.local and not device.revoked:
                self.peer.addItem(device.name or str(device.id)[:8], str(device.id))
        self.peer.setCurrentIndex(max(0, self.peer.findData(current)))

    def selected_conflict(self) -> Conflict | None:
        """The conflict selected in the list."""
        rows = self.conflicts_view.selectionModel().selectedRows()
        return self.conflicts_model.record(rows[0].row()) if rows else None

    def _show_heads(self) -> None:
        self.heads.clear()
        conflict = self.selected_conflict()
        for head in conflict.heads if conflict else ():
            item = QListWidgetItem(head_text(head), self.heads)
            item.setData(Qt.ItemDataRole.UserRole, head.value)
            if head.shown:
                item.setToolTip(_("Shown meanwhile (the newest edit)."))
        if self.heads.count():
            self.heads.setCurrentRow(0)
        self.choose_button.setEnabled(conflict is not None)
        self.edit_button.setEnabled(conflict is not None and not conflict.edited_after_delete)

    def resolve(self, value: object) -> None:
        """Write ``value`` for the selected conflict; it syncs like any change."""
        conflict = self.selected_conflict()
        ws = self.context.ws
        if conflict is None or ws is None:
            return
        result = self.context.run(
            self, lambda: resolve_conflict(ws, conflict.entity, conflict.row, conflict.field, value)
        )
        if result is not None:
            self.context.notify(result)

    def choose_value(self) -> None:
        """Resolve the selected conflict with the value chosen in the list."""
        item = self.heads.currentItem()
        if item is not None:
            self.resolve(item.data(Qt.ItemDataRole.UserRole))

    def edit_value(self) -> None:
        """Type a merged value (for text fields), starting from the one shown."""
        conflict = self.selected_conflict()
        if conflict is None:
            return
        text, ok = QInputDialog.getText(
            self,
            _("Merged value"),
            _("Value of {field}:").format(field=field_label(conflict.field)),
            text=value_text(conflict.heads[0].value),
        )
        if ok:
            self.resolve(text)

    def export_dialog(self) -> None:
        """Ask where to write the bundle, then write it off the UI thread."""
        if self.context.ws is None:
            return
        name = f"minga-{dt.date.today().isoformat()}.mingabundle"
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Export changes"), name, _("Minga bundles (*.mingabundle *.zip)")
        )
        if target:
            passphrase = ask_passphrase(self, confirm=True) if self.encrypt.isChecked() else None
            if self.encrypt.isChecked() and passphrase is None:
                return
            self.export_to(Path(target), passphrase)

    def export_to(self, target: Path, passphrase: str | None = None) -> None:
        """Write a bundle for the peer chosen in the list."""
        ws = self.context.workspace()
        choice = self.peer.currentData()
        full = choice == "full"
        peer = uuid.UUID(choice) if choice not in ("all", "full", None) else None
        self.export_button.setEnabled(False)
        run_in_background(
            self._export_relay,
            lambda: export_bundle(ws, target, full=full, peer=peer, passphrase=passphrase),
        )

    def _exported(self, done: object) -> None:
        self.export_button.setEnabled(True)
        if isinstance(done, Exported):
            self.last_export = done
            self.refresh()

    def _export_failed(self, error: object) -> None:
        self.export_button.setEnabled(True)
        if isinstance(error, MingaError):
            show_error(self, error)

    def choose_import(self) -> None:
        """Pick a bundle file and preview it."""
        target, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import changes"),
            "",
            _("Minga bundles (*.mingabundle *.zip *.age);;All files (*)"),
        )
        if target:
            self.import_file(Path(target))

    def import_dialog(self, path: Path) -> ImportDialog | None:
        """The preview dialog for ``path`` (started, not shown yet)."""
        if self.context.ws is None:
            return None
        passphrase = None
        try:
            with path.open("rb") as handle:
                encrypted = handle.read(len(bundle.AGE_HEADER)) == bundle.AGE_HEADER
        except OSError:
            encrypted = False
        if encrypted:
            passphrase = ask_passphrase(self)
            if passphrase is None:
                return None
        self.last_import = ImportDialog(self.context, path, passphrase, self)
        return self.last_import

    def import_file(self, path: Path) -> None:
        """Preview ``path`` and let the person apply it (also the drop target's action)."""
        dialog = self.import_dialog(path)
        if dialog is not None:
            dialog.exec()
            self.refresh()

    def trust_dialog(self) -> None:
        """Confirm a device by the fingerprint its owner reads aloud."""
        ws = self.context.ws
        if ws is None:
            return
        dialog = TrustDialog(self)
        self.last_trust = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.trust(dialog.fingerprint.text(), dialog.name.text())

    def trust(self, fingerprint: str, name: str = "") -> None:
        """Trust the device with ``fingerprint``, known here as ``name`` when one is given."""
        ws = self.context.workspace()
        if self.context.run(self, lambda: trust_device(ws, fingerprint, name or None)) is not None:
            self.refresh()

    def revoke_selected(self) -> None:
        """Stop accepting bundles from the selected device, after confirming."""
        rows = self.devices_view.selectionModel().selectedRows()
        device = self.devices_model.record(rows[0].row()) if rows else None
        ws = self.context.ws
        if device is None or ws is None or device.local:
            return
        answer = QMessageBox.question(
            self,
            _("Revoke device"),
            _("Stop accepting bundles from {name} ({fingerprint})?").format(
                name=device.name, fingerprint=device.fingerprint
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.context.run(self, lambda: revoke_device(ws, device.id))
            self.refresh()
