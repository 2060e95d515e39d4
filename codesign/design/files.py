"""Plan files in and out: DXF and GeoJSON imports become proposals; versions export to files.

A file that cannot be read is refused whole, with a message naming the file
and the entity, before anything is written; the cooperative file is backed up
before an import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from codesign.design.proposals import create_proposal
from codesign.design.records import CreatedProposal
from codesign.errors import BadInput, UnreadableFile, UsageError
from codesign.files import replacing
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.backup import backup_file
from plans.errors import PlanFileError, PlanWarning
from plans.features import Plan

PLAN_SUFFIXES = (".dxf", ".geojson", ".json")
EXPORT_SUFFIXES = (".pdf", ".svg", ".dxf", ".geojson")


@dataclass(frozen=True, slots=True)
class ImportedPlan:
    """What ``import_plan`` made, and what the reader skipped or repaired."""

    created: CreatedProposal
    warnings: tuple[str, ...]


def plan_error(error: PlanFileError) -> BadInput:
    """A reader's refusal as the one-line error the window and the command line show."""
    reason = error.reason(_)
    if error.entity and error.entity not in reason:
        reason = _("{entity}: {reason}").format(entity=error.entity, reason=reason)
    return BadInput(reason, path=error.path)


def warning_text(warning: PlanWarning) -> str:
    """A reader's warning in the user's language, naming the entity."""
    text = warning.message(_)
    return f"{warning.entity}: {text}" if warning.entity else text


def read_plan_file(
    path: Path,
    *,
    layer_map: Mapping[str, str] | None = None,
    repair: bool = False,
    origin: tuple[float, float] | None = None,
    units: str | None = None,
) -> tuple[Plan, tuple[str, ...]]:
    """Read a DXF or GeoJSON file; BadInput (nothing read) when it is not a usable plan.

    ``units`` names a DXF drawing's units when its header does not say them.

    ``repair`` splits self-intersecting shapes into valid parts (``make_valid``)
    instead of refusing them; each repair is reported as a warning. ``origin``
    (longitude, latitude) is where a WGS84 GeoJSON's local (0, 0) goes.
    """
    suffix = path.suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise UsageError(_("a plan must be a .dxf or .geojson file"), path=path)
    if not path.is_file():
        raise UnreadableFile(_("the file does not exist"), path=path)
    try:
        if suffix == ".dxf":
            from plans.dxf import read_dxf

            plan, warnings = read_dxf(
                path, layer_map=dict(layer_map or {}), repair=repair, units=units
            )
        else:
            from plans.geojson import read_geojson

            plan, warnings = read_geojson(path, repair=repair, origin=origin)
    except PlanFileError as error:
        raise plan_error(error) from None
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error), path=path) from None
    if not plan.features:
        raise BadInput(_("the file holds no closed shapes to import"), path=path)
    return plan, tuple(warning_text(w) for w in warnings)


def dxf_layers(path: Path) -> tuple[tuple[str, str | None], ...]:
    """The layers that hold entities in a DXF drawing, with the kind their name suggests.

    For the layer-mapping dialog before an import; a file that cannot be read
    gives no layers (the import itself then reports why).
    """
    from codesign.design.drawing_units import read_overview
    from plans.layers import default_kind

    overview = read_overview(path)
    names = overview.layers if overview is not None else ()
    return tuple((name, default_kind(name)) for name in names)


def import_plan(
    ws: Workspace,
    path: Path,
    *,
    title: str | None = None,
    household: str | None = None,
    scope: str | None = None,
    layer_map: Mapping[str, str] | None = None,
    read: tuple[Plan, tuple[str, ...]] | None = None,
) -> tuple[WriteResult, ImportedPlan]:
    """A new proposal whose first version is the plan in ``path`` (``read`` if already read)."""
    plan, warnings = read or read_plan_file(path, layer_map=layer_map)
    if scope is None:
        scope = "site" if plan.site() is not None and len(plan.of_kind("unit")) > 1 else "unit"
    if ws.path is not None:
        backup_file(ws.path, "before-plan-import")
    result, created = create_proposal(
        ws,
        title=title or path.stem,
        scope=scope,
        household=household,
        plan=plan,
        note=_("Imported from {file}").format(file=path.name),
    )
    return result, ImportedPlan(created, warnings)


def export_plan_file(plan: Plan, out: Path) -> None:
    """Write ``plan`` as SVG, DXF or GeoJSON, chosen by the file's suffix."""
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".dxf", ".geojson"):
        raise UsageError(_("export a plan as .pdf, .svg, .dxf or .geojson"), path=out)
    with replacing(out) as temporary:
        if suffix == ".svg":
            from plans.svg import plan_to_svg

            temporary.write_text(plan_to_svg(plan), encoding="utf-8")
        elif suffix == ".dxf":
            from plans.dxf import write_dxf

            write_dxf(plan, temporary)
        else:
            from plans.geojson import write_geojson

            write_geojson(plan, temporary)
