"""One window per user: a second start forwards its file; the system's file-open events."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.app import connect_file_open_events
from ui.application import MingaApplication
from ui.main_window import MainWindow
from ui.single_instance import (
    InstanceServer,
    decode_request,
    encode_request,
    forward_to_running,
    server_name,
)

RUN_WINDOW = "import sys\nfrom ui.app import main\nsys.exit(main(sys.argv[1:]))\n"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "MINGA_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def _lock_holder(path: Path) -> str:
    lock = path.with_name(path.name + ".lock")
    try:
        return lock.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def _minga(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `minga ARGS` from the source tree, as a double-click or a terminal would."""
    return subprocess.run(
        [sys.executable, "-m", "ui.launcher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_second_start_hands_its_file_to_the_running_window(
    coop_file: Callable[..., Path], minga_home: Path
) -> None:
    """`minga B` while a window has A open exits 0; the running window closes A and opens B."""
    first = coop_file(name="Cooperativa Primera", file="first.minga")
    second = coop_file(name="Cooperativa Segunda", file="second.minga")
    env = _env(minga_home)
    running = subprocess.Popen(
        [sys.executable, "-c", RUN_WINDOW, str(first)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        pid = str(running.pid)
        assert _wait_for(lambda: _lock_holder(first) == pid), "the window did not open A"
        # The server listens right after the window is made; a start before it would
        # simply become a second window, so wait until the name answers.
        probe = "from ui.single_instance import server_name\nprint(server_name())"
        name = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        socket_path = Path(QDir.tempPath()) / name
        assert _wait_for(socket_path.exists), "the window is not listening"
        second_start = _minga([str(second)], env)
        assert second_start.returncode == 0, second_start.stderr
        assert _wait_for(lambda: _lock_holder(second) == pid), "B was not opened by the window"
        assert _wait_for(lambda: _lock_holder(first) == ""), "A was not closed cleanly"
        assert running.poll() is None
        again = _minga([], env)  # no file: the running window just comes forward
        assert again.returncode == 0
        assert _lock_holder(second) == pid
    finally:
        running.terminate()
        running.wait(timeout=30)


def test_smoke_test_mode_paints_once_and_exits(
    coop_file: Callable[..., Path], minga_home: Path
) -> None:
    """MINGA_SMOKE_TEST=1 (the packaging check) shows the window on FILE, paints, exits 0."""
    path = coop_file(name="Cooperativa Humo")
    env = {**_env(minga_home), "MINGA_SMOKE_TEST": "1", "LANGUAGE": "es"}
    result = _minga([str(path)], env)
    assert result.returncode == 0, result.stderr
    assert "file open: True" in result.stdout
    assert "Qt says Cancelar" in result.stdout
    assert _lock_holder(path) == ""  # closed cleanly


def test_smoke_test_mode_fails_fast_on_an_error(tmp_path: Path, minga_home: Path) -> None:
    """In smoke-test mode an error box is closed at once, printed, and the run exits 1."""
    env = {**_env(minga_home), "MINGA_SMOKE_TEST": "1", "LANGUAGE": "es"}
    missing = tmp_path / "no-existe.minga"
    result = _minga([str(missing)], env)
    assert result.returncode == 1
    assert "no-existe.minga" in result.stderr
    assert "file open: False" in result.stdout


def test_forwarding_without_a_running_window_says_so() -> None:
    """With nobody listening, forwarding answers False at once (this start opens the window)."""
    assert not forward_to_running(["/tmp/x.minga"], name=f"{server_name()}-nobody")


def test_a_socket_left_by_a_crash_is_taken_over(qtbot: QtBot) -> None:
    """A stale socket file under the server's name does not stop a new window from listening."""
    name = f"{server_name()}-stale"
    stale = Path(QDir.tempPath()) / name
    stale.write_text("left by a crash", encoding="utf-8")
    server = InstanceServer(name=name)
    try:
        assert server.listen()
    finally:
        server.close()
        stale.unlink(missing_ok=True)


def test_requests_carry_absolute_paths_and_ignore_garbage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request names absolute paths; malformed requests name nothing."""
    monkeypatch.chdir(tmp_path)
    assert decode_request(encode_request(["coop.minga"])) == [str(tmp_path / "coop.minga")]
    for garbage in (b"", b"\xff\xfe", b"[1, 2]", b'{"files": "x"}', b'{"files": [3, ""]}'):
        assert decode_request(garbage) == []


def test_server_names_differ_per_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two data dirs (two "laptops" on one machine) get two servers."""
    first = server_name()
    monkeypatch.setenv("MINGA_HOME", str(tmp_path / "other"))
    assert server_name() != first
    assert len(server_name()) < 40


def _minga_app() -> MingaApplication:
    app = QApplication.instance()
    assert isinstance(app, MingaApplication)
    return app


def test_file_open_event_opens_the_file_in_the_window(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """A QFileOpenEvent (macOS: double-click in Finder) opens that file in the running window."""
    first = coop_file(name="Cooperativa Abierta", file="open.minga")
    second = coop_file(name="Cooperativa Del Finder", file="finder.minga")
    app = _minga_app()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_file(first)
    connect_file_open_events(app, window)
    QApplication.postEvent(app, QFileOpenEvent(QUrl.fromLocalFile(str(second))))
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Cooperativa Del Finder"))
    assert window.context.workspace().path == second
    assert _lock_holder(first) == ""
    assert window.statusBar().currentMessage() == "Se cerró open.minga para abrir finder.minga."
    window.close()


def test_file_open_event_before_the_window_is_kept(
    qtbot: QtBot, coop_file: Callable[..., Path]
) -> None:
    """A file the system sends while Minga starts (before the window) opens once it exists."""
    path = coop_file(name="Cooperativa Temprana", file="early.minga")
    app = _minga_app()
    app._listening = False  # as at start-up, before connect_file_open_events
    QApplication.postEvent(app, QFileOpenEvent(str(path)))
    QApplication.processEvents()
    assert app.pending_files == [str(path)]
    window = MainWindow()
    qtbot.addWidget(window)
    connect_file_open_events(app, window)
    assert app.pending_files == []
    assert window.context.workspace().path == path
    window.close()


def test_two_starts_at_once_agree_on_one_window(minga_home: Path) -> None:
    """Two starts at the same moment: one window stays, the other hands over and exits 0."""
    env = _env(minga_home)
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", RUN_WINDOW],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        assert _wait_for(lambda: any(p.poll() is not None for p in starts), 60)
        time.sleep(1.0)  # a second window would have had time to stay up too
        codes = [p.poll() for p in starts]
        assert codes.count(None) == 1, codes
        assert codes.count(0) == 1, codes
    finally:
        for process in starts:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


def test_requests_before_the_window_wait_for_it(qtbot: QtBot, minga_home: Path) -> None:
    """A second start's request, arriving while the window is still being made, waits for it."""
    name = f"{server_name()}-early"
    server = InstanceServer(name=name)
    assert server.listen()
    code = (
        "from ui.single_instance import forward_to_running\n"
        f"print(forward_to_running(['/tmp/early.minga'], name={name!r}))\n"
    )
    client = subprocess.Popen(
        [sys.executable, "-c", code], env=_env(minga_home), stdout=subprocess.PIPE, text=True
    )
    try:
        qtbot.waitUntil(lambda: bool(server.pending), timeout=60000)
        output, _err = client.communicate(timeout=60)
        assert output.strip() == "True"
        received: list[list[str]] = []
        server.deliver_to(received.append)
        assert received == [["/tmp/early.minga"]]
        assert server.pending == []
    finally:
        client.kill()
        server.close()
