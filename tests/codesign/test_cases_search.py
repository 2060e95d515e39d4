"""Case search: bm25 ranking, accents ignored, prefixes while typing, filters, index in step."""

from __future__ import annotations

from sqlalchemy import select

from codesign.cases.importer import CaseRow, import_cases
from codesign.cases.search import CaseFilters, match_expression, search_cases
from codesign.workspace import Workspace
from models.cases import ReferenceCase


def add_cases(ws: Workspace) -> None:
    """A hand-made set where the expected order of results is clear (starter cases removed)."""
    with ws.write("clear") as w:
        for case_id in w.session.scalars(select(ReferenceCase.id)):
            w.remove("reference_case", case_id)
    rows = [
        {"id": "title-hit", "title": "Mutual aid cooperative", "description": "Families build."},
        {"id": "tag-hit", "title": "Neighbourhood project", "tags": "mutual aid;self-build"},
        {
            "id": "body-hit",
            "title": "Housing association",
            "description": "Some mutual work, and aid from the city.",
        },
        {"id": "other", "title": "Land trust", "description": "Held for the community."},
        {
            "id": "accented",
            "title": "Cooperativa São Tomé",
            "country": "BR",
            "households": 120,
            "start_date": "1995",
            "tenure": "user_cooperative",
        },
    ]
    full = []
    for number, row in enumerate(rows, start=2):
        values = {"description": "", "tags": "", "country": "", "households": None, **row}
        values.setdefault("start_date", "")
        values.setdefault("tenure", "")
        full.append(CaseRow(number, values))
    import_cases(ws, full, backup=False)


def test_title_beats_tags_beats_body(coop: Workspace) -> None:
    """A word in the title ranks above the same word in tags, which ranks above the body."""
    add_cases(coop)
    slugs = [
        h.slug
        for h in search_cases(coop, "mutual aid")
        if h.slug in {"title-hit", "tag-hit", "body-hit"}
    ]
    assert slugs == ["title-hit", "tag-hit", "body-hit"]


def test_accents_and_prefixes(coop: Workspace) -> None:
    """Typing without accents, or half a word, finds the case."""
    add_cases(coop)
    assert [h.slug for h in search_cases(coop, "sao tome")] == ["accented"]
    assert "accented" in [h.slug for h in search_cases(coop, "Cooperativa Sã")]
    assert match_expression("land tru") == '"land" AND "tru"*'
    assert match_expression("land ") == '"land"'
    assert match_expression("land t") == '"land"'
    assert match_expression("l") == ""


def test_filters_narrow_results(coop: Workspace) -> None:
    """Country, tenure, size, years and tag filters each keep only matching cases."""
    add_cases(coop)
    assert [h.slug for h in search_cases(coop, "", CaseFilters(countries=("BR",)))] == ["accented"]
    wide = CaseFilters(min_households=100, max_households=200, from_year=1990, to_year=2000)
    assert [h.slug for h in search_cases(coop, "cooperativa", wide)] == ["accented"]
    assert search_cases(coop, "", CaseFilters(min_households=500, countries=("BR",))) == ()
    tenure = CaseFilters(tenures=("user_cooperative",), countries=("BR",))
    assert [h.slug for h in search_cases(coop, "", tenure)] == ["accented"]
    assert [h.slug for h in search_cases(coop, "", CaseFilters(tags=("self-build",)))] == [
        "tag-hit"
    ]


def test_index_follows_updates_and_deletes(coop: Workspace) -> None:
    """An edited or removed case is found by its new words and no longer by its old ones."""
    add_cases(coop)
    hit = search_cases(coop, "Land trust")[0]
    with coop.write("edit") as w:
        w.update("reference_case", hit.id, {"title": "Fideicomiso de tierra"})
    assert "other" not in [h.slug for h in search_cases(coop, "Land trust")]
    assert [h.slug for h in search_cases(coop, "fideicomiso tierra")] == ["other"]
    with coop.write("remove") as w:
        w.remove("reference_case", hit.id)
    assert search_cases(coop, "fideicomiso") == ()


def test_starter_cases_are_searchable_in_spanish(coop: Workspace) -> None:
    """The starter library answers a Spanish query typed without accents."""
    assert search_cases(coop, "cano martin pena")[0].slug == "cano-martin-pena"
    assert search_cases(coop, "ayuda mutua")[0].slug == "fucvam-uruguay"


def test_near_miss_falls_back_to_any_word(coop: Workspace) -> None:
    """When no case holds every word, cases holding some of them still come, ranked."""
    add_cases(coop)
    slugs = [h.slug for h in search_cases(coop, "mutual zzzunknown")]
    assert slugs[:1] == ["title-hit"] and "other" not in slugs
