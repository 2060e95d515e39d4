"""``minga plan import|list|check|diff|export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from codesign.cli.common import add_as, add_file, add_json, emit, open_for, wrote_pages
from codesign.errors import UsageError
from i18n import gettext as _
from i18n import ngettext

# plans.units.DRAWING_UNITS, spelt out: importing plans here would load shapely at start-up
UNIT_CHOICES = ("mm", "cm", "dm", "m", "km", "in", "ft", "yd")
KIND_WORDS = ("site", "plot", "building", "unit", "room", "common", "path", "green")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``plan`` and its subcommands to the parser."""
    plan = sub.add_parser("plan", help=_("site plans and design proposals"))
    psub = plan.add_subparsers(dest="plan_command", required=True, metavar="COMMAND")

    imp = psub.add_parser("import", help=_("import a DXF or GeoJSON plan as a new proposal"))
    add_file(imp)
    imp.add_argument("plan", metavar="PLAN", help=_("the plan: a .dxf or .geojson file"))
    imp.add_argument("--title", help=_("the proposal's title (default: the file's name)"))
    imp.add_argument("--household", help=_("the author household, id or exact name"))
    imp.add_argument("--scope", choices=("site", "unit", "classroom"), help=_("what it designs"))
    imp.add_argument(
        "--layer",
        action="append",
        default=[],
        metavar="KIND=LAYER",
        help=_("read the DXF layer LAYER as features of KIND; repeat"),
    )
    imp.add_argument(
        "--repair",
        action="store_true",
        help=_("split self-intersecting shapes into valid parts instead of refusing the file"),
    )
    imp.add_argument(
        "--units",
        choices=UNIT_CHOICES,
        help=_("DXF: the drawing's units when its header does not say ($INSUNITS)"),
    )
    imp.add_argument(
        "--origin",
        metavar="LON,LAT",
        help=_("WGS84 GeoJSON: where local (0, 0) lies, as --origin=-78.52,-0.28"),
    )
    add_as(imp)
    add_json(imp)
    imp.set_defaults(run=run_import)

    lst = psub.add_parser("list", help=_("list the proposals"))
    add_file(lst)
    lst.add_argument("--status", help=_("only proposals with this status"))
    add_as(lst)
    add_json(lst)
    lst.set_defaults(run=run_list)

    chk = psub.add_parser("check", help=_("check a proposal against the cooperative's rules"))
    add_file(chk)
    chk.add_argument("proposal", metavar="PROPOSAL", help=_("id, title, or id@version"))
    add_as(chk)
    add_json(chk)
    chk.set_defaults(run=run_check)

    dif = psub.add_parser("diff", help=_("compare two proposals or versions"))
    add_file(dif)
    dif.add_argument("a", metavar="PROPOSAL_A", help=_("id, title, or id@version"))
    dif.add_argument("b", metavar="PROPOSAL_B", help=_("id, title, or id@version"))
    add_as(dif)
    add_json(dif)
    dif.set_defaults(run=run_diff)

    step = psub.add_parser("review", help=_("take a review step: submit, request changes, approve"))
    add_file(step)
    step.add_argument("proposal", metavar="PROPOSAL", help=_("id or title"))
    step.add_argument(
        "step", metavar="STEP", choices=("submit", "request-changes", "approve", "reject")
    )
    step.add_argument("--note", default="", help=_("why, for the authors"))
    add_as(step)
    add_json(step)
    step.set_defaults(run=run_review)

    exp = psub.add_parser("export", help=_("write a proposal as PDF, SVG, DXF or GeoJSON"))
    add_file(exp)
    exp.add_argument("proposal", metavar="PROPOSAL", help=_("id, title, or id@version"))
    exp.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=_(".pdf, .svg, .dxf or .geojson")
    )
    add_as(exp)
    add_json(exp)
    exp.set_defaults(run=run_export)


def parse_layers(items: list[str]) -> dict[str, str]:
    """``KIND=LAYER`` options as a layer → kind map (UsageError naming a bad one)."""
    out: dict[str, str] = {}
    for item in items:
        kind, sep, layer = item.partition("=")
        kind = kind.strip().lower()
        if not sep or not layer.strip() or kind not in KIND_WORDS:
            raise UsageError(
                _("bad --layer {item}; use KIND=LAYER with KIND one of {kinds}").format(
                    item=item, kinds=", ".join(KIND_WORDS)
                )
            )
        out[layer.strip()] = kind
    return out


def parse_origin(text: str) -> tuple[float, float]:
    """``LON,LAT`` as two numbers (UsageError when it is not)."""
    try:
        lon, lat = (float(part) for part in text.split(","))
    except ValueError:
        raise UsageError(
            _("bad --origin {text}; use LON,LAT such as -78.52,-0.28").format(text=text)
        ) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise UsageError(_("--origin {text} is not a longitude and latitude").format(text=text))
    return lon, lat


