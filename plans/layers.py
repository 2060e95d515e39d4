"""Which feature kind a CAD layer holds, from its name (the table in DESIGN.md).

A layer name maps to a kind when, folded to lower case without accents, it
contains one of the kind's words starting at the beginning of a word (words
split at anything that is not a letter or digit): ``"A-VIVIENDAS-01"``,
``"Lote 3"`` and ``"Habitación"`` match, ``"community"`` does not hold
``unit``. The longest matching word wins (``"casa comunal"`` is common, not a
unit). A user's mapping adds layers or overrides the guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

DEFAULT_WORDS: Mapping[str, tuple[str, ...]] = {
    "site": ("site", "boundary", "terreno", "sitio", "lindero", "limite", "terreno_total"),
    "plot": ("plot", "lote", "parcela", "lot"),
    "building": ("building", "edificio", "bloque", "edificacao", "predio"),
    "unit": (
        "unit",
        "vivienda",
        "unidad",
        "casa",
        "moradia",
        "apartamento",
        "departamento",
        "dwelling",
    ),
    "room": (
        "room",
        "ambiente",
        "cuarto",
        "habitacion",
        "dormitorio",
        "sala",
        "aula",
        "quarto",
    ),
    "common": ("common", "comun", "comunal", "salon", "equipamiento", "shared"),
    "path": ("path", "camino", "sendero", "circulacion", "calle", "vereda", "acceso"),
    "green": ("green", "verde", "jardin", "parque", "huerto", "garden"),
}

_WORD_TO_KIND = {word: kind for kind, words in DEFAULT_WORDS.items() for word in words}
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def fold(name: str) -> str:
    """Lower case without accents: ``"Habitación"`` → ``"habitacion"``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _joined(name: str) -> str:
    """Each word folded, after a ``"_"``: ``"Área Verde-2"`` → ``"_area_verde_2"``."""
    return "".join("_" + t for t in _SEPARATORS.split(fold(name)) if t)


_WORDS = tuple(
    sorted(((_joined(w), kind) for w, kind in _WORD_TO_KIND.items()), key=lambda p: -len(p[0]))
)


def default_kind(layer_name: str) -> str | None:
    """The kind the default table gives ``layer_name``, or None when no word matches."""
    joined = _joined(layer_name)
    for word, kind in _WORDS:  # longest first
        if word in joined:
            return kind
    return None


def kind_for_layer(layer_name: str, layer_map: Mapping[str, str] | None = None) -> str | None:
    """The user's choice for ``layer_name`` (matched folded), else the default guess."""
    if layer_map:
        folded = fold(layer_name)
        for layer, kind in layer_map.items():
            if fold(layer) == folded:
                return kind
    return default_kind(layer_name)
