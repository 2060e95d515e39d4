"""The "New cooperative" wizard: name and kind, country and money, then where to save.

Country, currency and locale names come from Babel in the reader's language;
choosing a country proposes its currency and locale, which stay editable.
Every setting is checked with ``validate_settings`` before the file is made.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import Property, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from codesign.errors import MingaError
from codesign.workspace import Workspace
from i18n import N_, current_language
from i18n import gettext as _
from ui.errors import show_error

SUFFIX = ".minga"
DEFAULT_COUNTRY = "EC"
DEFAULT_CURRENCY = "USD"
DEFAULT_LOCALE = "es_EC"
KINDS: tuple[tuple[str, str], ...] = (
    ("housing", N_("Housing")),
    ("school", N_("School")),
    ("mixed", N_("Housing and school")),
)
OUR_LANGUAGES = ("es", "pt", "ca", "en")
HOME_LOCALES = ("es_EC", "es_ES", "pt_BR", "ca_ES", "en_US")
NOT_COUNTRIES = frozenset({"EU"})


def _sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case (Ecuador next to España)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class CodeCombo(QComboBox):
    """A combo box whose items carry codes; its ``code`` property makes it a wizard field."""

    codeChanged = Signal(str)  # noqa: N815 - Qt's naming, so registerField can watch it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(lambda _index: self.codeChanged.emit(self.get_code()))

    def set_items(self, items: list[tuple[str, str]], keep: str = "") -> None:
        """Replace the items with (code, label) pairs, keeping ``keep`` selected if listed."""
        self.blockSignals(True)
        self.clear()
        for code, label in items:
            self.addItem(label, code)
        self.blockSignals(False)
        self.set_code(keep)

    def get_code(self) -> str:
        """The code of the selected item ("" when none)."""
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_code(self, code: str) -> None:
        """Select the item with ``code``; unknown codes select nothing."""
        self.setCurrentIndex(self.findData(code))

    code = Property(str, get_code, set_code, notify=codeChanged)


def country_items(language: str) -> list[tuple[str, str]]:
    """Countries as (two-letter code, name in ``language``), sorted by name."""
    from babel import Locale
    from babel.numbers import get_territory_currencies

    names = Locale.parse(language).territories
    items = [
        (code, f"{name} ({code})")
        for code, name in names.items()
        if len(code) == 2
        and code.isalpha()
        and code not in NOT_COUNTRIES
        and get_territory_currencies(code)
    ]
    return sorted(items, key=lambda item: _sort_key(item[1]))


def currency_items(language: str) -> list[tuple[str, str]]:
    """Every currency Babel knows, as (code, "USD — name"), sorted by code."""
    from babel.numbers import get_currency_name, list_currencies

    return [
        (c, f"{c} — {get_currency_name(c, locale=language)}") for c in sorted(list_currencies())
    ]


def default_currency(country: str) -> str:
    """The currency in use in ``country`` today."""
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(country)
    return found[0] if found else DEFAULT_CURRENCY


def locale_items(country: str, language: str) -> list[tuple[str, str]]:
    """Locales for the country in our languages, then the usual ones, named in ``language``."""
    from babel import Locale, localedata

    codes = [f"{lang}_{country}" for lang in OUR_LANGUAGES]
    codes = [c for c in dict.fromkeys([*codes, *HOME_LOCALES]) if localedata.exists(c)]
    shown = Locale.parse(language)
    return [(c, _capitalised(Locale.parse(c).get_display_name(shown) or c)) for c in codes]


def default_locale(country: str) -> str:
    """Our first language that is official in ``country``, with that country's formats."""
    from babel import localedata
    from babel.languages import get_official_languages

    for lang in get_official_languages(country):
        if lang in OUR_LANGUAGES and localedata.exists(f"{lang}_{country}"):
            return f"{lang}_{country}"
    for lang in OUR_LANGUAGES:
        if localedata.exists(f"{lang}_{country}"):
            return f"{lang}_{country}"
    return DEFAULT_LOCALE


