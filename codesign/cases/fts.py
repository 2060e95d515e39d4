"""The full-text index of the case library (SQLite FTS5), kept in step by triggers.

The index is derived data, never journaled or synced: ``ensure_index``
creates it (and fills it from the cases) the first time a file is searched
or imported into. From then on triggers on ``reference_case`` update it in
the same transaction as every write, whether a service, an undo or a sync
made it. ``remove_diacritics 2`` makes "cano" find "Caño" and "sao" "São".

Each case's index row has a small integer key in ``reference_case_fts_row``
(the case's own rowid is not stable across VACUUM).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

FTS = "reference_case_fts"
ROWS = "reference_case_fts_row"
# Indexed columns; bm25 weights say a word in the title counts most, then tags and place.
COLUMNS = ("title", "tags", "place", "body")
WEIGHTS = (10.0, 5.0, 3.0, 1.0)

_TITLE = (
    "coalesce({p}.title,'') || ' ' || coalesce({p}.title_es,'') || ' ' || coalesce({p}.title_pt,'')"
)
_TAGS = "replace(coalesce({p}.tags,''), ';', ' ')"
_PLACE = "coalesce({p}.city,'') || ' ' || coalesce({p}.country,'')"
_BODY = " || ' ' || ".join(
    f"coalesce({{p}}.{name},'')"
    for name in (
        "description",
        "description_es",
        "description_pt",
        "lessons",
        "lessons_es",
        "lessons_pt",
        "general_issues",
        "specific_topics",
        "organizers",
        "funders",
        "financing",
        "land_source",
        "governance",
        "decision_methods",
        "tenure",
    )
)


def _values(prefix: str) -> str:
    return ", ".join(part.format(p=prefix) for part in (_TITLE, _TAGS, _PLACE, _BODY))


_DDL = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(COLUMNS)},"
    " tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE TABLE {ROWS} (n INTEGER PRIMARY KEY, case_id CHAR(32) NOT NULL UNIQUE)",
    f"""CREATE TRIGGER {FTS}_ai AFTER INSERT ON reference_case WHEN new.deleted = 0 BEGIN
        INSERT INTO {ROWS} (case_id) VALUES (new.id);
        INSERT INTO {FTS} (rowid, {", ".join(COLUMNS)})
            VALUES ((SELECT n FROM {ROWS} WHERE case_id = new.id), {_values("new")});
    END""",  # noqa: S608 - fixed names
    f"""CREATE TRIGGER {FTS}_ad AFTER DELETE ON reference_case BEGIN
        DELETE FROM {FTS} WHERE rowid = (SELECT n FROM {ROWS} WHERE case_id = old.id);
        DELETE FROM {ROWS} WHERE case_id = old.id;
    END""",  # noqa: S608 - fixed names
    f"""CREATE TRIGGER {FTS}_au AFTER UPDATE ON reference_case BEGIN
        DELETE FROM {FTS} WHERE rowid = (SELECT n FROM {ROWS} WHERE case_id = old.id);
        DELETE FROM {ROWS} WHERE case_id = old.id;
        INSERT INTO {ROWS} (case_id) SELECT new.id WHERE new.deleted = 0;
        INSERT INTO {FTS} (rowid, {", ".join(COLUMNS)})
            SELECT n, {_values("new")} FROM {ROWS} WHERE case_id = new.id AND new.deleted = 0;
    END""",  # noqa: S608 - fixed names
)


def is_sqlite(engine: Engine | Connection) -> bool:
    """Whether full text runs on FTS5 here (PostgreSQL uses another search)."""
    return engine.dialect.name == "sqlite"


def has_index(conn: Connection) -> bool:
    """Whether this file already holds the index."""
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": ROWS}
    ).first()
    return found is not None


def ensure_index(engine: Engine) -> bool:
    """Create and fill the index when the file has none; True when it was built now.

    On PostgreSQL the index is the ``tsvector`` column of ``codesign.cases.pg_fts``.
    """
    if engine.dialect.name == "postgresql":
        from codesign.cases import pg_fts

        return pg_fts.ensure_index(engine)
    if not is_sqlite(engine):
        return False
    with engine.connect() as conn:
        if has_index(conn):
            return False
    with engine.begin() as conn:
        if has_index(conn):
            return False
        for statement in _DDL:
            conn.execute(text(statement))
        conn.execute(
            text(f"INSERT INTO {ROWS} (case_id) SELECT id FROM reference_case WHERE deleted = 0")  # noqa: S608 - fixed names
        )
        conn.execute(
            text(
                f"INSERT INTO {FTS} (rowid, {', '.join(COLUMNS)})"  # noqa: S608 - fixed names
                f" SELECT r.n, {_values('c')} FROM {ROWS} r"
                " JOIN reference_case c ON c.id = r.case_id"
            )
        )
    return True
