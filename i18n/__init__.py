"""Translations: explicit ``from i18n import gettext as _, N_``; nothing goes into builtins.

Source strings are English; Spanish is the first language and the fallback
when the system language is not one of ours.
"""

from __future__ import annotations

import gettext as _gettext
import locale as _locale
import os
from pathlib import Path

DOMAIN = "minga"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("es", "pt_BR", "en", "ca")
FALLBACK_LANGUAGE = "es"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = FALLBACK_LANGUAGE


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark only"
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the current language."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, disambiguated by ``context``."""
    return _translations.pgettext(context, message)


def match_language(tag: str | None) -> str | None:
    """The supported language closest to a locale tag such as ``pt_BR.UTF-8`` or ``es-UY``."""
    if not tag:
        return None
    tag = tag.split(".")[0].split("@")[0].replace("-", "_")
    if tag in LANGUAGES:
        return tag
    base = tag.split("_")[0].lower()
    if base == "pt":
        return "pt_BR"
    return base if base in LANGUAGES else None


def system_language() -> str:
    """The system's language if we speak it, otherwise Spanish."""
    seen_any = False
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(var, "").split(":"):
            seen_any = seen_any or bool(part)
            found = match_language(part)
            if found:
                return found
    if seen_any:
        # A C or POSIX locale (or one we do not speak) says nothing about the
        # user's language; Python would report it as en_US.
        return FALLBACK_LANGUAGE
    try:
        found = match_language(_locale.getlocale()[0])
    except ValueError:
        found = None
    return found or FALLBACK_LANGUAGE


def set_language(language: str | None) -> str:
    """Switch every later ``gettext`` call to ``language`` (or the system's); return it."""
    global _translations, _language  # noqa: PLW0603 - the process has one UI language
    chosen = match_language(language) or system_language()
    _translations = _gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[chosen], fallback=True
    )
    _language = chosen
    return chosen


def current_language() -> str:
    """The language ``gettext`` answers in now."""
    return _language
