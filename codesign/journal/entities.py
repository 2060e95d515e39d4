"""Which tables the journal tracks, by name."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table

from models.base import Base
from models.tables import load_all

UNJOURNALED = frozenset(
    {
        "meta",
        "change",
        "field_head",
        "alembic_version",
        "field_superseded",
        "chain_link",
        "sync_peer",
        "sync_flag",
    }
)
# Columns kept out of the change's fields: a blob's bytes travel in the bundle's
# blobs/ folder, named by the SHA-256 the change does record.
JOURNAL_OMITS: dict[str, frozenset[str]] = {"blob": frozenset({"data"})}


def table(entity: str) -> Table:
    """The table of a journaled entity."""
    found = Base.metadata.tables.get(entity)
    if found is None:
        load_all()  # a section's table not imported yet
        found = Base.metadata.tables.get(entity)
    if found is None or entity in UNJOURNALED:
        raise KeyError(entity)
    return found


@functools.cache
def _defaults(entity: str) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    """Static defaults as one dict, and the columns whose default is computed (the id)."""
    static: dict[str, Any] = {}
    computed: list[tuple[str, Callable[[Any], Any]]] = []
    for column in table(entity).columns:
        default = column.default
        if default is not None and getattr(default, "is_callable", False):
            computed.append((column.name, default.arg))  # type: ignore[attr-defined]
        else:
            static[column.name] = getattr(default, "arg", None) if default is not None else None
    return static, tuple(computed)


def complete_row(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` plus every column's default, so an insert change holds the whole row.

    A missing ``id`` gets a new UUIDv7 (the callable default).
    """
    static, computed = _defaults(entity)
    row = {**static, **values}
    for name, make in computed:
        if name not in values:
            row[name] = make(None)
    return row
