"""Showing one case (in the reader's language where the case has it) and the comparison view."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHeaderView, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from codesign.cases.compare import Indicators, comparison_figure
from codesign.cases.queries import CaseDetail
from i18n import N_, current_language
from i18n import gettext as _
from i18n.formatting import format_decimal, format_number
from ui.cases_models import TENURE_LABELS, CompareModel
from ui.widgets import fit_columns, record_table

FACTS = (
    ("tenure", N_("Tenure")),
    ("households", N_("Households")),
    ("people", N_("People")),
    ("students", N_("Students")),
    ("financing", N_("Financing")),
    ("mutual_aid_hours_per_week", N_("Mutual-aid hours per week")),
    ("land_source", N_("Source of the land")),
    ("built_area_per_unit_m2", N_("Built area per unit (m²)")),
    ("cost_per_m2", N_("Cost per m²")),
    ("governance", N_("Governance")),
    ("decision_methods", N_("Decision methods")),
    ("organizers", N_("Organisers")),
    ("funders", N_("Funders")),
    ("general_issues", N_("General issues")),
    ("specific_topics", N_("Specific topics")),
)


def _fact(detail: CaseDetail, key: str, locale: str) -> str:
    value = detail.values.get(key)
    if value in (None, ""):
        return ""
    if key == "tenure":
        return _(TENURE_LABELS[str(value)]) if value in TENURE_LABELS else str(value)
    if key in ("households", "people", "students"):
        return format_number(int(value), locale)
    if key == "cost_per_m2":
        currency = detail.values.get("cost_currency") or ""
        year = detail.values.get("cost_year")
        text = f"{format_decimal(value, locale)} {currency}".strip()
        return f"{text} ({year})" if year else text
    if isinstance(value, float):
        return format_decimal(value, locale)
    return "; ".join(detail.items(key)) if ";" in str(value) else str(value)


def _heading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _labelled(label: str, body: str) -> str:
    """``body`` is already escaped."""
    return f"<p><b>{html.escape(label)}:</b> {body}</p>"


def detail_html(detail: CaseDetail, locale: str) -> str:
    """The case as rich text for a QTextBrowser."""
    language = current_language()
    esc = html.escape
    values = detail.values
    place = ", ".join(
        p for p in (str(values.get("city") or ""), str(values.get("country") or "")) if p
    )
    years = str(values.get("start_date") or "")
    if values.get("end_date"):
        years += f" – {values['end_date']}"
    parts = [f"<h2>{esc(detail.text('title', language))}</h2>"]
    parts.append(f"<p><i>{esc(' · '.join(p for p in (place, years) if p))}</i></p>")
    if detail.text("description", language):
        parts.append(f"<p>{esc(detail.text('description', language))}</p>")
    if detail.text("lessons", language):
        parts.append(_heading(_("Lessons learned")))
        parts.append(f"<p>{esc(detail.text('lessons', language))}</p>")
    rows = [
        f"<tr><td><b>{esc(_(label))}</b>&nbsp;&nbsp;</td><td>{esc(text)}</td></tr>"
        for key, label in FACTS
        if (text := _fact(detail, key, locale))
    ]
    if rows:
        parts.append(_heading(_("Facts")) + f"<table>{''.join(rows)}</table>")
    if detail.items("tags"):
        parts.append(_labelled(_("Tags"), esc(", ".join(detail.items("tags")))))
    sources = detail.items("sources")
    if sources:
        links = "<br>".join(f'<a href="{esc(url)}">{esc(url)}</a>' for url in sources)
        parts.append(_heading(_("Sources")) + f"<p>{links}</p>")
    if detail.attachments:
        names = ", ".join(esc(a.name) for a in detail.attachments)
        parts.append(_labelled(_("Attachments"), names))
    if detail.links:
        count = len(detail.links)
        parts.append(_labelled(_("Attached as evidence"), str(count)))
    licence = str(values.get("license") or "")
    if licence:
        notice = _("Licence of this text: {licence}").format(licence=licence)
        parts.append(f"<p><small>{esc(notice)}</small></p>")
    return "".join(parts)


class CompareView(QWidget):
    """Our cooperative and the chosen cases side by side, as a table and bar charts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CompareModel(self)
        self.table = record_table(self, sortable=False)
        self.table.setModel(self.model)
        self.table.verticalHeader().show()
        self.table.verticalHeader().setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.chart = QLabel(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        splitter = QSplitter(self)
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(splitter, 1)
        self.columns: tuple[Indicators, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.hint.setText(
            _("Select one or more cases in the list (Ctrl+click), then press Compare.")
        )
        self.show_columns(self.columns)

    def show_columns(self, columns: Sequence[Indicators], locale: str | None = None) -> None:
        """Compare ``columns`` (ours first) in the table and the charts."""
        from matplotlib.figure import Figure

        self.columns = tuple(columns)
        if locale:
            self.model.locale = locale
        self.model.set_columns(self.columns)
        fit_columns(self.table, (0, 0, 0, 0, 0))
        if not self.columns:
            self.chart.clear()
            return
        figure = comparison_figure(self.columns, width=max(6.5, self.width() / 100 - 0.4))
        assert isinstance(figure, Figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        self.chart.setPixmap(pixmap)
