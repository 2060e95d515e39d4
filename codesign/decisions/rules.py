"""The arithmetic of assemblies: quorum, proxies, majorities and what is still reachable.

Pure functions on integers, no database, so every rule can be checked by
hand. The definitions, as the statutes are read here:

* **Quorum** on a call whose statutory fraction is ``f`` with ``n`` member
  households: more than ``f × n`` households represented, i.e.
  ``floor(f × n) + 1``; a fraction of 0 ("any number") still needs one
  household. Represented = present in the room now + absent households whose
  proxy holder is present now.
* **Votes**: ``yes``, ``no`` and ``abstain`` are households (or their weights in
  a weighted roll call). Votes cast = ``yes + no``; abstentions are not cast.
  ``present`` is the represented (voting-eligible) total.
* **simple**: ``yes > no``. A tie fails.
* **absolute**: ``yes > present / 2`` (more than half of those represented, so
  abstaining counts against).
* **two_thirds**, **three_quarters**: ``yes ≥ 2/3`` (``3/4``) of the base, where
  the base is the votes cast (``yes + no``, the default) or, when the statutes
  say ``"qualified_majority_base": "present"``, the represented total; and at
  least one yes.
* **unanimity**, **consensus**: no "no" vote and at least one yes; abstentions
  ("standing aside") do not block.

A motion passes when its vote had quorum and the rule holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

RULES = ("simple", "absolute", "two_thirds", "three_quarters", "unanimity", "consensus")
BASES = ("cast", "present")
# How the reachable state of a rule reads while votes are still coming in.
CERTAIN, REACHABLE, OUT_OF_REACH = "certain", "reachable", "out_of_reach"


@dataclass(frozen=True, slots=True)
class Tally:
    """Yes, no and abstentions so far (households, or weights in a weighted roll call)."""

    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def total(self) -> int:
        """Every vote entered, abstentions included."""
        return self.yes + self.no + self.abstain

    @property
    def cast(self) -> int:
        """Votes cast: yes and no (abstentions are not cast)."""
        return self.yes + self.no


@dataclass(frozen=True, slots=True)
class Statutes:
    """The parts of the statutes the assembly rules read."""

    quorum_first_call: Decimal = Decimal("0.5")
    quorum_second_call: Decimal = Decimal(0)
    max_proxies_per_holder: int = 1
    qualified_majority_base: str = "cast"
    weighted_roll_call: bool = False


def _fraction(value: Any, default: Decimal) -> Decimal:
    try:
        found = Decimal(str(value)) if value is not None else default
    except InvalidOperation:
        return default
    return found if Decimal(0) <= found <= Decimal(1) else default


def statutes_from(raw: Mapping[str, Any]) -> Statutes:
    """The assembly rules out of the cooperative's statutes (defaults for what is missing)."""
    base = str(raw.get("qualified_majority_base", "cast"))
    try:
        proxies = max(0, int(raw.get("max_proxies_per_holder", 1)))
    except (TypeError, ValueError):
        proxies = 1
    return Statutes(
        quorum_first_call=_fraction(raw.get("quorum_first_call"), Decimal("0.5")),
        quorum_second_call=_fraction(raw.get("quorum_second_call"), Decimal(0)),
        max_proxies_per_holder=proxies,
        qualified_majority_base=base if base in BASES else "cast",
        weighted_roll_call=bool(raw.get("weighted_roll_call", False)),
    )


def quorum_needed(households: int, fraction: Decimal) -> int:
    """Households that must be represented: more than ``fraction`` of them, at least one."""
    if households <= 0:
        return 1
    share = (fraction * households).to_integral_value(rounding=ROUND_FLOOR)
    return max(1, min(int(share) + 1, households)) if fraction > 0 else 1


def call_fraction(statutes: Statutes, call: int) -> Decimal:
    """The quorum fraction of the first or second call."""
    return statutes.quorum_first_call if call == 1 else statutes.quorum_second_call


@dataclass(frozen=True, slots=True)
class Presence:
    """One household's attendance as the quorum sees it at one moment."""

    household: object
    status: str  # present, absent or proxy
    holder: object | None = None
    in_room: bool = False  # arrived and not yet left


def represented(presences: Iterable[Presence]) -> tuple[frozenset[object], frozenset[object]]:
    """Households represented now: those in the room, and proxies whose holder is in the room.

    Returns ``(in_room, by_proxy)``; a proxy whose holder has left (or never came)
    represents nobody until the holder is back.
    """
    rows = list(presences)
    in_room = frozenset(p.household for p in rows if p.status == "present" and p.in_room)
    by_proxy = frozenset(p.household for p in rows if p.status == "proxy" and p.holder in in_room)
    return in_room, by_proxy


def proxies_over_limit(holders: Iterable[object], limit: int) -> dict[object, int]:
    """Holders that carry more than ``limit`` proxies, with how many they carry."""
    counts: dict[object, int] = {}
    for holder in holders:
        counts[holder] = counts.get(holder, 0) + 1
    return {h: n for h, n in counts.items() if n > limit}


def rule_holds(rule: str, tally: Tally, present: int, base: str = "cast") -> bool:
    """Whether ``tally`` meets ``rule`` with ``present`` represented (see the module text)."""
    yes, no = tally.yes, tally.no
    if rule == "simple":
        return yes > no
    if rule == "absolute":
        return 2 * yes > present
    if rule in ("two_thirds", "three_quarters"):
        num, den = (2, 3) if rule == "two_thirds" else (3, 4)
        total = tally.cast if base == "cast" else present
        return yes > 0 and den * yes >= num * total
    if rule in ("unanimity", "consensus"):
        return yes > 0 and no == 0
    raise ValueError(rule)


def passes(rule: str, tally: Tally, present: int, *, quorum: bool, base: str = "cast") -> bool:
    """A motion passes when the vote had quorum and its rule holds."""
    return quorum and rule_holds(rule, tally, present, base)


def reachable(rule: str, tally: Tally, present: int, base: str = "cast") -> str:
    """Whether ``rule`` is already certain, still reachable or out of reach.

    The votes not yet entered are ``present - tally.total``; the rule is
    certain if it holds even when all of them say no, reachable if it holds
    when all of them say yes.
    """
    remaining = max(0, present - tally.total)
    worst = Tally(tally.yes, tally.no + remaining, tally.abstain)
    if rule_holds(rule, worst, present, base):
        return CERTAIN
    best = Tally(tally.yes + remaining, tally.no, tally.abstain)
    return REACHABLE if rule_holds(rule, best, present, base) else OUT_OF_REACH


def reachable_all(tally: Tally, present: int, base: str = "cast") -> dict[str, str]:
    """The reachable state of every majority rule, for the vote panel."""
    return {rule: reachable(rule, tally, present, base) for rule in RULES}


def yes_needed(rule: str, tally: Tally, present: int, base: str = "cast") -> int | None:
    """The fewest further yes votes that make the rule hold, or None when none can."""
    remaining = max(0, present - tally.total)
    for extra in range(remaining + 1):
        if rule_holds(rule, Tally(tally.yes + extra, tally.no, tally.abstain), present, base):
            return extra
    return None
