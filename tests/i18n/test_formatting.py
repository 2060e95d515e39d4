"""Money, numbers and dates written and read the way each of our locales does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

import i18n
from i18n.formatting import (
    babel_locale,
    csv_delimiter,
    decimal_to_minor,
    format_amount,
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    format_number,
    minor_to_decimal,
    parse_date,
    parse_money,
    uses_decimal_comma,
)

LOCALE_CURRENCIES = [
    ("es_EC", "USD"),
    ("es_UY", "UYU"),
    ("pt_BR", "BRL"),
    ("ca", "EUR"),
    ("en", "USD"),
]


def plain(text: str) -> str:
    """``text`` with no-break spaces as ordinary spaces, so expectations stay readable."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def spanish() -> Iterator[None]:
    """Run a test with Spanish messages, then put the previous translations back."""
    saved = (i18n._translations, i18n._language)
    i18n.set_language("es")
    yield
    i18n._translations, i18n._language = saved


@pytest.fixture
def english() -> Iterator[None]:
    """Run a test with the English source messages, then put the previous translations back."""
    saved = (i18n._translations, i18n._language)
    i18n.set_language("en")
    yield
    i18n._translations, i18n._language = saved


@pytest.mark.parametrize(
    ("locale", "currency", "expected"),
    [
        ("es_EC", "USD", "$1.234,56"),
        ("es_UY", "UYU", "$ 1.234,56"),
        ("pt_BR", "BRL", "R$ 1.234,56"),
        ("ca", "EUR", "1.234,56 €"),
        ("en", "USD", "$1,234.56"),
    ],
)
def test_format_money_uses_locale_separators(locale: str, currency: str, expected: str) -> None:
    """123456 minor units print with the locale's symbol, grouping and decimal mark."""
    assert plain(format_money(123456, currency, locale)) == expected


def test_format_money_uses_the_currency_digits() -> None:
    """A currency without cents shows no decimals, one with three shows three."""
    assert format_money(1234, "JPY", "en") == "¥1,234"
    assert format_money(1234, "BHD", "en").endswith("1.234")


@pytest.mark.parametrize(("locale", "currency"), LOCALE_CURRENCIES)
@pytest.mark.parametrize("minor", [0, 5, 99, -123456, 123456, 98765432101])
def test_parse_money_reads_what_format_money_writes(locale: str, currency: str, minor: int) -> None:
    """Formatting then parsing gives back the same minor units, negatives included."""
    assert parse_money(format_money(minor, currency, locale), currency, locale) == minor
    assert parse_money(format_amount(minor, currency, locale), currency, locale) == minor


@pytest.mark.parametrize(
    ("text", "currency", "locale", "expected"),
    [
        ("1234,5", "USD", "es_EC", 123450),
        ("1.234", "USD", "es_EC", 123400),
        ("US$ 12", "USD", "es_EC", 1200),
        ("12 USD", "USD", "es_EC", 1200),
        ("(3,00)", "USD", "es_EC", -300),
        ("\u22124,25", "EUR", "ca", -425),
        ("  R$ 0,5 ", "BRL", "pt_BR", 50),
        ("1,234.5", "USD", "en", 123450),
        ("1234", "JPY", "en", 1234),
    ],
)
def test_parse_money_accepts_typed_amounts(
    text: str, currency: str, locale: str, expected: int
) -> None:
    """Amounts typed without grouping, with the code, in parentheses or with a true minus parse."""
    assert parse_money(text, currency, locale) == expected


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("", "es_EC"),
        ("   ", "es_EC"),
        ("abc", "es_EC"),
        ("12.5", "es_EC"),
        ("1234,56", "en"),
        ("1.2.3", "en"),
        ("1e3", "en"),
        ("NaN", "en"),
        ("€ 12", "en"),
        ("٣", "en"),
        ("1_000", "en"),
        ("--5", "en"),
    ],
)
def test_parse_money_rejects_bad_input(text: str, locale: str) -> None:
    """Letters, foreign symbols, misplaced separators and exotic digits raise ValueError."""
    with pytest.raises(ValueError, match=r"\S"):
        parse_money(text, "USD", locale)


@pytest.mark.parametrize(
    ("text", "locale"), [("12,345", "es_UY"), ("0.001", "en"), ("12,500", "ca")]
)
def test_parse_money_rejects_too_many_decimals(text: str, locale: str, english: None) -> None:
    """More decimals than the currency has is refused, even trailing zeros."""
    with pytest.raises(ValueError, match="at most 2 decimal places"):
        parse_money(text, "EUR", locale)


def test_parse_money_rejects_decimals_for_whole_currency(english: None) -> None:
    """A currency without minor units takes no decimal part at all."""
    with pytest.raises(ValueError, match="at most 0 decimal"):
        parse_money("12.5", "JPY", "en")


def test_unknown_currency_is_a_value_error() -> None:
    """An unknown code fails clearly instead of guessing two decimals."""
    with pytest.raises(ValueError, match="ZZZ"):
        format_money(100, "ZZZ", "es")
    with pytest.raises(ValueError, match="ZZZ"):
        parse_money("1", "ZZZ", "es")


def test_float_minor_units_are_refused() -> None:
    """Floats would lose cents silently, so they are a type error."""
    with pytest.raises(TypeError):
        format_money(12.5, "USD", "en")  # type: ignore[arg-type]


