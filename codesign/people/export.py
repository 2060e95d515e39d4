"""Everything held about one person, as JSON: the person's right to see their data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import or_, select

from codesign.auth import Action, may
from codesign.errors import NotPermitted
from codesign.journal.codec import encode
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ids import PersonId
from models.tables import Change, Household, Person, RoleAssignment

FORMAT = "minga-person-export/1"


def _row(obj: object, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    table = obj.__table__  # type: ignore[attr-defined]
    return {c.name: encode(getattr(obj, c.name)) for c in table.columns if c.name not in skip}


def person_data(ws: Workspace, person: PersonId) -> dict[str, Any]:
    """The person, their household, roles and every journaled change about or by them."""
    if person != ws.actor and not may(ws, Action.READ_CONTACTS):
        raise NotPermitted(
            _("only the person themselves, the committee or the secretary may export it"),
            path=ws.label,
        )
    with ws.session() as session:
        found = session.get(Person, person)
        if found is None:
            raise NotPermitted(_("no such person"), path=ws.label)
        household = session.get(Household, found.household_id) if found.household_id else None
        roles = session.scalars(
            select(RoleAssignment).where(RoleAssignment.person_id == person)
        ).all()
        role_ids = [r.id for r in roles]
        changes = session.scalars(
            select(Change)
            .where(
                or_(
                    Change.author_id == person,
                    Change.row_id == person,
                    Change.row_id.in_(role_ids),
                )
            )
            .order_by(Change.hlc)
        ).all()
        return {
            "format": FORMAT,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "person": _row(found, skip=("passphrase_hash",))
            | {"has_passphrase": bool(found.passphrase_hash)},
            "household": _row(household) if household else None,
            "roles": [_row(r) for r in roles],
            "changes": [_change(c, mine={person, *role_ids}) for c in changes],
        }


def _change(change: Change, *, mine: set[Any]) -> dict[str, Any]:
    """A journal entry; field values only for rows about the person (not others' data)."""
    fields: dict[str, Any] = orjson.loads(change.fields) if change.row_id in mine else {}
    return {
        "device": str(change.device_id),
        "seq": change.seq,
        "hlc": change.hlc,
        "author": str(change.author_id) if change.author_id else None,
        "entity": change.entity,
        "row": str(change.row_id),
        "op": change.op,
        "label": change.label,
        "fields": {k: ("***" if k == "passphrase_hash" else v) for k, v in fields.items()},
    }


def export_person(ws: Workspace, person: PersonId, out: Path) -> dict[str, Any]:
    """Write ``person_data`` to ``out`` as indented UTF-8 JSON; return the data."""
    data = person_data(ws, person)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    tmp.replace(out)
    return data
