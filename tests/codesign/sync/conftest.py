"""Fixtures for the sync tests: simulated laptops (helpers in ``sync_laptops``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sync_laptops import Laptop


@pytest.fixture
def laptops(tmp_path: Path) -> Callable[[int], list[Laptop]]:
    """``laptops(n)``: the first with a new cooperative, the others not joined yet."""

    def make(count: int) -> list[Laptop]:
        made = [Laptop(tmp_path, chr(ord("a") + i)) for i in range(count)]
        made[0].create()
        return made

    return make
