"""Marking English message templates for extraction without importing our i18n layer.

``plans`` imports nothing of ours; its messages are English templates with
``{placeholders}``, marked with ``N_`` so the extractor (keyword ``N_``) finds
them. The caller translates: ``_(template).format(**dict(params))``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark only"
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def _same(text: str) -> str:
    return text


def render(
    template: str,
    params: Iterable[tuple[str, Any]],
    translate: Callable[[str], str] = _same,
) -> str:
    """The message in the language ``translate`` gives (English by default)."""
    return translate(template).format(**dict(params))
