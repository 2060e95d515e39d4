"""The starter library every new cooperative file gets: real cases, in Minga's own words.

It is a Data Package in ``starter/`` (texts CC BY-SA 4.0, sources in each
case). Reading it uses our own schema checks, not the Frictionless
validator, so creating a file stays fast; a test validates it with
Frictionless.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.cases.fields import STARTER_DIR, check_row
from codesign.cases.fts import ensure_index
from codesign.journal.writer import Writer, WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.cases import ReferenceCase

ORIGIN = "starter"


def starter_rows() -> list[dict[str, Any]]:
    """The starter cases as ``reference_case`` rows."""
    text = (STARTER_DIR / "cases.csv").read_text(encoding="utf-8")
    rows = []
    for number, cells in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        values, errors = check_row(number, cells)
        if values is None:  # the shipped file is tested; a broken one is a bug, not input
            raise ValueError(f"starter case row {number}: {errors[0]}")
        slug = values.pop("id")
        rows.append({**values, "slug": slug, "origin": ORIGIN})
    return rows


def add_starter_cases(w: Writer) -> int:
    """Insert the starter library in the caller's change; how many cases."""
    return len(w.insert_many("reference_case", starter_rows()))


def add_starter_library(ws: Workspace) -> WriteResult | None:
    """Add the starter cases a file lacks (files made before the library existed); None if none."""
    require(ws, Action.EDIT_CASES)
    ensure_index(ws.db.engine)
    with ws.session() as session:
        present = set(session.scalars(select(ReferenceCase.slug)))
    missing = [row for row in starter_rows() if row["slug"] not in present]
    if not missing:
        return None
    with ws.write(_("Add the starter library")) as w:
        w.insert_many("reference_case", missing)
    return w.result()
