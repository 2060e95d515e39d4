"""Hybrid logical clock: wall milliseconds in the high bits, a counter in the low 16."""

from __future__ import annotations

import time

COUNTER_BITS = 16
MAX_SKEW_MS = 24 * 3600 * 1000


def wall_ms() -> int:
    """Milliseconds since the Unix epoch, from this laptop's clock."""
    return time.time_ns() // 1_000_000


def physical_ms(hlc: int) -> int:
    """The wall-clock part of an HLC value."""
    return hlc >> COUNTER_BITS


class HybridClock:
    """Issues strictly increasing HLC values, never behind the last one seen."""

    def __init__(self, last: int = 0) -> None:
        self.last = last

    def tick(self) -> int:
        """The HLC value for a new local change."""
        candidate = wall_ms() << COUNTER_BITS
        self.last = max(candidate, self.last + 1)
        return self.last

    def observe(self, remote: int) -> bool:
        """Advance past an incoming HLC; False (and no change) when it is over 24 h ahead."""
        if physical_ms(remote) - wall_ms() > MAX_SKEW_MS:
            return False
        self.last = max(self.last, remote)
        return True
