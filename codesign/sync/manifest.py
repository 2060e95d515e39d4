"""The manifest of a bundle: checked before anything in it is believed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from codesign.errors import BadInput
from codesign.sync import bundle, keys
from codesign.sync.state import Ranges, decode_ranges
from i18n import gettext as _
from models.migrate import SCHEMA_HEAD

_HEX32 = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Manifest:
    """The signed facts about a bundle."""

    schema: str
    cooperative: str
    device: str
    device_name: str
    public_key: bytes
    changes: int
    full: bool
    ranges: dict[str, Ranges]
    known: dict[str, Ranges]
    devices: dict[str, dict[str, Any]]


def _schema_ok(schema: str, label: str) -> None:
    """Reject a schema newer than ours; older ones are upgraded by filling new columns."""
    if schema == SCHEMA_HEAD:
        return
    from models.migrate import known_revisions

    if schema not in known_revisions():
        raise BadInput(
            _("the bundle was written by a newer Minga (schema {schema}); update Minga").format(
                schema=schema[:20]
            ),
            path=label,
        )


def parse_manifest(raw: bundle.RawBundle, label: str) -> Manifest:
    """The manifest, once its signature matches the key it names and its schema is known."""
    data = raw.manifest
    bad = BadInput(_("the bundle's manifest is not valid"), path=label)
    try:
        public = bytes.fromhex(str(data["public_key"]))
        device = str(data["device"])
        cooperative = str(data["cooperative"])
        count = data["changes"]
        devices = data.get("devices", {})
    except (KeyError, ValueError, TypeError):
        raise bad from None
    if data.get("format") != bundle.FORMAT:
        raise BadInput(
            _("unknown bundle format {format}; update Minga").format(
                format=str(data.get("format"))[:10]
            ),
            path=label,
        )
    if len(public) != 32 or not _HEX32.fullmatch(device) or not _HEX32.fullmatch(cooperative):
        raise bad
    if not keys.verify(public, raw.signature, raw.manifest_bytes):
        raise BadInput(_("the bundle's signature does not match; it was altered"), path=label)
    if type(count) is not int or not isinstance(devices, dict):
        raise bad
    _schema_ok(str(data.get("schema", "")), label)
    for info in devices.values():
        if not isinstance(info, dict):
            raise bad
    return Manifest(
        str(data.get("schema")),
        cooperative,
        device,
        str(data.get("device_name", "")),
        public,
        count,
        bool(data.get("full")),
        decode_ranges(data.get("ranges")),
        decode_ranges(data.get("known")),
        {str(k): v for k, v in devices.items()},
    )
