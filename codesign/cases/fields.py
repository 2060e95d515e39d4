"""The reference-case Table Schema: field names, types, and checking one row against it.

The schema ships with Minga (``data/reference-case.schema.json``); every
reader and writer of case packages uses it, so what we export is what we
accept. Row checks here are the same rules a Frictionless validator
applies, so rows can be checked one by one with a reason per field.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from i18n import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_PATH = DATA_DIR / "reference-case.schema.json"
STARTER_DIR = Path(__file__).resolve().parent / "starter"
LANGUAGES = ("en", "es", "pt")
TEXT_FIELDS = ("title", "description", "lessons")
TRUE_WORDS = frozenset({"true", "1", "yes", "si", "sí", "sim"})
FALSE_WORDS = frozenset({"false", "0", "no", "não", "nao"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the schema."""

    name: str
    type: str
    required: bool = False
    pattern: str = ""
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why one field of one row was refused; ``row`` as a spreadsheet numbers it."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@functools.cache
def schema() -> dict[str, Any]:
    """The Table Schema as JSON data."""
    data: dict[str, Any] = orjson.loads(SCHEMA_PATH.read_bytes())
    return data


@functools.cache
def specs() -> tuple[FieldSpec, ...]:
    """The schema's fields, in order."""
    found = []
    for item in schema()["fields"]:
        rules = item.get("constraints", {})
        found.append(
            FieldSpec(
                name=item["name"],
                type=item.get("type", "string"),
                required=bool(rules.get("required", False)),
                pattern=rules.get("pattern", ""),
                minimum=rules.get("minimum"),
                maximum=rules.get("maximum"),
                enum=tuple(rules.get("enum", ())),
            )
        )
    return tuple(found)


@functools.cache
def field_names() -> tuple[str, ...]:
    """Every field name, ``id`` first."""
    return tuple(spec.name for spec in specs())


def _number(spec: FieldSpec, text: str) -> float | int:
    if spec.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(_("not a whole number: {value}").format(value=text))
        return int(text)
    try:
        value = float(text)
    except ValueError:
        raise ValueError(_("not a number: {value}").format(value=text)) from None
    if not math.isfinite(value):
        raise ValueError(_("not a number: {value}").format(value=text))
    return value


def _convert(spec: FieldSpec, text: str) -> Any:
    """The typed value of one cell; ValueError with a translated reason."""
    if spec.type in ("integer", "number"):
        value = _number(spec, text)
        if spec.minimum is not None and value < spec.minimum:
            raise ValueError(_("must be at least {minimum}").format(minimum=spec.minimum))
        if spec.maximum is not None and value > spec.maximum:
            raise ValueError(_("must be at most {maximum}").format(maximum=spec.maximum))
        return value
    if spec.type == "boolean":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("not true or false: {value}").format(value=text))
    if spec.pattern and not re.fullmatch(spec.pattern, text):
        raise ValueError(_("does not have the expected form: {value}").format(value=text))
    if spec.enum and text not in spec.enum:
        allowed = ", ".join(v for v in spec.enum if v)
        raise ValueError(_("{value} is not one of: {allowed}").format(value=text, allowed=allowed))
    return text


def check_row(
    number: int, cells: Mapping[str, str]
) -> tuple[dict[str, Any] | None, tuple[FieldError, ...]]:
    """A row's typed values (names as in the schema) and the reason for each bad field.

    Missing optional cells become "" for text and None for numbers and booleans.
    """
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for spec in specs():
        text = (cells.get(spec.name) or "").strip()
        if not text:
            if spec.required:
                errors.append(FieldError(number, spec.name, _("is required")))
            values[spec.name] = "" if spec.type == "string" else None
            continue
        try:
            values[spec.name] = _convert(spec, text)
        except ValueError as error:
            errors.append(FieldError(number, spec.name, str(error)))
    if errors:
        return None, tuple(errors)
    return values, ()


def cell_text(value: Any) -> str:
    """A value as a CSV cell of the exchange format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def split_list(text: str) -> tuple[str, ...]:
    """A ';'-separated list cell as its items."""
    return tuple(item.strip() for item in text.split(";") if item.strip())