def run_import(args: argparse.Namespace) -> int:
    """Import a plan file as a new proposal; a bad file is refused whole (exit 65)."""
    from codesign.design.files import import_plan, read_plan_file

    layer_map = parse_layers(args.layer)
    path = Path(args.plan)
    origin = parse_origin(args.origin) if args.origin else None
    # A bad plan is refused before the cooperative file is even opened.
    read = read_plan_file(
        path, layer_map=layer_map, repair=args.repair, origin=origin, units=args.units
    )
    with open_for(args) as ws:
        _result, imported = import_plan(
            ws,
            path,
            title=args.title,
            household=args.household,
            scope=args.scope,
            layer_map=layer_map,
            read=read,
        )
    for warning in imported.warnings:
        sys.stderr.write(f"minga: {path}: {warning}\n")
    count = imported.created.features
    emit(
        args,
        {"proposal": str(imported.created.proposal), "features": count},
        ngettext(
            "Imported {n} feature as proposal {id}",
            "Imported {n} features as proposal {id}",
            count,
        ).format(n=count, id=imported.created.proposal),
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print every proposal with its status, household and versions."""
    from codesign.design.queries import list_proposals
    from codesign.design.records import STATUS_LABELS

    if args.status and args.status not in STATUS_LABELS:
        raise UsageError(
            _("unknown status {status}; use one of {statuses}").format(
                status=args.status, statuses=", ".join(STATUS_LABELS)
            )
        )
    with open_for(args) as ws:
        records = list_proposals(ws, status=args.status)
    rows = [
        {
            "id": str(r.id),
            "title": r.title,
            "scope": r.scope,
            "status": r.status,
            "household": r.household,
            "parent": str(r.parent_id) if r.parent_id else None,
            "versions": r.versions,
            "open_comments": r.open_comments,
            "created": r.created_at.isoformat(),
            "status_at": r.status_at.isoformat() if r.status_at else None,
        }
        for r in records
    ]
    text = "\n".join(
        f"{r.id}  {_(STATUS_LABELS[r.status]):<20} v{r.versions:<3} "
        f"{r.title[:40]:<40} {r.household}"
        for r in records
    )
    emit(args, {"proposals": rows}, text)
    return 0


def check_data(report: Any) -> dict[str, Any]:
    """The ``plan check`` JSON of a CheckReport."""
    from codesign.design.checking import violation_dict

    measured = report.measurements.as_dict()
    return {
        "ok": report.ok,
        "violations": [violation_dict(v) for v in report.violations],
        "units": measured["units"],
        "areas": measured["areas"],
    }


def run_check(args: argparse.Namespace) -> int:
    """Check a proposal's version; exit 3 when a rule is broken."""
    from codesign.cooperative import cooperative_info
    from codesign.design.checking import check_version, violation_text
    from codesign.design.queries import resolve_ref

    with open_for(args) as ws:
        _proposal, version = resolve_ref(ws, args.proposal)
        report = check_version(ws, version)
        locale = cooperative_info(ws).locale
    data = check_data(report)
    lines = [violation_text(v, locale) for v in report.violations]
    count = len(report.violations)
    lines.append(
        _("Every rule passes.")
        if report.ok
        else ngettext("{n} rule broken.", "{n} rules broken.", count).format(n=count)
    )
    emit(args, data, "\n".join(lines))
    return 0 if report.ok else 3


def run_diff(args: argparse.Namespace) -> int:
    """Compare two proposals (their newest versions) or two versions."""
    from codesign.design.compare import compare_versions, comparison_data, comparison_text
    from codesign.design.queries import resolve_ref

    with open_for(args) as ws:
        _pa, va = resolve_ref(ws, args.a)
        _pb, vb = resolve_ref(ws, args.b)
        comparison = compare_versions(ws, va, vb)
    emit(args, comparison_data(comparison), comparison_text(comparison))
    return 0


def run_review(args: argparse.Namespace) -> int:
    """Take one review step; refused (exit 77) without the role it needs."""
    from codesign.design.queries import get_proposal, resolve_ref
    from codesign.design.records import STATUS_LABELS
    from codesign.design.workflow import change_status

    with open_for(args) as ws:
        proposal, _version = resolve_ref(ws, args.proposal)
        change_status(ws, proposal, args.step.replace("-", "_"), note=args.note)
        status = get_proposal(ws, proposal).status
    emit(
        args,
        {"proposal": str(proposal), "status": status},
        _("The proposal is now {status}").format(status=_(STATUS_LABELS[status])),
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write a version as a PDF sheet, SVG, DXF or GeoJSON."""
    from codesign.design.files import EXPORT_SUFFIXES, export_plan_file
    from codesign.design.proposals import version_plan
    from codesign.design.queries import resolve_ref

    out = Path(args.output)
    if out.suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(_("export a plan as .pdf, .svg, .dxf or .geojson"), path=out)
    with open_for(args) as ws:
        _proposal, version = resolve_ref(ws, args.proposal)
        if out.suffix.lower() == ".pdf":
            from codesign.reports.design_sheet import design_sheet

            design_sheet(ws, version, out)
        else:
            export_plan_file(version_plan(ws, version), out)
    emit(args, {"file": str(out)}, _("Wrote {file}").format(file=out))
    return 0


def run_design_report(args: argparse.Namespace) -> int:
    """``minga report FILE design``: the site sheet (or a household's sheets) and the register."""
    from codesign.reports.design_report import design_report

    out = Path(args.output)
    with open_for(args) as ws:
        pages = design_report(ws, out, household=args.household, locale=args.locale)
    emit(
        args,
        {"file": str(out), "pages": pages},
        wrote_pages(out, pages),
    )
    return 0
