"""Design dialogs: a plan's author and DXF layers before import, and the design rules."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from codesign.design.style import KIND_STYLES
from i18n import gettext as _
from plans.dxf_overview import DxfOverview
from plans.rules import RuleSet
from ui.design_units import DrawingUnitsBox


class LayerMapDialog(QDialog):
    """The author household, a DXF drawing's units, and one choice per layer: the kind its
    name suggests or another."""

    def __init__(
        self,
        layers: Sequence[tuple[str, str | None]],
        parent: QWidget | None = None,
        *,
        households: Sequence[tuple[str, str]] = (),
        household: str | None = None,
        drawing: DxfOverview | None = None,
        locale: str = "es_EC",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import plan"))
        self.units_box = DrawingUnitsBox(drawing, locale, self) if drawing is not None else None
        self.combos: dict[str, QComboBox] = {}
        self.household_box = QComboBox(self)
        for name, key in households:
            self.household_box.addItem(name, key)
        self.household_box.setCurrentIndex(max(0, self.household_box.findData(household)))
        intro = QLabel(
            _(
                "Each layer's features are imported as the kind chosen here. The first choice "
                "follows the layer's name; layers with no kind are left out."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setVisible(bool(layers))
        author = QFormLayout()
        author.addRow(_("Author household"), self.household_box)
        body = QWidget(self)
        form = QFormLayout(body)
        for name, guess in layers:
            combo = QComboBox(body)
            guessed = _(KIND_STYLES[guess].label) if guess else _("not imported")
            combo.addItem(_("By its name: {kind}").format(kind=guessed), None)
            for kind, style in KIND_STYLES.items():
                combo.addItem(_(style.label), kind)
            self.combos[name] = combo
            form.addRow(name, combo)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        scroll.setVisible(bool(layers))
        layout = QVBoxLayout(self)
        if households:
            layout.addLayout(author)
        if self.units_box is not None:
            layout.addWidget(self.units_box)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        high = (420 if layers else 140) + (
            self.units_box.sizeHint().height() if self.units_box else 0
        )
        self.resize(self.fontMetrics().averageCharWidth() * 70, high)

    def household(self) -> str | None:
        """The chosen author household's id, if households were offered."""
        data = self.household_box.currentData()
        return str(data) if data else None

    def units(self) -> str | None:
        """The unit chosen for a DXF drawing ("cm"), None when no drawing was shown."""
        return self.units_box.unit() if self.units_box is not None else None

    def choose(self, layer: str, kind: str) -> None:
        """Set ``layer`` to ``kind`` (as the user would)."""
        combo = self.combos[layer]
        combo.setCurrentIndex(combo.findData(kind))

    def layer_map(self) -> dict[str, str]:
        """The layers whose kind the user chose, layer → kind."""
        return {
            name: combo.currentData()
            for name, combo in self.combos.items()
            if combo.currentData() is not None
        }


class RulesDialog(QDialog):
    """The cooperative's design rules; a zero switches a rule off."""

    def __init__(self, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Design rules"))
        off = _("off")
        self.setback = _spin(rules.setback_m, 0, 100, 0.5, suffix=" m", off=off)
        self.coverage = _spin(_pct(rules.max_coverage), 0, 100, 1, suffix=" %", off=off)
        self.green = _spin(_pct(rules.min_green_share), 0, 100, 1, suffix=" %", off=off)
        self.classroom = _spin(
            rules.min_classroom_m2_per_student, 0, 20, 0.1, suffix=" m²", off=off
        )
        self.access = QCheckBox(_("Every unit touches a path or a common area"), self)
        self.access.setChecked(rules.units_need_access)
        self.areas = QLineEdit(", ".join(f"{p}: {a:g}" for p, a in rules.min_unit_area_m2), self)
        self.areas.setToolTip(_("People in the household: minimum m², such as 1: 30, 2: 40"))
        form = QFormLayout()
        form.addRow(_("Setback from the site boundary"), self.setback)
        form.addRow(_("Maximum built coverage"), self.coverage)
        form.addRow(_("Minimum green share"), self.green)
        form.addRow(_("Minimum classroom area per student"), self.classroom)
        form.addRow(_("Minimum unit area by household size"), self.areas)
        form.addRow("", self.access)
        self.error = QLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def rules(self) -> RuleSet:
        """The rules as entered (ValueError when the area table cannot be read)."""
        table = []
        for item in self.areas.text().replace(";", ",").split(","):
            if item.strip():
                people, _sep, area = item.partition(":")
                table.append((int(people), float(area.replace(" ", ""))))
        return RuleSet(
            setback_m=self.setback.value() or None,
            max_coverage=(self.coverage.value() / 100) or None,
            min_unit_area_m2=tuple(sorted(table)),
            min_green_share=(self.green.value() / 100) or None,
            units_need_access=self.access.isChecked(),
            min_classroom_m2_per_student=self.classroom.value() or None,
        )

    def _accept(self) -> None:
        try:
            self.rules()
        except ValueError:
            self.error.setText(_("Write the areas as people: m², such as 1: 30, 2: 40."))
            return
        self.accept()


def _pct(share: float | None) -> float | None:
    return None if share is None else 100 * share


def _spin(
    value: float | None, low: float, high: float, step: float, *, suffix: str, off: str
) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(2)
    spin.setSuffix(suffix)
    spin.setSpecialValueText(off)
    spin.setValue(value or 0.0)
    return spin