def with_suffix(path: str) -> str:
    """The path with ``.minga`` added when it has another or no suffix."""
    text = path.strip()
    return text if not text or text.lower().endswith(SUFFIX) else text + SUFFIX


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class IdentityPage(QWizardPage):
    """The cooperative's name and kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("The cooperative"))
        self.setSubTitle(_("The name appears on every report; you can change it later."))
        self.name = QLineEdit(self)
        self.name.setObjectName("nameEdit")
        self.name.setPlaceholderText(_("e.g. Cooperativa de Vivienda Nueva Esperanza"))
        self.kind = CodeCombo(self)
        self.kind.setObjectName("kindCombo")
        self.kind.set_items([(code, _(label)) for code, label in KINDS], keep="housing")
        form = QFormLayout(self)
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Kind:"), self.kind)
        self.registerField("name*", self.name)
        self.registerField("kind", self.kind, "code", self.kind.codeChanged)


class RegionPage(QWizardPage):
    """Country, currency and locale; the country proposes the other two."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Country and money"))
        self.setSubTitle(_("Amounts, dates and numbers are written the way the locale says."))
        language = current_language()
        self.country = CodeCombo(self)
        self.country.setObjectName("countryCombo")
        self.country.set_items(country_items(language), keep=DEFAULT_COUNTRY)
        self.currency = CodeCombo(self)
        self.currency.setObjectName("currencyCombo")
        self.currency.set_items(currency_items(language), keep=DEFAULT_CURRENCY)
        self.locale_combo = CodeCombo(self)
        self.locale_combo.setObjectName("localeCombo")
        self.locale_combo.set_items(locale_items(DEFAULT_COUNTRY, language), keep=DEFAULT_LOCALE)
        for combo in (self.country, self.currency, self.locale_combo):
            combo.setMaxVisibleItems(20)
        form = QFormLayout(self)
        form.addRow(_("C&ountry:"), self.country)
        form.addRow(_("C&urrency:"), self.currency)
        form.addRow(_("&Locale:"), self.locale_combo)
        self.registerField("country", self.country, "code", self.country.codeChanged)
        self.registerField("currency", self.currency, "code", self.currency.codeChanged)
        self.registerField("locale", self.locale_combo, "code", self.locale_combo.codeChanged)
        self.country.codeChanged.connect(self._country_changed)

    def _country_changed(self, country: str) -> None:
        if not country:
            return
        self.currency.set_code(default_currency(country))
        self.locale_combo.set_items(
            locale_items(country, current_language()), keep=default_locale(country)
        )


class FilePage(QWizardPage):
    """Where the cooperative file goes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Where to save it"))
        self.setSubTitle(_("One file holds the whole cooperative. Keep it somewhere backed up."))
        self.path = QLineEdit(self)
        self.path.setObjectName("pathEdit")
        choose = QPushButton(_("&Choose…"), self)
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(_("File:"), self))
        layout.addLayout(row)
        layout.addStretch(1)
        self.registerField("path*", self.path)

    @override
    def initializePage(self) -> None:
        """Propose a file named after the cooperative in the documents folder."""
        if self.path.text().strip():
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stem = re.sub(r"[^\w\- ]+", "", str(self.field("name"))).strip() or _("cooperative")
        self.path.setText(str(Path(folder or Path.home()) / (stem + SUFFIX)))

    def _choose(self) -> None:
        name, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Save the cooperative as"),
            self.path.text(),
            _("Minga cooperatives") + f" (*{SUFFIX})",
        )
        if name:
            self.path.setText(with_suffix(name))


class NewCooperativeWizard(QWizard):
    """Creates a cooperative file; on success ``workspace`` holds it, open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCooperativeWizard")
        self.setWindowTitle(_("New cooperative"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.workspace: Workspace | None = None
        self.identity = IdentityPage(self)
        self.region = RegionPage(self)
        self.file_page = FilePage(self)
        for page in (self.identity, self.region, self.file_page):
            self.addPage(page)
        self.setMinimumWidth(640)

    def settings(self) -> dict[str, str]:
        """The chosen settings, as ``create_cooperative`` takes them."""
        return {
            "name": str(self.field("name")).strip(),
            "kind": str(self.field("kind")),
            "country": str(self.field("country")),
            "currency": str(self.field("currency")),
            "locale": str(self.field("locale")),
        }

    def target(self) -> Path:
        """The file to create, with the ``.minga`` suffix."""
        return Path(with_suffix(str(self.field("path")))).expanduser()

    def accept(self) -> None:
        """Check every setting, create the file, and close; on an error stay open."""
        from codesign.cooperative import create_cooperative, validate_settings

        chosen = self.settings()
        try:
            validate_settings(**chosen)
            self.workspace = create_cooperative(self.target(), **chosen)
        except MingaError as error:
            show_error(self, error)
            return
        super().accept()
