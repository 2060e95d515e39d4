"""Import people from a CSV file: choose the file, its encoding and columns, see every row's fate.

Nothing is written until the user presses Import; then all good rows go in
one undoable change. Problems found while previewing are shown inline, row by
row, because fixing them (another encoding, another column) is the next step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.errors import MingaError
from codesign.people.csv_import import (
    FIELD_LABELS,
    FIELDS,
    REQUIRED,
    CsvPreview,
    ImportRow,
    RowError,
    check_against,
    guess_mapping,
    import_people,
    read_headers,
    read_people_csv,
)
from i18n import N_, ngettext
from i18n import gettext as _
from ui import settings
from ui.context import AppContext
from ui.people_models import roles_text

ENCODINGS = (
    ("utf-8", N_("UTF-8 (most programs)")),
    ("cp1252", N_("Windows-1252 (old Excel)")),
    ("latin-1", N_("ISO-8859-1 (Latin-1)")),
)
_ROOT = QModelIndex()
# Column choices per header set, as JSON {"header\x1fheader…": {field: header}}.
MAPPINGS: settings.Setting[str] = settings.Setting("people_csv_mappings", "", str)
MAX_MAPPINGS = 30
_SEPARATOR = "\x1f"


def load_mappings() -> dict[tuple[str, ...], dict[str, str]]:
    """The column choices saved in earlier sessions (an unreadable value counts as none)."""
    try:
        stored = json.loads(settings.get(MAPPINGS) or "{}")
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {
        tuple(key.split(_SEPARATOR)): {str(f): str(h) for f, h in value.items()}
        for key, value in stored.items()
        if isinstance(value, dict)
    }


def save_mappings(mappings: dict[tuple[str, ...], dict[str, str]]) -> None:
    """Keep the newest column choices for the next session."""
    newest = list(mappings.items())[-MAX_MAPPINGS:]
    text = json.dumps({_SEPARATOR.join(k): v for k, v in newest}, ensure_ascii=False)
    settings.put(MAPPINGS, text)


def row_error_text(error: RowError) -> str:
    """One line of the error list: "Row 7: the phone … is not a phone number"."""
    return _("Row {row}: {reason}").format(row=error.row, reason=error.reason)


class ImportRowsModel(QAbstractTableModel):
    """The good rows of the preview, as they will be imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ImportRow, ...] = ()

    def set_rows(self, rows: tuple[ImportRow, ...]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(FIELDS)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(FIELD_LABELS[FIELDS[section]])
        return str(self._rows[section].row)  # the spreadsheet's row number

    @override
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        field = FIELDS[index.column()]
        if field == "roles":
            return roles_text(row.roles)
        value = getattr(row, field)
        return "" if value is None else str(value)


class CsvImportDialog(QDialog):
    """File → encoding → columns → preview → import the good rows (or cancel: nothing written)."""

    # Mappings chosen this session, by the file's headers, so the next export of the
    # same spreadsheet needs no clicks.
    remembered: ClassVar[dict[tuple[str, ...], dict[str, str]]] = {}

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.headers: tuple[str, ...] = ()
        self.preview: CsvPreview | None = None
        self.errors: tuple[RowError, ...] = ()
        if not self.remembered:
            self.remembered.update(load_mappings())
        self.setWindowTitle(_("Import people from CSV"))
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_file())
        upper = QHBoxLayout()
        upper.addWidget(self._build_columns(), 0, Qt.AlignmentFlag.AlignTop)
        upper.addLayout(self._build_preview(), 1)
        layout.addLayout(upper, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show()
        if path is not None:
            self.load(path)

    def _build_file(self) -> QFormLayout:
        self.file = QLineEdit(self)
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(_("No file chosen"))
        choose = QPushButton(_("Choose file…"), self)
        choose.clicked.connect(self.choose_file)
        self.encoding = QComboBox(self)
        for code, label in ENCODINGS:
            self.encoding.addItem(_(label), code)
        self.encoding.currentIndexChanged.connect(self._reload)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        top = QFormLayout()
        top.addRow(_("File"), file_row)
        top.addRow(_("Encoding"), self.encoding)
        return top

    def _build_columns(self) -> QGroupBox:
        columns = QGroupBox(_("Columns"), self)
        columns_form = QFormLayout(columns)
        self.columns: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox(columns)
            combo.currentIndexChanged.connect(self.recheck)
            label = _(FIELD_LABELS[field]) + (" *" if field in REQUIRED else "")
            columns_form.addRow(label, combo)
            self.columns[field] = combo
        columns.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return columns

    def _build_preview(self) -> QVBoxLayout:
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.rows_model = ImportRowsModel(self)
        self.rows_view = QTableView(self)
        self.rows_view.setModel(self.rows_model)
        self.rows_view.setWordWrap(False)
        self.rows_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.rows_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rows_view.horizontalHeader().setStretchLastSection(True)
        self.errors_model = QStringListModel(self)
        self.errors_view = QListView(self)
        self.errors_view.setModel(self.errors_model)
        self.errors_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.errors_view.setWordWrap(True)
        previews = QSplitter(Qt.Orientation.Vertical, self)
        previews.addWidget(self.rows_view)
        previews.addWidget(self.errors_view)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(previews, 1)
        return right

    def choose_file(self) -> None:
        """Ask for a CSV file and preview it."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import people from CSV"), "", _("CSV files (*.csv *.txt);;All files (*)")
        )
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Read the headers of ``path`` and fill the columns with the best guess."""
        self.path = path
        self.file.setText(str(path))
        self._reload()

    def _reload(self) -> None:
        if self.path is None:
            return
        try:
            self.headers = read_headers(self.path, encoding=self.encoding_code())
        except MingaError as error:
            self.headers = ()
            self._fill_columns({})
            self._show(problem=str(error))
            return
        mapping = self.remembered.get(self.headers) or guess_mapping(self.headers)
        self._fill_columns(mapping)
        self.recheck()

    def _fill_columns(self, mapping: dict[str, str]) -> None:
        for field, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(not imported)"), "")
            for header in self.headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(field, ""))))
            combo.blockSignals(False)

    def encoding_code(self) -> str:
        """The chosen encoding's Python name."""
        return str(self.encoding.currentData())

    def mapping(self) -> dict[str, str]:
        """Field → header as chosen (unchosen fields left out)."""
        chosen = {f: str(c.currentData() or "") for f, c in self.columns.items()}
        return {f: h for f, h in chosen.items() if h}

    def recheck(self) -> None:
        """Read the whole file with the chosen columns and check it against the cooperative."""
        ws = self.context.ws
        if self.path is None or ws is None or not self.headers:
            return
        mapping = self.mapping()
        if "name" not in mapping:
            self._show(problem=_("Choose the column that holds the name."))
            return
        self.remembered.pop(self.headers, None)  # newest last
        self.remembered[self.headers] = mapping
        try:
            preview, errors = read_people_csv(self.path, mapping, encoding=self.encoding_code())
            preview, more = check_against(ws, preview)
        except MingaError as error:
            self._show(problem=str(error))
            return
        self.preview = preview
        self.errors = tuple(sorted((*errors, *more), key=lambda e: e.row))
        self._show()

    def _show(self, problem: str = "") -> None:
        """Update the preview, the summary and the Import button."""
        if problem:
            self.preview, self.errors = None, ()
        rows = self.preview.rows if self.preview else ()
        self.rows_model.set_rows(rows)
        self.errors_model.setStringList([row_error_text(e) for e in self.errors])
        self.errors_view.setVisible(bool(self.errors))
        good, bad = len(rows), len(self.errors)
        if problem:
            text = problem
        elif self.preview is None:
            text = _(
                "Choose a CSV file saved from a spreadsheet. The first row must name the columns."
            )
        else:
            text = ngettext("{good} row is ready.", "{good} rows are ready.", good).format(
                good=good
            )
            if bad:
                text += " " + ngettext(
                    "{bad} row has problems and will be skipped:",
                    "{bad} rows have problems and will be skipped:",
                    bad,
                ).format(bad=bad)
        self.summary.setText(text)
        if bad:
            label = ngettext(
                "Import {n} good row, skip {bad}", "Import {n} good rows, skip {bad}", good
            ).format(n=good, bad=bad)
        else:
            label = ngettext("Import {n} row", "Import {n} rows", good).format(n=good)
        self.import_button.setText(label)
        self.import_button.setEnabled(good > 0)

    def import_rows(self) -> bool:
        """Import every good row as one undoable change; False when refused (error shown)."""
        if self.preview is None or not self.preview.rows:
            return False
        rows = self.preview.rows
        text = ngettext("Import {n} person", "Import {n} people", len(rows)).format(n=len(rows))
        if self.context.push(text, lambda ws: import_people(ws, rows), self) is None:
            return False
        save_mappings(self.remembered)
        return True

    @override
    def accept(self) -> None:
        if self.import_rows():
            super().accept()
