"""Test set-up: Qt offscreen, a private data dir per test, Spanish restored after each test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MINGA_HOME", tempfile.mkdtemp(prefix="minga-tests-"))

import pytest

import i18n
from codesign.cooperative import create_cooperative
from codesign.workspace import Workspace


@pytest.fixture(autouse=True)
def minga_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data dir (settings, backups, quarantine) and Spanish texts."""
    home = tmp_path / "home"
    monkeypatch.setenv("MINGA_HOME", str(home))
    i18n.set_language("es")
    yield home
    i18n.set_language("es")


@pytest.fixture
def coop(tmp_path: Path) -> Iterator[Workspace]:
    """An open, empty cooperative file in set-up mode."""
    ws = create_cooperative(tmp_path / "coop.minga", name="Cooperativa de Prueba")
    yield ws
    ws.close()
