"""Immutable records the people services return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.ids import HouseholdId, PersonId, RoleId

PERSON_FIELDS = ("name", "phone", "email", "document", "birth_year", "notes", "household")
PRIVATE_FIELDS = ("phone", "email", "document")
HOUSEHOLD_FIELDS = ("name", "unit", "address", "joined_on", "notes")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person as lists show them; private fields are empty unless the reader may see them."""

    id: PersonId
    name: str
    household_id: HouseholdId | None
    household: str
    phone: str
    email: str
    document: str
    birth_year: int | None
    notes: str
    roles: tuple[str, ...]
    has_passphrase: bool


@dataclass(frozen=True, slots=True)
class HouseholdRecord:
    """A household with its member count."""

    id: HouseholdId
    name: str
    unit: str
    address: str
    joined_on: dt.date | None
    members: int
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RoleRecord:
    """One role held over a period."""

    id: RoleId
    person_id: PersonId
    role: str
    start_on: dt.date
    end_on: dt.date | None


@dataclass(frozen=True, slots=True)
class AddedPerson:
    """What ``add_person`` made."""

    person: PersonId
    household: HouseholdId
    created_household: bool
