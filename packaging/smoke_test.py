"""Smoke-test the frozen build headless, then print its size and start-up time.

``python packaging/smoke_test.py [dist/minga]`` (``make package`` runs it):
the frozen ``minga`` makes a demo cooperative, exports a treasury PDF,
upgrades a file written with the first schema (Alembic and the migrations
made it into the package), and opens the window on the demo with
``MINGA_SMOKE_TEST=1`` (it shows, paints once and exits 0), in Spanish, so
Qt's own catalogs are checked too. Exit 0 when all pass. Everything runs
in a private ``MINGA_HOME``; the machine's settings are never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTS = 3


def folder_size(path: Path) -> int:
    """Bytes in every file under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def run(args: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    """Run one frozen command; stop the smoke test with its output if it fails."""
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own build
    if result.returncode != 0:
        sys.stderr.write(f"smoke test: {what} failed ({result.returncode})\n")
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:] + "\n")
        raise SystemExit(1)
    return result


def old_schema_file(path: Path) -> None:
    """A cooperative file at schema 0001, written by the source tree's Alembic."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import create_engine, text

    from models.ids import uuid7
    from models.migrate import upgrade

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        upgrade(conn, "0001")
        conn.execute(
            text(
                "INSERT INTO cooperative (id, name, kind, country, currency, locale, statutes,"
                " created_on) VALUES (:id, 'Vieja', 'housing', 'UY', 'UYU', 'es_UY', '{}',"
                " '2020-01-01')"
            ),
            {"id": uuid7().hex},
        )
    engine.dispose()


def main(argv: list[str]) -> int:
    """Run the checks on the build in ``argv[0]`` (default dist/minga)."""
    dist = Path(argv[0]) if argv else ROOT / "dist" / "minga"
    exe = dist / ("minga.exe" if sys.platform == "win32" else "minga")
    if not exe.exists():
        sys.stderr.write(f"smoke test: {exe}: no frozen build; run make package\n")
        return 66
    home = Path(tempfile.mkdtemp(prefix="minga-smoke-"))
    env = {
        **os.environ,
        "MINGA_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANGUAGE": "es",
        "LANG": "es_EC.UTF-8",
    }
    demo = home / "demo.minga"
    run([str(exe), "demo", str(demo), "--households", "30", "--years", "1"], env, "minga demo")
    pdf = home / "tesoreria.pdf"
    run([str(exe), "report", str(demo), "treasury", "-o", str(pdf)], env, "minga report")
    if not pdf.read_bytes().startswith(b"%PDF-") or pdf.stat().st_size < 10_000:
        sys.stderr.write(f"smoke test: {pdf} is not a PDF report\n")
        return 1
    old = home / "old.minga"
    old_schema_file(old)
    run([str(exe), "info", str(old), "--json"], env, "upgrading a schema-0001 file")
    if not list((home / "backups").glob("old-*-before-migration-0001.minga")):
        sys.stderr.write("smoke test: the upgrade made no backup\n")
        return 1
    window_env = {**env, "MINGA_SMOKE_TEST": "1"}
    times = []
    for _ in range(STARTS):
        started = time.perf_counter()
        shown = run([str(exe), str(demo)], window_env, "the window")
        times.append(time.perf_counter() - started)
        expected = ("file open: True", "Qt says Cancelar", "help: True", "icon: True")
        if not all(text in shown.stdout for text in expected):
            sys.stderr.write(f"smoke test: unexpected window output: {shown.stdout}\n")
            return 1
    size = folder_size(dist) / 1024 / 1024
    kb = pdf.stat().st_size // 1024
    best = min(times)
    sys.stdout.write(f"smoke test passed: demo, treasury PDF ({kb} KB), upgrade, window\n")
    sys.stdout.write(f"package size: {size:.0f} MB in {dist}\n")
    sys.stdout.write(f"start-up until the window has painted, demo open: best {best:.2f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
