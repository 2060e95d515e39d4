"""Checks for people and household fields, shared by services, dialogs and CSV import."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from i18n import gettext as _

PHONE = re.compile(r"^[0-9+()\-. ]{3,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FieldError(ValueError):
    """A field value that is not valid; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def search_key(text: str) -> str:
    """Case- and accent-insensitive form of a name, for search and duplicate checks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def parse_year(value: object) -> int | None:
    """A birth year between 1900 and this year, or None when empty."""
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise FieldError(
            "birth_year", _("the birth year {year} is not a number").format(year=value)
        ) from None
    if not 1900 <= year <= dt.date.today().year:
        raise FieldError("birth_year", _("the birth year {year} is out of range").format(year=year))
    return year


def _name(value: Any) -> Any:
    if not value:
        raise FieldError("name", _("the name is empty"))
    if len(value) > 200:
        raise FieldError("name", _("the name is longer than 200 characters"))
    return value


def _phone(value: Any) -> Any:
    if value and not PHONE.match(value):
        raise FieldError("phone", _("the phone {phone} is not a phone number").format(phone=value))
    return value or ""


def _email(value: Any) -> Any:
    if value and not EMAIL.match(value):
        raise FieldError(
            "email", _("the email {email} is not an email address").format(email=value)
        )
    return value or ""


def _document(value: Any) -> Any:
    if len(value or "") > 50:
        raise FieldError("document", _("the document number is too long"))
    return value or ""


def _text(value: Any) -> Any:
    return value or ""


PERSON_CHECKS: dict[str, Callable[[Any], Any]] = {
    "name": _name,
    "phone": _phone,
    "email": _email,
    "document": _document,
    "birth_year": parse_year,
    "notes": _text,
    "household": _text,
}


def clean_person(values: Mapping[str, Any]) -> dict[str, Any]:
    """Trimmed, checked person fields; raises FieldError on the first bad one."""
    out: dict[str, Any] = {}
    for field, raw in values.items():
        check = PERSON_CHECKS.get(field)
        if check is None:
            raise FieldError(field, _("unknown field {field}").format(field=field))
        out[field] = check(raw.strip() if isinstance(raw, str) else raw)
    return out


def clean_household(values: Mapping[str, Any]) -> dict[str, Any]:
    """Trimmed, checked household fields."""
    out: dict[str, Any] = {}
    for field, raw in values.items():
        value = raw.strip() if isinstance(raw, str) else raw
        if field == "name":
            if not value:
                raise FieldError(field, _("the household name is empty"))
        elif field in ("unit", "address", "notes"):
            value = value or ""
        elif field == "joined_on":
            if isinstance(value, str):
                value = parse_date(value) if value else None
        else:
            raise FieldError(field, _("unknown field {field}").format(field=field))
        out[field] = value
    return out


def parse_date(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise FieldError(
            "date", _("{text} is not a date (use YYYY-MM-DD)").format(text=text)
        ) from None
