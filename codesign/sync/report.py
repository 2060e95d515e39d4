"""What an import reports: new changes, conflicts, gaps and clock skew."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codesign.errors import MingaError
from i18n import gettext as _


class ImportCancelled(MingaError):
    """The person cancelled the import; nothing was changed."""

    exit_code = 130


@dataclass(frozen=True, slots=True)
class Gap:
    """Changes of one device this file still lacks."""

    device: str
    name: str
    first: int
    last: int

    def text(self) -> str:
        """'missing 41–49 from the treasurer's laptop'."""
        return _("missing {first}–{last} from {name}").format(
            first=self.first, last=self.last, name=self.name or self.device[:8]
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    status: str
    changes: int
    conflicts: int
    gaps: tuple[Gap, ...] = ()
    skew: tuple[str, ...] = ()
    sections: dict[str, int] = field(default_factory=dict)
    device: str = ""
    device_name: str = ""
    fingerprint: str = ""
    conflict_fields: tuple[tuple[str, str, str], ...] = ()
    backup: Path | None = None

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON object."""
        return {
            "status": self.status,
            "changes": self.changes,
            "conflicts": self.conflicts,
            "gaps": [
                {"device": g.device, "name": g.name, "first": g.first, "last": g.last}
                for g in self.gaps
            ],
            "skew": list(self.skew),
            "device": self.device,
            "fingerprint": self.fingerprint,
        }
