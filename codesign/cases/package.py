"""Opening a reference-case Data Package: a folder, its ``datapackage.json``, or a ``.zip``.

A zip is checked (size, compression ratio, member names) before anything
is extracted into a private temporary folder; the descriptor is checked for
a version we know and for a ``cases`` resource that follows our schema.
Nothing here writes to the cooperative file.
"""

from __future__ import annotations

import contextlib
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from codesign.cases.fields import schema
from codesign.errors import BadInput, UnreadableFile
from i18n import gettext as _

DESCRIPTOR = "datapackage.json"
RESOURCE = "cases"
# The exchange-format version Minga writes in ``minga_format``; newer ones are refused.
FORMAT_VERSION = 1
KNOWN_PROFILES = frozenset(
    {
        "",
        "data-package",
        "tabular-data-package",
        "https://specs.frictionlessdata.io/schemas/data-package.json",
        "https://specs.frictionlessdata.io/schemas/tabular-data-package.json",
        "https://datapackage.org/profiles/1.0/datapackage.json",
        "https://datapackage.org/profiles/2.0/datapackage.json",
        "https://datapackage.org/profiles/1.0/tabulardatapackage.json",
        "https://datapackage.org/profiles/2.0/tabulardatapackage.json",
    }
)
MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True, slots=True)
class OpenedPackage:
    """A package on disk, checked: its descriptor and the ``cases`` resource."""

    source: Path
    folder: Path
    descriptor_path: Path
    descriptor: dict[str, Any]
    resource: dict[str, Any]
    csv_path: Path
    encoding: str
    delimiter: str


def _load_json(path: Path, shown: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            _("cannot read the file: {reason}").format(reason=error.strerror or error), path=shown
        ) from None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        raise BadInput(_("{name} is not valid JSON").format(name=path.name), path=shown) from None


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and "\\" not in name


def _extract(source: Path, into: Path) -> Path:
    """Unpack a zip after checking it; the folder holding its ``datapackage.json``."""
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise BadInput(
            _("not a zip file, or the zip is damaged or cut short"), path=source
        ) from None
    except OSError as error:
        raise UnreadableFile(
            _("cannot read the file: {reason}").format(reason=error.strerror or error), path=source
        ) from None
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        packed = max(1, sum(m.compress_size for m in members))
        if total > MAX_UNPACKED or total / packed > MAX_RATIO:
            raise BadInput(_("the zip unpacks to far more than it holds; refused"), path=source)
        if not all(_safe_member(m.filename) for m in members):
            raise BadInput(_("the zip names files outside its own folder; refused"), path=source)
        descriptors = sorted(
            (m.filename for m in members if PurePosixPath(m.filename).name == DESCRIPTOR),
            key=lambda name: len(PurePosixPath(name).parts),
        )
        if not descriptors:
            raise BadInput(_("the zip holds no datapackage.json"), path=source)
        try:
            archive.extractall(into)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
            raise BadInput(
                _("the zip is damaged or cut short: {reason}").format(reason=error), path=source
            ) from None
    return into / PurePosixPath(descriptors[0]).parent


def _check_version(descriptor: dict[str, Any], shown: Path) -> None:
    profile = str(descriptor.get("$schema") or descriptor.get("profile") or "")
    if profile not in KNOWN_PROFILES:
        raise BadInput(
            _("unknown Data Package version {version}; Minga reads versions 1 and 2").format(
                version=profile
            ),
            path=shown,
        )
    version = descriptor.get("minga_format", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise BadInput(
            _(
                "the package is in case format {version}, made by a newer Minga; "
                "this Minga reads format {known}: update Minga to import it"
            ).format(version=version, known=FORMAT_VERSION),
            path=shown,
        )


def _resource(descriptor: dict[str, Any], shown: Path) -> dict[str, Any]:
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        raise BadInput(_("the package lists no resources"), path=shown)
    for item in resources:
        if isinstance(item, dict) and item.get("name") == RESOURCE:
            return item
    raise BadInput(_("the package has no resource named cases"), path=shown)


def _check_schema(resource_schema: Any, shown: Path) -> None:
    """The resource's fields must be ours, with our types; id and title must be there."""
    if not isinstance(resource_schema, dict) or not isinstance(resource_schema.get("fields"), list):
        raise BadInput(_("the cases resource has no table schema"), path=shown)
    ours = {f["name"]: f.get("type", "string") for f in schema()["fields"]}
    theirs = {
        f.get("name"): f.get("type", "string")
        for f in resource_schema["fields"]
        if isinstance(f, dict)
    }
    for name in ("id", "title"):
        if name not in theirs:
            raise BadInput(
                _(
                    "the cases resource does not follow the reference-case schema: no {field} field"
                ).format(field=name),
                path=shown,
            )
    for key, kind in theirs.items():
        if key in ours and kind != ours[key]:
            raise BadInput(
                _(
                    "the cases resource does not follow the reference-case schema: "
                    "{field} is {kind}, not {expected}"
                ).format(field=key, kind=kind, expected=ours[key]),
                path=shown,
            )


def inside(folder: Path, relative: Any, shown: Path) -> Path:
    """A path named by the package, refused when it would leave the package."""
    if not isinstance(relative, str) or "://" in relative or not _safe_member(relative):
        raise BadInput(_("the cases resource must name a CSV file inside the package"), path=shown)
    return folder / relative


def _open_checked(source: Path, descriptor_path: Path) -> OpenedPackage:
    descriptor = _load_json(descriptor_path, source)
    if not isinstance(descriptor, dict):
        raise BadInput(_("datapackage.json is not a Data Package descriptor"), path=source)
    _check_version(descriptor, source)
    folder = descriptor_path.parent
    resource = _resource(descriptor, source)
    resource_schema = resource.get("schema")
    if isinstance(resource_schema, str):
        resource_schema = _load_json(inside(folder, resource_schema, source), source)
        resource = {**resource, "schema": resource_schema}
    _check_schema(resource_schema, source)
    csv_path = inside(folder, resource.get("path"), source)
    if not csv_path.is_file():
        raise BadInput(
            _("the package lists {name} but the file is missing").format(name=resource["path"]),
            path=source,
        )
    dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
    return OpenedPackage(
        source=source,
        folder=folder,
        descriptor_path=descriptor_path,
        descriptor=descriptor,
        resource=resource,
        csv_path=csv_path,
        encoding=str(resource.get("encoding") or "utf-8"),
        delimiter=str((dialect or {}).get("delimiter") or ","),
    )


@contextlib.contextmanager
def open_package(source: Path) -> Iterator[OpenedPackage]:
    """The checked package at ``source``; a zip's files live only while this is open."""
    if source.is_dir():
        descriptor = source / DESCRIPTOR
        if not descriptor.is_file():
            raise BadInput(_("the folder holds no datapackage.json"), path=source)
        yield _open_checked(source, descriptor)
        return
    if not source.is_file():
        raise UnreadableFile(_("there is no such file or folder"), path=source)
    if source.suffix.lower() == ".json":
        yield _open_checked(source, source)
        return
    if source.suffix.lower() != ".zip" and not zipfile.is_zipfile(source):
        raise BadInput(
            _("not a Data Package: choose a folder, a datapackage.json or a .zip"), path=source
        )
    with tempfile.TemporaryDirectory(prefix="minga-cases-") as tmp:
        folder = _extract(source, Path(tmp))
        yield _open_checked(source, folder / DESCRIPTOR)
