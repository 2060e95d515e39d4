"""The command-line contract of DESIGN.md: arguments, --json output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codesign.cli.main import main

INFO_KEYS = {
    "households",
    "people",
    "proposals",
    "ledger_transactions",
    "assemblies",
    "motions",
    "work_days",
    "shifts",
    "cases",
    "devices",
    "conflicts",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``minga ARGS`` in-process; return exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    """Run a --json command that must succeed; return its one JSON object."""
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    assert len(out.strip().splitlines()) == 1
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A small demo cooperative file."""
    path = tmp_path / "demo.minga"
    code, _out, err = run(capsys, "demo", str(path), "--households", "30", "--seed", "3")
    assert code == 0, err
    return path


def test_init_and_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """init creates a file; info --json reports every count DESIGN.md lists."""
    path = tmp_path / "nueva.minga"
    made = run_json(
        capsys,
        "init",
        str(path),
        "--name",
        "Cooperativa Amanecer",
        "--kind",
        "school",
        "--country",
        "UY",
        "--currency",
        "UYU",
        "--locale",
        "es_UY",
    )
    assert made["name"] == "Cooperativa Amanecer"
    info = run_json(capsys, "info", str(path))
    assert set(info) >= INFO_KEYS
    assert info["households"] == 0
    assert info["devices"] == 1
    assert (info["kind"], info["country"], info["currency"]) == ("school", "UY", "UYU")


def test_init_rejects_bad_settings_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad currency is a usage error and leaves no file behind."""
    path = tmp_path / "mala.minga"
    code, _out, err = run(capsys, "init", str(path), "--name", "X", "--currency", "ZZZ")
    assert code == 2
    assert "ZZZ" in err
    assert not path.exists()


def test_demo_counts(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo has the households asked for, 1–7 people each, and role-holders."""
    info = run_json(capsys, "info", str(demo))
    assert info["households"] == 30
    assert 30 <= int(str(info["people"])) <= 210
    people = run_json(capsys, "people", "list", str(demo))["people"]
    assert isinstance(people, list)
    roles = {r for p in people for r in p["roles"]}
    assert {"member", "committee", "treasurer", "secretary"} <= roles


def test_demo_is_seeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same seed gives the same people; another seed gives others."""
    names = []
    for label, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        path = tmp_path / f"{label}.minga"
        assert run(capsys, "demo", str(path), "--households", "10", "--seed", seed)[0] == 0
        names.append(
            sorted(p["name"] for p in run_json(capsys, "people", "list", str(path))["people"])
        )  # type: ignore[union-attr,index]
    assert names[0] == names[1]
    assert names[0] != names[2]


def test_people_add_needs_role_on_demo(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the demo, adding without --as exits 77; as the secretary it works and returns ids."""
    code, out, err = run(capsys, "people", "add", str(demo), "--name", "Nuevo Socio")
    assert code == 77
    assert str(demo) in err and out == ""
    people = run_json(capsys, "people", "list", str(demo))["people"]
    secretary = next(p for p in people if "secretary" in p["roles"])  # type: ignore[union-attr]
    monkeypatch.setenv("MINGA_SIGNIN", "demo")
    added = run_json(
        capsys,
        "people",
        "add",
        str(demo),
        "--name",
        "Nuevo Socio",
        "--phone",
        "0991112223",
        "--as",
        secretary["name"],
    )
    assert set(added) == {"person", "household"}
    listed = run_json(capsys, "people", "list", str(demo), "--as", secretary["id"])["people"]
    mine = next(p for p in listed if p["id"] == added["person"])  # type: ignore[union-attr]
    assert mine["phone"] == "0991112223"
    assert mine["household"] == added["household"]


