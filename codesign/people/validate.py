"""Checks for people and household fields, shared by services, dialogs and CSV import."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
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


def clean_person(values: Mapping[str, Any]) -> dict[str, Any]:
    """Trimmed, checked person fields; raises FieldError on the first bad one."""
    out: dict[str, Any] = {}
    for field, raw in values.items():
        value = raw.strip() if isinstance(raw, str) else raw
        if field == "name":
            if not value:
                raise FieldError(field, _("the name is empty"))
            if len(value) > 200:
                raise FieldError(field, _("the name is longer than 200 characters"))
        elif field == "phone":
            if value and not PHONE.match(value):
                raise FieldError(
                    field, _("the phone {phone} is not a phone number").format(phone=value)
                )
        elif field == "email":
            if value and not EMAIL.match(value):
                raise FieldError(
                    field, _("the email {email} is not an email address").format(email=value)
                )
        elif field == "document":
            if len(value or "") > 50:
                raise FieldError(field, _("the document number is too long"))
        elif field == "birth_year":
            value = parse_year(value)
        elif field in ("notes", "household"):
            pass
        else:
            raise FieldError(field, _("unknown field {field}").format(field=field))
        out[field] = value if value is not None else ("" if field != "birth_year" else None)
    return out


def parse_year(value: object) -> int | None:
    """A birth year between 1900 and this year, or None when empty."""
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise FieldError("birth_year", _("the birth year {year} is not a number").format(
            year=value)) from None
    if not 1900 <= year <= dt.date.today().year:
        raise FieldError(
            "birth_year", _("the birth year {year} is out of range").format(year=year)
        )
    return year


def clean_household(values: Mapping[str, Any]) -> dict[str, Any]:
    """Trimmed, checked household fields."""
    out: dict[str, Any] = {}
    for field, raw in values.items():
        value = raw.strip() if isinstance(raw, str) else raw
        if field == "name":
            if not value:
                raise FieldError(field, _("the household name is empty"))
        elif field in ("unit", "address"):
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
