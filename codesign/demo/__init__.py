"""The demo cooperative: realistic, seeded, in Spanish (see DESIGN.md, "The scale we design for").

Each section adds its part to one transaction; role-holders sign in with ``demo``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from codesign.auth import hash_passphrase
from codesign.cases.fts import ensure_index
from codesign.cases.starter import add_starter_cases
from codesign.cooperative import DEFAULT_STATUTES
from codesign.demo.decisions import build_decisions
from codesign.demo.design import build_design
from codesign.demo.ledger import build_ledger
from codesign.demo.people import build_people
from codesign.demo.work import build_work
from codesign.errors import UnreadableFile
from codesign.ledger.charts import chart_rows
from codesign.workspace import new_workspace
from i18n import gettext as _
from models.database import is_url

DEMO_PASSPHRASE = "demo"  # noqa: S105 - documented in DESIGN.md for every demo role-holder
DEMO_NAME = "Cooperativa de Vivienda y Escuela Nueva Esperanza"

Progress = Callable[[int, int], None]


def make_demo(
    path: Path | str,
    *,
    households: int = 120,
    years: int = 3,
    seed: int = 1,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Create the demo cooperative at ``path`` (a file or a database URL); return its counts."""
    file = None if is_url(path) else Path(path)
    if file is not None and file.exists():
        raise UnreadableFile(_("the file already exists; choose another name"), path=file)
    rng = random.Random(seed)
    today = dt.date.today()
    report = progress or (lambda _done, _total: None)
    ws = new_workspace(file or path)
    try:
        report(0, 2)
        with ws.write(_("Create demo cooperative")) as w:
            w.insert(
                "cooperative",
                {
                    "name": DEMO_NAME,
                    "kind": "mixed",
                    "country": "EC",
                    "currency": "USD",
                    "locale": "es_EC",
                    "statutes": dict(DEFAULT_STATUTES),
                    "created_on": today - dt.timedelta(days=365 * years),
                },
            )
            w.insert_many("account", chart_rows("mixed"))
            people = build_people(
                w,
                rng,
                households=households,
                years=years,
                passphrase_hash=hash_passphrase(DEMO_PASSPHRASE),
                today=today,
            )
            ledger = build_ledger(
                w, rng, household_ids=people["household_ids"], years=years, today=today
            )
            design = build_design(w, rng, years=years, today=today, seed=seed)
            work = build_work(
                w, rng, household_ids=people["household_ids"], years=years, today=today
            )
            decisions = build_decisions(
                w, rng, households=households, years=years, today=today, statutes=DEFAULT_STATUTES
            )
            cases = add_starter_cases(w)
            report(1, 2)
        report(2, 2)
    except BaseException:
        ws.close()
        if file is not None:
            for suffix in ("", "-wal", "-shm"):
                file.with_name(file.name + suffix).unlink(missing_ok=True)
        raise
    ensure_index(ws.db.engine)
    ws.close()
    return {
        "households": people["households"],
        "people": people["people"],
        "roles": people["roles"],
        "ledger_transactions": ledger["transactions"],
        "proposals": design["proposals"],
        "proposal_versions": design["proposal_versions"],
        "site_units": design["site_units"],
        "work_days": work["work_days"],
        "shifts": work["shifts"],
        "attendance": work["assignments"],
        "assemblies": decisions["assemblies"],
        "motions": decisions["motions"],
        "cases": cases,
    }
