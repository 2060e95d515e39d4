"""An open cooperative: its database, this device, and who is signed in.

Services take a ``Workspace`` as their first argument; widgets never hold a
session. One service call is one ``write`` block: one transaction, one
journal group, all or nothing.
"""

from __future__ import annotations

import contextlib
import platform
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codesign.journal.clock import MAX_SKEW_MS, HybridClock, physical_ms, wall_ms
from codesign.journal.writer import Writer
from models.backup import DEFAULT_KEEP
from models.database import Database, create_database, open_database
from models.ids import DeviceId, PersonId, uuid7
from models.tables import Change, Device, Meta

LOCAL_DEVICE_KEY = "local_device_id"


@dataclass(eq=False)
class Workspace:
    """The open cooperative file as services see it."""

    db: Database
    device_id: DeviceId
    clock: HybridClock
    actor: PersonId | None = None
    last_hash: str = ""
    _seq: int = 0
    _writing: bool = field(default=False, repr=False)

    @property
    def path(self) -> Path | None:
        """The cooperative file, or None for a server database."""
        return self.db.path

    @property
    def label(self) -> str:
        """The file or URL, as error messages name it."""
        return str(self.db.path) if self.db.path else str(self.db.engine.url)

    def next_seq(self) -> int:
        """Number the next change of this device."""
        self._seq += 1
        return self._seq

    def session(self) -> Session:
        """A session for reading; writes go through ``write``."""
        return Session(self.db.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def write(self, label: str) -> Iterator[Writer]:
        """One journaled transaction; on any error nothing is written."""
        if self._writing:
            raise RuntimeError("nested write blocks are not allowed")
        saved = (self._seq, self.last_hash)
        self._writing = True
        try:
            with Session(self.db.engine, expire_on_commit=False) as session, session.begin():
                yield Writer(self, session, label)
        except BaseException:
            self._seq, self.last_hash = saved
            raise
        finally:
            self._writing = False

    def close(self) -> None:
        """Close the database and release the file lock."""
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _load_device_state(ws: Workspace) -> None:
    with ws.session() as session:
        last = session.execute(
            select(Change.seq, Change.hash)
            .where(Change.device_id == ws.device_id)
            .order_by(Change.seq.desc())
            .limit(1)
        ).first()
        if last is not None:
            ws._seq, ws.last_hash = int(last[0]), str(last[1])
        # Each device's HLC grows with its seq, so the newest change of each device
        # (an index seek on the primary key) holds the maximum; a plain max() would
        # scan the whole journal at every start.
        newest = 0
        for device in session.scalars(select(Device.id)):
            hlc = session.scalar(
                select(Change.hlc)
                .where(Change.device_id == device)
                .order_by(Change.seq.desc())
                .limit(1)
            )
            # A peer's clock far ahead was flagged at import; it must not push ours.
            if hlc is not None and physical_ms(int(hlc)) - wall_ms() <= MAX_SKEW_MS:
                newest = max(newest, int(hlc))
        ws.clock.last = newest


def _ensure_device(db: Database) -> DeviceId:
    """This file's device on this laptop; a restored or copied file gets a new one."""
    from codesign.sync import pairing

    where = str(db.path) if db.path else str(db.engine.url)
    with Session(db.engine) as session, session.begin():
        meta = session.get(Meta, LOCAL_DEVICE_KEY)
        if meta is not None:
            device_id = DeviceId(uuid.UUID(meta.value))
            issued = int(
                session.scalar(select(func.max(Change.seq)).where(Change.device_id == device_id))
                or 0
            )
            device = session.get(Device, device_id)
            if pairing.matches(device_id, where, issued, device.public_key if device else b""):
                return device_id
        device_id = DeviceId(uuid7())
        session.add(Device(id=device_id, name=platform.node() or "laptop", trusted=True))
        if meta is None:
            session.add(Meta(key=LOCAL_DEVICE_KEY, value=str(device_id)))
        else:
            meta.value = str(device_id)
    return device_id


def open_workspace(
    target: str | Path,
    *,
    backups_keep: int = DEFAULT_KEEP,
    cancelled: Callable[[], bool] | None = None,
) -> Workspace:
    """Open an existing cooperative file (checked, migrated, locked).

    ``cancelled`` may stop the integrity check after an unclean exit (see
    ``models.database.open_database``).
    """
    db = open_database(target, backups_keep=backups_keep, cancelled=cancelled)
    try:
        device_id = _ensure_device(db)
        ws = Workspace(db=db, device_id=device_id, clock=HybridClock())
        _load_device_state(ws)
    except BaseException:
        db.close()
        raise
    return ws


def new_workspace(target: str | Path) -> Workspace:
    """Create an empty cooperative file and open it (the cooperative row comes next)."""
    db = create_database(target)
    try:
        device_id = _ensure_device(db)
    except BaseException:
        db.close()
        raise
    return Workspace(db=db, device_id=device_id, clock=HybridClock())
