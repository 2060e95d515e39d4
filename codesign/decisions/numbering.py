"""Decision numbers: the next one, and the numbers two laptops gave twice before they synced.

Each laptop numbers a new decision one past the highest number it has seen
(its own and every synced one, removed ones too, so a number once given is
never reused). Two laptops that record decisions before exchanging bundles
still both give "14". Numbers are printed in signed minutes, so nothing is
renumbered by itself: the register flags a shared number and the secretary
gives one of the decisions the next free number, a journaled change that
syncs like any other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from codesign.auth import Action, require
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.decisions import Decision
from models.tables import Change, Device, Person


@dataclass(frozen=True, slots=True)
class SharedNumberEntry:
    """One of the decisions that share a number, with where it was recorded."""

    id: uuid.UUID
    number: int
    decided_on: dt.date
    text: str
    recorded_by: str  # the person signed in when it was recorded ("" in set-up mode)
    laptop: str  # the name of the laptop that recorded it ("" when never named)


@dataclass(frozen=True, slots=True)
class SharedNumber:
    """A number that more than one decision of the register carries."""

    number: int
    decisions: tuple[SharedNumberEntry, ...]


def next_number(session: Session) -> int:
    """One past the highest number this file has seen (removed decisions included)."""
    return int(session.scalar(select(func.max(Decision.number))) or 0) + 1


def shared_numbers_query() -> Select[tuple[int]]:
    """The numbers carried by more than one decision, as a subquery for ``IN``."""
    return (
        select(Decision.number)
        .where(Decision.deleted.is_(False))
        .group_by(Decision.number)
        .having(func.count() > 1)
    )


def count_shared_numbers(ws: Workspace) -> int:
    """How many numbers are given to more than one decision (a quick check for the window)."""
    with ws.session() as session:
        found = session.scalar(select(func.count()).select_from(shared_numbers_query().subquery()))
    return int(found or 0)


def shared_numbers(ws: Workspace) -> tuple[SharedNumber, ...]:
    """Every number given to several decisions, lowest first, each oldest-recorded first."""
    first = (
        select(Change.row_id, func.min(Change.hlc).label("hlc"))
        .where(Change.entity == "decision", Change.op == "insert")
        .group_by(Change.row_id)
        .subquery()
    )
    insert = (
        select(Change.row_id, Change.hlc, Change.author_id, Change.device_id)
        .join(first, (first.c.row_id == Change.row_id) & (first.c.hlc == Change.hlc))
        .where(Change.entity == "decision", Change.op == "insert")
        .subquery()
    )
    stmt = (
        select(
            Decision.id,
            Decision.number,
            Decision.decided_on,
            Decision.text,
            func.coalesce(Person.name, ""),
            func.coalesce(Device.name, ""),
        )
        .outerjoin(insert, insert.c.row_id == Decision.id)
        .outerjoin(Person, Person.id == insert.c.author_id)
        .outerjoin(Device, Device.id == insert.c.device_id)
        .where(
            Decision.deleted.is_(False),
            Decision.number.in_(shared_numbers_query()),
        )
        .order_by(Decision.number, insert.c.hlc, Decision.id)
    )
    groups: dict[int, list[SharedNumberEntry]] = {}
    with ws.session() as session:
        for row in session.execute(stmt).tuples():
            entry = SharedNumberEntry(*row)
            groups.setdefault(entry.number, []).append(entry)
    return tuple(SharedNumber(n, tuple(entries)) for n, entries in groups.items())


def give_next_number(ws: Workspace, decision: uuid.UUID) -> tuple[WriteResult, int]:
    """Give a decision whose number another one shares the next free number.

    A decision with a number of its own is refused: its number may already be
    in signed minutes, and only a clash is a reason to change one.
    """
    require(ws, Action.RUN_ASSEMBLIES)
    with ws.write(_("Give a decision the next free number")) as w:
        found = w.session.get(Decision, decision)
        if found is None or found.deleted:
            raise NotFound(_("no decision {ref}").format(ref=decision), path=ws.label)
        sharing = int(
            w.session.scalar(
                select(func.count())
                .select_from(Decision)
                .where(Decision.number == found.number, Decision.deleted.is_(False))
            )
            or 0
        )
        if sharing < 2:
            raise BadInput(
                _(
                    "decision {number} is the only one with its number; numbers in signed"
                    " minutes are changed only when two decisions share one"
                ).format(number=found.number),
                path=ws.label,
            )
        number = next_number(w.session)
        w.update("decision", decision, {"number": number})
    return w.result(), number
