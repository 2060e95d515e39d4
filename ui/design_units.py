"""The import dialog's drawing units: what the DXF header says, the unit to read it in,
the size that gives, and a warning when that size is not a site's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QWidget,
)

from codesign.design.drawing_units import (
    DEFAULT_UNIT,
    DRAWING_UNITS,
    header_text,
    size_text,
    size_warning,
    unit_label,
)
from i18n import gettext as _
from plans.dxf_overview import DxfOverview


class DrawingUnitsBox(QGroupBox):
    """The unit a DXF drawing is read in, the header's unit chosen first (metres if none)."""

    def __init__(self, overview: DxfOverview, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Drawing units"), parent)
        self.overview = overview
        self.coop_locale = locale
        self.header_label = QLabel(header_text(overview), self)
        self.header_label.setWordWrap(True)
        self.combo = QComboBox(self)
        for unit in DRAWING_UNITS:
            self.combo.addItem(unit_label(unit), unit)
        self.combo.setCurrentIndex(self.combo.findData(overview.declared_unit or DEFAULT_UNIT))
        self.size_label = QLabel(self)
        self.size_label.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning_icon = QLabel(self)
        side = self.fontMetrics().height()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.warning_icon.setPixmap(icon.pixmap(side, side))
        warning_row = QHBoxLayout()
        warning_row.addWidget(self.warning_icon)
        warning_row.addWidget(self.warning, 1)
        form = QFormLayout(self)
        form.addRow(self.header_label)
        form.addRow(_("Read the drawing in"), self.combo)
        form.addRow(self.size_label)
        form.addRow(warning_row)
        self.combo.currentIndexChanged.connect(self._show_size)
        self._show_size()

    def unit(self) -> str:
        """The chosen unit's name, as ``--units`` takes it ("cm")."""
        return str(self.combo.currentData())

    def choose(self, unit: str) -> None:
        """Read the drawing in ``unit`` (as the user would choose it)."""
        self.combo.setCurrentIndex(self.combo.findData(unit))

    def warning_text(self) -> str:
        """The size warning shown, empty when the size looks like a site's."""
        return self.warning.text() if not self.warning.isHidden() else ""

    def _show_size(self) -> None:
        size = self.overview.size
        if size is None:
            self.size_label.setText(_("The drawing is empty."))
            warning = None
        else:
            self.size_label.setText(size_text(size, self.unit(), self.coop_locale))
            warning = size_warning(size, self.unit(), self.coop_locale)
        self.warning.setText(warning or "")
        self.warning.setHidden(warning is None)
        self.warning_icon.setHidden(warning is None)
