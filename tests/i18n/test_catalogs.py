"""The translation catalogs cover the source, compile cleanly and load at run time."""

from __future__ import annotations

import io
from collections.abc import Iterator
from gettext import GNUTranslations

import pytest
from babel.messages.catalog import Catalog, Message

import i18n
from i18n import tools

TRANSLATED_LANGUAGES = ("es", "pt_BR", "ca")


@pytest.fixture(scope="module")
def template() -> Catalog:
    """The strings in the source now, extracted afresh (not the committed .pot)."""
    return tools.extract_catalog()


@pytest.fixture
def restore_language() -> Iterator[None]:
    """Put back whatever translations were active before the test."""
    saved = (i18n._translations, i18n._language)
    yield
    i18n._translations, i18n._language = saved


def test_extraction_finds_marked_strings(template: Catalog) -> None:
    """Extraction sees plain, plural and mark-only strings, so the coverage test is not vacuous."""
    assert template.get("Enter an amount.") is not None
    plural = template.get("{currency} amounts have at most {digits} decimal place.")
    assert plural is not None
    assert plural.id == (
        "{currency} amounts have at most {digits} decimal place.",
        "{currency} amounts have at most {digits} decimal places.",
    )
    assert len([message for message in template if message.id]) > 8


def test_every_string_has_a_spanish_translation(template: Catalog) -> None:
    """Every user-visible string has a non-empty, non-fuzzy Spanish translation."""
    missing = tools.missing_translations("es", template)
    assert missing == [], "translate these in i18n/locale/es/LC_MESSAGES/minga.po: " + repr(missing)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_translations_use_only_known_placeholders(language: str) -> None:
    """No translation names a ``{field}`` its source lacks, which would crash ``format``."""
    assert tools.placeholder_errors(language) == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_mo_files_match_po_files(language: str) -> None:
    """Each committed .mo is exactly what compiling its .po gives now."""
    path = tools.mo_path(language)
    assert path.exists(), f"{path} is missing: run make i18n"
    assert path.read_bytes() == tools.compiled_mo_files()[path], f"{path} is stale: run make i18n"


def test_catalog_files_match_the_source(template: Catalog) -> None:
    """The committed .pot and .po files are what ``make i18n`` writes from the source now."""
    stale = [
        str(path)
        for path, data in tools.render_all(template).items()
        if not path.exists() or path.read_bytes() != data
    ]
    assert stale == [], "run make i18n"


def test_rendering_is_deterministic(template: Catalog) -> None:
    """Rendering twice gives the same bytes, and no header carries a date or Babel version."""
    first = tools.render_all(template)
    assert first == tools.render_all(template)
    for data in first.values():
        assert b"Creation-Date" not in data
        assert b"Revision-Date" not in data
        assert b"Generated-By" not in data


def test_fuzzy_entries_count_as_untranslated() -> None:
    """A fuzzy guess is neither reported as translated nor compiled into the .mo."""
    catalog = tools.new_catalog("es")
    catalog.add("Save", "Guardar", flags=["fuzzy"])
    catalog.add("Open", "Abrir")
    message = catalog.get("Save")
    assert message is not None
    assert not tools.is_translated(message, catalog.num_plurals)
    compiled = GNUTranslations(io.BytesIO(tools.mo_bytes(catalog)))
    assert compiled.gettext("Save") == "Save"
    assert compiled.gettext("Open") == "Abrir"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_plural_forms_are_the_gettext_ones(language: str) -> None:
    """Each catalog keeps gettext's two plural forms whatever CLDR data Babel brings."""
    catalog = tools.new_catalog(language)
    assert catalog.num_plurals == 2
    assert dict(catalog.mime_headers)["Plural-Forms"] == (
        f"nplurals=2; plural={tools.PLURAL_FORMS[language][1]};"
    )


def test_plural_needs_every_form() -> None:
    """A plural message with an empty form is not translated."""
    half = Message(("{n} row", "{n} rows"), ("{n} fila", ""))
    full = Message(("{n} row", "{n} rows"), ("{n} fila", "{n} filas"))
    assert not tools.is_translated(half, 2)
    assert tools.is_translated(full, 2)


def test_set_language_spanish_translates(restore_language: None) -> None:
    """After choosing Spanish, gettext and ngettext answer in Spanish."""
    assert i18n.set_language("es") == "es"
    assert i18n.gettext("Enter an amount.") == "Escriba un monto."
    assert i18n.ngettext(
        "{currency} amounts have at most {digits} decimal place.",
        "{currency} amounts have at most {digits} decimal places.",
        2,
    ).startswith("Los montos en {currency}")


def test_set_language_english_returns_source(restore_language: None) -> None:
    """English is the source language, so its messages come back unchanged."""
    assert i18n.set_language("en") == "en"
    assert i18n.gettext("Enter an amount.") == "Enter an amount."


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_translation_loads_at_run_time(language: str, restore_language: None) -> None:
    """Each translated string in the .po is what gettext returns once the language is set."""
    i18n.set_language(language)
    catalog = tools.read_catalog(language)
    checked = 0
    for message in catalog:
        if not message.id or not tools.is_translated(message, catalog.num_plurals):
            continue
        if isinstance(message.id, str):
            got = (
                i18n.pgettext(message.context, message.id)
                if message.context
                else i18n.gettext(message.id)
            )
            assert got == message.string
        else:
            assert i18n.ngettext(message.id[0], message.id[1], 1) == message.string[0]
        checked += 1
    assert checked > 0


def test_check_command_passes() -> None:
    """``python -m i18n.tools check`` exits 0 on the committed catalogs."""
    assert tools.main(["check"]) == 0
