"""The Design page's actions that call services: import, variant, compare and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from codesign.design.compare import compare_versions
from codesign.design.files import export_plan_file, import_plan
from codesign.design.proposals import create_variant, version_plan
from codesign.design.queries import list_versions
from i18n import gettext as _
from ui.design_compare import CompareDialog

if TYPE_CHECKING:
    from ui.pages.design import DesignPage


def import_plan_file(
    page: DesignPage,
    path: Path,
    *,
    ask_layers: bool = True,
    layer_map: dict[str, str] | None = None,
) -> None:
    """Import ``path`` as a new proposal (a DXF's layers mapped in a dialog first) and choose it."""
    context = page.context
    if ask_layers and layer_map is None and path.suffix.lower() == ".dxf":
        from codesign.design.files import dxf_layers
        from ui.design_dialogs import LayerMapDialog

        layers = dxf_layers(path)
        if layers:
            dialog = LayerMapDialog(layers, page)
            if not dialog.exec():
                return
            layer_map = dialog.layer_map()
    chosen = layer_map
    done = context.run(page, lambda: import_plan(context.workspace(), path, layer_map=chosen))
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


def open_compare(page: DesignPage, *, show: bool = True) -> CompareDialog | None:
    """Compare the shown version with the previous one, or a first version with its parent's."""
    proposal, version = page.selected_proposal(), page.current_version()
    ws = page.context.ws
    if proposal is None or version is None or ws is None:
        return None
    versions = page.context.run(page, lambda: list_versions(ws, proposal.id)) or ()
    ids = [v.id for v in versions]
    other_title = proposal.title
    if version in ids and ids.index(version) > 0:
        base = ids[ids.index(version) - 1]
        titles = (
            _("{title}, version {n}").format(title=proposal.title, n=ids.index(version)),
            _("{title}, version {n}").format(title=proposal.title, n=ids.index(version) + 1),
        )
    elif proposal.parent_id is not None:
        parent = proposal.parent_id
        parent_versions = page.context.run(page, lambda: list_versions(ws, parent)) or ()
        if not parent_versions:
            return None
        base = parent_versions[-1].id
        other_title = next(
            (r.title for r in page.model._records if r.id == proposal.parent_id), _("parent")
        )
        titles = (other_title, proposal.title)
    else:
        return None
    comparison = page.context.run(page, lambda: compare_versions(ws, base, version))
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

        page.context.run(page, lambda: design_sheet(ws, version, path))
        return
    page.context.run(page, lambda: export_plan_file(version_plan(ws, version), path))
