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

from codesign.cases.fields import STARTER_DIR, check_row
from codesign.journal.writer import Writer

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
