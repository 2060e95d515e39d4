"""Typed ids and client-made, time-ordered UUIDv7 keys.

Rows that sync get their key on the laptop that creates them, so ids never
depend on a database sequence and never collide between laptops.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from typing import NewType

CooperativeId = NewType("CooperativeId", uuid.UUID)
HouseholdId = NewType("HouseholdId", uuid.UUID)
PersonId = NewType("PersonId", uuid.UUID)
RoleId = NewType("RoleId", uuid.UUID)
DeviceId = NewType("DeviceId", uuid.UUID)
GroupId = NewType("GroupId", uuid.UUID)

_MS_MASK = (1 << 48) - 1
_VERSION = 0x7 << 76
_VARIANT = 0b10 << 62
# Uniqueness, not secrecy: a generator seeded from the OS is 10x faster than urandom per id.
_random = random.Random(os.urandom(32))
_lock = threading.Lock()


def _reseed() -> None:
    _random.seed(os.urandom(32))


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reseed)
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, a 12-bit counter, 62 random bits.

    The counter keeps ids made within the same millisecond in creation order.
    """
    global _last_ms, _counter  # noqa: PLW0603 - process-wide monotonic state
    with _lock:
        now = time.time_ns() // 1_000_000
        if now > _last_ms:
            _last_ms = now
            _counter = _random.getrandbits(10)
        else:
            _counter += 1
            if _counter > 0xFFF:
                _last_ms += 1
                _counter = 0
        ms, counter = _last_ms, _counter
        rand_b = _random.getrandbits(62)
    value = ((ms & _MS_MASK) << 80) | _VERSION | (counter << 64) | _VARIANT | rand_b
    return uuid.UUID(int=value)


def parse_uuid(text: str) -> uuid.UUID | None:
    """The UUID written in ``text``, or None when it is not one."""
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None
