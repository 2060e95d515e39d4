"""Keep the translation catalogs in step with the source: ``python -m i18n.tools update|check``.

``update`` extracts the English source strings into ``minga.pot``, merges them
into each language's ``minga.po`` (keeping existing translations) and compiles
``minga.mo``. ``check`` fails when a string lacks a Spanish translation, when
a translation names a placeholder the source does not have, or when a
catalog is stale. Output depends only on the source and the translations, so
running ``update`` twice leaves git with nothing to commit.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from i18n import DOMAIN, FALLBACK_LANGUAGE, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("codesign", "models", "plans", "ui", "i18n")
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("Translators:",)
POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
PROJECT = "Minga"
HEADER_COMMENT = """\
# Translations template for PROJECT.
# This file is distributed under the same license as the PROJECT project.
# Regenerate with `make i18n`; translators edit only the msgstr lines.
#"""
# Headers that change with the clock or the Babel version, or only hold placeholders.
_UNSTABLE_HEADERS = frozenset({"POT-Creation-Date", "PO-Revision-Date", "Generated-By"})
_PLACEHOLDER_VALUES = ("EMAIL@ADDRESS", "LL@li.org")
# The gettext plural rules of our languages. Newer CLDR data (Babel 2.19) adds a
# "many" form for exact millions in es, pt and ca; gettext tools and translators
# use two forms, and the catalogs must not change with the Babel version.
PLURAL_FORMS: dict[str, tuple[int, str]] = {
    "es": (2, "(n != 1)"),
    "pt_BR": (2, "(n > 1)"),
    "en": (2, "(n != 1)"),
    "ca": (2, "(n != 1)"),
}


class StableCatalog(Catalog):
    """A catalog whose header leaves out dates and the Babel version, so files only change
    when strings or translations do."""

    @property
    def mime_headers(self) -> list[tuple[str, str]]:
        """Babel's headers minus the unstable ones; the block still ends with a newline."""
        headers = [
            (name, value.rstrip("\n"))
            for name, value in super().mime_headers
            if name not in _UNSTABLE_HEADERS
            and not any(marker in value for marker in _PLACEHOLDER_VALUES)
        ]
        name, value = headers[-1]
        headers[-1] = (name, value + "\n")
        return headers

    @mime_headers.setter
    def mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        self._set_mime_headers(headers)


def po_path(language: str) -> Path:
    """Where the translations for ``language`` live."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    """Where the compiled translations for ``language`` live."""
    return po_path(language).with_suffix(".mo")


def new_catalog(language: str | None = None) -> StableCatalog:
    """An empty catalog for ``language``, or the template when ``language`` is None."""
    try:
        version = metadata.version("minga")
    except metadata.PackageNotFoundError:
        version = "0"
    catalog = StableCatalog(
        locale=language,
        domain=DOMAIN,
        header_comment=HEADER_COMMENT,
        project=PROJECT,
        version=version,
        fuzzy=False,
    )
    if language in PLURAL_FORMS:
        # Babel reads these back from a Plural-Forms header; set them the same way.
        nplurals, expr = PLURAL_FORMS[language]
        catalog.mime_headers = [("Plural-Forms", f"nplurals={nplurals}; plural={expr};")]
    return catalog


def extract_catalog() -> Catalog:
    """Every translatable string in the source packages, as a template catalog."""
    catalog = new_catalog()
    for package in PACKAGES:
        directory = ROOT / package
        if not directory.is_dir():
            continue
        found = extract_from_dir(
            directory,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                locations=[(f"{package}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def read_catalog(language: str) -> StableCatalog:
    """The translations of ``language`` on disk (empty if there is no file yet)."""
    catalog = new_catalog(language)
    path = po_path(language)
    if not path.exists():
        return catalog
    with path.open("rb") as file:
        stored = read_po(file, locale=language, domain=DOMAIN)
    if "EMAIL@ADDRESS" not in stored.last_translator:
        catalog.last_translator = stored.last_translator
    if "LL@li.org" not in stored.language_team:
        catalog.language_team = stored.language_team
    for message in stored:
        if message.id:
            catalog[message.id] = message
    catalog.obsolete.update(stored.obsolete)
    return catalog


def merged_catalog(language: str, template: Catalog) -> StableCatalog:
    """``language``'s translations brought up to date with ``template``.

    Obsolete entries take part in the merge, so a string that comes back gets
    its old translation back; near matches are proposed as fuzzy.
    """
    catalog = read_catalog(language)
    for message in catalog.obsolete.values():
        if catalog.get(message.id, message.context) is None:
            catalog[message.id] = message
    catalog.obsolete = {}
    catalog.update(template, update_header_comment=False)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    """A catalog as .po (or .pot) text, grouped by source file, without line numbers."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_by_file=True, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """A catalog compiled to .mo; fuzzy entries count as untranslated."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def render_all(template: Catalog | None = None) -> dict[Path, bytes]:
    """The .pot and every .po as ``update`` would write them."""
    template = template if template is not None else extract_catalog()
    files = {POT_PATH: po_bytes(template)}
    for language in LANGUAGES:
        files[po_path(language)] = po_bytes(merged_catalog(language, template))
    return files


