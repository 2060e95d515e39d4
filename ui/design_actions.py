"""The Design page's actions that call services: import, variant, compare and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from codesign.design.compare import compare_versions
from codesign.design.files import export_plan_file, import_plan, read_plan_file
from codesign.design.proposals import create_variant, version_plan
from codesign.design.queries import list_versions
from codesign.design.records import VersionId
from i18n import gettext as _
from plans.features import Plan
from plans.rules import RuleSet
from ui.design_compare import CompareDialog
from ui.tasks import Progress, run_with_progress

if TYPE_CHECKING:
    from ui.design_dialogs import LayerMapDialog
    from ui.pages.design import DesignPage


def import_plan_file(
    page: DesignPage,
    path: Path,
    *,
    ask_layers: bool = True,
    layer_map: dict[str, str] | None = None,
    household: str | None = None,
    units: str | None = None,
) -> None:
    """Import ``path`` as a new proposal (author, DXF units and layers asked first) and
    choose it; ``units`` reads a DXF in that unit, as ``minga plan import --units`` does."""
    context = page.context
    if ask_layers and layer_map is None:
        dialog = import_dialog(page, path)
        if dialog is not None:
            if not dialog.exec():
                return
            layer_map, household, units = dialog.layer_map(), dialog.household(), dialog.units()
    chosen, author, unit = layer_map, household, units

    def read(progress: Progress) -> tuple[Plan, tuple[str, ...]]:
        progress(0, 1)
        plan = read_plan_file(path, layer_map=chosen, units=unit)
        progress(1, 1)
        return plan

    label = _("Reading {file}…").format(file=path.name)
    read_done = context.run(page, lambda: run_with_progress(page, label, read))
    if read_done is None:
        return
    done = context.run(
        page,
        lambda: import_plan(
            context.workspace(), path, layer_map=chosen, read=read_done, household=author
        ),
    )
    if done is None:
        return
    result, imported = done
    context.notify(result)
    row = page.model.row_of(imported.created.proposal)
    if row is not None:
        page.select_proposal(row)


def new_variant(page: DesignPage) -> None:
    """A variant of the chosen proposal, chosen in the list once made."""
    proposal = page.selected_proposal()
    if proposal is None:
        return
    context = page.context
    done = context.run(page, lambda: create_variant(context.workspace(), proposal.id))
    if done is None:
        return
    result, created = done
    context.notify(result)
    row = page.model.row_of(created.proposal)
    if row is not None:
        page.select_proposal(row)


def compare_choices(page: DesignPage) -> list[tuple[str, VersionId]]:
    """What the shown version can be compared with: earlier versions first, then the parent,
    then every other proposal's newest version."""
    proposal, version, ws = page.selected_proposal(), page.current_version(), page.context.ws
    if proposal is None or version is None or ws is None:
        return []
    versions = page.context.run(page, lambda: list_versions(ws, proposal.id)) or ()
    shown = next((v.number for v in versions if v.id == version), 0)
    choices = [
        (_("{title}, version {n}").format(title=proposal.title, n=v.number), v.id)
        for v in reversed(versions)
        if v.number < shown
    ]
    others = [r for r in page.model._records if r.id != proposal.id and r.latest_version]
    others.sort(key=lambda r: r.id != proposal.parent_id)  # the parent first
    choices += [(r.title, r.latest_version) for r in others if r.latest_version is not None]
    return choices


def open_compare(
    page: DesignPage, *, base: VersionId | None = None, show: bool = True
) -> CompareDialog | None:
    """Compare the shown version with ``base`` (asked for, the previous version offered first)."""
    proposal, version, ws = page.selected_proposal(), page.current_version(), page.context.ws
    if proposal is None or version is None or ws is None:
        return None
    choices = compare_choices(page)
    if not choices:
        return None
    if base is None and show:
        names = [name for name, _id in choices]
        name, ok = QInputDialog.getItem(
            page, _("Compare proposals"), _("Compare the shown version with:"), names, 0, False
        )
        if not ok:
            return None
        base = choices[names.index(name)][1]
    chosen = base if base is not None else choices[0][1]
    label = next(name for name, vid in choices if vid == chosen)
    number = page.version_box.currentIndex() + 1
    titles = (label, _("{title}, version {n}").format(title=proposal.title, n=number))
    comparison = page.context.run(page, lambda: compare_versions(ws, chosen, version))
    if comparison is None:
        return None
    dialog = CompareDialog(comparison, titles, page.coop_locale, page)
    if show:
        dialog.show()
    return dialog


