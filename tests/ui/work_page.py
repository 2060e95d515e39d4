"""The Mingas page for the UI tests, with undo stacks cleared while their objects are alive."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from codesign.workspace import Workspace
from ui.context import AppContext
from ui.pages.mingas import MingasPage

_CONTEXTS: list[AppContext] = []


@pytest.fixture(autouse=True)
def clear_undo() -> Iterator[None]:
    """Clear each page's undo stack while its objects are alive (the stack owns its commands)."""
    yield
    while _CONTEXTS:
        _CONTEXTS.pop().undo_stack.clear()


def make_page(qtbot: QtBot, ws: Workspace, tab: str) -> MingasPage:
    """The page on ``ws`` at its usual size, showing the tab named by its attribute."""
    context = AppContext()
    _CONTEXTS.append(context)
    context.set_workspace(ws)
    page = MingasPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    shown = getattr(page, tab)
    assert isinstance(shown, QWidget)
    page.tabs.setCurrentWidget(shown)
    return page
