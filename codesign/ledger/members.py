"""Member accounts: payment plans, billing their instalments, and fines for missed hours.

A household's account is the contributions receivable (1100) tagged with it:
charges are debits, payments credits. Plans say what is expected; billing
posts each due instalment once (its reference names the plan and due date),
and an instalment not billed yet still counts as expected, so arrears are
right whether or not the treasurer bills every month.

Fines for missed work hours are ordinary charges: receivable against the
fines income account (4200), tagged with the household, reference
``fine:<period>``; ``post_fines`` is the entry point for the work balances.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.cooperative import cooperative_info
from codesign.errors import BadInput, NotFound
from codesign.journal.writer import Writer, WriteResult
from codesign.ledger.accounts import require_account
from codesign.people.service import find_household_id
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from i18n.formatting import decimal_to_minor
from models.finance import PLAN_KINDS, PaymentPlan
from models.ids import uuid7
from models.ledger import Account, LedgerTransaction, Posting
from models.tables import Household

RECEIVABLE = "1100"
FINES = "4200"
PLAN_ACCOUNTS = {"contribution": "4000", "loan": "1150", "entry": "4100", "share": "3000"}
PLAN_LABELS = {
    "contribution": N_("Monthly contribution"),
    "loan": N_("Loan repayment"),
    "entry": N_("Entry payment"),
    "share": N_("Share capital"),
}


@dataclass(frozen=True, slots=True)
class Plan:
    """A payment plan as the member accounts read it."""

    id: uuid.UUID
    household: uuid.UUID | None
    kind: str
    description: str
    account: str
    amount: int
    start: dt.date
    instalments: int | None
    every_months: int

    def label(self) -> str:
        """The plan's own description, or its kind in the UI language."""
        return self.description or _(PLAN_LABELS.get(self.kind, self.kind))


def plan_reference(plan: uuid.UUID, due: dt.date) -> str:
    """The reference a billed instalment carries, so it is billed once."""
    return f"plan:{plan.hex}:{due.isoformat()}"


