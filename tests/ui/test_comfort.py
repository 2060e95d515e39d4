"""Accessibility and comfort: dark mode, projector theme, text size, keyboard, F1 help."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import i18n
from ui import themes
from ui.help import HELP_KEYS, HelpDialog, help_html, help_path
from ui.main_window import MainWindow
from ui.pages import SECTIONS

R = QPalette.ColorRole
LANGUAGES = ("es", "pt_BR", "en", "ca")


@pytest.fixture
def platform_look() -> Iterator[QApplication]:
    """The application, put back to the platform's look after the test."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    themes.apply_theme("system", font_percent=100)
    themes.system_scheme_changed(Qt.ColorScheme.Light)


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_system_theme_follows_the_dark_mode(qtbot: QtBot, platform_look: QApplication) -> None:
    """With the "system" theme, the system turning dark turns the window dark, and back."""
    window = _window(qtbot)
    themes.apply_theme("system")
    themes.follow_system_scheme()  # as make_application does at start-up
    light = platform_look.palette().color(R.Window).lightness()
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what Qt sends when the system switches
    assert platform_look.palette().color(R.Window).lightness() < 80
    QApplication.processEvents()
    assert window.palette().color(R.Window).lightness() < 80
    assert themes.using_dark_stand_in()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert platform_look.palette().color(R.Window).lightness() == light
    themes.apply_theme("light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # a chosen theme is kept
    assert platform_look.palette().color(R.Window).lightness() > 200


def test_projector_theme_is_high_contrast_and_large(
    qtbot: QtBot, platform_look: QApplication
) -> None:
    """Projector: text, selection and hints reach WCAG AAA contrast; texts are 1.5 × larger."""
    _window(qtbot)
    base_size = platform_look.font().pointSizeF()
    themes.apply_theme("projector")
    palette = platform_look.palette()
    assert themes.contrast(palette.color(R.WindowText), palette.color(R.Window)) >= 20
    assert themes.contrast(palette.color(R.Text), palette.color(R.AlternateBase)) >= 15
    assert themes.contrast(palette.color(R.HighlightedText), palette.color(R.Highlight)) >= 12
    assert themes.contrast(palette.color(R.PlaceholderText), palette.color(R.Base)) >= 7
    assert platform_look.font().pointSizeF() == pytest.approx(base_size * 1.5)


def test_text_size_preference_scales_the_whole_window(
    qtbot: QtBot, platform_look: QApplication
) -> None:
    """Text size 150 % enlarges the application font and the sidebar with it; 100 % restores."""
    window = _window(qtbot)
    base_size = platform_look.font().pointSizeF()
    sidebar = window.sidebar.item(0).font().pointSizeF()
    themes.apply_theme("system", font_percent=150)
    QApplication.processEvents()
    assert platform_look.font().pointSizeF() == pytest.approx(base_size * 1.5)
    assert window.sidebar.item(0).font().pointSizeF() == pytest.approx(sidebar * 1.5)
    themes.apply_theme("projector")  # the projector's enlargement adds to the preference
    assert platform_look.font().pointSizeF() == pytest.approx(base_size * 1.5 * 1.5)
    themes.apply_theme("system", font_percent=100)
    QApplication.processEvents()
    assert window.sidebar.item(0).font().pointSizeF() == pytest.approx(sidebar)


def test_preferences_store_and_apply_the_text_size(
    qtbot: QtBot, platform_look: QApplication
) -> None:
    """Choosing 130 % in Preferences stores it and applies it at once."""
    from ui import settings
    from ui.preferences import PreferencesDialog

    base_size = platform_look.font().pointSizeF()
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.font_size.setCurrentIndex(dialog.font_size.findData(130))
    dialog.accept()
    assert settings.get(settings.FONT_SIZE) == 130
    assert platform_look.font().pointSizeF() == pytest.approx(base_size * 1.3)


def test_sidebar_arrows_and_tab_reach_every_section(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """Down/Up in the sidebar change section; Tab leaves the sidebar into the page."""
    window = _window(qtbot)
    window.open_file(coop_file())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.sidebar.setFocus()
    for expected in [entry.key for entry in SECTIONS][1:]:
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
        assert window.current_section() == expected
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Home)
    assert window.current_section() == SECTIONS[0].key
    for key in ("design", "people"):  # a page still to come, and one with a table
        window.show_section(key)
        window.sidebar.setFocus()
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None and window.page(key).isAncestorOf(focused), key


def test_shell_widgets_have_accessible_names(qtbot: QtBot) -> None:
    """Screen readers can name the shell's parts; F1 and Preferences have their keys."""
    window = _window(qtbot)
    assert window.sidebar.accessibleName() == "Secciones"
    assert window.pages.accessibleName() == "Contenido de la sección"
    assert window.who_label.accessibleName()
    assert window.path_label.accessibleName()
    assert window.actions_by_name["help_section"].shortcut() == QKeySequence(
        QKeySequence.StandardKey.HelpContents
    )
    preferences = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    assert window.actions_by_name["preferences"].shortcuts() == (
        preferences or [QKeySequence("Ctrl+,")]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_section_has_help_in_every_language(language: str) -> None:
    """Each sidebar section and the welcome page has its own help page in es, pt_BR, en, ca."""
    for key in HELP_KEYS:
        path = help_path(key, language)
        assert path.parent.name == language, (key, language)
        html = help_html(key, language)
        assert "<h2>" in html and "<li>" in html
        assert "color" not in html  # colours come from the theme


def test_f1_shows_the_help_of_the_current_section(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """F1 opens the current section's help in the window's language (Portuguese here)."""
    i18n.set_language("pt_BR")
    window = _window(qtbot)
    window.open_file(coop_file())
    window.show_section("finances")
    shown: list[tuple[str, str]] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, HelpDialog):
            QTimer.singleShot(10, read_and_close)
            return
        shown.append((dialog.key(), dialog.browser.toPlainText()))
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    window.actions_by_name["help_section"].trigger()
    assert shown[0][0] == "finances"
    assert "tesoureiro" in shown[0][1]
    window.close()


def test_help_without_a_file_explains_how_to_start(qtbot: QtBot) -> None:
    """With no file open the help is the getting-started page; the topic list switches pages."""
    dialog = HelpDialog("welcome")
    qtbot.addWidget(dialog)
    assert "Abrir la cooperativa de demostración" in dialog.browser.toPlainText()
    dialog.topics.setCurrentIndex(dialog.topics.findData("sync"))
    assert "sin servidor" in dialog.browser.toPlainText()
