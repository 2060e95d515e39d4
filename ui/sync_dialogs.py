"""The import preview: what a bundle would change, then apply it with progress and Cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from codesign.errors import MingaError
from codesign.journal.writer import WriteResult
from codesign.sync import bundle
from codesign.sync.importer import import_bundle
from codesign.sync.report import ImportCancelled, ImportReport
from i18n import gettext as _
from i18n import ngettext
from models.ids import GroupId, uuid7
from ui.context import AppContext
from ui.errors import show_error
from ui.sync_models import Relay, run_in_background, section_label
from ui.widgets import fingerprint_label


def ask_passphrase(parent: QWidget | None, *, confirm: bool = False) -> str | None:
    """The bundle passphrase, typed (twice when encrypting); None when cancelled."""
    first, ok = QInputDialog.getText(
        parent, _("Bundle passphrase"), _("Passphrase:"), QLineEdit.EchoMode.Password
    )
    if not ok or not first:
        return None
    if confirm:
        again, ok = QInputDialog.getText(
            parent, _("Bundle passphrase"), _("Repeat the passphrase:"), QLineEdit.EchoMode.Password
        )
        if not ok or again != first:
            return None
    return first


class TrustDialog(QDialog):
    """The fingerprint its owner reads aloud, and the name this cooperative knows the laptop by."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Trust a device"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("Ask the laptop's owner to read its fingerprint aloud and type it here."))
        )
        form = QFormLayout()
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setPlaceholderText("ABCD-EFGH-JKLM-NPQR")
        monospace = self.fingerprint.font()
        monospace.setFamily("monospace")
        monospace.setStyleHint(monospace.StyleHint.Monospace)
        self.fingerprint.setFont(monospace)
        self.fingerprint.setAccessibleName(_("Fingerprint"))
        form.addRow(_("Fingerprint:"), self.fingerprint)
        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.name.setPlaceholderText(_("for example, the treasurer's laptop"))
        self.name.setAccessibleName(_("Name"))
        form.addRow(_("Name (optional):"), self.name)
        layout.addLayout(form)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Trust this device"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fingerprint.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        """Trust only once the fingerprint has its 16 letters and digits."""
        digits = sum(ch.isalnum() for ch in self.fingerprint.text())
        complete = digits == 16
        self.ok_button.setEnabled(complete)
        self.problem.setText(
            ""
            if complete or not digits
            else _("{count} of 16 letters and digits").format(count=digits)
        )


class ImportDialog(QDialog):
    """Preview a bundle (nothing written), then apply it off the UI thread."""

    def __init__(
        self, context: AppContext, path: Path, passphrase: str | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.passphrase = passphrase
        self.preview: ImportReport | None = None
        self.result_report: ImportReport | None = None
        self.trust: str | None = None
        self._cancel = threading.Event()
        self._running = False
        self.relay = Relay(self)
        self.relay.progress.connect(self._progress)
        self.relay.finished.connect(self._finished)
        self.relay.failed.connect(self._failed)
        self.setWindowTitle(_("Import changes"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.details = QListWidget(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.step = QLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = QPushButton(_("Apply"), self)
        self.trust_button = QPushButton(_("Trust this device and import"), self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.clicked.connect(self.apply)
        self.trust_button.clicked.connect(self.trust_and_apply)
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.summary, self.details, self.step, self.progress, self.buttons):
            layout.addWidget(widget)
        self.apply_button.setEnabled(False)
        self.trust_button.hide()
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 24)
        self._start(preview=True)

    @property
    def busy(self) -> bool:
        """Whether a preview or an import is running (until its answer reached this thread).

        Not the worker thread's liveness: the answer can arrive a moment before
        the thread ends, and Apply pressed then must not be ignored.
        """
        return self._running

    def _start(self, *, preview: bool) -> None:
        ws = self.context.workspace()
        relay, cancel, passphrase, trust = self.relay, self._cancel, self.passphrase, self.trust
        self._applying = not preview
        self._running = True
        self.progress.show()
        self.apply_button.setEnabled(False)
        self.trust_button.setEnabled(False)
        self.step.setText(_("Reading the bundle…") if preview else _("Importing…"))

        def work() -> ImportReport:
            return import_bundle(
                ws.label,
                self.path,
                trust=trust,
                passphrase=(lambda: passphrase or "") if passphrase else None,
                preview=preview,
                progress=relay.progress.emit,
                cancelled=cancel.is_set,
                workspace=ws,
            )

        run_in_background(relay, work)

    def _progress(self, step: str, done: int, total: int) -> None:
        self.step.setText(step)
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self._running = False
        self.progress.hide()
        self.step.setText("")
        if self._applying:
            self.result_report = report
            self._notify(report)
            self.accept()
            return
        self.preview = report
        self._show(report)

    def _failed(self, error: object) -> None:
        assert isinstance(error, MingaError)
        self._running = False
        self.progress.hide()
        self.step.setText("")
        if isinstance(error, ImportCancelled):
            self.reject()
            return
        show_error(self, error)
        self.reject()

    def _show(self, report: ImportReport) -> None:
        self.details.clear()
        who = report.device_name or report.device[:8]
        if report.status == "quarantined":
            self.summary.setText(
                _(
                    "This bundle comes from a device this cooperative has not confirmed: {name}."
                    " Ask its owner to read their fingerprint aloud and compare it:\n{fingerprint}"
                ).format(name=who, fingerprint=report.fingerprint)
            )
            self.trust = report.fingerprint
            self.trust_button.show()
            self.trust_button.setEnabled(True)
            return
        if report.status == "already":
            self.summary.setText(_("Nothing new: this file already holds every change in it."))
            return
        self.summary.setText(
            ngettext(
                "{count} new change from {name}:",
                "{count} new changes from {name}:",
                report.changes,
            ).format(count=report.changes, name=who)
        )
        sections: dict[str, int] = {}
        for entity, count in report.sections.items():
            label = section_label(entity)
            sections[label] = sections.get(label, 0) + count
        for label, count in sorted(sections.items()):
            self.details.addItem(f"{label}: {count}")
        if report.conflicts:
            self.details.addItem(
                ngettext(
                    "{n} field edited on two laptops: a conflict to resolve",
                    "{n} fields edited on several laptops: conflicts to resolve",
                    report.conflicts,
                ).format(n=report.conflicts)
            )
        for gap in report.gaps:
            self.details.addItem(gap.text())
        for line in report.skew:
            self.details.addItem(line)
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        """Import for real (a backup first), with progress and Cancel."""
        if self.preview is not None and self.preview.status == "imported" and not self.busy:
            self._start(preview=False)

    def trust_and_apply(self) -> None:
        """Confirm the fingerprint shown and import (needs the committee or the secretary)."""
        if self.trust and not self.busy:
            self._start(preview=True)
            self.trust_button.hide()

    def cancel(self) -> None:
        """Stop a running import (nothing is written) or close the preview."""
        if self.busy:
            self._cancel.set()
            self.step.setText(_("Cancelling…"))
        else:
            self.reject()

    def _notify(self, report: ImportReport) -> None:
        if report.status != "imported":
            return
        self.context.notify(
            WriteResult(GroupId(uuid7()), _("Import changes"), frozenset(report.sections), ())
        )


BUNDLE_SUFFIXES = (".mingabundle", ".zip", ".age")


def is_bundle(path: Path) -> bool:
    """Whether a dropped file looks like a sync bundle (by name, or a zip or age header)."""
    if path.suffix.lower() in BUNDLE_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(len(bundle.AGE_HEADER))
    except OSError:
        return False
    return head.startswith((b"PK\x03\x04", bundle.AGE_HEADER))


class JoinDialog(QDialog):
    """Join a cooperative from a full bundle: confirm the fingerprint, then build the new file."""

    def __init__(self, bundle_path: Path, target: Path, parent: QWidget | None) -> None:
        super().__init__(parent)
        from codesign.sync import keys
        from codesign.sync.importer import read_bundle
        from codesign.sync.manifest import parse_manifest

        self.bundle_path = bundle_path
        self.target = target
        self.report: ImportReport | None = None
        self.error: MingaError | None = None
        raw = read_bundle(bundle_path, None)
        manifest = parse_manifest(raw, str(bundle_path))
        self.fingerprint = keys.fingerprint(manifest.public_key)
        self.relay = Relay(self)
        self.relay.progress.connect(self._progress)
        self.relay.finished.connect(self._finished)
        self.relay.failed.connect(self._failed)
        self.setWindowTitle(_("Join a cooperative"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            _(
                "Ask the owner of {name} to read their fingerprint aloud. Join only if it is"
                " exactly:\n{fingerprint}"
            )
            .format(name=manifest.device_name or manifest.device[:8], fingerprint="")
            .rstrip(),
            self,
        )
        self.summary.setWordWrap(True)
        self.fingerprint_label = fingerprint_label(self, self.fingerprint, scale=1.6)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.join_button = QPushButton(_("The fingerprints match: join"), self)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.join_button.clicked.connect(self.join)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.summary, self.fingerprint_label, self.progress, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def join(self) -> None:
        """Build the new file from the bundle off the UI thread."""
        self.join_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        relay, target, source, trust = self.relay, self.target, self.bundle_path, self.fingerprint
        run_in_background(
            relay,
            lambda: import_bundle(target, source, trust=trust, progress=relay.progress.emit),
        )

    def _progress(self, _step: str, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.report = report
        self.accept()

    def _failed(self, error: object) -> None:
        assert isinstance(error, MingaError)
        self.error = error
        show_error(self, error)
        self.reject()
