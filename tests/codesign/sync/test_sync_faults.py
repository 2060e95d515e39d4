"""Faults: the importing process killed at random points leaves the file whole, before or after."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sync_laptops import Laptop, state

from codesign.demo.ledger import build_ledger
from codesign.demo.people import build_people
from codesign.workspace import open_workspace


def _run_import(
    laptop: Laptop, target: Path, bundle: Path, *, trust: str | None, kill_after: float | None
) -> None:
    env = {**os.environ, "MINGA_HOME": str(laptop.home)}
    extra = ["--trust", trust] if trust else []
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "codesign.cli.main",
            "sync",
            "import",
            str(target),
            str(bundle),
            *extra,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if kill_after is None:
        assert proc.wait() == 0
        return
    try:
        proc.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_sigkill_during_import_leaves_the_file_before_or_after(laptops, tmp_path: Path) -> None:
    """SIGKILL at random moments of ``minga sync import``: the file opens, untouched or complete."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.zip")
    rng = random.Random(8)
    with a.open() as ws, ws.write("Many changes") as w:
        made = build_people(
            w, rng, households=40, years=1, passphrase_hash="", today=dt.date.today()
        )
        build_ledger(w, rng, household_ids=made["household_ids"], years=1, today=dt.date.today())
    bundle = a.export(tmp_path / "many.zip")
    before = state(b.file)
    reference = tmp_path / "reference.minga"
    shutil.copyfile(b.file, reference)
    start = time.perf_counter()
    _run_import(b, reference, bundle, trust=None, kill_after=None)
    duration = time.perf_counter() - start
    after = state(reference)
    assert after != before
    seen = set()
    for attempt in range(8):
        victim = tmp_path / f"victim-{attempt}.minga"
        shutil.copyfile(b.file, victim)
        _run_import(b, victim, bundle, trust=None, kill_after=rng.uniform(0.05, duration))
        with b.env(), open_workspace(victim):
            pass
        got = state(victim)
        assert got in (before, after)
        seen.add(got == after)
    for attempt in range(4):
        joining = tmp_path / f"joining-{attempt}.minga"
        _run_import(
            b,
            joining,
            tmp_path / "join.zip",
            trust=a.fingerprint,
            kill_after=rng.uniform(0.05, duration),
        )
        if joining.exists():
            with b.env(), open_workspace(joining):
                pass
            assert state(joining) == state(b.file)
    assert seen
