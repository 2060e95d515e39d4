"""The window's sections, in sidebar order, and how each page is made.

A section names the module and class of its page; the module is imported
only when the page is first shown, so start-up does not pay for pages
nobody opened. Until a section's page exists, a placeholder says what it
will do.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from i18n import N_

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import AppContext


@dataclass(frozen=True, slots=True)
class Section:
    """One sidebar entry: untranslated title and summary (``_()`` where shown) and its page."""

    key: str
    title: str
    summary: str
    module: str = ""
    page_class: str = ""


SECTIONS: tuple[Section, ...] = (
    Section(
        "design",
        N_("Design"),
        N_(
            "Co-design the site and the homes with the architects: a proposal for each unit, "
            "rule checks, comments pinned on the drawing and variants side by side."
        ),
        module="ui.pages.design",
        page_class="DesignPage",
    ),
    Section(
        "mingas",
        N_("Mingas"),
        N_(
            "Plan the collective work: commissions, work days, a fair roster in seconds, "
            "attendance on site and every household's hours balance."
        ),
        module="ui.pages.mingas",
        page_class="MingasPage",
    ),
    Section(
        "finances",
        N_("Finances"),
        N_(
            "Keep the common money in the open: contributions, loan payments, expenses, "
            "member statements and reports that carry the ledger fingerprint."
        ),
        module="ui.pages.finances",
        page_class="FinancesPage",
    ),
    Section(
        "decisions",
        N_("Decisions"),
        N_(
            "Run assemblies: attendance and quorum, motions and votes, and a register of "
            "decisions with their follow-up actions."
        ),
        module="ui.pages.decisions",
        page_class="DecisionsPage",
    ),
    Section(
        "cases",
        N_("Cases"),
        N_(
            "Learn from other cooperatives: reference cases from many countries, searchable, "
            "and shared as open data."
        ),
        module="ui.pages.cases",
        page_class="CasesPage",
    ),
    Section(
        "people",
        N_("People"),
        N_("Members, households and the roles each person holds."),
        module="ui.pages.people",
        page_class="PeoplePage",
    ),
    Section(
        "sync",
        N_("Sync"),
        N_(
            "Keep several laptops in step by exchanging files, with no server and no "
            "internet; edits made at the same time are kept and shown, never overwritten."
        ),
        module="ui.pages.sync",
        page_class="SyncPage",
    ),
)


def section(key: str) -> Section:
    """The section called ``key``."""
    for candidate in SECTIONS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def create_page(entry: Section, context: AppContext, parent: QWidget | None = None) -> QWidget:
    """The section's page, or a placeholder while its module is not written yet."""
    if entry.module:
        try:
            module = importlib.import_module(entry.module)
        except ModuleNotFoundError as error:
            if error.name != entry.module:
                raise  # the page exists but something it imports is missing: a real bug
        else:
            page: QWidget = getattr(module, entry.page_class)(context, parent)
            return page
    from ui.pages.placeholder import PlaceholderPage

    return PlaceholderPage(entry, parent)
