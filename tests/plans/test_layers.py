"""The default layer-name table from DESIGN.md, and the user's overrides."""

from __future__ import annotations

import pytest

from plans.layers import DEFAULT_WORDS, default_kind, kind_for_layer

TABLE = {
    "site": "site, boundary, terreno, sitio, lindero, limite, terreno_total",
    "plot": "plot, lote, parcela, lot",
    "building": "building, edificio, bloque, edificacao, predio",
    "unit": "unit, vivienda, unidad, casa, moradia, apartamento, departamento, dwelling",
    "room": "room, ambiente, cuarto, habitacion, dormitorio, sala, aula, quarto",
    "common": "common, comun, comunal, salon, equipamiento, shared",
    "path": "path, camino, sendero, circulacion, calle, vereda, acceso",
    "green": "green, verde, jardin, parque, huerto, garden",
}


def test_table_is_the_designs() -> None:
    """Every word of the DESIGN.md table maps to its kind, and no other word is listed."""
    for kind, words in TABLE.items():
        listed = tuple(w.strip() for w in words.split(","))
        assert DEFAULT_WORDS[kind] == listed
        for word in listed:
            assert default_kind(word) == kind, word


@pytest.mark.parametrize(
    ("layer", "kind"),
    [
        ("HABITACIÓN", "room"),
        ("Circulación peatonal", "path"),
        ("Jardín", "green"),
        ("EDIFICAÇÃO", "building"),
        ("A-VIVIENDAS-01", "unit"),  # a plural still starts with the word
        ("Lote 3", "plot"),
        ("TERRENO TOTAL", "site"),
        ("casa comunal", "common"),  # comunal (7) beats casa (4)
        ("Salón_Casa", "common"),  # salon (5) beats casa (4)
        ("bloque viviendas", "unit"),  # vivienda (8) beats bloque (6)
        ("areas verdes", "green"),
        ("community hall", None),  # "unit" inside a word does not count
        ("MUROS", None),
        ("0", None),
    ],
)
def test_default_kind_folding_and_longest_match(layer: str, kind: str | None) -> None:
    """Case and accents are ignored, words match at their start, the longest word wins."""
    assert default_kind(layer) == kind


def test_user_mapping_adds_and_overrides() -> None:
    """The user's layer mapping (folded too) adds unknown layers and overrides guesses."""
    mapping = {"muros": "building", "CASA": "common"}
    assert kind_for_layer("Muros", mapping) == "building"
    assert kind_for_layer("casa", mapping) == "common"
    assert kind_for_layer("Casá", mapping) == "common"
    assert kind_for_layer("vivienda", mapping) == "unit"
    assert kind_for_layer("otra", mapping) is None
