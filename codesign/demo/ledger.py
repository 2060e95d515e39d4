"""The books of the demo: monthly contributions, payments, loan, works and fines.

About 20 transactions per household and year (600 households × 10 years ≈
120,000, DESIGN.md "The scale we design for"), all balanced, in integer minor
units (USD cents), written with two journaled bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from sqlalchemy import select

from codesign.journal.writer import Writer
from codesign.ledger.members import fine_reference, plan_reference
from models.ids import uuid7
from models.ledger import Account

# How often a household pays what it owes: every month, every two or every three months.
PAYMENT_PERIODS = (1, 2, 3)
PAYMENT_WEIGHTS = (25, 35, 40)
FINE_CHANCE = 0.04
SCHOOL_CHANCE = 0.12  # households with a child in the cooperative's school
SCHOOL_MONTHS = frozenset({9, 10, 11, 12, 1, 2, 3, 4, 5, 6})  # Sierra school year
SUPPLIERS = (
    "Ferretería El Constructor",
    "Bloquera San José",
    "Hormigonera Andina",
    "Maderas del Valle",
    "Distribuidora de Aceros Quito",
    "Cerámica Pichincha",
    "Vidriería La Luz",
)
MATERIALS = ("cemento", "bloques", "varilla", "arena y ripio", "madera", "cerámica", "tubería")


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from ``start``'s to ``end``'s."""
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class LedgerRows:
    """The demo's transactions and postings, ready for bulk insert."""

    def __init__(self, accounts: dict[str, uuid.UUID]) -> None:
        self.accounts = accounts
        self.transactions: list[dict[str, Any]] = []
        self.postings: list[dict[str, Any]] = []
        self.plans: list[dict[str, Any]] = []
        self.budget: list[dict[str, Any]] = []

    def plan(self, start: dt.date, amount: int, instalments: int | None) -> uuid.UUID:
        """The statutes' monthly contribution for every household from ``start``."""
        plan_id = uuid7()
        self.plans.append(
            {
                "id": plan_id,
                "household_id": None,
                "kind": "contribution",
                "description": "Cuota mensual",
                "account_code": "4000",
                "amount": amount,
                "start_on": start,
                "instalments": instalments,
                "every_months": 1,
            }
        )
        return plan_id

    def add(
        self,
        day: dt.date,
        description: str,
        postings: list[tuple[str, int]],
        *,
        reference: str = "",
        household: uuid.UUID | None = None,
        tagged: frozenset[str] = frozenset({"1100"}),
    ) -> None:
        assert sum(amount for _code, amount in postings) == 0, description
        txn_id = uuid7()
        self.transactions.append(
            {
                "id": txn_id,
                "posted_on": day,
                "description": description,
                "reference": reference,
                "household_id": household,
                "reverses_id": None,
            }
        )
        for code, amount in postings:
            self.postings.append(
                {
                    "id": uuid7(),
                    "transaction_id": txn_id,
                    "account_id": self.accounts[code],
                    "amount": amount,
                    "household_id": household if code in tagged else None,
                }
            )


def account_ids(w: Writer) -> dict[str, uuid.UUID]:
    """The live accounts by code (the first one when two laptops added the same code)."""
    query = select(Account.code, Account.id).where(Account.deleted.is_(False))
    accounts: dict[str, uuid.UUID] = {}
    for code, account_id in w.session.execute(query):
        accounts.setdefault(code, account_id)
    return accounts


def build_ledger(
    w: Writer,
    rng: random.Random,
    *,
    household_ids: list[uuid.UUID],
    years: int,
    today: dt.date,
) -> dict[str, int]:
    """Insert ``years`` of monthly books; return how many transactions and postings."""
    books = ledger_rows(
        rng, accounts=account_ids(w), household_ids=household_ids, years=years, today=today
    )
    write_ledger(w, books)
    return {"transactions": len(books.transactions), "postings": len(books.postings)}


BUDGETED = ("4000", "4060", "4200", "5000", "5100", "5200", "5400", "5600")


