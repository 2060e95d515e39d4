"""Which tables the journal tracks, by name."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table

import models.tables  # noqa: F401 - registers the tables below on the metadata
from models.base import Base

UNJOURNALED = frozenset({"meta", "change", "field_head", "alembic_version"})


def table(entity: str) -> Table:
    """The table of a journaled entity."""
    found = Base.metadata.tables.get(entity)
    if found is None or entity in UNJOURNALED:
        raise KeyError(entity)
    return found


@functools.cache
def _defaults(entity: str) -> tuple[tuple[str, Any, bool], ...]:
    out = []
    for column in table(entity).columns:
        default = column.default
        if default is None:
            out.append((column.name, None, False))
        elif getattr(default, "is_callable", False):
            out.append((column.name, default.arg, True))  # type: ignore[attr-defined]
        else:
            out.append((column.name, getattr(default, "arg", None), False))
    return tuple(out)


def complete_row(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` plus every column's default, so an insert change holds the whole row.

    A missing ``id`` gets a new UUIDv7 (the callable default).
    """
    row = dict(values)
    for name, default, call in _defaults(entity):
        if name not in row:
            row[name] = default(None) if call else default
    return row
