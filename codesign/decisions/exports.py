"""The decision register as CSV: one row per decision and follow-up action.

The last column says whether the decision's number is shared with another
one (two laptops numbered decisions before they synced), so a printed or
spreadsheet register shows the clash too.

``;`` and a UTF-8 BOM where the locale writes decimal commas, as the ledger's
CSV does, so spreadsheets in Spanish and Portuguese open it in columns.
"""

from __future__ import annotations

import csv
from pathlib import Path

from codesign.cooperative import cooperative_info
from codesign.decisions.register import follow_ups, search_decisions
from codesign.files import replacing
from codesign.workspace import Workspace
from i18n.formatting import csv_delimiter, uses_decimal_comma

REGISTER_COLUMNS = (
    "number",
    "date",
    "decision",
    "result",
    "action",
    "responsible",
    "due",
    "status",
    "number_shared",  # "yes" when another decision carries the same number (to resolve)
)


def export_register_csv(ws: Workspace, path: Path, locale: str | None = None) -> tuple[Path, int]:
    """Write the register; return the file and how many decisions it lists."""
    loc = locale or cooperative_info(ws).locale
    decisions = sorted(search_decisions(ws, limit=10**9), key=lambda d: d.number)
    actions: dict[object, list[tuple[str, str, str, str]]] = {}
    for f in follow_ups(ws):
        actions.setdefault(f.decision, []).append(
            (f.description, f.responsible, f.due_on.isoformat() if f.due_on else "", f.status)
        )
    encoding = "utf-8-sig" if uses_decimal_comma(loc) else "utf-8"
    with (
        replacing(Path(path)) as temporary,
        temporary.open("w", encoding=encoding, newline="") as out,
    ):
        writer = csv.writer(out, delimiter=csv_delimiter(loc))
        writer.writerow(REGISTER_COLUMNS)
        for d in decisions:
            head = (str(d.number), d.decided_on.isoformat(), d.text, d.result)
            shared = "yes" if d.shared_number else "no"
            for action in actions.get(d.id, [("", "", "", "")]):
                writer.writerow((*head, *action, shared))
    return Path(path), len(decisions)
