"""Searching the case library: ranked full text plus filters, fast enough to run per keystroke.

On SQLite the words typed go to the FTS5 index (bm25 ranking, accents and
case ignored, the last word matched as a prefix while it is being typed).
On PostgreSQL they go to the generated ``tsvector`` column (``ts_rank_cd``
with the same weights, ``unaccent``, ``:*`` prefixes); same filters, same
results. Other databases get a plain, unranked substring search through the
same ``search_cases`` call.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from codesign.cases.fts import FTS, ROWS, WEIGHTS, ensure_index, is_sqlite
from codesign.cases.pg_fts import COLUMN, CONFIG, is_postgresql, rank_weights
from codesign.workspace import Workspace

_WORD = re.compile(r"\w+", re.UNICODE)
DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class CaseFilters:
    """What to narrow the results to; empty means any."""

    countries: tuple[str, ...] = ()
    tenures: tuple[str, ...] = ()
    min_households: int | None = None
    max_households: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseHit:
    """One result: the case, where it is, and how well it matched (higher is better)."""

    id: uuid.UUID
    slug: str
    title: str
    title_es: str
    title_pt: str
    country: str
    city: str
    tenure: str
    households: int | None
    start_date: str
    latitude: float | None
    longitude: float | None
    score: float = 0.0
    tags: tuple[str, ...] = field(default=())


def _terms(query: str) -> tuple[list[str], bool]:
    """The words to look for, and whether the last is a prefix (still being typed)."""
    words = _WORD.findall(query)
    typing = not query[-1:].isspace()
    if typing and len(words[-1:][0] if words else "") == 1:
        words = words[:-1]  # one letter says too little to rank on; wait for the next
    return words, bool(words) and typing and len(words) == len(_WORD.findall(query))


def match_expression(query: str, *, every: bool = True) -> str:
    """The FTS5 query for what was typed: every word (or any, when ``every`` is False), the
    last one matched as a prefix while it is still being typed."""
    words, prefix = _terms(query)
    quoted = [f'"{w}"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return (" AND " if every else " OR ").join(quoted)


def tsquery_expression(query: str, *, every: bool = True) -> str:
    """The same query in PostgreSQL ``to_tsquery`` syntax (``'land' & 'tru':*``)."""
    words, prefix = _terms(query)
    quoted = [f"'{w}'" for w in words]  # \w+ words hold no quote or operator
    if prefix:
        quoted[-1] += ":*"
    return (" & " if every else " | ").join(quoted)


_COLUMNS = (
    "c.id, c.slug, c.title, c.title_es, c.title_pt, c.country, c.city, c.tenure, c.households,"
    " c.start_date, c.latitude, c.longitude, c.tags"
)


def _filter_sql(filters: CaseFilters, params: dict[str, object]) -> str:
    parts = ["c.deleted = FALSE"]  # FALSE is 0 on SQLite, a boolean on PostgreSQL
    if filters.countries:
        names = []
        for i, country in enumerate(filters.countries):
            params[f"country{i}"] = country
            names.append(f":country{i}")
        parts.append(f"c.country IN ({', '.join(names)})")
    if filters.tenures:
        names = []
        for i, tenure in enumerate(filters.tenures):
            params[f"tenure{i}"] = tenure
            names.append(f":tenure{i}")
        parts.append(f"c.tenure IN ({', '.join(names)})")
    if filters.min_households is not None:
        params["min_h"] = filters.min_households
        parts.append("c.households >= :min_h")
    if filters.max_households is not None:
        params["max_h"] = filters.max_households
        parts.append("c.households <= :max_h")
    if filters.from_year is not None:
        params["from_y"] = f"{filters.from_year:04d}"
        parts.append("c.start_date != '' AND substr(c.start_date, 1, 4) >= :from_y")
    if filters.to_year is not None:
        params["to_y"] = f"{filters.to_year:04d}"
        parts.append("c.start_date != '' AND substr(c.start_date, 1, 4) <= :to_y")
    for i, tag in enumerate(filters.tags):
        params[f"tag{i}"] = f"%;{tag.lower()};%"
        parts.append(f"(';' || lower(replace(c.tags, '; ', ';')) || ';') LIKE :tag{i}")
    return " AND ".join(parts)


def _hit(row: Any) -> CaseHit:
    return CaseHit(
        id=uuid.UUID(str(row.id)),
        slug=row.slug,
        title=row.title,
        title_es=row.title_es,
        title_pt=row.title_pt,
        country=row.country,
        city=row.city,
        tenure=row.tenure,
        households=row.households,
        start_date=row.start_date,
        latitude=row.latitude,
        longitude=row.longitude,
        score=round(float(row.score), 4),
        tags=tuple(t.strip() for t in (row.tags or "").split(";") if t.strip()),
    )


def _hits(conn: Connection, sql: str, params: dict[str, object]) -> tuple[CaseHit, ...]:
    return tuple(_hit(row) for row in conn.execute(text(sql), params))


def _fts_search(
    conn: Connection, match: str, filters: CaseFilters, limit: int
) -> tuple[CaseHit, ...]:
    params: dict[str, object] = {"match": match, "limit": limit}
    weights = ", ".join(str(w) for w in WEIGHTS)
    if filters == CaseFilters():
        # The index holds live cases only: rank there first, then fetch just the best rows.
        sql = (
            f"SELECT {_COLUMNS}, f.score FROM (SELECT rowid AS n,"  # noqa: S608 - fixed names
            f" -bm25({FTS}, {weights}) AS score FROM {FTS} WHERE {FTS} MATCH :match"
            " ORDER BY score DESC LIMIT :limit) f"
            f" JOIN {ROWS} r ON r.n = f.n JOIN reference_case c ON c.id = r.case_id"
            " ORDER BY f.score DESC, c.title"
        )
        return _hits(conn, sql, params)
    where = _filter_sql(filters, params)
    sql = (
        f"SELECT {_COLUMNS}, -bm25({FTS}, {weights}) AS score"  # noqa: S608 - fixed names
        f" FROM {FTS} JOIN {ROWS} r ON r.n = {FTS}.rowid JOIN reference_case c ON c.id = r.case_id"
        f" WHERE {FTS} MATCH :match AND {where} ORDER BY score DESC, c.title LIMIT :limit"
    )
    return _hits(conn, sql, params)


def _tsvector_search(
    conn: Connection, match: str, filters: CaseFilters, limit: int
) -> tuple[CaseHit, ...]:
    params: dict[str, object] = {"match": match, "limit": limit, "weights": rank_weights()}
    where = _filter_sql(filters, params)
    sql = (
        f"SELECT {_COLUMNS}, ts_rank_cd(CAST(:weights AS real[]), c.{COLUMN}, q) AS score"  # noqa: S608 - fixed names
        f" FROM reference_case c, to_tsquery('{CONFIG}', :match) q"
        f" WHERE c.{COLUMN} @@ q AND {where} ORDER BY score DESC, c.title LIMIT :limit"
    )
    return _hits(conn, sql, params)


def _plain_search(
    conn: Connection, words: Sequence[str], filters: CaseFilters, limit: int
) -> tuple[CaseHit, ...]:
    params: dict[str, object] = {"limit": limit}
    where = _filter_sql(filters, params)
    for i, word in enumerate(words):
        params[f"w{i}"] = f"%{word.lower()}%"
        where += (
            f" AND lower(c.title || ' ' || c.title_es || ' ' || c.title_pt || ' ' || c.tags"
            f" || ' ' || c.city || ' ' || c.description || ' ' || c.description_es"
            f" || ' ' || c.description_pt) LIKE :w{i}"
        )
    sql = (
        f"SELECT {_COLUMNS}, 0.0 AS score FROM reference_case c"  # noqa: S608 - fixed names
        f" WHERE {where} ORDER BY c.title LIMIT :limit"
    )
    return _hits(conn, sql, params)


def search_cases(
    ws: Workspace,
    query: str = "",
    filters: CaseFilters | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
) -> tuple[CaseHit, ...]:
    """The cases matching ``query`` and ``filters``, best first (by title when no words).

    Cases holding every word come first; when none does, cases holding any of
    them, still ranked, so a near miss ("tierra comunitaria") finds something.
    """
    filters = filters or CaseFilters()
    engine = ws.db.engine
    match = match_expression(query)
    sqlite, postgresql = is_sqlite(engine), is_postgresql(engine)
    if (sqlite or postgresql) and match:
        ensure_index(engine)
    with engine.connect() as conn:
        if sqlite and match:
            found = _fts_search(conn, match, filters, limit)
            if not found and " AND " in match:
                found = _fts_search(conn, match_expression(query, every=False), filters, limit)
            return found
        if postgresql and match:
            found = _tsvector_search(conn, tsquery_expression(query), filters, limit)
            if not found and " AND " in match:
                every = tsquery_expression(query, every=False)
                found = _tsvector_search(conn, every, filters, limit)
            return found
        full_text = sqlite or postgresql
        words = [w for w in _WORD.findall(query) if len(w) > 1 or not full_text]
        return _plain_search(conn, words, filters, limit)