def budget_rows(books: LedgerRows, rng: random.Random) -> list[dict[str, Any]]:
    """A yearly budget per account near what was spent, as an assembly would approve it."""
    codes = {account_id: code for code, account_id in books.accounts.items()}
    years = {txn["id"]: txn["posted_on"].year for txn in books.transactions}
    totals: dict[tuple[int, str], int] = {}
    for posting in books.postings:
        code = codes[posting["account_id"]]
        if code in BUDGETED:
            key = (years[posting["transaction_id"]], code)
            totals[key] = totals.get(key, 0) + abs(posting["amount"])
    return [
        {
            "period": str(year),
            "phase": "Construcción" if code.startswith("5") else "",
            "account_code": code,
            "amount": round(total * rng.uniform(0.85, 1.15), -4),
            "note": "",
        }
        for (year, code), total in sorted(totals.items())
    ]


def write_ledger(w: Writer, books: LedgerRows) -> None:
    """Bulk-insert the payment plans, the transactions, then their postings, journaled."""
    w.insert_many("payment_plan", books.plans)
    w.insert_many("budget_line", books.budget)
    w.insert_many("ledger_transaction", books.transactions)
    w.insert_many("posting", books.postings)


def ledger_rows(
    rng: random.Random,
    *,
    accounts: dict[str, uuid.UUID],
    household_ids: list[uuid.UUID],
    years: int,
    today: dt.date,
) -> LedgerRows:
    """Seeded, balanced monthly books as rows for ``write_ledger``."""
    books = LedgerRows(accounts)
    founded = today - dt.timedelta(days=365 * years)
    months = _months(founded, today)
    if not months or not household_ids:
        return books
    count = len(household_ids)
    first = months[0]
    _founding(books, rng, first, household_ids)
    habits = [
        (
            rng.choices(PAYMENT_PERIODS, PAYMENT_WEIGHTS)[0],
            rng.random() < SCHOOL_CHANCE,
            f"B{(n // 24) + 1:02d}-{(n % 24) + 1:02d}",
        )
        for n in range(count)
    ]
    owed = [0] * count
    loan = 1_500 * count * 100
    repayment = loan // (12 * max(years, 1) + 24)
    for index, month in enumerate(months):
        last_day = min(_month_end(month), today)
        days = (last_day - month).days
        fee = 3_500 + 250 * (index // 12)  # the assembly raises the contribution each year
        if index % 12 == 0:
            last_year = index + 12 >= len(months)
            plan = books.plan(month, fee, None if last_year else 12)
        for n, household in enumerate(household_ids):
            period, school, unit = habits[n]
            books.add(
                month,
                f"Cuota mensual {month:%Y-%m} {unit}",
                [("1100", fee), ("4000", -fee)],
                reference=plan_reference(plan, month),
                household=household,
            )
            owed[n] += fee
            if rng.random() < FINE_CHANCE:
                hours = rng.randint(2, 12)
                fine = hours * 500
                books.add(
                    month + dt.timedelta(days=rng.randint(0, days)),
                    f"Multa por {hours} horas de minga no cumplidas {unit}",
                    [("1100", fine), ("4200", -fine)],
                    reference=fine_reference(f"{month:%Y-%m}"),
                    household=household,
                )
                owed[n] += fine
            if school and month.month in SCHOOL_MONTHS and "4060" in books.accounts:
                books.add(
                    month + dt.timedelta(days=rng.randint(0, min(days, 9))),
                    f"Pensión escolar {month:%Y-%m} {unit}",
                    [("1010", 2_500), ("4060", -2_500)],
                    reference=f"ESC-{month:%Y%m}-{unit}",
                    household=household,
                    tagged=frozenset({"1010"}),
                )
            late = rng.random() < 0.05
            if (index % period == period - 1 or index == len(months) - 1) and not late and owed[n]:
                books.add(
                    month + dt.timedelta(days=rng.randint(0, days)),
                    f"Depósito de aportes {unit}",
                    [("1010", owed[n]), ("1100", -owed[n])],
                    reference=f"DEP-{rng.randint(100_000, 999_999)}",
                    household=household,
                )
                owed[n] = 0
        loan = _monthly_costs(
            books,
            rng,
            month,
            last_day=last_day,
            households=count,
            loan=loan,
            repayment=repayment,
        )
    books.budget = budget_rows(books, rng)
    return books


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _founding(
    books: LedgerRows, rng: random.Random, day: dt.date, household_ids: list[uuid.UUID]
) -> None:
    """Entry fees and share capital, the construction loan, the land."""
    count = len(household_ids)
    for n, household in enumerate(household_ids):
        unit = f"B{(n // 24) + 1:02d}-{(n % 24) + 1:02d}"
        books.add(
            day + dt.timedelta(days=rng.randint(0, 27)),
            f"Cuota de ingreso y certificado de aportación {unit}",
            [("1010", 30_000), ("4100", -10_000), ("3000", -20_000)],
            reference=f"ING-{unit}",
            household=household,
            tagged=frozenset({"1010", "3000"}),
        )
    loan = 1_500 * count * 100
    books.add(
        day,
        "Desembolso del crédito de construcción (BanEcuador)",
        [("1010", loan), ("2100", -loan)],
        reference="CRED-0001",
    )
    land = 400 * count * 100
    books.add(
        day + dt.timedelta(days=14),
        "Compra del terreno, escritura e inscripción",
        [("1200", land), ("1010", -land)],
        reference="ESC-TERRENO",
    )
    books.add(
        day + dt.timedelta(days=20),
        "Aporte de la Fundación Vivienda Digna",
        [("1010", 50 * count * 100), ("4300", -50 * count * 100)],
        reference="DON-0001",
    )


def _monthly_costs(
    books: LedgerRows,
    rng: random.Random,
    month: dt.date,
    *,
    last_day: dt.date,
    households: int,
    loan: int,
    repayment: int,
) -> int:
    """The cooperative's own bills for one month; return what is left of the loan."""
    days = (last_day - month).days

    def some_day() -> dt.date:
        return month + dt.timedelta(days=rng.randint(0, days))

    for _i in range(max(1, households // 40 + rng.randint(-2, 2))):
        amount = rng.randint(20_000, 150_000)
        supplier = rng.choice(SUPPLIERS)
        books.add(
            some_day(),
            f"Compra de {rng.choice(MATERIALS)} — {supplier}",
            [("5000", amount), ("1010", -amount)],
            reference=f"FAC-{rng.randint(1, 99_999):05d}",
        )
    for _i in range(max(1, households // 200)):
        amount = rng.randint(150_000, 300_000)
        books.add(
            some_day(),
            "Pago a maestros de obra y albañiles",
            [("5100", amount), ("1010", -amount)],
            reference=f"ROL-{month:%Y%m}",
        )
    if loan > 0:
        principal = min(loan, repayment)
        interest = loan * 9 // 1_200  # 9 % a year on what is left
        books.add(
            min(month + dt.timedelta(days=4), last_day),
            "Cuota del crédito de construcción",
            [("2100", principal), ("5500", interest), ("1010", -(principal + interest))],
            reference=f"CRED-{month:%Y%m}",
        )
        loan -= principal
    for code, text, low, high in (
        ("5400", "Agua y luz de áreas comunales", 8_000, 25_000),
        ("5600", "Útiles de oficina y gastos de administración", 3_000, 12_000),
    ):
        amount = rng.randint(low, high) * max(1, households // 100)
        books.add(some_day(), text, [(code, amount), ("1010", -amount)])
    if rng.random() < 0.25:
        amount = rng.randint(40_000, 200_000)
        books.add(
            some_day(),
            "Honorarios del arquitecto y fiscalización",
            [("5200", amount), ("1010", -amount)],
            reference=f"HON-{month:%Y%m}",
        )
    return loan
