"""Themes and text size: a palette (and a font) set on the application.

Widgets take their colours from the palette only, so a theme is a palette;
the projector theme also enlarges every text, and the text-size preference
scales the application font (pages that scale their titles redo it on
``FontChange``). "System" follows the operating system, including its dark
mode (``QStyleHints.colorScheme``, Qt 6.5+): where the platform style has no
dark palette of its own (Fusion on many Linux desktops), ours stands in, and
it changes back when the system does.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from i18n import N_

THEMES: tuple[tuple[str, str], ...] = (
    ("system", N_("System")),
    ("light", N_("Light")),
    ("dark", N_("Dark")),
    ("projector", N_("Projector: large text, high contrast")),
)
PROJECTOR_FONT_SCALE = 1.5
FONT_SIZES = (80, 90, 100, 115, 130, 150, 175, 200)  # percent of the system's text size

R = QPalette.ColorRole
# Each theme's palette: (window, text, base, alternate base, button, highlight, highlighted text,
# link, disabled text, frame). These tables are the palette itself; widgets never name a colour.
PALETTES: dict[str, tuple[str, ...]] = {
    "light": (
        "#f4f4f2",
        "#1d1d1b",
        "#ffffff",
        "#ebebe8",
        "#e6e6e3",
        "#2f6f9f",
        "#ffffff",
        "#1f5f8f",
        "#8a8a86",
        "",
    ),
    "dark": (
        "#2b2b2b",
        "#e8e8e6",
        "#1f1f1f",
        "#262626",
        "#363636",
        "#4f8fc0",
        "#ffffff",
        "#8cc4f0",
        "#8a8a86",
        "",
    ),
    # Projectors wash colours out: pure black on white, a deep blue selection with white
    # text (contrast over 12:1), black frames, and hints still dark enough to read (10:1).
    "projector": (
        "#ffffff",
        "#000000",
        "#ffffff",
        "#e6e6e6",
        "#ffffff",
        "#00207a",
        "#ffffff",
        "#00207a",
        "#3c3c3c",
        "#000000",
    ),
}


@dataclass
class _State:
    """The platform's look, captured before the first change, and what is applied now."""

    style: str
    palette: QPalette
    font: QFont
    theme: str = "system"
    font_percent: int = 100
    stand_in_dark: bool = False  # "system" in dark mode with our dark palette standing in
    following: bool = False


_state: _State | None = None


def build_palette(theme: str) -> QPalette:
    """The palette of a named theme."""
    window, text, base, alt, button, high, high_text, link, disabled, frame = PALETTES[theme]
    b = QColor(button)
    palette = QPalette()
    for role, colour in (
        (R.Window, QColor(window)),
        (R.WindowText, QColor(text)),
        (R.Base, QColor(base)),
        (R.AlternateBase, QColor(alt)),
        (R.Text, QColor(text)),
        (R.Button, b),
        (R.ButtonText, QColor(text)),
        (R.Highlight, QColor(high)),
        (R.HighlightedText, QColor(high_text)),
        (R.Link, QColor(link)),
        (R.LinkVisited, QColor(link)),
        (R.ToolTipBase, QColor(base)),
        (R.ToolTipText, QColor(text)),
        (R.PlaceholderText, QColor(disabled)),
        (R.BrightText, QColor(high_text)),
        (R.Accent, QColor(high)),
        (R.Light, b.lighter(130)),
        (R.Midlight, b.lighter(115)),
        (R.Mid, QColor(frame) if frame else b.darker(130)),
        (R.Dark, QColor(frame) if frame else b.darker(160)),
        (R.Shadow, QColor(text)),
    ):
        palette.setColor(role, colour)
    for role in (R.WindowText, R.Text, R.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _app_state() -> tuple[QApplication, _State] | None:
    global _state  # noqa: PLW0603 - one look per process
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    if _state is None:
        style = app.style()
        _state = _State(style.name() if style else "", app.palette(), app.font())
    return app, _state


def apply_theme(theme: str, *, font_percent: int | None = None) -> None:
    """Give the application the look of ``theme`` ("system" follows the platform).

    ``font_percent`` scales every text (None keeps the size chosen before).
    """
    found = _app_state()
    if found is None:
        return
    app, state = found
    state.theme = theme if theme in PALETTES else "system"
    if font_percent is not None:
        state.font_percent = max(50, min(300, font_percent))
    hints = QGuiApplication.styleHints()
    if state.theme == "system":
        hints.unsetColorScheme()
        _apply_system(app, state, hints.colorScheme())
    else:
        state.stand_in_dark = False
        app.setStyle(QStyleFactory.create("Fusion"))  # native styles may ignore the palette
        dark = state.theme == "dark"
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        app.setPalette(build_palette(state.theme))
    _apply_font(app, state)


def _apply_system(app: QApplication, state: _State, scheme: Qt.ColorScheme) -> None:
    """The platform's look; our dark palette if the system is dark and the style is not."""
    platform_is_light = state.palette.color(R.Window).lightness() > 128
    if scheme == Qt.ColorScheme.Dark and platform_is_light:
        state.stand_in_dark = True
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(build_palette("dark"))
        return
    state.stand_in_dark = False
    style = app.style()
    if state.style and style is not None and style.name() != state.style:
        app.setStyle(state.style)
    if app.palette() != state.palette:
        app.setPalette(state.palette)


def _apply_font(app: QApplication, state: _State) -> None:
    font = QFont(state.font)
    scale = state.font_percent / 100
    if state.theme == "projector":
        scale *= PROJECTOR_FONT_SCALE
    if scale != 1:
        font.setPointSizeF(font.pointSizeF() * scale)
    if app.font() != font:
        app.setFont(font)


def system_scheme_changed(scheme: Qt.ColorScheme) -> None:
    """The system switched between light and dark: follow it while the theme is "system"."""
    found = _app_state()
    if found is None:
        return
    app, state = found
    if state.theme == "system":
        _apply_system(app, state, scheme)


def follow_system_scheme() -> None:
    """Re-theme when the system's colour scheme changes (connected once per process)."""
    found = _app_state()
    if found is None or found[1].following:
        return
    found[1].following = True
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.connect(system_scheme_changed)
    if found[1].theme == "system" and hints.colorScheme() == Qt.ColorScheme.Dark:
        system_scheme_changed(Qt.ColorScheme.Dark)


def current_theme() -> str:
    """The theme applied now."""
    return _state.theme if _state is not None else "system"


def using_dark_stand_in() -> bool:
    """Whether "system" shows our dark palette because the system is dark."""
    return _state is not None and _state.stand_in_dark
