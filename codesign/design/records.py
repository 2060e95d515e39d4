"""Immutable records the co-design services return, and the typed ids they use."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import NewType

from i18n import N_
from models.ids import HouseholdId, PersonId

SiteId = NewType("SiteId", uuid.UUID)
ProposalId = NewType("ProposalId", uuid.UUID)
VersionId = NewType("VersionId", uuid.UUID)
CommentId = NewType("CommentId", uuid.UUID)

# Untranslated names of statuses and scopes, for ``_()`` where they are shown.
STATUS_LABELS = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "changes_requested": N_("changes requested"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "superseded": N_("superseded"),
}
SCOPE_LABELS = {
    "site": N_("site"),
    "unit": N_("unit"),
    "classroom": N_("classroom"),
}


@dataclass(frozen=True, slots=True)
class ProposalRecord:
    """A proposal as lists show it, with its newest version."""

    id: ProposalId
    title: str
    scope: str
    status: str
    household_id: HouseholdId | None
    household: str
    parent_id: ProposalId | None
    created_at: dt.datetime
    status_at: dt.datetime | None
    status_by: str
    versions: int
    latest_version: VersionId | None
    open_comments: int


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One saved version (its drawing is read separately: it may be large)."""

    id: VersionId
    proposal_id: ProposalId
    number: int
    author_id: PersonId | None
    author: str
    created_at: dt.datetime
    note: str
    features: int


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """A comment pinned on a version; ``carried`` when it was made on an earlier version."""

    id: CommentId
    proposal_id: ProposalId
    version_id: VersionId
    version_number: int
    parent_id: CommentId | None
    x: float
    y: float
    text: str
    author_id: PersonId | None
    author: str
    created_at: dt.datetime
    resolved: bool
    resolved_by: str
    carried: bool


@dataclass(frozen=True, slots=True)
class StatusChangeRecord:
    """One step of the review history."""

    from_status: str
    to_status: str
    by: str
    at: dt.datetime
    version_number: int | None
    note: str


@dataclass(frozen=True, slots=True)
class CreatedProposal:
    """What creating a proposal made."""

    proposal: ProposalId
    version: VersionId
    features: int


def now_utc() -> dt.datetime:
    """The current UTC time without a zone, as the tables store it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
