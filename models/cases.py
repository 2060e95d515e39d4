"""Reference cases: other cooperatives' experience, their attachments and links.

Field names follow the exchange format (``reference-case.schema.json``,
Participedia-compatible names first). ``slug`` is the case's stable id in
packages, so importing a package again updates its cases instead of adding
copies; the UUIDv7 ``id`` is the key that syncs.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

TENURES = (
    "user_cooperative",
    "collective_ownership",
    "community_land_trust",
    "mutual_home_ownership",
    "limited_equity",
    "rental_cooperative",
    "syndicate",
    "other",
)
ATTACHMENT_KINDS = ("plan", "image", "document")


class ReferenceCase(Base):
    """One case of the library; text fields without a suffix are English."""

    __tablename__ = "reference_case"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    # Not unique in SQL: two laptops may import the same package before they sync.
    slug: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(300))
    title_es: Mapped[str] = mapped_column(String(300), default="")
    title_pt: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_es: Mapped[str] = mapped_column(Text, default="")
    description_pt: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    city: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[str] = mapped_column(String(10), default="")
    end_date: Mapped[str] = mapped_column(String(10), default="")
    ongoing: Mapped[bool | None]
    general_issues: Mapped[str] = mapped_column(Text, default="")
    specific_topics: Mapped[str] = mapped_column(Text, default="")
    number_of_participants: Mapped[int | None] = mapped_column(Integer)
    decision_methods: Mapped[str] = mapped_column(Text, default="")
    if_voting: Mapped[str] = mapped_column(String(20), default="")
    organizers: Mapped[str] = mapped_column(Text, default="")
    funders: Mapped[str] = mapped_column(Text, default="")
    tenure: Mapped[str] = mapped_column(String(30), default="")
    households: Mapped[int | None] = mapped_column(Integer)
    people: Mapped[int | None] = mapped_column(Integer)
    financing: Mapped[str] = mapped_column(Text, default="")
    mutual_aid_hours_per_week: Mapped[float | None] = mapped_column(Float)
    land_source: Mapped[str] = mapped_column(Text, default="")
    built_area_per_unit_m2: Mapped[float | None] = mapped_column(Float)
    cost_per_m2: Mapped[float | None] = mapped_column(Float)
    cost_currency: Mapped[str] = mapped_column(String(3), default="")
    cost_year: Mapped[int | None] = mapped_column(Integer)
    students: Mapped[int | None] = mapped_column(Integer)
    governance: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    lessons_es: Mapped[str] = mapped_column(Text, default="")
    lessons_pt: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    license: Mapped[str] = mapped_column(String(100), default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    # Where the case came from: "starter", or the package or file it was imported from.
    origin: Mapped[str] = mapped_column(String(300), default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class CaseAttachment(Base):
    """A plan (GeoJSON), image or document kept with a case, stored in the file."""

    __tablename__ = "case_attachment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reference_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class CaseLink(Base):
    """A case attached as evidence to another row (a motion, a proposal).

    The target is named by entity and id, not a foreign key, so a link can
    point at tables another part of Minga owns.
    """

    __tablename__ = "case_link"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reference_case.id"), index=True)
    target_entity: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[uuid.UUID] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class CaseMapping(Base):
    """A saved CSV column mapping (field → column header), chosen by name on import."""

    __tablename__ = "case_mapping"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200), index=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())
