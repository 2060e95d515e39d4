"""Help → Help for this section (F1): a short page per section, in the window's language.

The pages are small HTML files, ``ui/help/<language>/<section>.html``, one
per sidebar section plus ``welcome``; translators edit them like any text.
A language without a page falls back to English, then Spanish. The pages use
no colours of their own, so they follow the theme.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from i18n import current_language
from i18n import gettext as _
from ui.pages import SECTIONS

HELP_DIR = Path(__file__).with_name("help")
FALLBACKS = ("en", "es")
HELP_KEYS = ("welcome", *(entry.key for entry in SECTIONS))


def help_path(key: str, language: str | None = None) -> Path:
    """The help page for section ``key`` in ``language`` (the current one by default)."""
    for candidate in (language or current_language(), *FALLBACKS):
        path = HELP_DIR / candidate / f"{key}.html"
        if path.is_file():
            return path
    raise KeyError(key)


def help_html(key: str, language: str | None = None) -> str:
    """The help page's HTML."""
    return help_path(key, language).read_text(encoding="utf-8")


def _title(key: str) -> str:
    if key == "welcome":
        return _("Getting started")
    return _(next(entry.title for entry in SECTIONS if entry.key == key))


class HelpDialog(QDialog):
    """Shows one section's help; the list above switches to another section's."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(_("Minga help"))
        self.topics = QComboBox(self)
        self.topics.setObjectName("helpTopics")
        self.topics.setAccessibleName(_("Help topic"))
        for topic in HELP_KEYS:
            self.topics.addItem(_title(topic), topic)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        self.browser.setAccessibleName(_("Help text"))
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.topics)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.topics.currentIndexChanged.connect(lambda _row: self.show_topic(self.key()))
        self.topics.setCurrentIndex(max(0, self.topics.findData(key)))
        self.show_topic(self.key())
        self.resize(560, 520)
        self.browser.setFocus()

    def key(self) -> str:
        """The section whose help is shown."""
        return str(self.topics.currentData())

    def show_topic(self, key: str) -> None:
        """Show the help of ``key``."""
        path = help_path(key)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setHtml(path.read_text(encoding="utf-8"))
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
