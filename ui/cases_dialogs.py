"""Importing reference cases in the window: a Data Package or a CSV with chosen columns.

The import dialog reads the file off the UI thread (with progress) and
shows every bad field of every bad row before anything is written. With
problems, only the good rows are imported, and only after the user agrees.
A CSV's columns are chosen field by field; a choice can be saved by name in
the cooperative file and picked again next time.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from codesign.cases.fields import FieldError, field_names
from codesign.cases.importer import (
    CaseImportResult,
    CasePreview,
    csv_headers,
    guess_case_mapping,
    import_cases,
    read_cases_csv,
    read_package,
)
from codesign.cases.service import save_mapping, saved_mappings
from codesign.errors import MingaError
from i18n import N_, ngettext
from i18n import gettext as _
from ui.cases_models import ImportErrorsModel
from ui.context import AppContext
from ui.csv_import_dialog import ENCODINGS
from ui.undo import ServiceCommand
from ui.widgets import fit_columns, record_table

FIELD_LABELS = {
    "id": N_("Id (stable, lower case)"),
    "title": N_("Title"),
    "description": N_("Description"),
    "lessons": N_("Lessons learned"),
    "country": N_("Country (two letters)"),
    "city": N_("City"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "start_date": N_("Start"),
    "end_date": N_("End"),
    "ongoing": N_("Ongoing"),
    "general_issues": N_("General issues"),
    "specific_topics": N_("Specific topics"),
    "number_of_participants": N_("Participants"),
    "decision_methods": N_("Decision methods"),
    "if_voting": N_("Voting"),
    "organizers": N_("Organisers"),
    "funders": N_("Funders"),
    "tenure": N_("Tenure"),
    "households": N_("Households"),
    "people": N_("People"),
    "financing": N_("Financing"),
    "mutual_aid_hours_per_week": N_("Mutual-aid hours per week"),
    "land_source": N_("Source of the land"),
    "built_area_per_unit_m2": N_("Built area per unit (m²)"),
    "cost_per_m2": N_("Cost per m²"),
    "cost_currency": N_("Cost currency"),
    "cost_year": N_("Cost year"),
    "students": N_("Students"),
    "governance": N_("Governance"),
    "sources": N_("Sources"),
    "license": N_("Licence"),
    "tags": N_("Tags"),
}


def field_label(name: str) -> str:
    """A schema field as the mapping form shows it, translated."""
    base, _sep, suffix = name.rpartition("_")
    if suffix == "es" and base in FIELD_LABELS:
        return _("{field} in Spanish").format(field=_(FIELD_LABELS[base]))
    if suffix == "pt" and base in FIELD_LABELS:
        return _("{field} in Portuguese").format(field=_(FIELD_LABELS[base]))
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


class _ReadRelay(QObject):
    """Carries progress and the result of a read made off the UI thread back to it."""

    progress = Signal(int, int, int)  # generation, done, total
    done = Signal(int, object)  # generation, (preview, errors) or a MingaError


class CaseImportDialog(QDialog):
    """Choose a package or CSV, see what it holds and its problems, then import."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.source: Path | None = None
        self.preview: CasePreview | None = None
        self.errors: tuple[FieldError, ...] = ()
        self.headers: tuple[str, ...] = ()
        self.outcome: CaseImportResult | None = None
        self._generation = 0
        self._relay = _ReadRelay()
        self._relay.progress.connect(self._progress)
        self._relay.done.connect(self._read_done)
        self.setWindowTitle(_("Import reference cases"))
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        self._build_source(layout)
        self._build_mapping(layout)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.errors_model = ImportErrorsModel(self)
        self.errors_view = record_table(self)
        self.errors_view.setModel(self.errors_model)
        fit_columns(self.errors_view, (6, 22, 0))
        layout.addWidget(self.errors_view, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_summary()

    def _build_source(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.source_label = QLabel(_("Choose a Data Package or a CSV file."), self)
        self.source_label.setWordWrap(True)
        row.addWidget(self.source_label, 1)
        for text, handler in (
            (_("Package…"), self.choose_package),
            (_("Folder…"), self.choose_folder),
            (_("CSV…"), self.choose_csv),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, h=handler: h())
            row.addWidget(button)
        layout.addLayout(row)

    def _build_mapping(self, layout: QVBoxLayout) -> None:
        self.mapping_box = QGroupBox(_("Columns of the CSV file"), self)
        box = QVBoxLayout(self.mapping_box)
        top = QFormLayout()
        self.encoding = QComboBox(self.mapping_box)
        for code, label in ENCODINGS:
            self.encoding.addItem(_(label), code)
        self.encoding.currentIndexChanged.connect(lambda _i: self.reload())
        top.addRow(_("Encoding"), self.encoding)
        self.saved = QComboBox(self.mapping_box)
        self.saved.activated.connect(lambda _i: self.apply_saved())
        top.addRow(_("Saved mapping"), self.saved)
        save_row = QHBoxLayout()
        self.mapping_name = QLineEdit(self.mapping_box)
        self.mapping_name.setPlaceholderText(_("Name for this mapping"))
        save_button = QPushButton(_("Save mapping"), self.mapping_box)
        save_button.clicked.connect(lambda _checked=False: self.save_current_mapping())
        save_row.addWidget(self.mapping_name, 1)
        save_row.addWidget(save_button)
        top.addRow(save_row)
        box.addLayout(top)
        scroll = QScrollArea(self.mapping_box)
        scroll.setWidgetResizable(True)
        inner = QWidget(scroll)
        self.field_form = QFormLayout(inner)
        self.field_combos: dict[str, QComboBox] = {}
        for name in field_names():
            combo = QComboBox(inner)
            combo.activated.connect(lambda _i: self.reload())
            self.field_combos[name] = combo
            self.field_form.addRow(field_label(name), combo)
        scroll.setWidget(inner)
        box.addWidget(scroll, 1)
        self.mapping_box.hide()
        layout.addWidget(self.mapping_box, 2)

    # Choosing the source

    def choose_package(self) -> None:
        """Pick a ``.zip`` or ``datapackage.json``."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import reference cases"), "", _("Data Packages (*.zip *.json)")
        )
        if name:
            self.open_source(Path(name))

    def choose_folder(self) -> None:
        """Pick a package folder."""
        name = QFileDialog.getExistingDirectory(self, _("Import reference cases"))
        if name:
            self.open_source(Path(name))

    def choose_csv(self) -> None:
        """Pick a CSV file."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import reference cases"), "", _("CSV files (*.csv)")
        )
        if name:
            self.open_source(Path(name))

    def is_csv(self) -> bool:
        """Whether the chosen source is a plain CSV (it then needs a column mapping)."""
        return self.source is not None and self.source.suffix.lower() == ".csv"

    def open_source(self, source: Path) -> None:
        """Read ``source``; a CSV first gets its columns guessed."""
        self.source = source
        self.source_label.setText(str(source))
        self.mapping_box.setVisible(self.is_csv())
        if self.is_csv():
            try:
                self.headers = csv_headers(source, encoding=self.current_encoding())
            except MingaError as error:
                self._failed(error)
                return
            self._fill_combos(guess_case_mapping(self.headers))
            self._fill_saved()
        self.reload()

    def current_encoding(self) -> str:
        """The encoding chosen for the CSV."""
        return str(self.encoding.currentData() or "utf-8")

    def _fill_combos(self, mapping: dict[str, str]) -> None:
        for name, combo in self.field_combos.items():
            combo.clear()
            combo.addItem(_("(not imported)"), "")
            for header in self.headers:
                combo.addItem(header, header)
            chosen = mapping.get(name, "")
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)

    def _fill_saved(self) -> None:
        self.saved.clear()
        self.saved.addItem(_("(none)"), "")
        ws = self.context.ws
        if ws is None:
            return
        for name in sorted(saved_mappings(ws), key=str.casefold):
            self.saved.addItem(name, name)

    def mapping(self) -> dict[str, str]:
        """The columns chosen, field → header."""
        return {
            n: str(c.currentData() or "") for n, c in self.field_combos.items() if c.currentData()
        }

    def apply_saved(self) -> None:
        """Use a mapping saved in the file."""
        name = str(self.saved.currentData() or "")
        ws = self.context.ws
        if not name or ws is None:
            return
        self._fill_combos(saved_mappings(ws).get(name, {}))
        self.mapping_name.setText(name)
        self.reload()

    def save_current_mapping(self) -> None:
        """Save the chosen columns under the name typed."""
        name, mapping = self.mapping_name.text(), self.mapping()
        if self.context.run(self, lambda: save_mapping(self.context.workspace(), name, mapping)):
            self._fill_saved()
            self.saved.setCurrentIndex(max(0, self.saved.findData(name.strip())))

    # Reading, off the UI thread

    def reload(self) -> None:
        """Read the source again with the current choices."""
        if self.source is None:
            return
        self._generation += 1
        generation, source = self._generation, self.source
        csv_mode, mapping, encoding = self.is_csv(), self.mapping(), self.current_encoding()
        self.import_button.setEnabled(False)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.summary.setText(_("Reading…"))
        relay = self._relay

        def report(done: int, total: int) -> None:
            relay.progress.emit(generation, done, total)

        def work() -> None:
            try:
                if csv_mode:
                    outcome: object = read_cases_csv(
                        source, mapping, encoding=encoding, progress=report
                    )
                else:
                    outcome = read_package(source, progress=report)
            except MingaError as error:
                outcome = error
            relay.done.emit(generation, outcome)

        threading.Thread(target=work, daemon=True).start()

    def _progress(self, generation: int, done: int, total: int) -> None:
        if generation == self._generation and total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)

    def _read_done(self, generation: int, outcome: object) -> None:
        if generation != self._generation:
            return
        self.progress_bar.hide()
        if isinstance(outcome, MingaError):
            self._failed(outcome)
            return
        assert isinstance(outcome, tuple)
        self.preview, self.errors = outcome
        self.errors_model.set_records(self.errors)
        self._show_summary()

    def _failed(self, error: MingaError) -> None:
        self.preview, self.errors = None, ()
        self.errors_model.set_records(())
        self.summary.setText(str(error))
        self.import_button.setEnabled(False)

    def _show_summary(self) -> None:
        preview = self.preview
        if preview is None:
            self.summary.setText("")
            return
        good = len(preview.rows)
        bad = len({e.row for e in self.errors})
        text = ngettext(
            "{good} case can be imported.", "{good} cases can be imported.", good
        ).format(good=good)
        if bad:
            text += " " + ngettext(
                "{bad} row has problems, listed below; it will not be imported.",
                "{bad} rows have problems, listed below; they will not be imported.",
                bad,
            ).format(bad=bad)
        self.summary.setText(text)
        self.import_button.setEnabled(good > 0)
        if bad:
            self.import_button.setText(
                ngettext("Import the {n} valid row", "Import the {n} valid rows", good).format(
                    n=good
                )
            )
        else:
            self.import_button.setText(_("Import"))

    # Importing

    def confirm_partial(self) -> bool:
        """Ask before importing only the good rows of a file with problems."""
        bad = len({e.row for e in self.errors})
        answer = QMessageBox.question(
            self,
            _("Import reference cases"),
            ngettext(
                "{bad} row has problems and will be left out. Import the other rows?",
                "{bad} rows have problems and will be left out. Import the other rows?",
                bad,
            ).format(bad=bad),
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_rows(self) -> None:
        """Write the good rows as one undoable change."""
        preview, source = self.preview, self.source
        if preview is None or source is None or not preview.rows:
            return
        if self.errors and not self.confirm_partial():
            return
        ws = self.context.workspace()
        result = self.context.run(
            self,
            lambda: import_cases(
                ws, preview.rows, origin=source.name, attachments=preview.attachments
            ),
        )
        if result is None:
            return
        self.outcome = result
        write = result.write
        if write is not None:
            command = ServiceCommand(self.context, _("Import reference cases"), lambda _ws: write)
            command.first_run()
            self.context.undo_stack.push(command)
        self.accept()
