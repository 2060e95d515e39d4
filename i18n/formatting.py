"""Money, numbers and dates shown and read the way each locale writes them.

Amounts travel through the program as integer minor units (cents); a
``Decimal`` exists only here, at the edge where text is made or read. Babel is
imported inside the functions so that importing this module stays cheap.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from i18n import gettext as _
from i18n import ngettext

if TYPE_CHECKING:
    from babel.core import Locale

FALLBACK_LOCALE = "es"
_MAX_MINOR_UNITS = 2**63 - 1  # what an SQLite integer column holds
_SPACES = "\u0020\u00a0\u202f"
_MINUS_SIGNS = "-\u2212"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,4})\2(\d{1,4})")


@lru_cache(maxsize=64)
def babel_locale(tag: str | None) -> Locale:
    """The Babel locale for a tag such as ``es_EC``, ``pt-BR`` or ``ca``; Spanish if unknown.

    A cooperative file may carry a locale written on another machine, so an
    unknown tag must not stop a report: it falls back to its language, then to ``es``.
    """
    from babel.core import Locale, UnknownLocaleError

    cleaned = (tag or "").split(".")[0].split("@")[0].replace("-", "_").strip()
    language = cleaned.split("_")[0]
    for candidate in (cleaned, language):
        if not candidate:
            continue
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FALLBACK_LOCALE)


def currency_digits(currency: str) -> int:
    """How many decimal places ``currency`` has (2 for USD, 0 for JPY); ValueError if unknown."""
    from babel.numbers import UnknownCurrencyError, get_currency_precision, validate_currency

    try:
        validate_currency(currency)
    except UnknownCurrencyError:
        raise ValueError(
            _("Unknown currency code: {currency}.").format(currency=currency)
        ) from None
    return get_currency_precision(currency)


def minor_to_decimal(minor_units: int, currency: str) -> Decimal:
    """``minor_units`` as an exact ``Decimal`` of ``currency`` (12345 USD → 123.45)."""
    _check_minor_units(minor_units)
    digits = currency_digits(currency)
    return Decimal(minor_units).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def decimal_to_minor(amount: Decimal, currency: str) -> int:
    """An exact ``Decimal`` amount as minor units; ValueError if it has too many decimals."""
    digits = currency_digits(currency)
    if not amount.is_finite():
        raise ValueError(_("An amount must be a finite number."))
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        raise ValueError(_too_many_decimals(currency, digits))
    minor = int(amount.scaleb(digits))
    if abs(minor) > _MAX_MINOR_UNITS:
        raise ValueError(_("The amount is too large."))
    return minor


def format_money(minor_units: int, currency: str, locale: str) -> str:
    """Minor units as money with the locale's symbol and separators (123456 USD, en → $1,234.56)."""
    from babel.numbers import format_currency

    amount = minor_to_decimal(minor_units, currency)
    return format_currency(amount, currency, locale=babel_locale(locale))


def format_amount(minor_units: int, currency: str, locale: str, *, grouping: bool = True) -> str:
    """Minor units as a plain number with the currency's decimals and no symbol (tables, CSV)."""
    return format_decimal(
        minor_to_decimal(minor_units, currency),
        locale,
        places=currency_digits(currency),
        grouping=grouping,
    )


def parse_money(text: str, currency: str, locale: str) -> int:
    """Minor units from an amount typed the locale's way, with or without the currency symbol.

    Raises ValueError, with a message for the user, on anything that is not
    exactly one amount in ``currency``: letters, misplaced separators, or more
    decimals than the currency has.
    """
    # Strict parsing rejects grouping in the wrong places, such as "12.5" in Spanish.
    from babel.numbers import (
        NumberFormatError,
        get_decimal_symbol,
        get_group_symbol,
        parse_decimal,
    )

    loc = babel_locale(locale)
    digits = currency_digits(currency)
    body = _strip_currency(text, currency, loc).strip(_SPACES)
    if not body:
        raise ValueError(_("Enter an amount."))
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip(_SPACES)
    if body[:1] in _MINUS_SIGNS or body[:1] == "+":
        negative, body = negative or body[0] != "+", body[1:].strip(_SPACES)
    decimal_symbol = get_decimal_symbol(loc)
    group_symbol = get_group_symbol(loc)
    if group_symbol in _SPACES:
        body = re.sub(f"[{_SPACES}]", group_symbol, body)
    allowed = re.escape(decimal_symbol + group_symbol)
    example = format_amount(123456 * 10**digits // 100, currency, locale)
    bad_amount = _("“{text}” is not an amount; write it like {example}.").format(
        text=text.strip(), example=example
    )
    if not re.fullmatch(f"[0-9{allowed}]*[0-9][0-9{allowed}]*", body):
        raise ValueError(bad_amount)
    try:
        amount = parse_decimal(body, loc, strict=True)
    except NumberFormatError:
        raise ValueError(bad_amount) from None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        # Typed decimals count even when zero: "12,500" in Spanish is more likely a mistake.
        raise ValueError(_too_many_decimals(currency, digits))
    minor = decimal_to_minor(amount, currency)
    return -minor if negative else minor


def format_decimal(
    value: Decimal | int | float,
    locale: str,
    *,
    places: int | None = None,
    grouping: bool = True,
) -> str:
    """A number with the locale's separators; ``places`` fixes the decimals shown (hours: 1,50)."""
    from babel.numbers import format_decimal as babel_format_decimal

    loc = babel_locale(locale)
    if places is None:
        return babel_format_decimal(value, locale=loc, group_separator=grouping)
    integer_part = loc.decimal_formats[None].pattern.split(";")[0].split(".")[0]
    pattern = integer_part + ("." + "0" * places if places > 0 else "")
    return babel_format_decimal(value, format=pattern, locale=loc, group_separator=grouping)


def format_number(value: int, locale: str) -> str:
    """A whole number with the locale's grouping (1234567, es → 1.234.567)."""
    return format_decimal(value, locale, places=0)


def format_date(value: date, locale: str, format: str = "medium") -> str:
    """A date the locale's way; ``format`` is short, medium, long, full or a CLDR pattern."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=format, locale=babel_locale(locale))


def format_datetime(
    value: datetime,
    locale: str,
    format: str = "medium",
    tz: tzinfo | None = None,
) -> str:
    """A date and time the locale's way; an aware ``value`` is shown in ``tz`` when given."""
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=format, tzinfo=tz, locale=babel_locale(locale))


