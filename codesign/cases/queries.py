"""Reading the case library: one case in full, in the reader's language, and filter choices."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from codesign.cases.fields import field_names, split_list
from codesign.errors import NotFound
from codesign.workspace import Workspace
from i18n import gettext as _
from models.cases import CaseAttachment, CaseLink, ReferenceCase


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """An attachment without its content."""

    id: uuid.UUID
    kind: str
    name: str
    media_type: str
    size: int


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything about one case; ``values`` uses the exchange-format names."""

    id: uuid.UUID
    values: dict[str, Any]
    attachments: tuple[AttachmentInfo, ...]
    links: tuple[tuple[str, uuid.UUID], ...]

    def text(self, name: str, language: str) -> str:
        """``title``, ``description`` or ``lessons`` in ``language`` (es, pt…), else English."""
        short = language.split("_", maxsplit=1)[0]
        if short in ("es", "pt"):
            localised = str(self.values.get(f"{name}_{short}") or "")
            if localised:
                return localised
        if short == "ca":  # Catalan readers get Spanish before English
            localised = str(self.values.get(f"{name}_es") or "")
            if localised:
                return localised
        return str(self.values.get(name) or "")

    def items(self, name: str) -> tuple[str, ...]:
        """A ';'-separated field as a list."""
        return split_list(str(self.values.get(name) or ""))


def case_detail(ws: Workspace, case_id: uuid.UUID) -> CaseDetail:
    """One case, its attachments and what it is attached to."""
    with ws.session() as session:
        case = session.get(ReferenceCase, case_id)
        if case is None or case.deleted:
            raise NotFound(_("there is no such case"), path=ws.label)
        values = {name: getattr(case, name, None) for name in field_names() if name != "id"}
        values["id"] = case.slug
        values["origin"] = case.origin
        attachments = tuple(
            AttachmentInfo(a.id, a.kind, a.name, a.media_type, len(a.content or b""))
            for a in session.scalars(
                select(CaseAttachment).where(
                    CaseAttachment.case_id == case_id, ~CaseAttachment.deleted
                )
            )
        )
        links = tuple(
            (link.target_entity, link.target_id)
            for link in session.scalars(
                select(CaseLink).where(CaseLink.case_id == case_id, ~CaseLink.deleted)
            )
        )
    return CaseDetail(case_id, values, attachments, links)


def filter_choices(ws: Workspace) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The countries and the tags found in the library, sorted, for the filter lists."""
    countries: set[str] = set()
    tags: set[str] = set()
    with ws.session() as session:
        for country, tag_text in session.execute(
            select(ReferenceCase.country, ReferenceCase.tags).where(~ReferenceCase.deleted)
        ):
            if country:
                countries.add(country)
            tags.update(split_list(tag_text or ""))
    return tuple(sorted(countries)), tuple(sorted(tags, key=str.casefold))


def attachment_content(ws: Workspace, attachment_id: uuid.UUID) -> bytes:
    """The bytes of one attachment."""
    with ws.session() as session:
        found = session.get(CaseAttachment, attachment_id)
        if found is None or found.deleted:
            raise NotFound(_("there is no such attachment"), path=ws.label)
        return bytes(found.content or b"")
