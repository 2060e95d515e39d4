"""Why a plan file was refused, and what was noticed while reading one.

Reasons are English templates marked with ``N_``; the caller translates them
(``_(reason_template).format(**dict(params))``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plans._text import render


class PlanFileError(ValueError):
    """A plan file that cannot be read; nothing of it is imported."""

    def __init__(
        self,
        path: str | Path,
        reason_template: str,
        *,
        entity: str = "",
        **params: Any,
    ) -> None:
        self.path = str(path)
        self.entity = entity
        self.reason_template = reason_template
        self.params: tuple[tuple[str, Any], ...] = tuple(params.items())
        super().__init__(str(self))

    def reason(self, translate: Callable[[str], str] | None = None) -> str:
        """The reason in the language ``translate`` gives (English by default)."""
        if translate is None:
            return render(self.reason_template, self.params)
        return render(self.reason_template, self.params, translate)

    def __str__(self) -> str:
        where = f" ({self.entity})" if self.entity else ""
        return f"{self.path}{where}: {self.reason()}"


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """Something a reader skipped or repaired, naming the entity (handle, layer or feature)."""

    entity: str
    template: str
    params: tuple[tuple[str, Any], ...] = ()

    def message(self, translate: Callable[[str], str] | None = None) -> str:
        """The warning in the language ``translate`` gives (English by default)."""
        if translate is None:
            return render(self.template, self.params)
        return render(self.template, self.params, translate)
