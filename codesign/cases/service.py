"""Changing the library: attachments, links to motions and proposals, saved CSV mappings.

Links name their target by entity and id: motions and proposals live in
tables other parts of Minga own, and a file may not have them yet, so
``link_targets`` lists what exists and says nothing when a table is absent.
"""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound, UnreadableFile
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from models.cases import CaseLink, CaseMapping, ReferenceCase

# Entities a case can be attached to, with their names as the attach dialog shows them.
LINK_TARGETS: dict[str, str] = {"motion": N_("Motion"), "proposal": N_("Proposal")}
MAX_ATTACHMENT = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Something a case can be attached to."""

    entity: str
    id: uuid.UUID
    label: str


def _live_case(ws: Workspace, case_id: uuid.UUID) -> None:
    require(ws, Action.EDIT_CASES)
    with ws.session() as session:
        case = session.get(ReferenceCase, case_id)
        if case is None or case.deleted:
            raise NotFound(_("there is no such case"), path=ws.label)


def link_targets(ws: Workspace) -> tuple[LinkTarget, ...]:
    """The motions and proposals of this file, each named as its list shows it."""
    from models.decisions import Motion
    from models.design import Proposal

    found: list[LinkTarget] = []
    with ws.session() as session:
        for motion_id, number, motion_text in session.execute(
            select(Motion.id, Motion.number, Motion.text).where(~Motion.deleted)
        ):
            label = f"{number}. {motion_text}" if number else motion_text
            found.append(LinkTarget("motion", motion_id, label))
        for proposal_id, title in session.execute(
            select(Proposal.id, Proposal.title).where(~Proposal.deleted)
        ):
            found.append(LinkTarget("proposal", proposal_id, title))
    return tuple(sorted(found, key=lambda t: (t.entity, t.label.casefold())))


def attach_case(
    ws: Workspace, case_id: uuid.UUID, entity: str, target_id: uuid.UUID, note: str = ""
) -> WriteResult:
    """Attach a case as evidence to a motion or a proposal (once: a second attach does nothing)."""
    if entity not in LINK_TARGETS:
        raise BadInput(_("a case can be attached to a motion or a proposal"), path=ws.label)
    _live_case(ws, case_id)
    if not any(t.entity == entity and t.id == target_id for t in link_targets(ws)):
        raise NotFound(_("there is no such motion or proposal"), path=ws.label)
    with ws.write(_("Attach case")) as w:
        existing = w.session.scalars(
            select(CaseLink.id).where(
                CaseLink.case_id == case_id,
                CaseLink.target_entity == entity,
                CaseLink.target_id == target_id,
                ~CaseLink.deleted,
            )
        ).first()
        if existing is None:
            w.insert(
                "case_link",
                {
                    "case_id": case_id,
                    "target_entity": entity,
                    "target_id": target_id,
                    "note": note.strip(),
                },
            )
    return w.result()


def add_attachment(ws: Workspace, case_id: uuid.UUID, path: Path) -> WriteResult:
    """Keep a plan (GeoJSON), an image or a document with a case, inside the file."""
    _live_case(ws, case_id)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            _("cannot read the file: {reason}").format(reason=error.strerror or error), path=path
        ) from None
    if len(content) > MAX_ATTACHMENT:
        raise BadInput(_("the file is larger than 20 MB"), path=path)
    suffix = path.suffix.lower()
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if suffix in (".geojson", ".json"):
        kind, media = "plan", "application/geo+json"
    elif media.startswith("image/"):
        kind = "image"
    else:
        kind = "document"
    with ws.write(_("Add attachment")) as w:
        w.insert(
            "case_attachment",
            {
                "case_id": case_id,
                "kind": kind,
                "name": path.name,
                "media_type": media,
                "content": content,
            },
        )
    return w.result()


def saved_mappings(ws: Workspace) -> dict[str, dict[str, str]]:
    """CSV column mappings saved in this file, by name."""
    with ws.session() as session:
        rows = session.scalars(select(CaseMapping).where(~CaseMapping.deleted))
        return {m.name: {str(k): str(v) for k, v in m.mapping.items()} for m in rows}


def save_mapping(ws: Workspace, name: str, mapping: Mapping[str, str]) -> WriteResult:
    """Save (or replace) a named CSV column mapping in the cooperative file."""
    require(ws, Action.EDIT_CASES)
    name = name.strip()
    if not name:
        raise BadInput(_("the mapping needs a name"), path=ws.label)
    clean = {f: h for f, h in mapping.items() if h}
    with ws.write(_("Save column mapping")) as w:
        existing = w.session.scalars(
            select(CaseMapping.id).where(CaseMapping.name == name, ~CaseMapping.deleted)
        ).first()
        if existing is None:
            w.insert("case_mapping", {"name": name, "mapping": clean})
        else:
            w.update("case_mapping", existing, {"mapping": clean})
    return w.result()
