"""Preferences: language, backups kept, theme; and applying a theme through the palette.

Widgets take their colours from the palette only, so a theme is a palette
(plus, for the projector, a larger font) set on the application.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)

from i18n import N_, current_language
from i18n import gettext as _
from ui import settings
from ui.pages.placeholder import secondary
from ui.qt_translations import apply_language

# Language names are written in their own language, so anyone can find theirs.
LANGUAGE_NAMES: tuple[tuple[str, str], ...] = (
    ("es", "Español"),
    ("pt_BR", "Português (Brasil)"),
    ("en", "English"),
    ("ca", "Català"),
)
THEMES: tuple[tuple[str, str], ...] = (
    ("system", N_("System")),
    ("light", N_("Light")),
    ("dark", N_("Dark")),
    ("projector", N_("Projector: large text, high contrast")),
)
PROJECTOR_FONT_SCALE = 1.4

R = QPalette.ColorRole
# Each theme's palette: (window, text, base, alternate base, button, highlight, highlighted text,
# link, disabled text). These tables are the palette itself; widgets never name a colour.
PALETTES: dict[str, tuple[str, ...]] = {
    "light": (
        "#f4f4f2",
        "#1d1d1b",
        "#ffffff",
        "#ebebe8",
        "#e6e6e3",
        "#2f6f9f",
        "#ffffff",
        "#1f5f8f",
        "#8a8a86",
    ),
    "dark": (
        "#2b2b2b",
        "#e8e8e6",
        "#1f1f1f",
        "#262626",
        "#363636",
        "#4f8fc0",
        "#ffffff",
        "#8cc4f0",
        "#8a8a86",
    ),
    "projector": (
        "#ffffff",
        "#000000",
        "#ffffff",
        "#f0f0f0",
        "#ffffff",
        "#00308f",
        "#ffffff",
        "#00308f",
        "#505050",
    ),
}


@dataclass
class _Original:
    """The platform's look, captured before the first theme so "System" can restore it."""

    style: str
    palette: QPalette
    font: QFont


_original: _Original | None = None


def build_palette(theme: str) -> QPalette:
    """The palette of a named theme."""
    window, text, base, alt, button, high, high_text, link, disabled = (
        QColor(c) for c in PALETTES[theme]
    )
    palette = QPalette()
    for role, colour in (
        (R.Window, window),
        (R.WindowText, text),
        (R.Base, base),
        (R.AlternateBase, alt),
        (R.Text, text),
        (R.Button, button),
        (R.ButtonText, text),
        (R.Highlight, high),
        (R.HighlightedText, high_text),
        (R.Link, link),
        (R.LinkVisited, link),
        (R.ToolTipBase, base),
        (R.ToolTipText, text),
        (R.PlaceholderText, disabled),
        (R.BrightText, high_text),
        (R.Accent, high),
        (R.Light, button.lighter(130)),
        (R.Midlight, button.lighter(115)),
        (R.Mid, button.darker(130)),
        (R.Dark, button.darker(160)),
        (R.Shadow, text),
    ):
        palette.setColor(role, colour)
    for role in (R.WindowText, R.Text, R.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(theme: str) -> None:
    """Give the application the look of ``theme`` ("system" restores the platform's)."""
    global _original  # noqa: PLW0603 - one look per process
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    style = app.style()
    if _original is None:
        _original = _Original(style.name() if style else "", app.palette(), app.font())
    if theme not in PALETTES:
        if _original.style:
            app.setStyle(_original.style)
        QGuiApplication.styleHints().unsetColorScheme()
        app.setPalette(_original.palette)
        app.setFont(_original.font)
        return
    app.setStyle(QStyleFactory.create("Fusion"))  # native styles may ignore the palette
    scheme = Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light
    QGuiApplication.styleHints().setColorScheme(scheme)
    app.setPalette(build_palette(theme))
    font = QFont(_original.font)
    if theme == "projector":
        font.setPointSizeF(font.pointSizeF() * PROJECTOR_FONT_SCALE)
    app.setFont(font)


class PreferencesDialog(QDialog):
    """Edits the stored preferences; a new language and theme apply on OK, without restart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(_("Preferences"))
        self.language_changed = False
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        self.language.addItem(_("System default"), "")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            max(0, self.language.findData(settings.get(settings.LANGUAGE)))
        )
        self.backups = QSpinBox(self)
        self.backups.setObjectName("backupsSpin")
        self.backups.setRange(1, 1000)
        self.backups.setValue(settings.get(settings.BACKUPS_KEEP))
        self.theme = QComboBox(self)
        self.theme.setObjectName("themeCombo")
        for code, label in THEMES:
            self.theme.addItem(_(label), code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.get(settings.THEME))))
        note = QLabel(
            _("Backups are copies of a cooperative file taken before upgrades and imports."), self
        )
        note.setWordWrap(True)
        secondary(note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Language:"), self.language)
        form.addRow(_("&Backups to keep per file:"), self.backups)
        form.addRow("", note)
        form.addRow(_("&Theme:"), self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        """Store the choices and apply them now."""
        language = str(self.language.currentData())
        previous = current_language()
        settings.put(settings.LANGUAGE, language)
        settings.put(settings.BACKUPS_KEEP, self.backups.value())
        theme = str(self.theme.currentData())
        if theme != settings.get(settings.THEME):
            settings.put(settings.THEME, theme)
            apply_theme(theme)
        chosen = apply_language(language or None)
        self.language_changed = chosen != previous
        super().accept()
