"""Which changes each journaled entity accepts: from undo here, and from other laptops.

Entities are merged field by field unless their policy says otherwise. Each
table whose rows must not be edited (append-only), that freeze once closed,
or that need a role other than the one ``codesign.auth.ENTITY_ACTIONS``
names has an entry here; undo (``codesign.journal.undo``) and sync
(``codesign.sync``) read the same entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from codesign.auth import ENTITY_ACTIONS, Action

ClosedWhen = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class EntityPolicy:
    """The merge rules of one entity.

    ``append_only``: rows are only ever inserted (a bundle that edits one is rejected).
    ``closed_when``: once a row's values satisfy it, later edits are refused and flagged.
    ``action``: the privilege its author must have held; None lets any member write.
    ``local``: never travels in bundles (this laptop's own view, e.g. device trust).
    """

    action: Action | None = None
    append_only: bool = False
    closed_when: ClosedWhen | None = None
    local: bool = False


_LEDGER = EntityPolicy(action=Action.POST_LEDGER, append_only=True)


def _vote_closed(row: Mapping[str, Any]) -> bool:
    return row.get("status") == "closed"


POLICIES: dict[str, EntityPolicy] = {
    "account": EntityPolicy(action=Action.POST_LEDGER),
    "ledger_transaction": _LEDGER,
    "posting": _LEDGER,
    # A stored file's bytes never change; attachments point at them.
    "blob": EntityPolicy(append_only=True),
    "device": EntityPolicy(local=True),
    # Members draw and comment on their own proposals (the design services check
    # authorship); the architect's own rights guard direct edits and their undo only.
    "proposal": EntityPolicy(),
    "review_comment": EntityPolicy(),
    # Design versions and the record of who moved a proposal are history.
    "proposal_version": EntityPolicy(append_only=True),
    "proposal_status_change": EntityPolicy(append_only=True),
    # A vote is cast once; a closed vote event keeps its counts and result.
    "vote": EntityPolicy(action=Action.RUN_VOTES, append_only=True),
    "vote_event": EntityPolicy(action=Action.RUN_VOTES, closed_when=_vote_closed),
}


def policy_for(entity: str) -> EntityPolicy:
    """The merge rules of ``entity``: its entry, else field merging under its auth action."""
    found = POLICIES.get(entity)
    if found is not None:
        return found
    return EntityPolicy(action=ENTITY_ACTIONS.get(entity))
