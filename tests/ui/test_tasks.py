"""The long-work runner: results, errors and Cancel come back to the UI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from pytestqt.qtbot import QtBot

from codesign.errors import BadInput
from ui.context import AppContext
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from conftest import MessageBoxes

Progress = Callable[[int, int], None]


def test_background_work_reports_on_the_ui_thread(qtbot: QtBot) -> None:
    """Progress and the result arrive on the UI thread; the work ran on another one."""
    threads: list[str] = []
    results: list[tuple[str, str]] = []
    steps: list[int] = []

    def work(progress: Progress) -> str:
        threads.append(threading.current_thread().name)
        for step in range(3):
            progress(step, 3)
        return "hecho"

    task = run_in_background(
        work, lambda value: results.append((value, threading.current_thread().name))
    )
    task.progress.connect(lambda done, _total: steps.append(done))
    qtbot.waitUntil(lambda: bool(results))
    assert results == [("hecho", threading.main_thread().name)]
    assert threads and threads[0] != threading.main_thread().name
    assert not task.running


def test_background_errors_go_to_failed(qtbot: QtBot) -> None:
    """An error raised by the work reaches ``failed`` (and ``done`` is not called)."""
    errors: list[BaseException] = []
    done: list[object] = []

    def work(_progress: Progress) -> None:
        raise BadInput("fila 3: importe ilegible")

    run_in_background(work, done.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], BadInput) and not done


def test_cancel_stops_background_work(qtbot: QtBot) -> None:
    """After cancel() the work stops at its next report and neither callback runs."""
    reached: list[int] = []
    called: list[object] = []

    def work(progress: Progress) -> str:
        for step in range(2000):
            progress(step, 2000)
            reached.append(step)
            time.sleep(0.002)
        return "no"

    task = run_in_background(work, called.append, called.append)
    qtbot.waitUntil(lambda: len(reached) > 3)
    task.cancel()
    qtbot.waitUntil(lambda: not task.running)
    assert called == [] and len(reached) < 2000


def test_context_run_long_shows_errors_in_the_one_place(
    qtbot: QtBot, message_boxes: MessageBoxes
) -> None:
    """AppContext.run_long shows a MingaError in the error box and answers None."""
    context = AppContext()
    message_boxes.expect()

    def work(_progress: Progress) -> None:
        raise BadInput("fila 3: importe ilegible")

    assert context.run_long(None, "…", work) is None
    assert "fila 3" in message_boxes.texts[0]
    assert context.run_long(None, "…", lambda _p: 42) == 42
