"""Undo as a new change: the inverse of an earlier group, journaled and synced like any edit.

An insert is undone by marking the row deleted; an update by setting each
field back to the value of the changes it was based on. Redo is the undo of
the undo.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from sqlalchemy import select

from codesign.auth import ENTITY_ACTIONS, require
from codesign.errors import BadInput, NotPermitted
from codesign.journal.codec import decode
from codesign.journal.entities import table
from codesign.journal.policy import policy_for
from codesign.journal.writer import Writer, WriteResult, load_changes
from codesign.workspace import Workspace
from i18n import gettext as _
from models.tables import Change


def undo_group(ws: Workspace, group: uuid.UUID, label: str | None = None) -> WriteResult:
    """Write the inverse of every change in ``group`` as one new group."""
    with ws.write(label or _("Undo")) as w:
        changes = list(
            w.session.scalars(
                select(Change).where(Change.group_id == group).order_by(Change.seq.desc())
            )
        )
        if not changes:
            raise BadInput(_("nothing to undo"), path=ws.label)
        for entity in {c.entity for c in changes}:
            action = ENTITY_ACTIONS.get(entity)
            if action is None or policy_for(entity).append_only:
                raise NotPermitted(_("this change cannot be undone"), path=ws.label)
            require(ws, action)
        removable = {c.entity for c in changes if "deleted" in table(c.entity).c}
        if any(c.op == "insert" and c.entity not in removable for c in changes):
            # Rows without a deleted flag are never removed, only superseded.
            raise NotPermitted(_("this change cannot be undone"), path=ws.label)
        _refuse_closed_rows(w, changes)
        for change in changes:
            if change.op == "insert":
                w.remove(change.entity, change.row_id)
                continue
            fields: dict[str, Any] = orjson.loads(change.fields)
            bases: dict[str, list[str]] = orjson.loads(change.base)
            tbl = table(change.entity)
            previous: dict[str, Any] = {}
            for field in fields:
                earlier = load_changes(w.session, bases.get(field, []))
                newest = max(earlier, key=lambda c: (c.hlc, str(c.device_id)), default=None)
                if newest is None:
                    continue
                value = orjson.loads(newest.fields).get(field)
                previous[field] = decode(tbl.c[field], value)
            w.update(change.entity, change.row_id, previous)
    return w.result()


def _refuse_closed_rows(w: Writer, changes: list[Change]) -> None:
    """A row that froze when it was closed (a closed vote) is never reopened by undo."""
    for change in changes:
        closed_when = policy_for(change.entity).closed_when
        if closed_when is None:
            continue
        tbl = table(change.entity)
        row = w.session.execute(select(tbl).where(tbl.c.id == change.row_id)).mappings().first()
        if row is not None and closed_when(dict(row)):
            raise NotPermitted(_("this change cannot be undone"), path=w.ws.label)
