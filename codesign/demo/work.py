"""The mingas of the demo: 12 commissions, years of work days, shifts and attendance.

Saturdays, Sundays and some Wednesday evenings are work days (about 120 a
year), five shifts each, each shift needing about one person per 24
households: for 600 households and 10 years that is ~1,200 work days,
~6,000 shifts and ~150,000 attendance records. The coming eight weeks have
work days and shifts but no roster yet, so planning one is the next step.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from codesign.auth import active_role_clause
from codesign.journal.writer import Writer
from models.ids import uuid7
from models.tables import Person, RoleAssignment

# (name, skills a shift needs, unpopular, usual start hour, hours)
COMMISSIONS = (
    ("Construcción", "albañilería", False, 8, 4),
    ("Mantenimiento de la escuela", "", False, 8, 4),
    ("Limpieza de áreas comunes", "", True, 8, 3),
    ("Huertos y jardines", "", False, 7, 4),
    ("Seguridad y vigilancia", "", True, 18, 4),
    ("Cocina comunitaria", "cocina", False, 9, 4),
    ("Electricidad", "electricidad", False, 8, 4),
    ("Plomería", "plomería", False, 13, 4),
    ("Carpintería", "carpintería", False, 13, 4),
    ("Cuidado infantil", "cuidado infantil", False, 8, 4),
    ("Reciclaje", "", True, 14, 3),
    ("Comunicación y actas", "", False, 15, 2),
)
PLACES = (
    "Obra bloque B",
    "Escuela comunitaria",
    "Casa comunal",
    "Huerto norte",
    "Portón principal",
)
TASKS = (
    "Preparar mezcla y levantar paredes del bloque {n}",
    "Pintar el aula {n} de la escuela",
    "Limpiar canaletas de la casa comunal",
    "Sembrar y regar las camas {n} del huerto",
    "Ronda nocturna y registro en el cuaderno",
    "Preparar el almuerzo de la minga para {n} personas",
    "Revisar el tablero eléctrico del bloque {n}",
    "Cambiar la tubería del baño {n}",
    "Armar los pupitres del aula {n}",
    "Cuidar a los niños durante la asamblea",
    "Separar material reciclable del punto {n}",
    "Redactar el acta de la minga",
)
TASK_OF = {c[0]: task for c, task in zip(COMMISSIONS, TASKS, strict=True)}
STATUS_WEIGHTS = (("present", 84), ("absent", 7), ("excused", 5), ("substitute", 4))
PER_PERSON_SKILL = 0.25
RELIABILITY = (0.7, 1.0)  # chance, per household, of showing up when planned


def _work_dates(founded: dt.date, today: dt.date, rng: random.Random) -> list[dt.date]:
    days = []
    day = founded + dt.timedelta(days=(5 - founded.weekday()) % 7)  # first Saturday
    end = today + dt.timedelta(weeks=8)
    while day <= end:
        days.append(day)
        days.append(day + dt.timedelta(days=1))
        if rng.random() < 0.31:
            days.append(day + dt.timedelta(days=4))
        day += dt.timedelta(days=7)
    return [d for d in days if d <= end]


def _people(w: Writer, today: dt.date) -> tuple[dict[uuid.UUID, list[uuid.UUID]], list[uuid.UUID]]:
    adults: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for person, household, born in w.session.execute(
        select(Person.id, Person.household_id, Person.birth_year).where(Person.deleted.is_(False))
    ):
        if household is not None and (born is None or today.year - born >= 16):
            adults[household].append(person)
    coordinators = list(
        w.session.scalars(
            select(RoleAssignment.person_id).where(
                RoleAssignment.role == "coordinator", active_role_clause(today)
            )
        )
    )
    return adults, sorted(coordinators)


ENTITIES = (
    "commission",
    "commission_member",
    "hours_rule",
    "exemption",
    "availability",
    "hours_adjustment",
    "work_day",
    "shift",
    "task",
    "assignment",
)


def build_work(
    w: Writer,
    rng: random.Random,
    *,
    household_ids: list[uuid.UUID],
    years: int,
    today: dt.date,
) -> dict[str, int]:
    """Insert the demo's commissions, rules, availability, work days, shifts and attendance."""
    rows = work_rows(w, rng, household_ids=household_ids, years=years, today=today)
    write_work(w, rows)
    return {
        "commissions": len(rows["commission"]),
        "work_days": len(rows["work_day"]),
        "shifts": len(rows["shift"]),
        "assignments": len(rows["assignment"]),
    }


