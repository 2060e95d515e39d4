"""Shared table helpers: columns fitted to translated titles, and again when the font grows."""

from __future__ import annotations

from PySide6.QtGui import QFont, QStandardItemModel
from pytestqt.qtbot import QtBot

from ui.widgets import fit_columns, record_table


def test_columns_refit_when_the_font_grows(qtbot: QtBot) -> None:
    """A larger font (the projector theme) widens fitted columns so titles stay whole."""
    holder = record_table(None)  # type: ignore[arg-type]
    qtbot.addWidget(holder)
    model = QStandardItemModel(3, 2, holder)
    model.setHorizontalHeaderLabels(["Integrantes", "Notas"])
    holder.setModel(model)
    fit_columns(holder, (6, 0))
    before = holder.columnWidth(0)
    title = holder.fontMetrics().horizontalAdvance("Integrantes")
    assert before >= title
    font = QFont(holder.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    holder.setFont(font)
    assert holder.columnWidth(0) > before
    assert holder.columnWidth(0) >= holder.fontMetrics().horizontalAdvance("Integrantes")
