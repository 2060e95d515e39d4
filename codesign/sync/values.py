"""Journaled JSON values written straight into SQLite, as SQLAlchemy would store them.

Imports apply hundreds of thousands of changes; converting each value to a
Python object and back through the ORM would cost more than the rest of
the import together.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, LargeBinary, Table, Uuid

Convert = Callable[[Any], Any]


def uuid_text(value: Any) -> Any:
    """A UUID as SQLAlchemy stores it on SQLite: 32 hex digits."""
    return value.replace("-", "") if isinstance(value, str) else value


def _datetime(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.replace("T", " ")
    return text if "." in text else text + ".000000"


def _bool(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value)


def _binary(value: Any) -> Any:
    return bytes.fromhex(value) if isinstance(value, str) else value


_BY_TYPE: tuple[tuple[type[Any], Convert | None], ...] = (
    (Uuid, uuid_text),
    (DateTime, _datetime),
    (Date, None),
    (Boolean, _bool),
    (JSON, _json),
    (LargeBinary, _binary),
)


def _converter(column_type: object) -> Convert | None:
    for kind, convert in _BY_TYPE:
        if isinstance(column_type, kind):
            return convert
    return None


@functools.cache
def converters(table: Table) -> dict[str, Convert | None]:
    """For each column, how a JSON value becomes what SQLite stores (None: as it is)."""
    return {c.name: _converter(c.type) for c in table.columns}


def to_sqlite(table: Table, name: str, value: Any) -> Any:
    """One JSON value as SQLite stores it in ``table.name``."""
    convert = converters(table)[name]
    return value if convert is None else convert(value)