def test_wrong_passphrase_exits_77(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong MINGA_SIGNIN passphrase exits 77 and changes nothing."""
    people = run_json(capsys, "people", "list", str(demo))["people"]
    secretary = next(p for p in people if "secretary" in p["roles"])  # type: ignore[union-attr]
    monkeypatch.setenv("MINGA_SIGNIN", "no-es")
    before = demo.read_bytes()
    code, _out, err = run(
        capsys, "people", "add", str(demo), "--name", "X", "--as", secretary["name"]
    )
    assert code == 77
    assert secretary["name"] in err
    assert run_json(capsys, "info", str(demo))["people"] == len(people)
    assert len(before) > 0


def test_people_set_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """people set changes fields and roles in set-up mode; list shows them."""
    path = tmp_path / "c.minga"
    run_json(capsys, "init", str(path), "--name", "Cooperativa Uno")
    added = run_json(
        capsys, "people", "add", str(path), "--name", "Rosa Quispe", "--household", "Familia Quispe"
    )
    code, _o, err = run(
        capsys,
        "people",
        "set",
        str(path),
        "Rosa Quispe",
        "phone=022334455",
        "roles=member,treasurer",
        "birth_year=1980",
    )
    assert code == 0, err
    person = run_json(capsys, "people", "list", str(path))["people"][0]  # type: ignore[index]
    assert person["id"] == added["person"]
    assert person["phone"] == "022334455"
    assert person["roles"] == ["member", "treasurer"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("people", "set", "{file}", "01900000-0000-7000-8000-000000000000", "phone=1234"), 65),
        (("people", "set", "{file}", "Rosa Quispe", "color=azul"), 65),
        (("people", "set", "{file}", "Rosa Quispe", "email=no-es-correo"), 65),
        (("people", "set", "{file}", "Rosa Quispe", "sin-igual"), 2),
        (("people", "add", "{file}"), 2),
        (("info",), 2),
        (("info", "{missing}"), 66),
    ],
)
def test_bad_input_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], code: int
) -> None:
    """Each kind of bad input gets its exit code, and the file is left unchanged."""
    path = tmp_path / "c.minga"
    run_json(capsys, "init", str(path), "--name", "Cooperativa Uno")
    run_json(capsys, "people", "add", str(path), "--name", "Rosa Quispe")
    before = run_json(capsys, "people", "list", str(path))
    filled = [a.format(file=path, missing=tmp_path / "no.minga") for a in args]
    got, out, err = run(capsys, *filled)
    assert got == code
    assert out == ""
    if code != 2:
        assert len(err.strip().splitlines()) == 1
        assert str(tmp_path) in err
    assert run_json(capsys, "people", "list", str(path)) == before


def test_people_export(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """people export writes everything about one person, without the passphrase hash."""
    people = run_json(capsys, "people", "list", str(demo))["people"]
    secretary = next(p for p in people if "secretary" in p["roles"])  # type: ignore[union-attr]
    out = tmp_path / "yo.json"
    monkeypatch.setenv("MINGA_SIGNIN", "demo")
    code, _o, err = run(
        capsys,
        "people",
        "export",
        str(demo),
        secretary["id"],
        "-o",
        str(out),
        "--as",
        secretary["id"],
    )
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["id"] == secretary["id"]
    assert data["person"]["has_passphrase"] is True
    assert "passphrase_hash" not in data["person"]
    assert {r["role"] for r in data["roles"]} >= {"secretary"}
    assert any(c["op"] == "insert" for c in data["changes"])
    assert "$argon2" not in out.read_text(encoding="utf-8")


def test_export_other_person_not_permitted(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exporting someone else's data without a role exits 77 and writes no file."""
    people = run_json(capsys, "people", "list", str(demo))["people"]
    out = tmp_path / "otro.json"
    code, _o, _e = run(capsys, "people", "export", str(demo), people[0]["id"], "-o", str(out))  # type: ignore[index]
    assert code == 77
    assert not out.exists()


def test_truncated_file_exit_66(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A truncated cooperative file exits 66 with one line naming it and where it went."""
    demo.write_bytes(demo.read_bytes()[:5000])
    code, out, err = run(capsys, "info", str(demo), "--json")
    assert code == 66
    assert out == ""
    assert str(demo) in err
    assert "quarantine" in err


def test_executable_contract_end_to_end(tmp_path: Path) -> None:
    """The installed entry point prints one JSON object and sets the exit code."""
    path = tmp_path / "e2e.minga"
    env = {**os.environ, "MINGA_HOME": str(tmp_path / "home")}
    cmd = [sys.executable, "-m", "ui.launcher"]
    made = subprocess.run(
        [*cmd, "init", str(path), "--name", "Coop E2E", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    info = subprocess.run(
        [*cmd, "info", str(path), "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert info.returncode == 0
    assert set(json.loads(info.stdout)) >= INFO_KEYS
    locked = subprocess.run(
        [*cmd, "info", str(tmp_path / "none.minga")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert locked.returncode == 66
    assert locked.stderr.count("\n") == 1
    assert (
        "PySide6"
        not in subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, ui.launcher, codesign.cli.main as m;"
                " m.build_parser(); print(sorted(k for k in sys.modules if 'PySide' in k))",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stdout
    )


def test_gui_without_display_fails_cleanly(tmp_path: Path) -> None:
    """Without a display, ``minga FILE`` says so and exits 2 instead of Qt aborting."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["MINGA_HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher", str(tmp_path / "x.minga")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("minga: ")
