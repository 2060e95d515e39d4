"""The demo's assemblies: ten years of attendance, motions, votes, decisions and follow-ups.

About 40 assemblies a year with 600 households (scaled down for smaller
demos), seven or eight motions each, voted mostly by show of hands, some by
secret ballot and a few by roll call; every result follows the statutes'
rules, computed by ``codesign.decisions.rules``. All rows go in with
journaled bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from codesign.decisions import rules
from codesign.journal.writer import Writer
from models.ids import uuid7
from models.tables import Household, Person

AGENDA = (
    "Lectura y aprobación del acta anterior",
    "Informe de tesorería",
    "Informe de la comisión de obras",
    "Informe de la comisión de educación",
    "Calendario de mingas del mes",
    "Admisión de nuevas familias",
    "Presupuesto de obra",
    "Varios",
)
MOTIONS = (
    ("Aprobar el acta de la asamblea anterior", "simple"),
    ("Aprobar el informe de tesorería del mes", "simple"),
    ("Comprar {material} para la etapa {stage} de la obra", "simple"),
    ("Contratar a {supplier} para el suministro de {material}", "absolute"),
    ("Fijar el aporte mensual en {amount} dólares por familia", "absolute"),
    ("Admitir a la familia {surname} como socia de la cooperativa", "absolute"),
    ("Reformar el artículo {article} del reglamento interno", "two_thirds"),
    ("Reformar el estatuto en su artículo {article}", "three_quarters"),
    ("Organizar una minga extraordinaria el sábado para {task}", "simple"),
    ("Aprobar el calendario escolar del año lectivo", "consensus"),
    ("Nombrar a la comisión de {commission} por dos años", "simple"),
    ("Solicitar un crédito a la federación para {task}", "two_thirds"),
    ("Multar con {amount} dólares cada hora de minga no trabajada", "absolute"),
    ("Dedicar el lote comunal {stage} a huerto y juegos infantiles", "unanimity"),
)
MATERIALS = ("cemento", "bloques", "varilla", "arena y ripio", "madera", "tubería", "cerámica")
SUPPLIERS = ("Ferretería El Constructor", "Bloquera San José", "Hormigonera Andina")
TASKS = (
    "fundir la losa del bloque B",
    "limpiar la quebrada",
    "pintar la escuela",
    "terminar el muro del lindero",
    "instalar el agua del bloque C",
)
COMMISSIONS = ("obras", "educación", "finanzas", "vigilancia", "salud", "cultura")
SURNAMES = ("Quishpe", "Tenesaca", "Guamán", "Chicaiza", "Pilataxi", "Simbaña", "Cando")
ACTIONS = (
    "Pedir tres cotizaciones y presentarlas a la comisión",
    "Comunicar la decisión a todas las familias",
    "Firmar el contrato y archivar una copia",
    "Organizar los turnos de minga necesarios",
    "Actualizar el reglamento y repartirlo",
    "Abrir la cuenta y registrar el primer pago",
)
PB_OPTIONS = (
    ("Juegos infantiles en el parque", 450000),
    ("Biblioteca de la escuela", 300000),
    ("Techado de la cancha", 800000),
    ("Huerto comunitario", 150000),
    ("Alumbrado de los senderos", 350000),
    ("Cámaras de seguridad en los accesos", 400000),
    ("Taller de carpintería", 250000),
)


@dataclass
class _Rows:
    """Everything the demo writes, table by table."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {
            name: []
            for name in (
                "assembly",
                "agenda_item",
                "assembly_attendance",
                "motion",
                "vote_event",
                "vote",
                "decision",
                "follow_up_action",
                "pb_round",
                "pb_option",
                "pb_ballot",
            )
        }
    )

    def add(self, table: str, row: dict[str, Any]) -> uuid.UUID:
        row.setdefault("id", uuid7())
        self.tables[table].append(row)
        return uuid.UUID(str(row["id"]))


