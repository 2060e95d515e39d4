"""JSON values for journaled fields, and back to column values."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Column, Date, DateTime, Uuid

JSONValue = str | int | float | bool | None | list[Any] | dict[str, Any]


def encode(value: object) -> JSONValue:
    """A column value as JSON (UUIDs and dates as strings)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    raise TypeError(f"cannot journal a {type(value).__name__}")


def decode(column: Column[Any], value: JSONValue) -> object:
    """A journaled JSON value as the column's Python value."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid) and isinstance(value, str):
        return uuid.UUID(value)
    if isinstance(kind, DateTime) and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