def export_version(page: DesignPage, path: Path) -> None:
    """Write the shown version to ``path`` (PDF sheet, SVG, DXF or GeoJSON by suffix)."""
    version, ws = page.current_version(), page.context.ws
    if version is None or ws is None:
        return
    if path.suffix.lower() == ".pdf":
        from codesign.reports.design_sheet import design_sheet

        def write(progress: Progress) -> object:
            progress(0, 1)
            return design_sheet(ws, version, path)

        label = _("Writing {file}…").format(file=path.name)
        page.context.run(page, lambda: run_with_progress(page, label, write))
        return
    page.context.run(page, lambda: export_plan_file(version_plan(ws, version), path))


def export_table(page: DesignPage, path: Path | None = None) -> int | None:
    """Save the proposals the list shows as CSV (`;` and a BOM where decimals use commas)."""
    from PySide6.QtWidgets import QFileDialog

    from ui.people_models import export_table_csv

    if path is None:
        name, _filter = QFileDialog.getSaveFileName(
            page, _("Export table"), _("proposals") + ".csv", _("CSV files (*.csv)")
        )
        if not name:
            return None
        path = Path(name)
    out = path
    return page.context.run(page, lambda: export_table_csv(page.model, out, page.coop_locale))


def edit_rules(page: DesignPage, rules: RuleSet | None = None) -> bool:
    """Ask for the design rules (or take ``rules``) and save them; the architect's right."""
    from codesign.design.site import get_site, set_rules
    from ui.design_dialogs import RulesDialog

    ws = page.context.ws
    if ws is None:
        return False
    if rules is None:
        site = page.context.run(page, lambda: get_site(ws))
        dialog = RulesDialog(site.rules if site is not None else RuleSet(), page)
        if not dialog.exec():
            return False
        rules = dialog.rules()
    chosen = rules
    result = page.context.run(page, lambda: set_rules(ws, chosen))
    if result is None:
        return False
    page.context.notify(result)
    return True


def ask_export_path(page: DesignPage, *, pdf: bool) -> Path | None:
    """Where to export the shown version (only PDF for the plan sheet action)."""
    from PySide6.QtWidgets import QFileDialog

    kinds = [_("Plan sheet (*.pdf)")]
    if not pdf:
        kinds += [_("SVG drawing (*.svg)"), _("DXF drawing (*.dxf)"), _("GeoJSON (*.geojson)")]
    name, _filter = QFileDialog.getSaveFileName(page, _("Export plan"), "", ";;".join(kinds))
    return Path(name) if name else None


def import_dialog(page: DesignPage, path: Path) -> LayerMapDialog | None:
    """The dialog asking the author household (the signed-in person's by default) and, for
    a DXF, its units and layers; None when there is nothing to ask."""
    from codesign.design.access import acting_household
    from codesign.design.drawing_units import read_overview
    from codesign.people.queries import list_households
    from plans.layers import default_kind
    from ui.design_dialogs import LayerMapDialog

    ws = page.context.workspace()
    households = page.context.run(page, lambda: list_households(ws)) or ()
    with ws.session() as session:
        own = acting_household(session, ws)
    drawing = read_overview(path) if path.suffix.lower() == ".dxf" else None
    layers = [(name, default_kind(name)) for name in drawing.layers] if drawing else []
    if drawing is None and not households:
        return None
    return LayerMapDialog(
        layers,
        page,
        households=[(h.name, str(h.id)) for h in households],
        household=str(own) if own else None,
        drawing=drawing,
        locale=page.coop_locale,
    )