def fine_reference(period: str) -> str:
    """The reference of a fine for the work hours missed in ``period``."""
    return f"fine:{period}"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept inside shorter months (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def due_dates(plan: Plan, through: dt.date, since: dt.date | None = None) -> Iterator[dt.date]:
    """The plan's due dates up to ``through`` (not before ``since``)."""
    n = 0
    while plan.instalments is None or n < plan.instalments:
        due = add_months(plan.start, n * plan.every_months)
        if due > through:
            return
        if since is None or due >= since:
            yield due
        n += 1


def _plan(row: PaymentPlan) -> Plan:
    return Plan(
        row.id,
        row.household_id,
        row.kind,
        row.description,
        row.account_code,
        row.amount,
        row.start_on,
        row.instalments,
        row.every_months,
    )


def list_plans(ws: Workspace) -> tuple[Plan, ...]:
    """Every live plan, the cooperative-wide ones first."""
    with ws.session() as session:
        rows = session.scalars(
            select(PaymentPlan)
            .where(PaymentPlan.deleted.is_(False))
            .order_by(PaymentPlan.household_id.is_not(None), PaymentPlan.start_on, PaymentPlan.id)
        )
        return tuple(_plan(row) for row in rows)


def plans_by_household(
    plans: Sequence[Plan], households: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[Plan, ...]]:
    """The plans that concern each household: its own and the statutes' (see ``household_dues``)."""
    general = [p for p in plans if p.household is None]
    own: dict[uuid.UUID, list[Plan]] = {}
    for plan in plans:
        if plan.household is not None:
            own.setdefault(plan.household, []).append(plan)
    return {household: (*own.get(household, []), *general) for household in households}


def household_dues(
    plans: Sequence[Plan], through: dt.date, since: dt.date | None = None
) -> Iterator[tuple[Plan, dt.date]]:
    """Each (plan, due date) a household owes up to ``through``.

    A household's own plan of a kind replaces the statutes' plans of that kind
    from its first due date on (a reduced contribution from 2027 leaves 2026 as
    the statutes said).
    """
    own_from: dict[str, dt.date] = {}
    for plan in plans:
        if plan.household is not None:
            own_from[plan.kind] = min(own_from.get(plan.kind, plan.start), plan.start)
    for plan in plans:
        cutoff = own_from.get(plan.kind) if plan.household is None else None
        for due in due_dates(plan, through, since):
            if cutoff is not None and due >= cutoff:
                break
            yield plan, due


def _parse_amount(text: str | int, currency: str, label: str) -> int:
    if isinstance(text, int):
        return text
    try:
        return decimal_to_minor(Decimal(text.strip()), currency)
    except (InvalidOperation, ValueError):
        raise BadInput(_("{text} is not an amount").format(text=text), path=label) from None


def add_plan(
    ws: Workspace,
    *,
    kind: str,
    amount: int,
    start: dt.date,
    household: str | None = None,
    instalments: int | None = None,
    every_months: int = 1,
    account: str | None = None,
    description: str = "",
) -> tuple[WriteResult, uuid.UUID]:
    """Add a payment plan (``household`` None: every household, as the statutes say)."""
    require(ws, Action.POST_LEDGER)
    if kind not in PLAN_KINDS:
        raise BadInput(_("unknown kind of plan {kind}").format(kind=kind), path=ws.label)
    if amount <= 0:
        raise BadInput(_("an instalment must be more than zero"), path=ws.label)
    if instalments is not None and instalments < 1:
        raise BadInput(_("a plan needs at least one instalment"), path=ws.label)
    if every_months < 1:
        raise BadInput(_("instalments are at least one month apart"), path=ws.label)
    code = (account or PLAN_ACCOUNTS[kind]).strip()
    with ws.write(_("Add a payment plan")) as w:
        household_id = None
        if household:
            household_id = find_household_id(w.session, household, label=ws.label)
            if household_id is None:
                raise NotFound(_("no household {ref}").format(ref=household), path=ws.label)
        require_account(w, code)
        plan_id = w.insert(
            "payment_plan",
            {
                "household_id": household_id,
                "kind": kind,
                "description": description.strip(),
                "account_code": code,
                "amount": amount,
                "start_on": start,
                "instalments": instalments,
                "every_months": every_months,
            },
        )
    return w.result(), plan_id


def end_plan(ws: Workspace, plan: uuid.UUID, after: dt.date) -> WriteResult:
    """End a plan after ``after``: instalments due by then stay owed, later ones are not expected.

    A plan whose first instalment falls after ``after`` is removed. Instalments
    already billed stay in the books either way.
    """
    require(ws, Action.POST_LEDGER)
    with ws.write(_("End a payment plan")) as w:
        row = w.session.get(PaymentPlan, plan)
        if row is None or row.deleted:
            raise NotFound(_("no payment plan {ref}").format(ref=plan), path=ws.label)
        kept = sum(1 for _due in due_dates(_plan(row), after))
        if row.instalments is not None and kept >= row.instalments:
            raise BadInput(
                _("the plan already ends by {date}").format(
                    date=add_months(row.start_on, (row.instalments - 1) * row.every_months)
                ),
                path=ws.label,
            )
        if kept == 0:
            w.remove("payment_plan", plan)
        else:
            w.update("payment_plan", plan, {"instalments": kept})
    return w.result()


def _live_households(w: Writer) -> list[tuple[uuid.UUID, dt.date | None]]:
    return [
        (hid, joined)
        for hid, joined in w.session.execute(
            select(Household.id, Household.joined_on).where(Household.deleted.is_(False))
        )
    ]


def bill_plans(ws: Workspace, through: dt.date) -> tuple[WriteResult, int]:
    """Post every instalment due by ``through`` and not billed yet; return how many."""
    require(ws, Action.POST_LEDGER)
    plans = list_plans(ws)
    with ws.write(_("Bill the instalments due")) as w:
        accounts = dict(
            w.session.execute(select(Account.code, Account.id).where(Account.deleted.is_(False)))
            .tuples()
            .all()
        )
        for code in {RECEIVABLE, *(p.account for p in plans)}:
            if code not in accounts:
                raise BadInput(_("no account with code {code}").format(code=code), path=ws.label)
        # What each household was billed: a plan's instalment carries the same reference
        # for every household it applies to, and the receivable line names the household.
        billed = set(
            w.session.execute(
                select(Posting.household_id, LedgerTransaction.reference)
                .join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id)
                .where(
                    Posting.account_id == accounts[RECEIVABLE],
                    Posting.amount > 0,
                    LedgerTransaction.reference.like("plan:%"),
                )
            ).tuples()
        )
        households = _live_households(w)
        applying = plans_by_household(plans, [hid for hid, _joined in households])
        txns: list[dict[str, object]] = []
        postings: list[dict[str, object]] = []
        for household, joined in households:
            for plan, due in household_dues(applying[household], through, since=joined):
                reference = plan_reference(plan.id, due)
                if (household, reference) in billed:
                    continue
                txn = _new_txn(txns, due, f"{plan.label()} {due:%Y-%m}", reference, household)
                postings += [
                    _posting(txn, accounts[RECEIVABLE], plan.amount, household),
                    _posting(txn, accounts[plan.account], -plan.amount, None),
                ]
        w.insert_many("ledger_transaction", txns)
        w.insert_many("posting", postings)
    return w.result(), len(txns)


