"""Co-design: the site, proposals, their immutable versions, review comments and status history.

A proposal's drawing lives in its versions: every save is a new row that is
never edited afterwards, so what the architect reviewed and what the
assembly approved stay exactly as they were. Comments belong to the version
they were pinned on and are shown on every later version of the proposal.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.ids import uuid7

SCOPES = ("site", "unit", "classroom")
STATUSES = ("draft", "submitted", "changes_requested", "approved", "rejected", "superseded")
CLOSED_STATUSES = frozenset({"approved", "rejected", "superseded"})


class Site(Base):
    """The cooperative's land: boundary, setbacks and the rules proposals are checked against."""

    __tablename__ = "site"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200))
    # The boundary as a plan dict (plans.features.plan_to_dict) holding the site feature.
    boundary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Setback distances in metres, e.g. {"default": 3.0}.
    setbacks: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # plans.rules.RuleSet.to_dict()
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class Proposal(Base):
    """A design for the site, one unit or a classroom, by a household, moving through review."""

    __tablename__ = "proposal"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(16), default="unit")
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    # A variant names the proposal it was made from.
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    status_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    status_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class ProposalVersion(Base):
    """One saved drawing of a proposal; immutable once written."""

    __tablename__ = "proposal_version"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # plans.features.plan_to_dict()
    features: Mapped[dict[str, Any]] = mapped_column(default=dict)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    created_hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text, default="")


class ReviewComment(Base):
    """A remark pinned at a point of a version; replies name their parent comment."""

    __tablename__ = "review_comment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal_version.id"), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("review_comment.id"), index=True)
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[dt.datetime]
    resolved: Mapped[bool] = mapped_column(default=False, server_default=false())
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    resolved_at: Mapped[dt.datetime | None]
    deleted: Mapped[bool] = mapped_column(default=False, server_default=false())


class ProposalStatusChange(Base):
    """One step of a proposal's review: from which status to which, by whom and when."""

    __tablename__ = "proposal_status_change"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)
    version_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal_version.id"))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text, default="")
