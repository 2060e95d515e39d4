"""Which tables the journal tracks, by name."""

from __future__ import annotations

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


def complete_row(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` plus every column's default, so an insert change holds the whole row."""
    row = dict(values)
    for column in table(entity).columns:
        if column.name in row:
            continue
        default = column.default
        if default is None:
            row[column.name] = None
        elif getattr(default, "is_callable", False):
            row[column.name] = default.arg(None)  # type: ignore[attr-defined]
        else:
            row[column.name] = getattr(default, "arg", None)
    return row
