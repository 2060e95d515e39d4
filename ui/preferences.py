"""Preferences: language, backups kept, theme and text size; each applies on OK, no restart.

The themes themselves (palettes, text size, following the system's dark
mode) live in ``ui.themes``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from i18n import current_language
from i18n import gettext as _
from ui import settings
from ui.pages.placeholder import secondary
from ui.qt_translations import apply_language
from ui.themes import FONT_SIZES, THEMES, apply_theme

__all__ = ["LANGUAGE_NAMES", "PreferencesDialog", "apply_theme"]

# Language names are written in their own language, so anyone can find theirs.
LANGUAGE_NAMES: tuple[tuple[str, str], ...] = (
    ("es", "Español"),
    ("pt_BR", "Português (Brasil)"),
    ("en", "English"),
    ("ca", "Català"),
)


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
        self.font_size = QComboBox(self)
        self.font_size.setObjectName("fontSizeCombo")
        for percent in FONT_SIZES:
            self.font_size.addItem(_("{percent} %").format(percent=percent), percent)
        self.font_size.setCurrentIndex(
            max(0, self.font_size.findData(settings.get(settings.FONT_SIZE)))
        )
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
        form.addRow(_("Text &size:"), self.font_size)
        for label, field in (
            (_("Language"), self.language),
            (_("Backups to keep per file"), self.backups),
            (_("Theme"), self.theme),
            (_("Text size"), self.font_size),
        ):
            field.setAccessibleName(label)
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
        percent = int(self.font_size.currentData())
        if theme != settings.get(settings.THEME) or percent != settings.get(settings.FONT_SIZE):
            settings.put(settings.THEME, theme)
            settings.put(settings.FONT_SIZE, percent)
            apply_theme(theme, font_percent=percent)
        chosen = apply_language(language or None)
        self.language_changed = chosen != previous
        super().accept()
