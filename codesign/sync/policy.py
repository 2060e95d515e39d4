"""How each journaled entity merges when changes arrive from other laptops.

Entities are merged field by field unless their policy says otherwise.
Later domains add an entry here for each table whose rows must not be
edited (append-only), that freeze once closed, or that need a role other
than the one ``codesign.auth.ENTITY_ACTIONS`` names.
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

POLICIES: dict[str, EntityPolicy] = {
    "account": EntityPolicy(action=Action.POST_LEDGER),
    "ledger_transaction": _LEDGER,
    "posting": _LEDGER,
    "device": EntityPolicy(local=True),
}

# Tables other sections add; their rules hold from the day they land.
PLANNED: dict[str, EntityPolicy] = {
    "proposal_version": EntityPolicy(action=None, append_only=True),
    "vote": EntityPolicy(action=Action.RUN_VOTES, append_only=True),
    "vote_event": EntityPolicy(
        action=Action.RUN_VOTES, closed_when=lambda row: row.get("status") == "closed"
    ),
}


def register(entity: str, policy: EntityPolicy) -> None:
    """Give ``entity`` its merge rules (a section calls this when its tables land)."""
    POLICIES[entity] = policy


def policy_for(entity: str) -> EntityPolicy:
    """The merge rules of ``entity``: its entry, else field merging under its auth action."""
    found = POLICIES.get(entity) or PLANNED.get(entity)
    if found is not None:
        return found
    return EntityPolicy(action=ENTITY_ACTIONS.get(entity))
