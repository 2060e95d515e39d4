"""Three laptops on one machine, each with its own MINGA_HOME, through the command line."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sync_laptops import state


class Cli:
    """One laptop driven by ``minga`` in a subprocess."""

    def __init__(self, root: Path, name: str) -> None:
        self.home = root / name
        self.file = root / f"{name}.minga"

    def run(self, *args: str, code: int = 0) -> Any:
        env = {**os.environ, "MINGA_HOME": str(self.home)}
        done = subprocess.run(
            [sys.executable, "-m", "codesign.cli.main", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == code, done.stderr
        return json.loads(done.stdout) if "--json" in args else done.stdout

    def fingerprint(self) -> str:
        return str(self.run("device", "show", str(self.file), "--json")["fingerprint"])


def test_three_laptops_join_edit_exchange_converge_and_resolve(tmp_path: Path) -> None:
    """Join, edit the same person on all three, exchange in every order, converge, resolve."""
    a, b, c = (Cli(tmp_path, n) for n in "abc")
    a.run("init", str(a.file), "--name", "Cooperativa Sol")
    person = a.run("people", "add", str(a.file), "--name", "Rosa Lema", "--json")["person"]
    a.run("sync", "export", str(a.file), "-o", str(tmp_path / "full.zip"), "--full")
    fp_a = a.fingerprint()
    for laptop in (b, c):
        waiting = laptop.run(
            "sync", "import", str(laptop.file), str(tmp_path / "full.zip"), "--json", code=4
        )
        assert waiting["status"] == "quarantined" and waiting["fingerprint"] == fp_a
        assert not laptop.file.exists()
        joined = laptop.run(
            "sync",
            "import",
            str(laptop.file),
            str(tmp_path / "full.zip"),
            "--trust",
            fp_a,
            "--json",
        )
        assert joined["status"] == "imported"
    laptops = (a, b, c)
    for me, other in itertools.permutations(laptops, 2):
        me.run("device", "trust", str(me.file), other.fingerprint())
    for laptop, phone in zip(laptops, ("0991111111", "0992222222", "0993333333"), strict=True):
        laptop.run("people", "set", str(laptop.file), person, f"phone={phone}")
    for sender, receiver in [(c, a), (a, b), (b, c), (a, c), (c, b), (b, a)]:
        out = tmp_path / f"{sender.home.name}-{receiver.home.name}.zip"
        sender.run("sync", "export", str(sender.file), "-o", str(out))
        receiver.run("sync", "import", str(receiver.file), str(out), "--json")
        receiver.run("sync", "import", str(receiver.file), str(out), "--json")
    listed = [laptop.run("sync", "conflicts", str(laptop.file), "--json") for laptop in laptops]
    assert listed[0] == listed[1] == listed[2]
    (conflict,) = listed[0]["conflicts"]
    assert conflict["entity"] == "person" and conflict["id"] == person
    assert conflict["field"] == "phone"
    assert sorted(conflict["values"]) == ["0991111111", "0992222222", "0993333333"]
    assert state(a.file) == state(b.file) == state(c.file)
    b.run("sync", "resolve", str(b.file), "person", person, "phone", "0992222222")
    out = tmp_path / "resolved.zip"
    b.run("sync", "export", str(b.file), "-o", str(out))
    for laptop in (a, c):
        laptop.run("sync", "import", str(laptop.file), str(out), "--json")
    for laptop in laptops:
        assert laptop.run("sync", "conflicts", str(laptop.file), "--json") == {"conflicts": []}
        people = laptop.run("people", "list", str(laptop.file), "--json")["people"]
        assert [p["phone"] for p in people if p["id"] == person] == ["0992222222"]
    assert state(a.file) == state(b.file) == state(c.file)
