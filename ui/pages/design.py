"""The Design page: proposals with filters, the plan canvas, the review panel, compare and export.

Choosing a proposal shows its newest version (or the one picked) on the
canvas with the broken rules outlined and the review comments pinned;
every action runs a service through the context, so errors appear in one
place and the views refresh when the design tables change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import Action
from codesign.cooperative import cooperative_info
from codesign.design.comments import comments_for_version
from codesign.design.queries import list_proposals, list_versions
from codesign.design.records import STATUS_LABELS, CommentRecord, ProposalRecord, VersionId
from codesign.design.style import KIND_STYLES
from codesign.journal.writer import WriteResult
from i18n import gettext as _
from i18n import ngettext
from ui.context import AppContext
from ui.design_edit import (
    build_edit_tools,
    push_add,
    push_edit,
    retranslate_edit_tools,
    update_editing,
    warm_up_later,
)
from ui.design_models import ProposalsModel, fill_combo, pin_numbers, selection_text
from ui.design_review import ReviewPanel
from ui.plan_canvas import PlanCanvas
from ui.widgets import fit_columns, needs_text, record_table, search_timer

if TYPE_CHECKING:
    from codesign.design.checking import CheckReport
    from plans.features import Feature
    from plans.rules import Violation
    from ui.plan_editing import PlanEditor

ENTITIES = ("proposal", "proposal_version", "review_comment", "proposal_status_change", "site")


class DesignPage(QWidget):
    """Proposals, the drawing and its review."""

    # The editing tools, made by ui.design_edit.build_edit_tools.
    edit_action: QAction
    rotate_action: QAction
    rename_action: QAction
    count_action: QAction
    edit_bar: QToolBar
    draw_button: QToolButton
    draw_actions: dict[str, QAction]

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.coop_locale = "es_EC"
        self.model = ProposalsModel(self)
        self.report: CheckReport | None = None
        self._checked: CheckReport | None = None  # the last check, reused for the same version
        self.shown_comments: tuple[CommentRecord, ...] = ()
        self._search_timer = search_timer(self, self.refresh)
        layout = QVBoxLayout(self)
        self._build_toolbar(layout)
        self.splitter = QSplitter(self)
        self._build_list()
        self._build_canvas()
        self.review = ReviewPanel(context, self.splitter)
        self.review.violation_chosen.connect(self._show_violation)
        self.review.comment_chosen.connect(self._show_comment)
        self.review.pin_requested.connect(self.canvas.pick_point)
        self.canvas.point_picked.connect(self.review.add_comment_at)
        self.splitter.addWidget(self.review)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 2)
        chars = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([chars * 70, chars * 90, chars * 60])
        layout.addWidget(self.splitter, 1)
        self.retranslate()
        context.changed.connect(self._on_changed)
        context.workspace_changed.connect(self.refresh)
        self.refresh()
        warm_up_later()

    # -- building ----------------------------------------------------------------------

    def _build_toolbar(self, layout: QVBoxLayout) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda _c=False: self.import_dialog())
        self.variant_action = QAction(self)
        self.variant_action.triggered.connect(lambda _c=False: self.new_variant())
        self.compare_action = QAction(self)
        self.compare_action.triggered.connect(lambda _c=False: self.compare_dialog())
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda _c=False: self.export_dialog())
        self.print_action = QAction(self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda _c=False: self.export_dialog(pdf=True))
        self.rules_action = QAction(self)
        self.rules_action.triggered.connect(lambda _c=False: self.edit_rules())
        self.table_action = QAction(self)
        self.table_action.triggered.connect(lambda _c=False: self.export_table())
        self.fit_action = QAction(self)
        self.fit_action.triggered.connect(lambda _c=False: self.canvas.fit())
        for action in (
            self.import_action,
            self.variant_action,
            self.compare_action,
            self.export_action,
            self.print_action,
            self.table_action,
            self.rules_action,
            self.fit_action,
        ):
            self.toolbar.addAction(action)
        build_edit_tools(self)
        self.layers_button = QToolButton(self)
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_menu = QMenu(self)
        self.layer_actions: dict[str, QAction] = {}
        for kind in KIND_STYLES:
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, k=kind: self.canvas.set_layer_visible(k, on))
            self.layer_actions[kind] = action
            self.layers_menu.addAction(action)
        self.layers_button.setMenu(self.layers_menu)
        self.toolbar.addWidget(self.layers_button)
        layout.addWidget(self.toolbar)

    def _build_list(self) -> None:
        column = QWidget(self.splitter)
        self.search = QLineEdit(column)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter = QComboBox(column)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.household_filter = QComboBox(column)
        self.household_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel(column)
        self.view = record_table(column, stretch_last=False)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.show_selected())
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.household_filter, 1)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.search)
        box.addLayout(filters)
        box.addWidget(self.view, 1)
        box.addWidget(self.count)
        self.splitter.addWidget(column)

    def _build_canvas(self) -> None:
        column = QWidget(self.splitter)
        self.version_box = QComboBox(column)
        self.version_box.currentIndexChanged.connect(lambda _i: self.show_version())
        self.canvas = PlanCanvas(column)
        self.canvas.selection_changed.connect(self._show_selection)
        self._editor: PlanEditor | None = None
        self._prefer_newest = False
        self.selection_info = QLabel(column)
        self.selection_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        self.version_label = QLabel(column)
        top.addWidget(self.version_label)
        top.addWidget(self.version_box, 1)
        top.addWidget(self.edit_bar)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.canvas, 1)
        box.addWidget(self.selection_info)
        self.splitter.addWidget(column)

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.import_action.setText(_("Import plan…"))
        self.import_action.setToolTip(_("A DXF or GeoJSON drawing becomes a new proposal."))
        self.variant_action.setText(_("New variant"))
        self.variant_action.setToolTip(_("A new proposal starting from the chosen one."))
        self.compare_action.setText(_("Compare…"))
        self.compare_action.setToolTip(_("Compare with the previous version, or two proposals."))
        self.export_action.setText(_("Export…"))
        self.print_action.setText(_("Plan sheet (PDF)…"))
        self.fit_action.setText(_("Fit to view"))
        self.table_action.setText(_("Export table…"))
        self.rules_action.setText(_("Design rules…"))
        self.rules_action.setToolTip(
            _("The rules every proposal is checked against.")
            + " "
            + needs_text(Action.APPROVE_DESIGNS)
        )
        self.table_action.setToolTip(_("The proposals shown, as a CSV file."))
        retranslate_edit_tools(self)
        self.layers_button.setText(_("Layers"))
        for kind, action in self.layer_actions.items():
            action.setText(_(KIND_STYLES[kind].label))
        self.search.setPlaceholderText(_("Search proposals…"))
        self.version_label.setText(_("Version:"))
        self._fill_status_filter()
        self.review.retranslate()
        fit_columns(self.view, (0, 14, 7, 11, 4, 4, 11))
        self.model.repaint()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_status_filter(self) -> None:
        fill_combo(
            self.status_filter,
            _("All statuses"),
            [(_(label), key) for key, label in STATUS_LABELS.items()],
        )

    def _fill_households(self, records: tuple[ProposalRecord, ...]) -> None:
        names = sorted({(r.household, r.household_id) for r in records if r.household_id})
        fill_combo(self.household_filter, _("All households"), names)

    # -- reading -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the proposals again with the filters, keeping the chosen one."""
        self._search_timer.stop()
        ws = self.context.ws
        chosen = self.selected_proposal()
        records: tuple[ProposalRecord, ...] = ()
        if ws is not None:
            info = self.context.run(self, lambda: cooperative_info(ws))
            if info is not None:
                self.coop_locale = self.review.coop_locale = info.locale
            filters = {
                "status": self.status_filter.currentData(),
                "household": self.household_filter.currentData(),
                "text": self.search.text().strip() or None,
            }
            records = self.context.run(self, lambda: list_proposals(ws, **filters)) or ()
            if self.household_filter.count() <= 1:
                unfiltered = not any(filters.values())
                everything = (
                    records
                    if unfiltered
                    else self.context.run(self, lambda: list_proposals(ws)) or ()
                )
                self._fill_households(everything)
        self.model.set_records(records, self.coop_locale)
        self.count.setText(
            ngettext("{n} proposal", "{n} proposals", len(records)).format(n=len(records))
        )
        for action in (self.import_action,):
            action.setEnabled(ws is not None)
        row = self.model.row_of(chosen.id) if chosen is not None else None
        if row is not None:
            self.view.selectRow(row)
        self.show_selected()

    def focus_search(self) -> None:
        """Put the cursor in the proposals search (the window's Find shortcut)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_changed(self, result: WriteResult) -> None:
        if result.touches(*ENTITIES):
            if result.touches("site", "proposal_version", "person", "household"):
                self._checked = None  # rules, drawings or household sizes changed: check again
            self.household_filter.clear()
            self.refresh()
        elif result.touches("person", "household"):
            self._checked = None

    def selected_proposal(self) -> ProposalRecord | None:
        """The proposal chosen in the list."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_proposal(self, row: int) -> None:
        """Choose the proposal on ``row`` of the list."""
        self.view.selectRow(row)

    def show_selected(self) -> None:
        """Fill the versions of the chosen proposal and show the newest."""
        proposal = self.selected_proposal()
        ws = self.context.ws
        keep = self.version_box.currentData()
        self.version_box.blockSignals(True)
        self.version_box.clear()
        if proposal is not None and ws is not None:
            versions = self.context.run(self, lambda: list_versions(ws, proposal.id)) or ()
            for v in versions:
                text = _("{n} — {author}").format(n=v.number, author=v.author or "—")
                self.version_box.addItem(text, v.id)
            index = -1 if self._prefer_newest else self.version_box.findData(keep)
            self.version_box.setCurrentIndex(index if index >= 0 else len(versions) - 1)
        self._prefer_newest = False
        self.version_box.blockSignals(False)
        chosen = (self.variant_action, self.compare_action, self.export_action, self.print_action)
        for action in chosen:
            action.setEnabled(proposal is not None)
        self.show_version()

    def current_version(self) -> VersionId | None:
        """The version on the canvas."""
        data = self.version_box.currentData()
        return VersionId(data) if data is not None else None

    def show_version(self) -> None:
        """Check the chosen version and draw it with its violations and comments."""
        ws, proposal, version = self.context.ws, self.selected_proposal(), self.current_version()
        self.report = None
        self.shown_comments = ()
        if ws is not None and version is not None:
            same = proposal is not None and getattr(self, "_shown", None) == proposal.id
            from codesign.design.checking import check_version

            cached = self._checked
            if cached is not None and cached.version == version:
                self.report = cached  # versions never change: only comments and status did
            else:
                self.report = self.context.run(self, lambda: check_version(ws, version))
                self._checked = self.report
            self.shown_comments = (
                self.context.run(self, lambda: comments_for_version(ws, version)) or ()
            )
            if self.report is not None and not (same and self.report is cached):
                keep = [f.id or f.label for f in self.canvas.selected_features()] if same else []
                self.canvas.set_plan(self.report.plan, fit=not same)
                for key in keep[:1]:
                    self.canvas.select_feature(key)
                self.canvas.set_violations(self.report.violations)
            self._shown = proposal.id if proposal is not None else None
        else:
            self.canvas.clear()
        pins = pin_numbers(self.shown_comments)
        self.canvas.set_comments(
            [(c.id, pins[c.id], c.x, c.y, c.resolved) for c in self.shown_comments if c.id in pins]
        )
        self.review.show_proposal(proposal, version, self.report, self.shown_comments)
        self._update_editing()

    # -- editing -----------------------------------------------------------------------

    @property
    def editor(self) -> PlanEditor:
        """The canvas editor, made the first time editing is offered (it loads geometry tools)."""
        if self._editor is None:
            from ui.plan_editing import PlanEditor

            self._editor = PlanEditor(self.canvas)
            self._editor.feature_edited.connect(self._feature_edited)
            self._editor.feature_drawn.connect(lambda feature: push_add(self, feature))
            self._editor.preview.connect(lambda feature: self._show_selection((feature,)))
        return self._editor

    def edit_rules(self) -> None:
        """The design rules dialog (the architect saves them)."""
        from ui.design_actions import edit_rules

        edit_rules(self)

    def export_table(self) -> None:
        """Save the proposals shown as CSV."""
        from ui.design_actions import export_table

        export_table(self)

    def _update_editing(self) -> None:
        """Editing is offered on the newest version of a proposal the user may change."""
        update_editing(self)

    def _feature_edited(self, index: int, feature: Feature) -> None:
        """Save the drawing with ``feature`` in place of feature ``index`` (undoable)."""
        push_edit(self, index, feature)

    def _show_selection(self, features: tuple[Feature, ...]) -> None:
        self.selection_info.setText(selection_text(features, self.coop_locale))

    def _show_violation(self, violation: Violation) -> None:
        self.canvas.select_feature(violation.feature_id or violation.feature)

    def _show_comment(self, comment: CommentRecord) -> None:
        from ui.plan_items import to_scene

        self.canvas.centerOn(to_scene(comment.x, comment.y))

    # -- actions (dialogs in ui.design_actions) -----------------------------------------

    def import_dialog(self, path: Path | None = None) -> None:
        """Choose a DXF or GeoJSON file and import it as a new proposal."""
        from ui.design_actions import import_plan_file

        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, _("Import plan"), "", _("Plans (*.dxf *.geojson *.json)")
            )
            if not name:
                return
            path = Path(name)
        import_plan_file(self, path)

    def new_variant(self) -> None:
        """A new proposal starting from the chosen one's newest drawing."""
        from ui.design_actions import new_variant

        new_variant(self)

    def compare_dialog(self) -> None:
        """Compare the chosen version with the previous one (or the chosen proposal's parent)."""
        from ui.design_actions import open_compare

        open_compare(self)

    def export_dialog(self, *, pdf: bool = False, path: Path | None = None) -> None:
        """Export the shown version as PDF sheet, SVG, DXF or GeoJSON."""
        from ui.design_actions import ask_export_path, export_version

        chosen = path or ask_export_path(self, pdf=pdf)
        if chosen is not None:
            export_version(self, chosen)