def compiled_mo_files() -> dict[Path, bytes]:
    """Each language's .mo as compiled from the .po now on disk."""
    return {mo_path(lang): mo_bytes(read_catalog(lang)) for lang in LANGUAGES}


def compile_all() -> list[Path]:
    """Compile every .po to .mo; return the .mo files that changed."""
    return [path for path, data in compiled_mo_files().items() if _write_if_changed(path, data)]


def update(template: Catalog | None = None) -> list[Path]:
    """Extract, merge and compile; return every file that changed."""
    rendered = render_all(template)
    changed = [path for path, data in rendered.items() if _write_if_changed(path, data)]
    return changed + compile_all()


def is_translated(message: Message, num_plurals: int) -> bool:
    """Whether a message has a usable translation: every plural form, and not fuzzy."""
    if message.fuzzy:
        return False
    if isinstance(message.string, (list, tuple)):
        forms = list(message.string)
        return len(forms) >= num_plurals and all(forms[:num_plurals])
    return bool(message.string)


def missing_translations(language: str, template: Catalog | None = None) -> list[str]:
    """Source strings with no usable translation in ``language`` (missing, empty or fuzzy)."""
    template = template if template is not None else extract_catalog()
    catalog = read_catalog(language)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        if found is None or not is_translated(found, catalog.num_plurals):
            missing.append(_label(message))
    return missing


def placeholder_errors(language: str) -> list[str]:
    """Translations whose ``{name}`` fields are malformed or unknown to the source string.

    ``str.format`` raises on such a field, so one bad translation would crash the
    window that shows it.
    """
    errors = []
    for message in read_catalog(language):
        if not message.id or not is_translated(message, 1):
            continue
        try:
            allowed = _fields(_forms(message.id))
            used = _fields(_forms(message.string))
        except ValueError as error:
            errors.append(f"{_label(message)}: {error}")
            continue
        if used - allowed:
            names = ", ".join(sorted(used - allowed))
            errors.append(f"{_label(message)}: unknown placeholder {names}")
    return errors


def stale_files(template: Catalog | None = None) -> list[Path]:
    """Catalog files that differ from what ``update`` would write now."""
    expected = {**render_all(template), **compiled_mo_files()}
    return [path for path, data in expected.items() if _read_bytes(path) != data]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``update`` or ``check``; ``check`` exits 1 when it finds problems."""
    parser = argparse.ArgumentParser(prog="python -m i18n.tools", description=__doc__)
    parser.add_argument("command", choices=("update", "check"))
    command = parser.parse_args(argv).command
    template = extract_catalog()
    if command == "update":
        for path in update(template):
            _say(f"wrote {_relative(path)}")
        missing = missing_translations(FALLBACK_LANGUAGE, template)
        if missing:
            _say(
                f"{len(missing)} string(s) still need a Spanish translation in "
                f"{_relative(po_path(FALLBACK_LANGUAGE))}"
            )
        return 0
    problems = [
        f"missing {FALLBACK_LANGUAGE} translation: {label}"
        for label in missing_translations(FALLBACK_LANGUAGE, template)
    ]
    problems += [
        f"{language}: {error}" for language in LANGUAGES for error in placeholder_errors(language)
    ]
    problems += [f"stale, run `make i18n`: {_relative(path)}" for path in stale_files(template)]
    for problem in problems:
        sys.stderr.write(problem + "\n")
    return 1 if problems else 0


def _label(message: Message) -> str:
    """How a message is named in reports: its (singular) msgid and any context."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return f"{msgid} [context: {message.context}]" if message.context else msgid


def _forms(text: str | Sequence[str] | None) -> list[str]:
    """A message id or string as a list of its forms."""
    if text is None:
        return []
    return [text] if isinstance(text, str) else list(text)


def _fields(texts: Iterable[str]) -> set[str]:
    """The ``str.format`` field names used in ``texts``; ValueError if a brace is malformed."""
    formatter = string.Formatter()
    return {
        field for text in texts for _, field, _, _ in formatter.parse(text) if field is not None
    }


def _read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None if it does not exist."""
    return path.read_bytes() if path.exists() else None


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it, so timestamps only move on change."""
    if _read_bytes(path) == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _relative(path: Path) -> str:
    """``path`` relative to the project, for messages."""
    return str(path.relative_to(ROOT))


def _say(text: str) -> None:
    """One line of progress on stdout."""
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
