"""Qt models of the Sync section: devices and conflicts, over the sync services."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from typing_extensions import override

from codesign.errors import MingaError
from codesign.sync.conflicts import Conflict, Head
from codesign.sync.devices import DeviceInfo
from i18n import N_
from i18n import gettext as _
from ui.table_model import FlatTableModel

# The sidebar section each journaled table belongs to, as the import preview shows it.
SECTION_OF: dict[str, str] = {
    "cooperative": N_("Cooperative"),
    "person": N_("People"),
    "household": N_("People"),
    "role_assignment": N_("People"),
    "account": N_("Finances"),
    "ledger_transaction": N_("Finances"),
    "posting": N_("Finances"),
}


FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "household_id": N_("Household"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "document": N_("Document"),
    "notes": N_("Notes"),
    "unit": N_("Unit"),
    "address": N_("Address"),
}


def field_label(field: str) -> str:
    """A field's translated name (its column name when there is none)."""
    found = FIELD_LABELS.get(field)
    return _(found) if found else field


def section_label(entity: str) -> str:
    """The translated section an entity is shown in."""
    found = SECTION_OF.get(entity)
    return _(found) if found else entity


def value_text(value: Any) -> str:
    """A journaled value as a person reads it."""
    if value is None or value == "":
        return _("(empty)")
    if value is True:
        return _("deleted")
    if value is False:
        return _("kept")
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def head_text(head: Head) -> str:
    """'0992222222 — laptop, Rosa, 2026-05-01 10:00'."""
    who = ", ".join(p for p in (head.device_name, head.author_name) if p)
    return f"{value_text(head.value)} — {who}, {head.when.isoformat(sep=' ', timespec='minutes')}"


def local_time(stamp: str) -> str:
    """A stored UTC time as this laptop's local time, to the minute ('—' when never)."""
    if not stamp:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def trust_text(device: DeviceInfo) -> str:
    """Whether bundles from ``device`` are accepted, in words."""
    if device.local:
        return _("this laptop")
    if device.revoked:
        return _("revoked")
    return _("trusted") if device.trusted else _("not confirmed")


class RecordsModel(FlatTableModel):
    """A flat table whose records are replaced all at once."""

    def set_records(self, records: Sequence[Any]) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def at(self, row: int) -> object:
        """The record in ``row``, or None."""
        return self._records[row] if 0 <= row < len(self._records) else None


class DevicesModel(RecordsModel):
    """This laptop and every device seen: fingerprint, trust, last exchange and gaps."""

    TITLES = (N_("Device"), N_("Fingerprint"), N_("Trust"), N_("Last received"), N_("Gaps"))

    def record(self, row: int) -> DeviceInfo | None:
        """The device shown in ``row``."""
        found = self.at(row)
        return found if isinstance(found, DeviceInfo) else None

    @override
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt: the cell text."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        device: DeviceInfo = self._records[index.row()]
        cells = (
            device.name or str(device.id)[:8],
            device.fingerprint or "—",
            trust_text(device),
            local_time(device.last_received),
            ", ".join(f"{a}–{b}" for a, b in device.gaps) or "—",
        )
        return cells[index.column()]


class ConflictsModel(RecordsModel):
    """Open conflicts: which row and field, and the value shown meanwhile."""

    TITLES = (N_("Section"), N_("Row"), N_("Field"), N_("Values"), N_("Shown now"))

    def record(self, row: int) -> Conflict | None:
        """The conflict shown in ``row``."""
        found = self.at(row)
        return found if isinstance(found, Conflict) else None

    @override
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt: the cell text."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        conflict: Conflict = self._records[index.row()]
        what = (
            _("edited after it was deleted")
            if conflict.edited_after_delete
            else field_label(conflict.field)
        )
        cells = (
            section_label(conflict.entity),
            conflict.title,
            what,
            str(len(conflict.heads)),
            value_text(conflict.heads[0].value),
        )
        return cells[index.column()]


class Relay(QObject):
    """Carries a background job's progress and result back to the UI thread."""

    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object)


def run_in_background(relay: Relay, work: Callable[[], object]) -> threading.Thread:
    """Run ``work`` off the UI thread; its result or MingaError arrives through ``relay``."""

    def body() -> None:
        try:
            result = work()
        except MingaError as error:
            relay.failed.emit(error)
            return
        except Exception as error:
            relay.failed.emit(MingaError(str(error)))
            return
        relay.finished.emit(result)

    thread = threading.Thread(target=body, name="minga-sync", daemon=True)
    thread.start()
    return thread
