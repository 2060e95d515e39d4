"""The new-cooperative wizard, the settings file, preferences, language and theme switches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from codesign.cooperative import cooperative_info
from ui import settings
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog, apply_theme
from ui.wizard import NewCooperativeWizard

if TYPE_CHECKING:
    from conftest import MessageBoxes


def fill_wizard(wizard: NewCooperativeWizard, path: Path, **fields: str) -> None:
    values = {"name": "Cooperativa Escuela Sol", "kind": "school", "country": "UY", **fields}
    for name, value in values.items():
        wizard.setField(name, value)
    wizard.setField("path", str(path))


def test_wizard_creates_a_file_with_the_chosen_settings(qtbot: QtBot, tmp_path: Path) -> None:
    """Name, kind, country, currency and locale chosen in the wizard are what the file holds."""
    wizard = NewCooperativeWizard()
    qtbot.addWidget(wizard)
    fill_wizard(wizard, tmp_path / "sol", currency="UYU", locale="es_UY")
    wizard.accept()
    assert wizard.result() == NewCooperativeWizard.DialogCode.Accepted
    assert wizard.workspace is not None
    try:
        assert wizard.workspace.path == tmp_path / "sol.minga"
        info = cooperative_info(wizard.workspace)
    finally:
        wizard.workspace.close()
    assert (info.name, info.kind, info.country, info.currency, info.locale) == (
        "Cooperativa Escuela Sol",
        "school",
        "UY",
        "UYU",
        "es_UY",
    )


def test_country_proposes_its_currency_and_locale(qtbot: QtBot) -> None:
    """Choosing Brazil proposes BRL and pt_BR; Ecuador (the default) USD and es_EC."""
    wizard = NewCooperativeWizard()
    qtbot.addWidget(wizard)
    assert (wizard.field("country"), wizard.field("currency"), wizard.field("locale")) == (
        "EC",
        "USD",
        "es_EC",
    )
    wizard.setField("country", "BR")
    assert (wizard.field("currency"), wizard.field("locale")) == ("BRL", "pt_BR")
    wizard.setField("currency", "USD")  # still editable after the proposal
    assert wizard.field("currency") == "USD"


def test_country_names_follow_the_ui_language(qtbot: QtBot) -> None:
    """Country names come from Babel in the window's language (España / Spain)."""
    wizard = NewCooperativeWizard()
    qtbot.addWidget(wizard)
    combo = wizard.region.country
    assert combo.itemText(combo.findData("ES")) == "España (ES)"
    import i18n

    i18n.set_language("en")
    english = NewCooperativeWizard()
    qtbot.addWidget(english)
    combo = english.region.country
    assert combo.itemText(combo.findData("ES")) == "Spain (ES)"