def _new_txn(
    txns: list[dict[str, object]],
    day: dt.date,
    description: str,
    reference: str,
    household: uuid.UUID,
) -> uuid.UUID:
    txn = uuid7()
    txns.append(
        {
            "id": txn,
            "posted_on": day,
            "description": description,
            "reference": reference,
            "household_id": household,
            "reverses_id": None,
        }
    )
    return txn


def _posting(
    txn: uuid.UUID, account: uuid.UUID, amount: int, household: uuid.UUID | None
) -> dict[str, object]:
    return {
        "transaction_id": txn,
        "account_id": account,
        "amount": amount,
        "household_id": household,
    }


def post_fines(
    ws: Workspace,
    fines: Sequence[tuple[str | uuid.UUID, Decimal | int | str]],
    period: str,
    *,
    date: dt.date | None = None,
    per_hour: int | None = None,
) -> tuple[WriteResult, tuple[uuid.UUID, ...]]:
    """Fine each (household, missed hours) of ``period`` in one write, at the statutes' rate.

    A household already fined for ``period`` is refused, so running the work
    balances twice never fines twice.
    """
    require(ws, Action.POST_LEDGER)
    info = cooperative_info(ws)
    rate = per_hour
    if rate is None:
        rate = _parse_amount(
            str(info.statutes.get("fine_per_missed_hour", "0")), info.currency, ws.label
        )
    day = date or dt.date.today()
    reference = fine_reference(period)
    with ws.write(_("Post fines for missed work hours")) as w:
        accounts = dict(
            w.session.execute(
                select(Account.code, Account.id).where(
                    Account.code.in_((RECEIVABLE, FINES)), Account.deleted.is_(False)
                )
            )
            .tuples()
            .all()
        )
        for code in (RECEIVABLE, FINES):
            if code not in accounts:
                raise BadInput(_("no account with code {code}").format(code=code), path=ws.label)
        already = set(
            w.session.scalars(
                select(LedgerTransaction.household_id).where(
                    LedgerTransaction.reference == reference
                )
            )
        )
        txns: list[dict[str, object]] = []
        postings: list[dict[str, object]] = []
        for ref, hours_text in fines:
            household = find_household_id(w.session, str(ref), label=ws.label)
            if household is None:
                raise NotFound(_("no household {ref}").format(ref=ref), path=ws.label)
            if household in already:
                raise BadInput(
                    _("household {ref} already has a fine for {period}").format(
                        ref=ref, period=period
                    ),
                    path=ws.label,
                )
            already.add(household)
            hours = Decimal(str(hours_text))
            amount = int((hours * rate).to_integral_value())
            if amount <= 0:
                continue
            text = _("Fine for {hours} missed work hours ({period})").format(
                hours=hours.normalize(), period=period
            )
            txn = _new_txn(txns, day, text, reference, household)
            postings += [
                _posting(txn, accounts[RECEIVABLE], amount, household),
                _posting(txn, accounts[FINES], -amount, None),
            ]
        w.insert_many("ledger_transaction", txns)
        w.insert_many("posting", postings)
    return w.result(), tuple(t["id"] for t in txns)  # type: ignore[misc]


def post_fine(
    ws: Workspace,
    household: str | uuid.UUID,
    hours: Decimal | int | str,
    period: str,
    *,
    date: dt.date | None = None,
    per_hour: int | None = None,
) -> tuple[WriteResult, uuid.UUID | None]:
    """Fine one household for ``hours`` missed in ``period`` (None when the fine is zero)."""
    result, ids = post_fines(ws, [(household, hours)], period, date=date, per_hour=per_hour)
    return result, ids[0] if ids else None
