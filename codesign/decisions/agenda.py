"""An assembly's agenda: add, edit, reorder and remove points until the assembly is closed.

A closed assembly's minutes are final (they are printed and signed), so every
service here refuses to touch its agenda. Positions are only an order: a
removed point leaves a gap and the list is numbered 1, 2, 3… when shown.
Undo in the window calls these same services with the earlier values, so an
undo is refused on a closed assembly too.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codesign.auth import Action, require
from codesign.decisions.quorum import load_assembly
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import ngettext
from models.decisions import AgendaItem, Assembly, Motion

TITLE_LENGTH = 300  # the column's size


@dataclass(frozen=True, slots=True)
class AgendaItemRecord:
    """One point of the agenda as the window lists it."""

    id: uuid.UUID
    position: int
    title: str
    notes: str
    motions: int  # motions put under this point (a point with motions stays)


def agenda_items(ws: Workspace, assembly_id: uuid.UUID) -> tuple[AgendaItemRecord, ...]:
    """The assembly's agenda in order, with how many motions each point holds."""
    with ws.session() as session:
        load_assembly(session, assembly_id, ws.label)
        return read_agenda(session, assembly_id)


def read_agenda(session: Session, assembly_id: uuid.UUID) -> tuple[AgendaItemRecord, ...]:
    """The agenda inside an open session (the assembly view and the services share it)."""
    counts = (
        select(Motion.agenda_item_id, func.count().label("n"))
        .where(Motion.assembly_id == assembly_id, Motion.deleted.is_(False))
        .group_by(Motion.agenda_item_id)
        .subquery()
    )
    stmt = (
        select(
            AgendaItem.id,
            AgendaItem.position,
            AgendaItem.title,
            AgendaItem.notes,
            func.coalesce(counts.c.n, 0),
        )
        .outerjoin(counts, counts.c.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.assembly_id == assembly_id, AgendaItem.deleted.is_(False))
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return tuple(AgendaItemRecord(*row) for row in session.execute(stmt).tuples())


def _editable_assembly(w: Writer, assembly_id: uuid.UUID) -> Assembly:
    """The assembly, refused once it is closed."""
    assembly = load_assembly(w.session, assembly_id, w.ws.label)
    if assembly.status == "closed":
        raise BadInput(
            _(
                "this assembly is closed and its minutes are final;"
                " its agenda can no longer be changed"
            ),
            path=w.ws.label,
        )
    return assembly


def _item(w: Writer, item_id: uuid.UUID, *, removed: bool = False) -> AgendaItem:
    """The agenda point (a removed one only when ``removed``), its assembly still open."""
    found = w.session.get(AgendaItem, item_id)
    if found is None or found.deleted != removed:
        raise NotFound(_("no agenda item {ref}").format(ref=item_id), path=w.ws.label)
    _editable_assembly(w, found.assembly_id)
    return found


def _clean_title(ws: Workspace, title: str) -> str:
    text = title.strip()
    if not text:
        raise BadInput(_("an agenda item needs a title"), path=ws.label)
    if len(text) > TITLE_LENGTH:
        raise BadInput(
            ngettext(
                "an agenda item's title has at most {limit} character",
                "an agenda item's title has at most {limit} characters",
                TITLE_LENGTH,
            ).format(limit=TITLE_LENGTH),
            path=ws.label,
        )
    return text


def add_agenda_item(
    ws: Workspace, assembly_id: uuid.UUID, title: str, notes: str = ""
) -> tuple[WriteResult, uuid.UUID]:
    """Add a point at the end of the agenda."""
    require(ws, Action.RUN_ASSEMBLIES)
    text = _clean_title(ws, title)
    with ws.write(_("Add an agenda item")) as w:
        _editable_assembly(w, assembly_id)
        last = w.session.scalar(
            select(func.max(AgendaItem.position)).where(AgendaItem.assembly_id == assembly_id)
        )
        item = w.insert(
            "agenda_item",
            {
                "assembly_id": assembly_id,
                "position": int(last or 0) + 1,
                "title": text,
                "notes": notes.strip(),
            },
        )
    return w.result(), item


def edit_agenda_item(
    ws: Workspace, item_id: uuid.UUID, *, title: str, notes: str = ""
) -> WriteResult:
    """Give a point a new title and text; only the fields that differ are written."""
    require(ws, Action.RUN_ASSEMBLIES)
    text = _clean_title(ws, title)
    with ws.write(_("Edit an agenda item")) as w:
        item = _item(w, item_id)
        changed = {
            k: v for k, v in (("title", text), ("notes", notes.strip())) if getattr(item, k) != v
        }
        w.update("agenda_item", item_id, changed)
    return w.result()


def reorder_agenda(
    ws: Workspace, assembly_id: uuid.UUID, order: Sequence[uuid.UUID]
) -> WriteResult:
    """Put the agenda in ``order``; points it does not name (added meanwhile) follow in theirs.

    Only the points whose position moves are written, so a reorder on one
    laptop and an edit of a title on another never conflict.
    """
    require(ws, Action.RUN_ASSEMBLIES)
    if len(set(order)) != len(order):
        raise BadInput(_("an agenda order names each item once"), path=ws.label)
    with ws.write(_("Reorder the agenda")) as w:
        _editable_assembly(w, assembly_id)
        current = read_agenda(w.session, assembly_id)
        known = {record.id for record in current}
        for item_id in order:
            if item_id not in known:
                raise NotFound(_("no agenda item {ref}").format(ref=item_id), path=ws.label)
        named = set(order)
        rest = [record.id for record in current if record.id not in named]
        positions = {record.id: record.position for record in current}
        for position, item_id in enumerate([*order, *rest], 1):
            if positions[item_id] != position:
                w.update("agenda_item", item_id, {"position": position})
    return w.result()


def remove_agenda_item(ws: Workspace, item_id: uuid.UUID) -> WriteResult:
    """Take a point off the agenda; a point with motions stays (the motions name it)."""
    require(ws, Action.RUN_ASSEMBLIES)
    with ws.write(_("Remove an agenda item")) as w:
        item = _item(w, item_id)
        motions = int(
            w.session.scalar(
                select(func.count())
                .select_from(Motion)
                .where(Motion.agenda_item_id == item_id, Motion.deleted.is_(False))
            )
            or 0
        )
        if motions:
            raise BadInput(
                ngettext(
                    "“{title}” has {count} motion; it stays on the agenda",
                    "“{title}” has {count} motions; it stays on the agenda",
                    motions,
                ).format(title=item.title, count=motions),
                path=ws.label,
            )
        w.remove("agenda_item", item_id)
    return w.result()


def restore_agenda_item(ws: Workspace, item_id: uuid.UUID) -> WriteResult:
    """Put a removed point back in its place (undoing a removal)."""
    require(ws, Action.RUN_ASSEMBLIES)
    with ws.write(_("Restore an agenda item")) as w:
        _item(w, item_id, removed=True)
        w.update("agenda_item", item_id, {"deleted": False})
    return w.result()
