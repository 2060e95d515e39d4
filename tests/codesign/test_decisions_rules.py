"""Quorum, proxy and majority arithmetic on cases worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from codesign.decisions import rules
from codesign.decisions.rules import CERTAIN, OUT_OF_REACH, REACHABLE, Presence, Tally


@pytest.mark.parametrize(
    ("households", "fraction", "needed"),
    [
        (600, "0.5", 301),  # more than half of 600
        (7, "0.5", 4),  # 3.5 → more than that is 4
        (8, "0.5", 5),  # exactly half (4) is not more than half
        (9, "0.6667", 7),  # 6.0003 → 7
        (120, "0", 1),  # second call: any number, but someone must be there
        (1, "0.5", 1),
        (0, "0.5", 1),
        (10, "1", 10),  # everyone: never more than all households
    ],
)
def test_quorum_needed(households: int, fraction: str, needed: int) -> None:
    """More than the statutory share of households, at least one, never more than all."""
    assert rules.quorum_needed(households, Decimal(fraction)) == needed


def test_call_fraction_reads_first_and_second_call() -> None:
    """The first call uses its own fraction, the second call its own."""
    statutes = rules.statutes_from({"quorum_first_call": "0.5", "quorum_second_call": "0.25"})
    assert rules.call_fraction(statutes, 1) == Decimal("0.5")
    assert rules.call_fraction(statutes, 2) == Decimal("0.25")


def test_statutes_with_nonsense_fall_back_to_defaults() -> None:
    """Unreadable statute values do not break the arithmetic: the defaults apply."""
    statutes = rules.statutes_from(
        {
            "quorum_first_call": "mucho",
            "max_proxies_per_holder": "x",
            "qualified_majority_base": "?",
        }
    )
    assert statutes.quorum_first_call == Decimal("0.5")
    assert statutes.max_proxies_per_holder == 1
    assert statutes.qualified_majority_base == "cast"


def test_live_presence_and_proxies() -> None:
    """A proxy counts only while its holder is in the room; leaving takes the proxy too."""
    rows = [
        Presence("A", "present", in_room=True),
        Presence("B", "present", in_room=False),  # left early
        Presence("C", "proxy", holder="A"),
        Presence("D", "proxy", holder="B"),  # holder gone: D is not represented
        Presence("E", "absent"),
    ]
    room, proxies = rules.represented(rows)
    assert room == {"A"}
    assert proxies == {"C"}


def test_proxy_limit() -> None:
    """Holders over the statutory limit are named with how many they carry."""
    assert rules.proxies_over_limit(["A", "A", "B"], 1) == {"A": 2}
    assert rules.proxies_over_limit(["A", "A", "B"], 2) == {}
    assert rules.proxies_over_limit(["A"], 0) == {"A": 1}


@pytest.mark.parametrize(
    ("rule", "yes", "no", "abstain", "present", "expected"),
    [
        # simple: yes > no; abstentions do not count; a tie fails
        ("simple", 10, 9, 30, 49, True),
        ("simple", 10, 10, 0, 20, False),
        ("simple", 0, 0, 5, 5, False),
        # absolute: yes > half of those represented (abstaining counts against)
        ("absolute", 26, 10, 14, 50, True),
        ("absolute", 25, 10, 15, 50, False),  # exactly half is not more than half
        ("absolute", 26, 0, 0, 51, True),  # 2 × 26 = 52 > 51
        ("absolute", 25, 0, 0, 51, False),  # 50 < 51
        # two thirds of votes cast (yes + no), at least
        ("two_thirds", 20, 10, 50, 80, True),  # 20 ≥ 2/3 × 30
        ("two_thirds", 19, 10, 0, 29, False),  # 19 < 19.33
        ("two_thirds", 2, 1, 0, 3, True),
        # three quarters of votes cast
        ("three_quarters", 30, 10, 0, 40, True),  # 30 = 3/4 × 40
        ("three_quarters", 29, 10, 0, 39, False),  # 29 < 29.25
        ("three_quarters", 0, 0, 10, 10, False),  # nobody in favour
        # unanimity / consensus: no "no", someone in favour; standing aside does not block
        ("unanimity", 40, 0, 3, 43, True),
        ("unanimity", 40, 1, 0, 41, False),
        ("consensus", 12, 0, 8, 20, True),
        ("consensus", 0, 0, 20, 20, False),
    ],
)
def test_majorities(
    rule: str, yes: int, no: int, abstain: int, present: int, expected: bool
) -> None:
    """Each majority rule on a hand-worked tally."""
    assert rules.rule_holds(rule, Tally(yes, no, abstain), present) is expected


def test_qualified_majority_on_present_base() -> None:
    """With the 'present' base, 2/3 is measured against everyone represented."""
    tally = Tally(20, 10, 50)
    assert rules.rule_holds("two_thirds", tally, 80, "cast")
    assert not rules.rule_holds("two_thirds", tally, 80, "present")  # 20 < 53.3
    assert rules.rule_holds("two_thirds", Tally(54, 0, 26), 80, "present")  # 54 ≥ 53.3
    assert not rules.rule_holds("two_thirds", Tally(53, 0, 27), 80, "present")


def test_motion_without_quorum_fails_whatever_the_votes() -> None:
    """A unanimous yes without quorum does not pass."""
    assert not rules.passes("simple", Tally(30, 0, 0), 30, quorum=False)
    assert rules.passes("simple", Tally(30, 0, 0), 30, quorum=True)


def test_reachable_while_votes_come_in() -> None:
    """With 100 represented: 40 yes, 20 no, 40 to come."""
    tally = Tally(40, 20, 0)
    assert rules.reachable("simple", tally, 100) == REACHABLE  # 40 no more would make 40 < 60
    assert rules.reachable("absolute", tally, 100) == REACHABLE  # needs 11 more yes
    assert rules.reachable("unanimity", tally, 100) == OUT_OF_REACH  # someone said no
    assert rules.yes_needed("absolute", tally, 100) == 11
    assert rules.yes_needed("three_quarters", tally, 100) == 20  # 60 ≥ 3/4 × 80
    done = Tally(70, 20, 0)  # 10 to come: even 10 more "no" leave 70 > 30
    assert rules.reachable("simple", done, 100) == CERTAIN
    assert rules.reachable("absolute", done, 100) == CERTAIN  # 70 > 50 already
    assert rules.reachable("three_quarters", done, 100) == REACHABLE  # 70/100 worst, 80/100 best
    assert rules.reachable("three_quarters", Tally(10, 80, 0), 100) == OUT_OF_REACH
    every = rules.reachable_all(Tally(0, 0, 0), 10)
    assert set(every) == set(rules.RULES)
    assert every["unanimity"] == REACHABLE


def test_tie_and_all_abstain() -> None:
    """A tie fails every rule; all abstaining passes none."""
    for rule in rules.RULES:
        assert not rules.rule_holds(rule, Tally(5, 5, 0), 10), rule
        assert not rules.rule_holds(rule, Tally(0, 0, 10), 10), rule
