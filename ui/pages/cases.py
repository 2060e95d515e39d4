"""The Cases page: search the library as you type, read a case, see it on the map, compare.

Searching runs in the database (FTS5, a few milliseconds over thousands of
cases) after a short pause in typing. The detail shows the case in the
window's language when the case has that text. Import, export, compare and
"attach to a motion or proposal" act on the case or cases selected.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.cases.compare import case_indicators, our_indicators
from codesign.cases.export import export_cases
from codesign.cases.queries import case_detail, filter_choices
from codesign.cases.search import CaseFilters, search_cases
from codesign.cases.service import add_attachment
from codesign.cases.starter import add_starter_library
from codesign.cooperative import cooperative_info
from codesign.journal.writer import WriteResult
from i18n import current_language, ngettext
from i18n import gettext as _
from models.cases import TENURES
from ui.cases_attach import AttachCaseDialog
from ui.cases_detail import CompareView, detail_html
from ui.cases_dialogs import CaseImportDialog
from ui.cases_map import WorldMap
from ui.cases_models import ID_ROLE, TENURE_LABELS, CaseResultsModel
from ui.context import AppContext
from ui.undo import ServiceCommand
from ui.widgets import fit_columns, record_table, search_timer

ENTITIES = ("reference_case", "case_attachment", "case_link")
SEARCH_DELAY_MS = 150  # results as you type: a shorter pause
MAX_COMPARED = 6
YEAR_RANGE = (1900, 2100)


class CasesPage(QWidget):
    """The reference-case library of the open cooperative file."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.coop_locale = "es_EC"
        self.current: uuid.UUID | None = None
        self.model = CaseResultsModel(self)
        self._timer = search_timer(self, self.run_search, SEARCH_DELAY_MS)
        layout = QVBoxLayout(self)
        self._build_search(layout)
        self._build_filters(layout)
        self._build_actions(layout)
        self._build_body(layout)
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()

    def _build_search(self, layout: QVBoxLayout) -> None:
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.count = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.count)
        layout.addLayout(row)

    def _spin(self, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(low)
        spin.valueChanged.connect(lambda _v: self._timer.start())
        return spin

    def _build_filters(self, layout: QVBoxLayout) -> None:
        self.country = QComboBox(self)
        self.tenure = QComboBox(self)
        self.tag = QComboBox(self)
        for combo in (self.country, self.tenure, self.tag):
            # Sized by a short text, not by the longest country or tenure name, so the
            # filter row fits a 1024-pixel screen; the open list shows the whole names.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.min_households = self._spin(0, 1_000_000)
        self.max_households = self._spin(0, 1_000_000)
        self.from_year = self._spin(YEAR_RANGE[0] - 1, YEAR_RANGE[1])
        self.to_year = self._spin(YEAR_RANGE[0] - 1, YEAR_RANGE[1])
        self.households_label = QLabel(self)
        self.years_label = QLabel(self)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(lambda _checked=False: self.clear_filters())
        row = QHBoxLayout()
        row.addWidget(self.country)
        row.addWidget(self.tenure)
        row.addWidget(self.tag)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()  # a second row, so the filters fit a 1024-pixel screen
        row.addWidget(self.households_label)
        row.addWidget(self.min_households)
        row.addWidget(self.max_households)
        row.addWidget(self.years_label)
        row.addWidget(self.from_year)
        row.addWidget(self.to_year)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _build_actions(self, layout: QVBoxLayout) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda _c=False: self.import_cases())
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda _c=False: self.export(selected_only=False))
        self.export_selected_action = QAction(self)
        self.export_selected_action.triggered.connect(lambda _c=False: self.export(True))
        self.compare_action = QAction(self)
        self.compare_action.triggered.connect(lambda _c=False: self.compare_selected())
        self.attach_action = QAction(self)
        self.attach_action.triggered.connect(lambda _c=False: self.attach_current())
        self.file_action = QAction(self)
        self.file_action.triggered.connect(lambda _c=False: self.add_file())
        self.starter_action = QAction(self)
        self.starter_action.triggered.connect(lambda _c=False: self.add_starter())
        for action in (
            self.import_action,
            self.export_action,
            self.export_selected_action,
            self.compare_action,
            self.attach_action,
            self.file_action,
            self.starter_action,
        ):
            self.toolbar.addAction(action)
        layout.addWidget(self.toolbar)

    def _build_body(self, layout: QVBoxLayout) -> None:
        splitter = QSplitter(self)
        self.view = record_table(splitter, stretch_last=False)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row(cur))
        self.tabs = QTabWidget(splitter)
        self.detail = QTextBrowser(self.tabs)
        self.detail.setOpenExternalLinks(True)
        self.map = WorldMap(self.tabs)
        self.map.case_clicked.connect(self.show_case)
        self.compare_view = CompareView(self.tabs)
        self.tabs.addTab(self.detail, "")
        self.tabs.addTab(self.map, "")
        self.tabs.addTab(self.compare_view, "")
        splitter.addWidget(self.view)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([560, 680])
        layout.addWidget(splitter, 1)

    def retranslate(self) -> None:
        """Every text in the current language (also when the language changes)."""
        self.search.setPlaceholderText(_("Search cases: words in any language…"))
        self.search.setToolTip(_("Title, description, lessons, place or tags; accents ignored."))
        self.households_label.setText(_("Households"))
        self.years_label.setText(_("Years"))
        for spin in (self.min_households, self.max_households, self.from_year, self.to_year):
            spin.setSpecialValueText(_("any"))
        self.clear_button.setText(_("Clear filters"))
        self.import_action.setText(_("Import…"))
        self.import_action.setToolTip(_("Add or update cases from a Data Package or a CSV file."))
        self.export_action.setText(_("Export library…"))
        self.export_selected_action.setText(_("Export selection…"))
        self.compare_action.setText(_("Compare"))
        self.compare_action.setToolTip(_("Our cooperative beside the selected cases."))
        self.attach_action.setText(_("Attach to motion or proposal…"))
        self.file_action.setText(_("Add plan or image…"))
        self.file_action.setToolTip(_("Keep a GeoJSON plan, an image or a document with the case."))
        self.starter_action.setText(_("Add the starter library"))
        self.starter_action.setToolTip(
            _("Add Minga's reference cases this file does not have yet.")
        )
        self.tabs.setTabText(0, _("Case"))
        self.tabs.setTabText(1, _("Map"))
        self.tabs.setTabText(2, _("Compare"))
        self._fill_filters()
        self.model.repaint()
        self.compare_view.retranslate()
        fit_columns(self.view, (0, 4, 9, 12, 7, 5))
        self._update_count()
        if self.current is not None:
            self.show_case(self.current)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_search(self) -> None:
        """Put the cursor in the search field (the Find shortcut)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _fill_filters(self) -> None:
        ws = self.context.ws
        countries, tags = filter_choices(ws) if ws is not None else ((), ())
        for combo, everything, items in (
            (self.country, _("All countries"), [(c, c) for c in countries]),
            (self.tenure, _("Any tenure"), [(_(TENURE_LABELS[t]), t) for t in TENURES]),
            (self.tag, _("Any tag"), [(t, t) for t in tags]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.blockSignals(False)

    def clear_filters(self) -> None:
        """Back to the whole library."""
        for combo in (self.country, self.tenure, self.tag):
            combo.setCurrentIndex(0)
        for spin in (self.min_households, self.max_households, self.from_year, self.to_year):
            spin.setValue(spin.minimum())
        self.run_search()

    def filters(self) -> CaseFilters:
        """The filters as chosen."""

        def chosen(spin: QSpinBox) -> int | None:
            return None if spin.value() == spin.minimum() else spin.value()

        def picked(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return (str(value),) if value else ()

        return CaseFilters(
            countries=picked(self.country),
            tenures=picked(self.tenure),
            tags=picked(self.tag),
            min_households=chosen(self.min_households),
            max_households=chosen(self.max_households),
            from_year=chosen(self.from_year),
            to_year=chosen(self.to_year),
        )

    def refresh(self) -> None:
        """Reload for the open file (or clear when none is open)."""
        ws = self.context.ws
        if ws is not None:
            self.coop_locale = cooperative_info(ws).locale
            self.model.locale = self.coop_locale
        self._fill_filters()
        self.run_search()

    def _on_changed(self, result: WriteResult) -> None:
        if result.touches(*ENTITIES):
            self._fill_filters()
            self.run_search()

    def run_search(self) -> None:
        """Show the cases matching the words and filters, best first."""
        self._timer.stop()
        ws = self.context.ws
        hits = search_cases(ws, self.search.text(), self.filters()) if ws is not None else ()
        self.model.set_records(hits)
        self.map.set_cases(hits)
        self._update_count()
        if self.current is not None and self.model.row_of(self.current) >= 0:
            self._select_row(self.model.row_of(self.current))
        elif hits:
            self._select_row(0)
        else:
            self.current = None
            self.detail.setPlainText(_("No case matches. Try other words, or clear the filters."))

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        self.count.setText(ngettext("{n} case", "{n} cases", shown).format(n=shown))
        empty = shown == 0 and not self.search.text() and self.filters() == CaseFilters()
        self.starter_action.setVisible(empty)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)

    def _row(self, index: object) -> None:
        case_id = self.model.data(index, ID_ROLE) if index is not None else None  # type: ignore[arg-type]
        if isinstance(case_id, uuid.UUID) and case_id != self.current:
            self.show_case(case_id)

    def show_case(self, case_id: uuid.UUID) -> None:
        """Show one case in the detail tab (and select it in the list and on the map)."""
        ws = self.context.ws
        if ws is None:
            return
        detail = self.context.run(self, lambda: case_detail(ws, case_id))
        if detail is None:
            return
        self.current = case_id
        self.detail.setHtml(detail_html(detail, self.coop_locale))
        self.map.highlight(case_id)
        row = self.model.row_of(case_id)
        if row >= 0 and self.view.currentIndex().row() != row:
            self._select_row(row)
        if self.sender() is self.map:
            self.tabs.setCurrentWidget(self.detail)

    def selected_ids(self) -> list[uuid.UUID]:
        """The cases selected in the list, in list order."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.hit(r).id for r in rows]

    def compare_selected(self) -> None:
        """Our cooperative beside the selected cases (up to six)."""
        ws = self.context.ws
        if ws is None:
            return
        chosen = self.selected_ids()[:MAX_COMPARED]
        columns = (our_indicators(ws), *case_indicators(ws, chosen, current_language()))
        self.compare_view.show_columns(columns, self.coop_locale)
        self.tabs.setCurrentWidget(self.compare_view)

    def import_dialog(self) -> CaseImportDialog:
        """The import dialog (a method, so tests can drive it)."""
        return CaseImportDialog(self.context, self)

    def import_cases(self) -> None:
        """Import a package or CSV through the dialog."""
        if self.context.ws is None:
            return
        dialog = self.import_dialog()
        if dialog.exec() and dialog.outcome is not None:
            outcome = dialog.outcome
            QMessageBox.information(
                self,
                _("Import reference cases"),
                _("{new} new cases, {updated} updated, {same} already up to date.").format(
                    new=outcome.imported, updated=outcome.updated, same=outcome.unchanged
                ),
            )

    def export_to(self, path: Path, *, selected_only: bool) -> int | None:
        """Write the library (or the selection) as a Data Package; how many cases."""
        ws = self.context.workspace()
        ids = self.selected_ids() if selected_only else None
        result = self.context.run(self, lambda: export_cases(ws, path, ids=ids))
        return None if result is None else result.cases

    def export(self, selected_only: bool) -> None:
        """Ask where, then export as a .zip Data Package."""
        if self.context.ws is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export reference cases"), "casos.zip", _("Data Package (*.zip)")
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".zip") else Path(name + ".zip")
        count = self.export_to(path, selected_only=selected_only)
        if count is not None:
            self.count.setText(
                ngettext("Exported {n} case", "Exported {n} cases", count).format(n=count)
            )

    def attach_dialog(self) -> AttachCaseDialog | None:
        """The dialog to attach the current case, or None without one."""
        if self.context.ws is None or self.current is None:
            return None
        return AttachCaseDialog(self.context, self.current, self)

    def attach_current(self) -> None:
        """Attach the shown case to a motion or proposal."""
        dialog = self.attach_dialog()
        if dialog is not None:
            dialog.exec()

    def add_file_from(self, path: Path) -> WriteResult | None:
        """Keep ``path`` with the shown case (undoable)."""
        case_id = self.current
        if case_id is None:
            return None
        return self.context.push(
            _("Add attachment"), lambda ws: add_attachment(ws, case_id, path), self
        )

    def add_file(self) -> None:
        """Choose a plan, image or document for the shown case."""
        if self.context.ws is None or self.current is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Add plan or image"),
            "",
            _("Plans, images and documents (*.geojson *.json *.png *.jpg *.jpeg *.pdf);;All (*)"),
        )
        if name:
            self.add_file_from(Path(name))

    def add_starter(self) -> None:
        """Add the starter cases this file lacks."""
        ws = self.context.ws
        if ws is None:
            return
        outcome = self.context.run(self, lambda: add_starter_library(ws))
        if outcome is not None:
            command = ServiceCommand(
                self.context, _("Add the starter library"), lambda _ws: outcome
            )
            command.first_run()
            self.context.undo_stack.push(command)
