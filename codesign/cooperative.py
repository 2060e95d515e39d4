"""Creating a cooperative file and reading its settings and counts."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text

from codesign.errors import UsageError
from codesign.ledger.charts import chart_rows
from codesign.workspace import Workspace, new_workspace
from i18n import gettext as _
from models.tables import COOPERATIVE_KINDS, Cooperative

DEFAULT_STATUTES: dict[str, Any] = {
    "quorum_first_call": "0.5",
    "quorum_second_call": "0",
    "max_proxies_per_holder": 1,
    "hours_owed_per_week": 20,
    "fine_per_missed_hour": "5.00",
    # Hours a household may owe before its state turns to alert, then to suspended.
    "hours_alert_after": 20,
    "hours_suspended_after": 80,
    # The most extra hours the hours bank carries into the next period.
    "hours_bank_max": 40,
}

# ``minga info`` keys and the tables they count; tables a later schema adds count 0 until then.
INFO_TABLES = {
    "households": "household",
    "people": "person",
    "proposals": "proposal",
    "ledger_transactions": "ledger_transaction",
    "assemblies": "assembly",
    "motions": "motion",
    "work_days": "work_day",
    "shifts": "shift",
    "cases": "reference_case",
    "devices": "device",
}


@dataclass(frozen=True, slots=True)
class CooperativeInfo:
    """The cooperative's identity and settings."""

    id: uuid.UUID
    name: str
    kind: str
    country: str
    currency: str
    locale: str
    statutes: dict[str, Any]


def validate_settings(name: str, kind: str, country: str, currency: str, locale: str) -> None:
    """Raise UsageError naming the first setting that is not valid."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import list_currencies

    if not name.strip():
        raise UsageError(_("the cooperative needs a name"))
    if kind not in COOPERATIVE_KINDS:
        raise UsageError(_("unknown kind {kind}; use housing, school or mixed").format(kind=kind))
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise UsageError(_("country must be a two-letter code such as EC or UY"))
    if currency not in list_currencies():
        raise UsageError(_("unknown currency {code}").format(code=currency))
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise UsageError(_("unknown locale {locale}").format(locale=locale)) from None


def create_cooperative(
    target: str | Path,
    *,
    name: str,
    kind: str = "housing",
    country: str = "EC",
    currency: str = "USD",
    locale: str = "es_EC",
) -> Workspace:
    """Create a new cooperative file in set-up mode and return it open."""
    country, currency = country.upper(), currency.upper()
    validate_settings(name, kind, country, currency, locale)
    ws = new_workspace(target)
    from codesign.cases.fts import ensure_index
    from codesign.cases.starter import add_starter_cases

    try:
        with ws.write(_("Create cooperative")) as w:
            w.insert(
                "cooperative",
                {
                    "name": name.strip(),
                    "kind": kind,
                    "country": country,
                    "currency": currency,
                    "locale": locale,
                    "statutes": dict(DEFAULT_STATUTES),
                    "created_on": dt.date.today(),
                },
            )
            w.insert_many("account", chart_rows(kind))
            add_starter_cases(w)
    except BaseException:
        ws.close()
        if ws.path is not None:
            for suffix in ("", "-wal", "-shm"):
                ws.path.with_name(ws.path.name + suffix).unlink(missing_ok=True)
        raise
    ensure_index(ws.db.engine)
    return ws


def cooperative_info(ws: Workspace) -> CooperativeInfo:
    """The cooperative this file holds."""
    with ws.session() as session:
        coop = session.scalars(select(Cooperative).limit(1)).one()
        return CooperativeInfo(
            coop.id,
            coop.name,
            coop.kind,
            coop.country,
            coop.currency,
            coop.locale,
            dict(coop.statutes),
        )


def counts(ws: Workspace) -> dict[str, int]:
    """Row counts for ``minga info``: live rows only, plus open conflicts."""
    with ws.db.engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        result: dict[str, int] = {}
        for key, table_name in INFO_TABLES.items():
            if table_name not in present:
                result[key] = 0
                continue
            has_deleted = any(c["name"] == "deleted" for c in inspect(conn).get_columns(table_name))
            where = " WHERE deleted = FALSE" if has_deleted else ""
            result[key] = int(
                conn.execute(text(f"SELECT count(*) FROM {table_name}{where}")).scalar() or 0  # noqa: S608 - fixed names
            )
        result["conflicts"] = int(
            conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT 1 FROM field_head"
                    " GROUP BY entity, row_id, field HAVING count(*) > 1) AS conflicting"
                )
            ).scalar()
            or 0
        )
    return result