def test_wizard_refuses_a_missing_name(
    qtbot: QtBot, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """A blank name is refused with a message; no file is written and the wizard stays open."""
    wizard = NewCooperativeWizard()
    qtbot.addWidget(wizard)
    fill_wizard(wizard, tmp_path / "blank.minga", name="   ")
    message_boxes.expect()
    wizard.accept()
    assert wizard.result() != NewCooperativeWizard.DialogCode.Accepted
    assert wizard.workspace is None
    assert not (tmp_path / "blank.minga").exists()
    assert message_boxes.texts and "nombre" in message_boxes.texts[0]


def test_wizard_will_not_overwrite_a_file(
    qtbot: QtBot, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    """Choosing an existing file is refused and leaves that file as it was."""
    target = tmp_path / "taken.minga"
    target.write_bytes(b"somebody's data")
    wizard = NewCooperativeWizard()
    qtbot.addWidget(wizard)
    fill_wizard(wizard, target)
    message_boxes.expect()
    wizard.accept()
    assert wizard.workspace is None
    assert target.read_bytes() == b"somebody's data"
    assert message_boxes.texts and "ya existe" in message_boxes.texts[0]


def test_settings_are_plain_ini_values(tmp_path: Path, minga_home: Path) -> None:
    """Every type is written as readable text in MINGA_HOME/settings.ini: no pickled @Variant."""
    settings.put(settings.BACKUPS_KEEP, 7)
    settings.put(settings.LANGUAGE, "pt_BR")
    settings.put(settings.WINDOW_GEOMETRY, b"\x00\x01binary\xff")
    settings.remember_file(tmp_path / "a, b.minga")
    path = minga_home / "settings.ini"
    assert settings.settings_path() == path
    text = path.read_text(encoding="utf-8")
    assert "@Variant" not in text and "@ByteArray" not in text
    assert "backups_keep=7" in text
    assert "language=pt_BR" in text
    assert settings.get(settings.BACKUPS_KEEP) == 7
    assert settings.get(settings.WINDOW_GEOMETRY) == b"\x00\x01binary\xff"
    assert settings.recent_files() == [str(tmp_path / "a, b.minga")]


def test_settings_fall_back_to_defaults(minga_home: Path) -> None:
    """Unset or unreadable values give the declared default instead of an error."""
    assert settings.get(settings.BACKUPS_KEEP) == 20
    assert settings.get(settings.THEME) == "system"
    minga_home.mkdir(parents=True, exist_ok=True)
    (minga_home / "settings.ini").write_text(
        "[General]\nbackups_keep=many\nrecent_files=not json\n", encoding="utf-8"
    )
    assert settings.get(settings.BACKUPS_KEEP) == 20
    assert settings.get(settings.RECENT_FILES) == []
    with pytest.raises(TypeError):
        settings.put(settings.BACKUPS_KEEP, "7")  # type: ignore[arg-type]


def test_recent_files_keep_eight_without_repeats(tmp_path: Path) -> None:
    """Reopening a file moves it to the top; the list keeps the eight newest."""
    for number in range(10):
        settings.remember_file(tmp_path / f"{number}.minga")
    settings.remember_file(tmp_path / "5.minga")
    files = settings.recent_files()
    assert len(files) == 8
    assert files[0] == str(tmp_path / "5.minga")
    assert files.count(str(tmp_path / "5.minga")) == 1
    assert settings.get(settings.LAST_FILE) == str(tmp_path / "5.minga")


def choose_in_preferences(window: MainWindow, language: str, *, backups: int = 20) -> None:
    """Open Preferences from the window, pick ``language`` and press OK."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        dialog.language.setCurrentIndex(dialog.language.findData(language))
        dialog.backups.setValue(backups)
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.open_preferences()


def test_language_switch_retranslates_the_window(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """Choosing English then Spanish in Preferences switches menus, sidebar and Qt's own texts."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_file(coop_file())
    window.show_section("people")
    assert window.file_menu.title() == "&Archivo"
    choose_in_preferences(window, "en", backups=5)
    assert window.file_menu.title() == "&File"
    assert window.actions_by_name["open"].text() == "&Open…"
    assert window.sidebar.item(5).text() == "People"
    assert window.who_label.full_text().startswith("Set-up mode")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert settings.get(settings.LANGUAGE) == "en"
    assert settings.get(settings.BACKUPS_KEEP) == 5
    choose_in_preferences(window, "es")
    assert window.file_menu.title() == "&Archivo"
    assert window.sidebar.item(5).text() == "Personas"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"


@pytest.fixture
def restore_theme() -> Iterator[None]:
    """Put the platform look back after a theme test."""
    yield
    apply_theme("system")


def test_themes_change_the_palette(qtbot: QtBot, restore_theme: None) -> None:
    """Dark gives a dark window colour; projector enlarges every text, sidebar included."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window_role = app.palette().ColorRole.Window
    original_font = app.font().pointSizeF()
    sidebar_font = window.sidebar.item(0).font().pointSizeF()
    title_font = window.welcome.title.font().pointSizeF() if window.welcome else 0.0
    apply_theme("dark")
    assert app.palette().color(window_role).lightness() < 80
    apply_theme("projector")
    app.processEvents()
    assert app.palette().color(window_role).lightness() > 240
    assert app.font().pointSizeF() > original_font * 1.3
    assert window.sidebar.item(0).font().pointSizeF() > sidebar_font * 1.3
    assert window.welcome is not None
    assert window.welcome.title.font().pointSizeF() > title_font * 1.3
    apply_theme("system")
    app.processEvents()
    assert app.font().pointSizeF() == original_font
    assert window.sidebar.item(0).font().pointSizeF() == sidebar_font
