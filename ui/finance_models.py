"""Qt table models over the ledger queries: the register (read in batches) and balances.

The register may hold 120,000 transactions, so its model asks for the next
batch only when the view scrolls near the end (``canFetchMore``/``fetchMore``);
search and the account filter run in SQL and reset the model.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from typing_extensions import override

from codesign.ledger.queries import AccountBalance
from codesign.ledger.register import TransactionRecord
from i18n import N_
from i18n import gettext as _
from i18n.formatting import format_date, format_money
from ui.table_model import RIGHT, ROOT, AnyIndex, FlatTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 2
BATCH = 2000

ACCOUNT_TYPE_LABELS = {
    "asset": N_("Asset"),
    "liability": N_("Liability"),
    "equity": N_("Equity"),
    "income": N_("Income"),
    "expense": N_("Expense"),
}
CREDIT_NORMAL = frozenset({"liability", "equity", "income"})

Fetch = Callable[[int, int], Sequence[TransactionRecord]]  # (offset, limit) → records


class Money:
    """How the cooperative writes money and dates: its currency and locale."""

    def __init__(self, currency: str = "USD", locale: str = "es_EC") -> None:
        self.currency = currency
        self.locale = locale

    def money(self, minor_units: int) -> str:
        """``minor_units`` in the cooperative's currency, the locale's way."""
        return format_money(minor_units, self.currency, self.locale)


class RegisterModel(FlatTableModel):
    """Transactions newest first, read ``BATCH`` at a time as the view scrolls."""

    TITLES = (
        N_("Date"),
        N_("Description"),
        N_("Reference"),
        N_("Accounts"),
        N_("Amount"),
        N_("Household"),
        N_("Reversal"),
    )
    AMOUNT = 4
    RIGHT_ALIGNED = frozenset({AMOUNT})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self._fetch: Fetch | None = None
        self._records: list[TransactionRecord] = []
        self._more = False
        self._rows: dict[uuid.UUID, int] = {}

    def set_source(self, fetch: Fetch | None, money: Money) -> None:
        """Read from ``fetch`` from the start (first batch now); None shows nothing."""
        self.beginResetModel()
        self.format = money
        self._fetch = fetch
        self._records = list(fetch(0, BATCH)) if fetch is not None else []
        self._more = len(self._records) == BATCH
        self._rows = {r.id: i for i, r in enumerate(self._records)}
        self.endResetModel()

    def records(self) -> tuple[TransactionRecord, ...]:
        """The transactions read so far, in display order."""
        return tuple(self._records)

    def record(self, row: int) -> TransactionRecord:
        """The transaction at ``row``."""
        return self._records[row]

    def row_of(self, txn_id: uuid.UUID) -> int | None:
        """The row of ``txn_id`` if it has been read."""
        return self._rows.get(txn_id)

    def retranslate(self) -> None:
        """Repaint every text in the current language."""
        self.repaint()

    @override
    def canFetchMore(self, parent: AnyIndex = ROOT) -> bool:
        """Qt: whether another batch may follow."""
        return not parent.isValid() and self._more

    @override
    def fetchMore(self, parent: AnyIndex = ROOT) -> None:
        """Qt: read the next batch and append it."""
        if parent.isValid() or self._fetch is None or not self._more:
            return
        batch = list(self._fetch(len(self._records), BATCH))
        self._more = len(batch) == BATCH
        if not batch:
            return
        first = len(self._records)
        self.beginInsertRows(ROOT, first, first + len(batch) - 1)
        self._records.extend(batch)
        self._rows.update((r.id, first + i) for i, r in enumerate(batch))
        self.endInsertRows()

    def text(self, record: TransactionRecord, column: int) -> str:
        """What cell ``column`` of ``record`` says."""
        cells: tuple[Callable[[TransactionRecord], str], ...] = (
            lambda r: format_date(r.posted_on, self.format.locale),
            lambda r: r.description,
            lambda r: r.reference,
            lambda r: r.accounts_text(),
            lambda r: self.format.money(r.amount),
            lambda r: r.household,
            self._reversal_text,
        )
        return cells[column](record)

    def _reversal_text(self, record: TransactionRecord) -> str:
        if record.reverses_id is not None:
            if record.reverses_posted_on is None:
                return _("reversal")
            return _("reversal of {date}").format(
                date=format_date(record.reverses_posted_on, self.format.locale)
            )
        if record.reversed_by is not None:
            return _("reversed")
        return ""

    def tooltip(self, record: TransactionRecord, column: int) -> str:
        """The postings in full (account names translated) on the accounts and amount cells."""
        if column in (3, self.AMOUNT):
            return "\n".join(
                f"{p.code} {_(p.name)}: {self.format.money(p.amount)}" for p in record.postings
            )
        if column == len(self.TITLES) - 1 and record.reverses_id is not None:
            return _("Reverses “{description}”").format(description=record.reverses_description)
        return self.text(record, column)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: cell texts, tooltips, the transaction id and alignment."""
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column)
        if role == ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT:
            return RIGHT
        return None


def natural_balance(balance: AccountBalance) -> int:
    """The balance as accountants read it: credits positive on liability, equity and income."""
    return -balance.balance if balance.type in CREDIT_NORMAL else balance.balance


class BalancesModel(FlatTableModel):
    """Accounts by code with name, type and balance in the cooperative's currency."""

    TITLES = (N_("Code"), N_("Account"), N_("Type"), N_("Balance"))
    BALANCE = 3
    RIGHT_ALIGNED = frozenset({BALANCE})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.format = Money()
        self._records: tuple[AccountBalance, ...] = ()

    def set_records(self, records: Sequence[AccountBalance], money: Money) -> None:
        """Show ``records`` sorted by code."""
        self.beginResetModel()
        self.format = money
        self._records = tuple(sorted(records, key=lambda r: r.code))
        self.endResetModel()

    def records(self) -> tuple[AccountBalance, ...]:
        """The accounts shown, by code."""
        return self._records

    def retranslate(self) -> None:
        """Repaint names, types and titles in the current language."""
        self.repaint()

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt: translated titles; the balance title explains its sign."""
        if (
            orientation == Qt.Orientation.Horizontal
            and section == self.BALANCE
            and role == Qt.ItemDataRole.ToolTipRole
        ):
            return _(
                "Assets and expenses show what was debited; liabilities, equity and income "
                "show what was credited."
            )
        return super().headerData(section, orientation, role)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: code, translated name and type, balance as money."""
        if not index.isValid():
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(self._records[index.row()], column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.BALANCE:
            return RIGHT
        return None

    def text(self, record: AccountBalance, column: int) -> str:
        """What cell ``column`` of ``record`` says."""
        if column == 0:
            return record.code
        if column == 1:
            return _(record.name)
        if column == 2:
            return _(ACCOUNT_TYPE_LABELS.get(record.type, record.type))
        return self.format.money(natural_balance(record))
