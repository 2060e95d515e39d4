"""The UI language for both our texts and Qt's own (file dialogs, message box buttons).

Our strings come from ``i18n``; Qt's come from its ``qtbase_<lang>.qm``
catalogs. Both must switch together, or a Spanish window shows English
"Cancel" buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import i18n

_installed: QTranslator | None = None  # kept referenced: Qt does not own translators


def qt_translations_dir() -> str:
    """Where this Qt keeps its ``.qm`` catalogs."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_qt_translator(language: str) -> bool:
    """Replace Qt's catalog with ``language``'s; return whether one was found."""
    global _installed  # noqa: PLW0603 - the process has one UI language
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
    QLocale.setDefault(QLocale(language))
    translator = QTranslator(app)
    if not translator.load(QLocale(language), "qtbase", "_", qt_translations_dir()):
        return False
    QCoreApplication.installTranslator(translator)
    _installed = translator
    return True


def apply_language(language: str | None) -> str:
    """Switch our texts and Qt's to ``language`` ("" or None: the system's); return the one chosen.

    Windows already shown must still rebuild their texts (``MainWindow.retranslate``).
    """
    chosen = i18n.set_language(language or None)
    install_qt_translator(chosen)
    return chosen
