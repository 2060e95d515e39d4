"""The layer-mapping dialog shown before a DXF import: which kind of feature each layer holds."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from codesign.design.style import KIND_STYLES
from i18n import gettext as _


class LayerMapDialog(QDialog):
    """One choice per layer: the kind its name suggests (the default) or another kind."""

    def __init__(
        self, layers: Sequence[tuple[str, str | None]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Layers of the drawing"))
        self.combos: dict[str, QComboBox] = {}
        intro = QLabel(
            _(
                "Each layer's features are imported as the kind chosen here. The first choice "
                "follows the layer's name; layers with no kind are left out."
            ),
            self,
        )
        intro.setWordWrap(True)
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
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, 420)

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
