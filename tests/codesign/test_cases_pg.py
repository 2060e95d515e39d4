"""Reference cases on a PostgreSQL server: init on a URL, imports, tsvector search, the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from inspect import signature
from pathlib import Path

import pytest
from sqlalchemy import text

from codesign.cases.export import export_cases
from codesign.cases.importer import import_source
from codesign.cases.pg_fts import COLUMN, has_index, has_unaccent
from codesign.cases.search import CaseFilters, search_cases, tsquery_expression
from codesign.cooperative import counts, create_cooperative
from codesign.errors import MingaError
from codesign.workspace import Workspace, open_workspace
from models.database import server_engine
from tests.codesign import test_cases_service as service_tests
from tests.codesign.test_cases_cli import run
from tests.codesign.test_cases_import import (
    broken_sources,
    case_count,
    case_row,
    change_count,
    write_package,
)
from tests.codesign.test_cases_search import add_cases
from tests.pg import SUPERUSER


@pytest.fixture
def pg_coop(pg_url: str) -> Iterator[Workspace]:
    """A new cooperative, with its starter library, in a fresh PostgreSQL database."""
    ws = create_cooperative(pg_url, name="Federación de Prueba")
    yield ws
    ws.close()


def test_tsquery_expression_matches_the_fts5_rules() -> None:
    """The PostgreSQL query keeps FTS5's rules: every word, the typed one as a prefix."""
    assert tsquery_expression("land tru") == "'land' & 'tru':*"
    assert tsquery_expression("land tru", every=False) == "'land' | 'tru':*"
    assert tsquery_expression("land ") == "'land'"
    assert tsquery_expression("land t") == "'land'"
    assert tsquery_expression("l") == ""


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    """A ``postgresql://`` URL as users write it opens with the psycopg 3 driver."""
    engine = server_engine("postgresql://someone@127.0.0.1:1/db")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_init_on_a_url_holds_the_schema_starter_and_index(pg_coop: Workspace, pg_url: str) -> None:
    """A cooperative made on a URL reopens with its starter cases and the search column."""
    starter = case_count(pg_coop)
    pg_coop.close()
    with open_workspace(pg_url) as ws:
        assert ws.path is None
        assert case_count(ws) == starter >= 15
        assert counts(ws)["cases"] == starter
        with ws.db.engine.connect() as conn:
            assert has_index(conn) and has_unaccent(conn)


def test_colleague_package_updates_by_id_without_duplicates(
    pg_coop: Workspace, tmp_path: Path
) -> None:
    """The starter package imports back unchanged; a colleague's updates one case, adds one."""
    starter = case_count(pg_coop)
    export_cases(pg_coop, tmp_path / "starter.zip")
    again, errors = import_source(pg_coop, tmp_path / "starter.zip")
    assert errors == () and again is not None and (again.imported, again.updated) == (0, 0)
    rows = [
        case_row("la-borda-barcelona", "La Borda", country="ES", households="28", tags="lease"),
        case_row("coop-nueva", "Cooperativa Nueva", country="UY"),
    ]
    first, errors = import_source(pg_coop, write_package(tmp_path / "colleague", rows))
    assert errors == () and first is not None and (first.imported, first.updated) == (1, 1)
    second, errors = import_source(pg_coop, write_package(tmp_path / "colleague2", rows))
    assert second is not None and (second.imported, second.updated) == (0, 0)
    assert case_count(pg_coop) == starter + 1
    assert [h.slug for h in search_cases(pg_coop, "cooperativa nueva")][:1] == ["coop-nueva"]


def test_bad_packages_leave_the_database_unchanged(pg_coop: Workspace, tmp_path: Path) -> None:
    """Every kind of broken package is refused on PostgreSQL too, and nothing is written."""
    before = (case_count(pg_coop), change_count(pg_coop))
    for kind, source in broken_sources(tmp_path).items():
        with pytest.raises(MingaError):
            import_source(pg_coop, source)
        assert (case_count(pg_coop), change_count(pg_coop)) == before, kind
    bad = write_package(tmp_path / "bad", [case_row("ok", "Ok"), case_row("bad", "B", country="x")])
    result, errors = import_source(pg_coop, bad)
    assert result is None and errors
    assert (case_count(pg_coop), change_count(pg_coop)) == before