def _motion_text(rng: random.Random, template: str) -> str:
    return template.format(
        material=rng.choice(MATERIALS),
        supplier=rng.choice(SUPPLIERS),
        stage=rng.randint(1, 6),
        amount=rng.choice((15, 20, 25, 30, 35, 40)),
        surname=f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
        article=rng.randint(3, 48),
        task=rng.choice(TASKS),
        commission=rng.choice(COMMISSIONS),
    )


def _dates(rng: random.Random, start: dt.date, today: dt.date, per_year: int) -> list[dt.date]:
    days = (today - start).days
    count = max(1, days * per_year // 365)
    picked = sorted({start + dt.timedelta(days=rng.randrange(days)) for _ in range(count)})
    return [d for d in picked if d < today]


class _Builder:
    def __init__(
        self,
        rng: random.Random,
        households: list[tuple[uuid.UUID, dt.date | None]],
        people: list[uuid.UUID],
        statutes: rules.Statutes,
    ) -> None:
        self.rng = rng
        self.households = households
        self.people = people
        self.statutes = statutes
        self.rows = _Rows()
        self.decision_number = 0
        self.today = dt.date.today()

    def assembly(self, day: dt.date) -> None:
        rng = self.rng
        kind = "extraordinary" if rng.random() < 0.15 else "ordinary"
        first = dt.datetime.combine(day, dt.time(18, 0))
        members = [h for h, joined in self.households if joined is None or joined <= day]
        turnout = rng.uniform(0.35, 0.85)
        present = [h for h in members if rng.random() < turnout]
        in_room = set(present)
        absent = [h for h in members if h not in in_room]
        proxies: list[tuple[uuid.UUID, uuid.UUID]] = []
        holders = list(present)
        rng.shuffle(holders)
        for h in absent:
            if holders and rng.random() < 0.15:
                proxies.append((h, holders.pop()))  # noqa: PERF401 - one holder per proxy
        arrivals = {h: first + dt.timedelta(minutes=rng.randint(-15, 40)) for h in present}
        call, opened = self._opening(first, len(members), arrivals, proxies)
        month = day.strftime("%m/%Y")
        title = "Asamblea extraordinaria" if kind == "extraordinary" else "Asamblea ordinaria"
        aid = self.rows.add(
            "assembly",
            {
                "kind": kind,
                "title": f"{title} {month}",
                "held_on": day,
                "place": "Casa comunal" if rng.random() < 0.8 else "Escuela de la cooperativa",
                "first_call_at": first,
                "second_call_at": first + dt.timedelta(minutes=30),
                "opened_on_call": call,
                "opened_at": opened,
                "status": "closed",
                "notes": "",
                "deleted": False,
            },
        )
        self.agenda(aid, rng.sample(AGENDA, rng.randint(3, 6)))
        for h in present:
            arrived = arrivals[h]
            left = (
                arrived + dt.timedelta(minutes=rng.randint(40, 150))
                if rng.random() < 0.05
                else None
            )
            self.rows.add(
                "assembly_attendance",
                {
                    "assembly_id": aid,
                    "household_id": h,
                    "status": "present",
                    "proxy_holder_id": None,
                    "arrived_at": arrived,
                    "left_at": left,
                    "deleted": False,
                },
            )
        for h, holder in proxies:
            self.rows.add(
                "assembly_attendance",
                {
                    "assembly_id": aid,
                    "household_id": h,
                    "status": "proxy",
                    "proxy_holder_id": holder,
                    "arrived_at": None,
                    "left_at": None,
                    "deleted": False,
                },
            )
        voters = present + [h for h, _holder in proxies]
        proxied = {h for h, _holder in proxies}
        for number in range(1, rng.randint(5, 10) + 1):
            self.motion(aid, (day, first), number, voters, proxied)

    def _opening(
        self,
        first: dt.datetime,
        members: int,
        arrivals: dict[uuid.UUID, dt.datetime],
        proxies: list[tuple[uuid.UUID, uuid.UUID]],
    ) -> tuple[int, dt.datetime]:
        """The call and the minute the assembly opened: as soon as the first call's quorum is in
        the room within half an hour, else on the second call."""
        needed = rules.quorum_needed(members, self.statutes.quorum_first_call)
        held = {holder for _h, holder in proxies}
        represented = 0  # arriving, a holder brings the household whose proxy it carries
        for when, household in sorted((t, h) for h, t in arrivals.items()):
            if when > first + dt.timedelta(minutes=29):
                break
            represented += 2 if household in held else 1
            if represented >= needed:
                return 1, max(first, when)
        second = first + dt.timedelta(minutes=30)
        earliest = min(arrivals.values(), default=second)
        return 2, max(second, earliest)

    def agenda(self, aid: uuid.UUID, items: tuple[str, ...] | list[str]) -> None:
        for position, item in enumerate(items, 1):
            self.rows.add(
                "agenda_item",
                {
                    "assembly_id": aid,
                    "position": position,
                    "title": item,
                    "notes": "",
                    "deleted": False,
                },
            )

    def motion(
        self,
        aid: uuid.UUID,
        when: tuple[dt.date, dt.datetime],
        number: int,
        voters: list[uuid.UUID],
        proxied: set[uuid.UUID],
    ) -> None:
        day, first = when
        rng = self.rng
        template, majority = rng.choice(MOTIONS)
        text = _motion_text(rng, template)
        proposer, seconder = rng.sample(self.people, 2)
        mid = self.rows.add(
            "motion",
            {
                "assembly_id": aid,
                "agenda_item_id": None,
                "number": number,
                "text": text,
                "proposer_id": proposer,
                "seconder_id": seconder,
                "amends_id": None,
                "majority": majority,
                "link_entity": "",
                "link_id": None,
                "deleted": False,
            },
        )
        roll = rng.random()
        method = "roll_call" if roll < 0.05 else "secret" if roll < 0.2 else "show_of_hands"
        opened = first + dt.timedelta(minutes=20 + 12 * number)
        event = uuid7()
        leaning = rng.betavariate(5, 2)
        tally = {"yes": 0, "no": 0, "abstain": 0}
        for h in voters:
            option = "yes" if rng.random() < leaning else "abstain" if rng.random() < 0.25 else "no"
            tally[option] += 1
            if method == "roll_call":
                self.rows.add(
                    "vote",
                    {
                        "vote_event_id": event,
                        "household_id": h,
                        "option": option,
                        "weight": 1,
                        "by_proxy": h in proxied,
                    },
                )
        counted = rules.Tally(tally["yes"], tally["no"], tally["abstain"])
        passed = rules.passes(
            majority, counted, len(voters), quorum=True, base=self.statutes.qualified_majority_base
        )
        result = "passed" if passed else "failed"
        self.rows.add(
            "vote_event",
            {
                "id": event,
                "motion_id": mid,
                "method": method,
                "status": "closed",
                "opened_by": None,
                "opened_at": opened,
                "closed_by": None,
                "closed_at": opened + dt.timedelta(minutes=8),
                "yes": counted.yes,
                "no": counted.no,
                "abstain": counted.abstain,
                "represented": len(voters),
                "result": result,
            },
        )
        self.decision_number += 1
        did = self.rows.add(
            "decision",
            {
                "number": self.decision_number,
                "decided_on": day,
                "text": text,
                "result": result,
                "motion_id": mid,
                "assembly_id": aid,
                "deleted": False,
            },
        )
        if passed and rng.random() < 0.45:
            self.follow_ups(did, day)

    def follow_ups(self, decision: uuid.UUID, day: dt.date) -> None:
        rng = self.rng
        for action in rng.sample(ACTIONS, rng.randint(1, 2)):
            due = day + dt.timedelta(days=rng.randint(14, 90))
            # Recent actions are often still open; a few old ones were forgotten (overdue).
            recent = due >= self.today - dt.timedelta(days=60)
            status = "open" if (recent and rng.random() < 0.6) or rng.random() < 0.02 else "done"
            self.rows.add(
                "follow_up_action",
                {
                    "decision_id": decision,
                    "description": action,
                    "responsible_id": rng.choice(self.people),
                    "due_on": due,
                    "status": status,
                    "deleted": False,
                },
            )

    def budgeting(self, day: dt.date) -> None:
        rng = self.rng
        rid = self.rows.add(
            "pb_round",
            {
                "assembly_id": None,
                "title": f"Presupuesto participativo {day.year}",
                "method": "points",
                "points_per_household": 10,
                "budget": 1000000,
                "held_on": day,
                "deleted": False,
            },
        )
        options = [
            self.rows.add("pb_option", {"round_id": rid, "title": t, "cost": c, "deleted": False})
            for t, c in rng.sample(PB_OPTIONS, 5)
        ]
        weights = [rng.random() + 0.2 for _ in options]
        for h, joined in self.households:
            if (joined is not None and joined > day) or rng.random() > 0.55:
                continue
            left = 10
            for option in rng.choices(options, weights, k=rng.randint(1, 3)):
                points = left if option is options[-1] else rng.randint(1, left)
                left -= points
                self.rows.add(
                    "pb_ballot",
                    {"round_id": rid, "option_id": option, "household_id": h, "points": points},
                )
                if left <= 0:
                    break


def _merge_ballots(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One ballot row per household and option (points picked twice add up)."""
    merged: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for row in rows:
        key = (row["round_id"], row["option_id"], row["household_id"])
        if key in merged:
            merged[key]["points"] += row["points"]
        else:
            merged[key] = row
    return list(merged.values())


def build_decisions(
    w: Writer,
    rng: random.Random,
    *,
    households: int,
    years: int,
    today: dt.date,
    statutes: dict[str, Any],
) -> dict[str, int]:
    """Insert the assemblies and everything decided in them; return the counts."""
    homes = [
        (h, j)
        for h, j in w.session.execute(
            select(Household.id, Household.joined_on).where(Household.deleted.is_(False))
        ).tuples()
    ]
    people = list(w.session.scalars(select(Person.id).where(Person.deleted.is_(False))))
    tables = decision_rows(
        rng, homes, people, households=households, years=years, today=today, statutes=statutes
    )
    write_decisions(w, tables)
    return {
        "assemblies": len(tables["assembly"]),
        "motions": len(tables["motion"]),
        "decisions": len(tables["decision"]),
    }


def decision_rows(
    rng: random.Random,
    homes: list[tuple[uuid.UUID, dt.date | None]],
    people: list[uuid.UUID],
    *,
    households: int,
    years: int,
    today: dt.date,
    statutes: dict[str, Any],
) -> dict[str, list[dict[str, Any]]]:
    """The seeded rows of every decisions table, ready for bulk insert."""
    builder = _Builder(rng, homes, people, rules.statutes_from(statutes))
    if len(people) < 2 or not homes:
        return builder.rows.tables
    builder.today = today
    start = today - dt.timedelta(days=365 * years)
    per_year = max(6, round(40 * households / 600))
    for day in _dates(rng, start, today, per_year):
        builder.assembly(day)
    for year in range(start.year + 1, today.year + 1):
        builder.budgeting(dt.date(year, 3, 15))
    upcoming = today + dt.timedelta(days=14)
    first = dt.datetime.combine(upcoming, dt.time(18, 0))
    aid = builder.rows.add(
        "assembly",
        {
            "kind": "ordinary",
            "title": "Asamblea ordinaria " + upcoming.strftime("%m/%Y"),
            "held_on": upcoming,
            "place": "Casa comunal",
            "first_call_at": first,
            "second_call_at": first + dt.timedelta(minutes=30),
            "opened_on_call": 0,
            "opened_at": None,
            "status": "planned",
            "notes": "",
            "deleted": False,
        },
    )
    builder.agenda(aid, AGENDA[:5])
    tables = builder.rows.tables
    tables["pb_ballot"] = _merge_ballots(tables["pb_ballot"])
    return tables


def write_decisions(w: Writer, tables: dict[str, list[dict[str, Any]]]) -> int:
    """Bulk-insert the rows, journaled, parents before children; return how many rows."""
    for name, rows in tables.items():
        w.insert_many(name, rows)
    return sum(len(rows) for rows in tables.values())