def test_error_messages_follow_the_ui_language(spanish: None) -> None:
    """With Spanish selected, the user sees why an amount was refused in Spanish."""
    with pytest.raises(ValueError, match="no es un monto"):
        parse_money("abc", "USD", "es_EC")
    with pytest.raises(ValueError, match="como máximo 2 decimales"):
        parse_money("1,234", "USD", "es_EC")


def test_decimal_edge_conversions_are_exact(english: None) -> None:
    """Minor units and Decimal convert both ways without rounding."""
    assert minor_to_decimal(123456, "USD") == Decimal("1234.56")
    assert str(minor_to_decimal(-5, "USD")) == "-0.05"
    assert decimal_to_minor(Decimal("1234.50"), "USD") == 123450
    with pytest.raises(ValueError, match="at most 2"):
        decimal_to_minor(Decimal("0.001"), "USD")


def test_format_amount_has_no_symbol_and_optional_grouping() -> None:
    """Table and CSV amounts show the currency's decimals without a symbol."""
    assert format_amount(123456, "EUR", "ca") == "1.234,56"
    assert format_amount(123456, "EUR", "ca", grouping=False) == "1234,56"
    assert format_amount(100, "USD", "en") == "1.00"


def test_format_decimal_and_number() -> None:
    """Numbers use the locale's marks; ``places`` fixes the decimals shown."""
    assert format_decimal(Decimal("1.5"), "es", places=2) == "1,50"
    assert format_decimal(Decimal("1234.5"), "en") == "1,234.5"
    assert format_decimal(2, "pt_BR", places=1) == "2,0"
    assert format_number(1234567, "pt_BR") == "1.234.567"
    assert format_number(1234567, "en") == "1,234,567"


def test_format_date_differs_per_locale() -> None:
    """The same day is written differently in each language."""
    day = date(2026, 3, 7)
    written = {lang: format_date(day, lang) for lang in ("es", "pt_BR", "ca", "en")}
    assert len(set(written.values())) == 4
    assert written["en"] == "Mar 7, 2026"
    assert format_date(day, "es", "short") == "7/3/26"
    assert format_date(day, "en", "short") == "3/7/26"


def test_format_datetime_shows_time_in_requested_zone() -> None:
    """An aware time is shown in the zone asked for."""
    moment = datetime(2026, 3, 7, 14, 5, tzinfo=UTC)
    quito = timezone(timedelta(hours=-5))
    assert "9:05" in format_datetime(moment, "es_EC", tz=quito)
    assert "14:05" in format_datetime(moment, "ca")


@pytest.mark.parametrize("locale", ["es", "es_EC", "es_UY", "pt_BR", "ca", "en"])
def test_parse_date_accepts_iso_and_short_format(locale: str) -> None:
    """ISO dates and the locale's own short format both parse."""
    day = date(2026, 3, 7)
    assert parse_date("2026-03-07", locale) == day
    assert parse_date(format_date(day, locale, "short"), locale) == day


def test_parse_date_uses_the_locale_field_order() -> None:
    """3/7/2026 is 3 July in Spanish and 7 March in English."""
    assert parse_date("3/7/2026", "es") == date(2026, 7, 3)
    assert parse_date("3/7/2026", "en") == date(2026, 3, 7)
    assert parse_date("07.03.2026", "pt_BR") == date(2026, 3, 7)


def test_parse_date_two_digit_years_stay_near_today() -> None:
    """A two-digit year far in the future is read as last century (birth dates)."""
    assert parse_date("5/6/55", "es").year == 1955
    assert parse_date("5/6/26", "es").year == 2026


@pytest.mark.parametrize(
    "text", ["", "garbage", "31/2/2026", "1/2/3/4", "7/3/026", "2026-3-7x", "7/13/2026", "7-3/2026"]
)
def test_parse_date_rejects_garbage(text: str) -> None:
    """Text that is not one real date raises ValueError."""
    with pytest.raises(ValueError, match=r"\S"):
        parse_date(text, "es")


def test_decimal_comma_locales_use_semicolon_csv() -> None:
    """Where decimals use a comma, CSV fields are separated by semicolons."""
    assert uses_decimal_comma("es_EC")
    assert uses_decimal_comma("pt_BR")
    assert not uses_decimal_comma("en")
    assert csv_delimiter("ca") == ";"
    assert csv_delimiter("en") == ","


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("es_EC", "es_EC"),
        ("es-UY", "es_UY"),
        ("pt_BR.UTF-8", "pt_BR"),
        ("ca", "ca"),
        ("en", "en"),
        ("xx_YY", "es"),
        ("", "es"),
        (None, "es"),
    ],
)
def test_babel_locale_maps_tags_with_spanish_fallback(tag: str | None, expected: str) -> None:
    """Our tags map to Babel locales, and unknown ones fall back to Spanish."""
    assert str(babel_locale(tag)) == expected


def test_unknown_locale_still_formats_money() -> None:
    """A locale tag from another machine that Babel lacks formats the Spanish way."""
    assert plain(format_money(123456, "USD", "zz_ZZ")) == "1.234,56 US$"


def test_importing_formatting_is_cheap() -> None:
    """Importing the module loads neither Babel nor Qt, so start-up stays fast."""
    code = (
        "import sys, i18n.formatting; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'babel', 'PySide6'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_c_locale_falls_back_to_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """A C/POSIX system locale says nothing about the language: Spanish is chosen."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.system_language() == "es"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert i18n.system_language() == "pt_BR"