def write_work(w: Writer, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Bulk-insert the rows, journaled, parents first."""
    for entity in ENTITIES:
        w.insert_many(entity, rows[entity])


def work_rows(
    w: Writer,
    rng: random.Random,
    *,
    household_ids: list[uuid.UUID],
    years: int,
    today: dt.date,
) -> dict[str, list[dict[str, Any]]]:
    """Seeded rows of every work table, for ``write_work`` (people are read through ``w``)."""
    founded = today - dt.timedelta(days=365 * years)
    adults, coordinators = _people(w, today)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    commissions = _commissions(rows, rng, adults, coordinators)
    _obligations(rows, rng, household_ids=household_ids, founded=founded, today=today, years=years)
    _calendar(
        rows,
        rng,
        commissions=commissions,
        household_ids=household_ids,
        adults=adults,
        founded=founded,
        today=today,
    )
    return rows


def _commissions(
    rows: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    adults: dict[uuid.UUID, list[uuid.UUID]],
    coordinators: list[uuid.UUID],
) -> list[tuple[uuid.UUID, str, str, bool, int, int]]:
    out = []
    everyone = [p for people in adults.values() for p in people]
    for index, (name, skill, unpopular, hour, length) in enumerate(COMMISSIONS):
        cid = uuid7()
        rows["commission"].append(
            {
                "id": cid,
                "name": name,
                "skills": skill,
                "unpopular": unpopular,
                "description": f"Comisión de {name.lower()}",
            }
        )
        out.append((cid, name, skill, unpopular, hour, length))
        lead = coordinators[index % len(coordinators)] if coordinators else None
        members = set(rng.sample(everyone, min(len(everyone), max(3, len(everyone) // 8))))
        if lead is not None:
            members.add(lead)
        for person in sorted(members):
            has_skill = bool(skill) and (person == lead or rng.random() < PER_PERSON_SKILL * 2)
            rows["commission_member"].append(
                {
                    "commission_id": cid,
                    "person_id": person,
                    "skills": skill if has_skill else "",
                    "coordinator": person == lead,
                }
            )
    return out


def _obligations(
    rows: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    *,
    household_ids: list[uuid.UUID],
    founded: dt.date,
    today: dt.date,
    years: int,
) -> None:
    building_ends = founded + dt.timedelta(days=int(365 * years * 0.6))
    rows["hours_rule"] += [
        {
            "phase": "Construcción",
            "period": "month",
            "minutes": 8 * 60,
            "from_date": founded,
            "to_date": building_ends,
        },
        {
            "phase": "Mantenimiento y convivencia",
            "period": "month",
            "minutes": 5 * 60,
            "from_date": building_ends + dt.timedelta(days=1),
            "to_date": None,
        },
    ]
    reasons = ("Enfermedad", "Tercera edad", "Embarazo", "Trabajo fuera de la ciudad")
    for household in household_ids:
        if rng.random() < 0.04:
            start = founded + dt.timedelta(days=rng.randint(0, max(1, (today - founded).days)))
            rows["exemption"].append(
                {
                    "household_id": household,
                    "from_date": start,
                    "to_date": start + dt.timedelta(days=rng.randint(30, 180)),
                    "reason": rng.choice(reasons),
                    "approved_by": None,
                }
            )
        windows = rng.sample(
            ((5, 7 * 60, 22 * 60), (6, 7 * 60, 22 * 60), (2, 17 * 60, 22 * 60)), rng.randint(1, 3)
        )
        for weekday, lo, hi in windows:
            rows["availability"].append(
                {
                    "household_id": household,
                    "weekday": weekday,
                    "on_date": None,
                    "from_minute": lo,
                    "to_minute": hi,
                }
            )
        if rng.random() < 0.05:
            rows["hours_adjustment"].append(
                {
                    "household_id": household,
                    "on_date": today - dt.timedelta(days=rng.randint(30, 700)),
                    "minutes": rng.choice((4, 8, 12)) * 60,
                    "kind": "offset",
                    "reason": "Compensación aprobada en asamblea",
                }
            )


def _calendar(
    rows: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    *,
    commissions: list[tuple[uuid.UUID, str, str, bool, int, int]],
    household_ids: list[uuid.UUID],
    adults: dict[uuid.UUID, list[uuid.UUID]],
    founded: dt.date,
    today: dt.date,
) -> None:
    working = [h for h in household_ids if adults.get(h)]
    reliability = {h: rng.uniform(*RELIABILITY) for h in working}
    needed = max(1, len(household_ids) // 24)
    queue: list[uuid.UUID] = []
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [wt for _s, wt in STATUS_WEIGHTS]
    for day in _work_dates(founded + dt.timedelta(days=30), today, rng):
        day_id = uuid7()
        chosen = rng.sample(commissions, 5)
        rows["work_day"].append(
            {
                "id": day_id,
                "date": day,
                "place": rng.choice(PLACES),
                "commissions": ", ".join(c[1] for c in chosen),
                "notes": "",
            }
        )
        busy: set[uuid.UUID] = set()
        for index, (cid, _name, skill, _unpop, usual_hour, usual_length) in enumerate(chosen):
            evening = day.weekday() == 2
            hour, length = (18, 3) if evening else (usual_hour, usual_length)
            starts = dt.datetime.combine(day, dt.time(hour))
            shift_id = uuid7()
            people = max(1, needed + rng.randint(-1, 2))
            rows["shift"].append(
                {
                    "id": shift_id,
                    "work_day_id": day_id,
                    "commission_id": cid,
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=length),
                    "minutes": length * 60,
                    "people_needed": people,
                    "skills": skill,
                }
            )
            if index < 2:
                text = TASK_OF[_name]
                rows["task"].append(
                    {
                        "description": text.format(n=rng.randint(1, 12)),
                        "commission_id": cid,
                        "shift_id": shift_id,
                        "due_on": None,
                        "done": day < today,
                    }
                )
            if day >= today or not working:
                continue
            for _slot in range(people):
                if not queue:
                    queue = working[:]
                    rng.shuffle(queue)
                household = queue.pop()
                person = rng.choice(adults[household])
                if person in busy:
                    continue
                busy.add(person)
                status = rng.choices(statuses, weights)[0]
                if status == "present" and rng.random() > reliability[household]:
                    status = "absent"
                late = rng.choice((0, 0, 0, 10, 20, 30))
                worked = status in ("present", "substitute")
                rows["assignment"].append(
                    {
                        "id": uuid7(),
                        "shift_id": shift_id,
                        "household_id": household,
                        "person_id": person,
                        "status": status,
                        "substitute_name": "Vecino de apoyo" if status == "substitute" else "",
                        "check_in": starts + dt.timedelta(minutes=late)
                        if status == "present"
                        else None,
                        "check_out": starts + dt.timedelta(hours=length)
                        if status == "present"
                        else None,
                        "minutes": (length * 60 - late)
                        if status == "present"
                        else (length * 60 if worked else 0),
                        "locked": False,
                        "manual": False,
                    }
                )
