"""The people side of the demo: households of 1–7 people, roles over the years."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from codesign.demo.names import FIRST_FEMALE, FIRST_MALE, STREETS, SURNAMES
from codesign.journal.writer import Writer
from models.ids import uuid7

HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6, 7)
HOUSEHOLD_WEIGHTS = (8, 14, 22, 25, 17, 9, 5)
# Role-holders at any time: (role, how many).
OFFICES = (
    ("committee", 5),
    ("treasurer", 1),
    ("secretary", 1),
    ("architect", 2),
    ("coordinator", 12),
)
TERM_YEARS = 2


def _person_name(rng: random.Random, surname: str, female: bool) -> str:
    first = rng.choice(FIRST_FEMALE if female else FIRST_MALE)
    if rng.random() < 0.35:
        pool = FIRST_FEMALE if female else FIRST_MALE
        first = f"{first} {rng.choice(pool)}"
    return f"{first} {surname} {rng.choice(SURNAMES)}"


@dataclass(frozen=True, slots=True)
class PeopleRows:
    """The demo's households, people and roles, ready for bulk insert."""

    households: list[dict[str, Any]]
    people: list[dict[str, Any]]
    roles: list[dict[str, Any]]


def build_people(
    w: Writer,
    rng: random.Random,
    *,
    households: int,
    years: int,
    passphrase_hash: str,
    today: dt.date,
) -> dict[str, Any]:
    """Insert households, people and roles; return what was made for the later sections."""
    rows = people_rows(
        rng, households=households, years=years, passphrase_hash=passphrase_hash, today=today
    )
    write_people(w, rows)
    return {
        "households": len(rows.households),
        "people": len(rows.people),
        "roles": len(rows.roles),
        "household_ids": [h["id"] for h in rows.households],
    }


def write_people(w: Writer, rows: PeopleRows) -> None:
    """Bulk-insert the rows, journaled."""
    w.insert_many("household", rows.households)
    w.insert_many("person", rows.people)
    w.insert_many("role_assignment", rows.roles)


def people_rows(
    rng: random.Random, *, households: int, years: int, passphrase_hash: str, today: dt.date
) -> PeopleRows:
    """Seeded households of 1–7 people, with roles over the years."""
    founded = today - dt.timedelta(days=365 * years)
    household_rows: list[dict[str, Any]] = []
    person_rows: list[dict[str, Any]] = []
    adults: list[uuid.UUID] = []
    for number in range(1, households + 1):
        surname = rng.choice(SURNAMES)
        household_id = uuid7()
        block, unit = divmod(number - 1, 24)
        household_rows.append(
            {
                "id": household_id,
                "name": f"Familia {surname} {rng.choice(SURNAMES)}",
                "unit": f"B{block + 1:02d}-{unit + 1:02d}",
                "address": f"{rng.choice(STREETS)} {rng.randint(1, 400)}",
                "joined_on": founded + dt.timedelta(days=rng.randint(0, max(30, 90 * years))),
            }
        )
        size = rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0]
        for index in range(size):
            adult = index < 2 or rng.random() < 0.15
            age = rng.randint(19, 78) if adult else rng.randint(0, 17)
            female = rng.random() < (0.55 if index == 0 else 0.5)
            person_id = uuid7()
            has_phone = adult and rng.random() < 0.9
            person_rows.append(
                {
                    "id": person_id,
                    "household_id": household_id,
                    "name": _person_name(rng, surname, female),
                    "phone": f"09{rng.randint(10_000_000, 99_999_999)}" if has_phone else "",
                    "email": "",
                    "document": f"17{rng.randint(10_000_000, 99_999_999)}" if adult else "",
                    "birth_year": today.year - age,
                }
            )
            if adult:
                adults.append(person_id)
    roles = _roles(rng, adults, founded=founded, today=today)
    holders = {r["person_id"] for r in roles if r["role"] != "member" and r["end_on"] is None}
    for row in person_rows:
        row["passphrase_hash"] = passphrase_hash if row["id"] in holders else ""
    return PeopleRows(household_rows, person_rows, roles)


def _roles(
    rng: random.Random, adults: list[uuid.UUID], *, founded: dt.date, today: dt.date
) -> list[dict[str, Any]]:
    rows = [{"person_id": p, "role": "member", "start_on": founded, "end_on": None} for p in adults]
    term_start = founded
    while term_start <= today:
        term_end = term_start + dt.timedelta(days=365 * TERM_YEARS)
        current = term_end > today
        chosen = rng.sample(adults, min(len(adults), sum(n for _r, n in OFFICES)))
        for role, count in OFFICES:
            for _i in range(count):
                if not chosen:
                    break
                rows.append(
                    {
                        "person_id": chosen.pop(),
                        "role": role,
                        "start_on": term_start,
                        "end_on": None if current else term_end - dt.timedelta(days=1),
                    }
                )
        term_start = term_end
    return rows
