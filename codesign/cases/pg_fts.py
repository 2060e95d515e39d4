"""The full-text index of the case library on PostgreSQL: a generated ``tsvector`` column.

The same derived data as the SQLite FTS5 index (``codesign.cases.fts``), made
the PostgreSQL way: ``reference_case.search_vector`` is a stored generated
column over the same four groups of text (title, tags, place, body) weighted
A to D, with a GIN index. PostgreSQL keeps it in step with every write by
itself. The text search configuration ``minga_cases`` is ``simple`` (no
stemming, so a half-typed word matches as a prefix in every language) with
``unaccent`` first, so "cano" finds "Caño". Where the ``unaccent`` extension
cannot be created, the configuration is plain ``simple`` and accents count.

Like the FTS5 index it is not in the models or the migrations: ``ensure_index``
adds it the first time a database is searched or imported into.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from codesign.cases.fts import _BODY, _PLACE, _TAGS, _TITLE, WEIGHTS
from i18n import gettext as _

CONFIG = "minga_cases"
COLUMN = "search_vector"
INDEX = "ix_reference_case_search_vector"
_log = logging.getLogger("minga.cases")
_LOCK = 0x4D494E47  # advisory lock key: two processes never build the index at once


def _vector() -> str:
    groups = zip((_TITLE, _TAGS, _PLACE, _BODY), "ABCD", strict=True)
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}'::regconfig, {part.replace('{p}.', '')}), '{weight}')"
        for part, weight in groups
    )


def rank_weights() -> str:
    """``ts_rank_cd``'s weights array ({D, C, B, A}) scaled from the FTS5 bm25 weights."""
    top = max(WEIGHTS)
    return "{" + ",".join(f"{w / top:g}" for w in reversed(WEIGHTS)) + "}"


def is_postgresql(engine: Engine | Connection) -> bool:
    """Whether this database is PostgreSQL."""
    return engine.dialect.name == "postgresql"


def has_index(conn: Connection) -> bool:
    """Whether ``reference_case`` already has the search column."""
    found = conn.execute(
        text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = 'reference_case' AND column_name = :column"
        ),
        {"column": COLUMN},
    ).first()
    return found is not None


def has_unaccent(conn: Connection) -> bool:
    """Whether the search configuration ignores accents (the extension could be created)."""
    found = conn.execute(
        text(
            "SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg"
            " JOIN pg_ts_dict d ON d.oid = m.mapdict"
            " WHERE c.cfgname = :config AND d.dictname = 'unaccent'"
        ),
        {"config": CONFIG},
    ).first()
    return found is not None


def _create_config(conn: Connection) -> None:
    exists = conn.execute(
        text("SELECT 1 FROM pg_ts_config WHERE cfgname = :config"), {"config": CONFIG}
    ).first()
    if exists is not None:
        return
    unaccent = True
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    except DBAPIError as exc:  # no contrib package, or no right to create it: accents count
        unaccent = False
        _log.warning(
            _(
                "the unaccent extension cannot be created ({reason}); case search on this"
                " database will not ignore accents"
            ).format(reason=str(getattr(exc, "orig", exc)).strip().splitlines()[0])
        )
    conn.execute(text(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)"))
    if unaccent:
        conn.execute(
            text(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG}"
                " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
            )
        )


def ensure_index(engine: Engine) -> bool:
    """Add the search column and its index when missing; True when built now."""
    with engine.connect() as conn:
        if has_index(conn):
            return False
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
        if has_index(conn):
            return False
        _create_config(conn)
        conn.execute(
            text(
                f"ALTER TABLE reference_case ADD COLUMN {COLUMN} tsvector"
                f" GENERATED ALWAYS AS ({_vector()}) STORED"
            )
        )
        conn.execute(text(f"CREATE INDEX {INDEX} ON reference_case USING gin ({COLUMN})"))
    return True