def parse_date(text: str, locale: str) -> date:
    """A date typed as ISO ``2026-03-07`` or in the locale's short format (es 7/3/26).

    Raises ValueError, with a message for the user, on anything else,
    including impossible dates such as 31/2/2026.
    """
    cleaned = text.strip(_SPACES)
    if not cleaned:
        raise ValueError(_("Enter a date."))
    try:
        if _ISO_DATE.fullmatch(cleaned):
            return date.fromisoformat(cleaned)
        found = _NUMERIC_DATE.fullmatch(cleaned)
        if found:
            return _date_in_order(
                (found.group(1), found.group(3), found.group(4)), _short_date_order(locale)
            )
    except ValueError:
        pass
    today = date.today()
    raise ValueError(
        _("“{text}” is not a date; write it like {example} or {iso}.").format(
            text=cleaned, example=format_date(today, locale, "short"), iso=today.isoformat()
        )
    )


def uses_decimal_comma(locale: str) -> bool:
    """Whether the locale writes decimals with a comma, so CSV files need ``;`` between fields."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(babel_locale(locale)) == ","


def csv_delimiter(locale: str) -> str:
    """The field separator spreadsheets in this locale expect: ``;`` where decimals use commas."""
    return ";" if uses_decimal_comma(locale) else ","


@lru_cache(maxsize=64)
def _short_date_order(locale: str) -> str:
    """The order of day, month and year in the locale's short date pattern, e.g. ``dMy``."""
    pattern = babel_locale(locale).date_formats["short"].pattern
    unquoted = re.sub(r"'[^']*'", "", pattern)
    order = ""
    for char in unquoted:
        if char in "dMy" and char not in order:
            order += char
    return order if sorted(order) == sorted("dMy") else "dMy"


def _date_in_order(parts: tuple[str, str, str], order: str) -> date:
    """Build a date from three numeric fields in ``order``; two-digit years are near today."""
    fields = dict(zip(order, parts, strict=True))
    day, month, year_text = fields["d"], fields["M"], fields["y"]
    if len(day) > 2 or len(month) > 2 or len(year_text) not in (2, 4):
        raise ValueError(year_text)
    year = int(year_text)
    if len(year_text) == 2:
        # A two-digit year is at most 20 years ahead, otherwise last century (birth dates).
        year += 2000 if 2000 + year <= date.today().year + 20 else 1900
    return date(year, int(month), int(day))


def _strip_currency(text: str, currency: str, loc: Locale) -> str:
    """``text`` without the currency's code or symbols, as users type or paste them."""
    from babel.numbers import get_currency_symbol

    symbols = {currency} | {
        get_currency_symbol(currency, where) for where in (loc, loc.language, "en")
    }
    for symbol in sorted(symbols, key=len, reverse=True):
        text = re.sub(re.escape(symbol), " ", text, flags=re.IGNORECASE)
    return text


def _too_many_decimals(currency: str, digits: int) -> str:
    """The message for an amount with more decimals than ``currency`` has."""
    return ngettext(
        "{currency} amounts have at most {digits} decimal place.",
        "{currency} amounts have at most {digits} decimal places.",
        digits,
    ).format(currency=currency, digits=digits)


def _check_minor_units(minor_units: int) -> None:
    """Refuse floats and booleans, which would silently lose cents or mean nothing."""
    if isinstance(minor_units, bool) or not isinstance(minor_units, int):
        raise TypeError(f"minor units must be an int, not {type(minor_units).__name__}")
    if abs(minor_units) > _MAX_MINOR_UNITS:
        raise ValueError(_("The amount is too large."))
