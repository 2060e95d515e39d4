"""A throwaway PostgreSQL server for the tests that run Minga on a database URL.

One server per test session: ``initdb`` and ``pg_ctl`` from the system's
PostgreSQL (``/usr/lib/postgresql/*/bin``), a data dir and a unix socket in a
private temp dir, listening on a free port of 127.0.0.1 with trust
authentication, fsync off. PostgreSQL refuses to run as root, so under root
the server runs as the ``postgres`` system user. Each test gets its own
fresh database (``pg_url``). Without the binaries the tests are skipped,
except in CI, where they fail: CI installs ``postgresql``.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "minga"
_numbers = itertools.count(1)


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(
        (p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0,
    )
    if found and (found[-1] / "pg_ctl").exists():
        return found[-1]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    """A running server: where it listens and how to stop it."""

    bin_dir: Path
    root: Path
    port: int
    as_user: tuple[str, ...]

    @property
    def data(self) -> Path:
        """The cluster's data dir."""
        return self.root / "data"

    def run(self, tool: str, *args: str) -> None:
        """Run a PostgreSQL tool as the server's user; fail with its output."""
        command = [*self.as_user, str(self.bin_dir / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr}{tail}")

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for ``database`` (psycopg 3 driver)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"minga_test_{os.getpid()}_{next(_numbers)}"
        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_server(bin_dir: Path) -> PgServer:
    """Initialise a cluster in a new temp dir and start it on a free port."""
    # /tmp, not TMPDIR: the postgres user must reach it and a socket path is short.
    base = "/tmp" if Path("/tmp").is_dir() else None
    root = Path(tempfile.mkdtemp(prefix="minga-pg-", dir=base))
    as_user: tuple[str, ...] = ()
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError("running as root but there is no postgres system user") from None
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_user = ("runuser", "-u", "postgres", "--")
    root.chmod(0o700)
    server = PgServer(bin_dir, root, _free_port(), as_user)
    try:
        server.run(
            "initdb",
            "-D",
            str(server.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        server.run(
            "pg_ctl", "-D", str(server.data), "-o", options, "-l", str(root / "server.log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session (skipped without PostgreSQL, failed in CI)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL is not installed (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must install it (.ci/run)")
        pytest.skip(message)
    server = start_server(bin_dir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return pg_server.create_database()
