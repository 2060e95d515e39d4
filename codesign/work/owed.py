"""Hours owed: the statutes' rules by project phase, less approved exemptions.

A weekly rule owes its minutes for every 7 days; a monthly rule owes its
minutes for each month, shared out over that month's days, so a household
that joins mid-month owes only its part.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Rule:
    """``minutes`` owed per ``period`` ("week" or "month") from ``start`` to ``end``."""

    minutes: int
    period: str
    start: dt.date
    end: dt.date | None
    phase: str = ""


def _overlap(
    a: dt.date, b: dt.date, c: dt.date, d: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    lo = max(a, c)
    hi = min(b, d) if d is not None else b
    return (lo, hi) if lo <= hi else None


def _month_minutes(minutes: int, lo: dt.date, hi: dt.date) -> float:
    """Whole months between the partial first and last ones count ``minutes`` each."""
    first_days = calendar.monthrange(lo.year, lo.month)[1]
    if (lo.year, lo.month) == (hi.year, hi.month):
        return minutes * ((hi - lo).days + 1) / first_days
    head = minutes * (first_days - lo.day + 1) / first_days
    tail = minutes * hi.day / calendar.monthrange(hi.year, hi.month)[1]
    between = (hi.year * 12 + hi.month) - (lo.year * 12 + lo.month) - 1
    return head + tail + minutes * between


def rule_minutes(rule: Rule, start: dt.date, end: dt.date) -> float:
    """What ``rule`` owes between ``start`` and ``end`` (both included)."""
    span = _overlap(start, end, rule.start, rule.end)
    if span is None:
        return 0.0
    lo, hi = span
    if rule.period == "month":
        return _month_minutes(rule.minutes, lo, hi)
    return rule.minutes * ((hi - lo).days + 1) / 7


def merge_spans(spans: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or touching date spans joined, sorted."""
    merged: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + DAY:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def owed_minutes(
    rules: Sequence[Rule],
    start: dt.date,
    end: dt.date,
    exemptions: Sequence[tuple[dt.date, dt.date]] = (),
) -> int:
    """Minutes owed from ``start`` to ``end`` under ``rules``, less exempted days."""
    if end < start:
        return 0
    total = sum(rule_minutes(rule, start, end) for rule in rules)
    for lo, hi in merge_spans(exemptions):
        span = _overlap(start, end, lo, hi)
        if span is not None:
            total -= sum(rule_minutes(rule, span[0], span[1]) for rule in rules)
    return max(0, round(total))


def exempt_on(exemptions: Sequence[tuple[dt.date, dt.date]], day: dt.date) -> bool:
    """Whether ``day`` falls in one of the exemptions."""
    return any(lo <= day <= hi for lo, hi in exemptions)