def test_title_beats_tags_beats_body(pg_coop: Workspace) -> None:
    """ts_rank_cd ranks a word in the title above tags, and tags above the body, as bm25 does."""
    add_cases(pg_coop)
    hits = search_cases(pg_coop, "mutual aid")
    slugs = [h.slug for h in hits if h.slug in {"title-hit", "tag-hit", "body-hit"}]
    assert slugs == ["title-hit", "tag-hit", "body-hit"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_accents_ignored_and_prefixes_while_typing(pg_coop: Workspace) -> None:
    """Typing without accents, or half a word, finds the case on PostgreSQL."""
    add_cases(pg_coop)
    assert [h.slug for h in search_cases(pg_coop, "sao tome")] == ["accented"]
    assert [h.slug for h in search_cases(pg_coop, "SÃO TOMÉ")] == ["accented"]
    assert "accented" in [h.slug for h in search_cases(pg_coop, "Cooperativa Sã")]
    assert [h.slug for h in search_cases(pg_coop, "land tru")] == ["other"]


def test_filters_narrow_results(pg_coop: Workspace) -> None:
    """Country, tenure, size, years and tag filters keep only matching cases, with words too."""
    add_cases(pg_coop)
    assert [h.slug for h in search_cases(pg_coop, "", CaseFilters(countries=("BR",)))] == [
        "accented"
    ]
    wide = CaseFilters(min_households=100, max_households=200, from_year=1990, to_year=2000)
    assert [h.slug for h in search_cases(pg_coop, "cooperativa", wide)] == ["accented"]
    assert search_cases(pg_coop, "cooperativa", CaseFilters(to_year=1980)) == ()
    tenure = CaseFilters(tenures=("user_cooperative",), countries=("BR",))
    assert [h.slug for h in search_cases(pg_coop, "", tenure)] == ["accented"]
    tagged = CaseFilters(tags=("self-build",))
    assert [h.slug for h in search_cases(pg_coop, "mutual", tagged)] == ["tag-hit"]


def test_index_follows_updates_and_deletes(pg_coop: Workspace) -> None:
    """The generated column follows an edited title, and a removed case is no longer found."""
    add_cases(pg_coop)
    hit = search_cases(pg_coop, "Land trust")[0]
    with pg_coop.write("edit") as w:
        w.update("reference_case", hit.id, {"title": "Fideicomiso de tierra"})
    assert "other" not in [h.slug for h in search_cases(pg_coop, "Land trust")]
    assert [h.slug for h in search_cases(pg_coop, "fideicomiso tierra")] == ["other"]
    with pg_coop.write("remove") as w:
        w.remove("reference_case", hit.id)
    assert search_cases(pg_coop, "fideicomiso") == ()


def test_near_miss_and_spanish_starter_queries(pg_coop: Workspace) -> None:
    """Spanish queries without accents find starter cases; a near miss falls back to any word."""
    assert search_cases(pg_coop, "cano martin pena")[0].slug == "cano-martin-pena"
    assert search_cases(pg_coop, "ayuda mutua")[0].slug == "fucvam-uruguay"
    add_cases(pg_coop)
    slugs = [h.slug for h in search_cases(pg_coop, "mutual zzzunknown")]
    assert slugs[:1] == ["title-hit"] and "other" not in slugs


def test_the_index_is_built_once_for_an_older_database(pg_url: str) -> None:
    """A database made without the search column gets it on first search, filled."""
    ws = create_cooperative(pg_url, name="Antigua")
    with ws.db.engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE reference_case DROP COLUMN {COLUMN}"))
    try:
        assert search_cases(ws, "cano martin")[0].slug == "cano-martin-pena"
    finally:
        ws.close()


def test_cli_on_a_url(pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """init, info and cases search/import/export take a URL and print the documented JSON."""
    url = pg_url.replace("postgresql+psycopg://", "postgresql://")
    code, out, _err = run(capsys, "init", url, "--name", "Federación", "--json")
    assert code == 0 and set(json.loads(out)) == {"file", "cooperative", "name"}
    code, out, _err = run(capsys, "info", url, "--json")
    assert code == 0 and json.loads(out)["cases"] >= 15
    code, out, _err = run(capsys, "cases", "search", url, "land trust", "--json")
    results = json.loads(out)["results"]
    assert code == 0 and results and set(results[0]) == {"id", "title", "country", "score"}
    assert results == sorted(results, key=lambda r: -r["score"]) and results[0]["score"] > 0
    assert run(capsys, "cases", "export", url, "-o", str(tmp_path / "out.zip"))[0] == 0
    code, out, _err = run(capsys, "cases", "import", url, str(tmp_path / "out.zip"), "--json")
    assert code == 0 and json.loads(out) == {"imported": 0, "updated": 0, "rejected": []}
    source = tmp_path / "cases.csv"
    source.write_text("id,title,country\nnew-one,New,UY\nnew-two,Bad,uruguay\n", encoding="utf-8")
    code, out, err = run(capsys, "cases", "import", url, str(source), "--json")
    assert code == 65 and json.loads(out)["rejected"][0]["row"] == 3 and str(source) in err
    _code, out, _err = run(capsys, "cases", "search", url, "New", "--json")
    assert "new-one" not in out


def test_without_unaccent_rights_search_still_works(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A role that may not create extensions gets the plain configuration, warned; accents count."""
    admin = server_engine(pg_url)
    database = admin.url.database
    role = f"limited_{database}"  # roles belong to the whole server
    with admin.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT ALL ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'REVOKE CREATE ON DATABASE "{database}" FROM PUBLIC'))
    admin.dispose()
    url = pg_url.replace(f"{SUPERUSER}@", f"{role}@")
    ws = create_cooperative(url, name="Sin acentos")
    try:
        assert "unaccent" in caplog.text
        with ws.db.engine.connect() as conn:
            assert has_index(conn) and not has_unaccent(conn)
        assert [h.slug for h in search_cases(ws, "caño martín")][:1] == ["cano-martin-pena"]
        assert "cano-martin-pena" not in [h.slug for h in search_cases(ws, "cano")]
    finally:
        ws.close()


def test_init_refuses_a_database_that_holds_tables(
    pg_coop: Workspace, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``init`` on a URL that already holds a cooperative exits 66 and leaves it as it was."""
    before = (case_count(pg_coop), change_count(pg_coop))
    code, _out, err = run(capsys, "init", pg_url, "--name", "Otra")
    assert code == 66 and "127.0.0.1" in err and err.count("\n") == 1
    assert (case_count(pg_coop), change_count(pg_coop)) == before


SERVICE_CHECKS = tuple(
    name
    for name, check in vars(service_tests).items()
    if name.startswith("test_") and set(signature(check).parameters) <= {"coop", "tmp_path"}
)


@pytest.mark.parametrize("name", SERVICE_CHECKS)
def test_case_services_on_postgresql(name: str, pg_coop: Workspace, tmp_path: Path) -> None:
    """Each case-service check (attachments, links, mappings, roles…) holds on PostgreSQL."""
    check = getattr(service_tests, name)
    given = {"coop": pg_coop, "tmp_path": tmp_path}
    check(**{param: given[param] for param in signature(check).parameters})
