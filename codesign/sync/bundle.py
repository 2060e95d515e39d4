"""The bundle file: a zip read in memory and never extracted.

Members: ``manifest.json`` (format, schema, cooperative, signer, seq ranges,
the SHA-256 of every other member), ``manifest.sig`` (Ed25519 over the
manifest's bytes), ``changes.jsonl.zst`` (one JSON array per change) and
``blobs/<sha256>``. The whole file may be encrypted with an age passphrase.
Reading checks sizes and compression ratios as it goes, so a zip bomb is
refused before it fills the memory.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from codesign.errors import BadInput
from i18n import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHANGES = "changes.jsonl.zst"
BLOB_PREFIX = "blobs/"
AGE_HEADER = b"age-encryption.org/v1"
MAX_FILE_BYTES = 2 << 30
MAX_MEMBER_BYTES = 4 << 30
MAX_MANIFEST_BYTES = 16 << 20
MAX_RATIO = 200  # JSON lines of ids compress about 5 to 10 times; a bomb, thousands
_BLOB_NAME = re.compile(r"blobs/[0-9a-f]{64}")
_CHUNK = 1 << 20

# The fields of one change line, in order (ids as 32-digit hex).
LINE_FIELDS = (
    "device",
    "seq",
    "hlc",
    "author",
    "entity",
    "row",
    "op",
    "fields",
    "base",
    "group",
    "label",
    "hash",
    "prev",
)

Passphrase = Callable[[], str]


@dataclass(frozen=True, slots=True)
class RawBundle:
    """A bundle's members as read, before its signature and hashes are checked."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    members: dict[str, bytes]
    encrypted: bool


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def compress_lines(lines: Iterable[Iterable[Any]]) -> tuple[bytes, int]:
    """Change lines written straight into a zstd stream; return the bytes and the count."""
    import zstandard

    out = io.BytesIO()
    count = 0
    with zstandard.ZstdCompressor(level=3).stream_writer(out, closefd=False) as stream:
        pending = bytearray()
        for line in lines:
            pending += orjson.dumps(line)
            pending += b"\n"
            count += 1
            if len(pending) >= _CHUNK:
                stream.write(pending)
                pending.clear()
        stream.write(pending)
    return out.getvalue(), count


def build_zip(
    manifest: Mapping[str, Any],
    changes: bytes,
    blobs: Mapping[str, bytes],
    sign: Callable[[bytes], bytes],
) -> bytes:
    """The bundle's bytes: members hashed into the manifest, the manifest signed."""
    members = {CHANGES: changes, **{BLOB_PREFIX + name: data for name, data in blobs.items()}}
    full = {**manifest, "members": {name: sha256(data) for name, data in members.items()}}
    manifest_bytes = orjson.dumps(full, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        zf.writestr(SIGNATURE, sign(manifest_bytes))
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def encrypt(data: bytes, passphrase: str) -> bytes:
    """The whole bundle encrypted with an age passphrase."""
    import pyrage

    return bytes(pyrage.passphrase.encrypt(data, passphrase))


def _bad(label: str, reason: str) -> BadInput:
    return BadInput(reason, path=label)


def _decrypt(data: bytes, label: str, passphrase: Passphrase | None) -> bytes:
    import pyrage

    if passphrase is None:
        raise _bad(label, _("the bundle is encrypted; give its passphrase (MINGA_PASSPHRASE)"))
    try:
        plain = bytes(pyrage.passphrase.decrypt(data, passphrase()))
    except pyrage.DecryptError:
        raise _bad(label, _("wrong passphrase, or the encrypted bundle is damaged")) from None
    if len(plain) > MAX_FILE_BYTES:
        raise _bad(label, _("the bundle is too large"))
    return plain


def _check_member(info: zipfile.ZipInfo, seen: set[str], label: str) -> None:
    name = info.filename
    if name in seen:
        raise _bad(label, _("the bundle holds {name} twice").format(name=name))
    seen.add(name)
    if name not in (MANIFEST, SIGNATURE, CHANGES) and not _BLOB_NAME.fullmatch(name):
        raise _bad(label, _("unexpected member {name} in the bundle").format(name=name[:80]))
    if info.flag_bits & 0x1:
        raise _bad(label, _("the bundle holds an encrypted zip member"))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _bad(label, _("unsupported compression in the bundle"))
    limit = MAX_MANIFEST_BYTES if name in (MANIFEST, SIGNATURE) else MAX_MEMBER_BYTES
    if info.file_size > limit or info.file_size > MAX_RATIO * max(info.compress_size, 1 << 12):
        raise _bad(label, _("{name} is too large for its size in the bundle").format(name=name))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    """A member's bytes, stopping as soon as it grows past what its header declared."""
    out = bytearray()
    with zf.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            out += chunk
            if len(out) > info.file_size:
                raise _bad(label, _("{name} is larger than declared").format(name=info.filename))
    return bytes(out)


def read_zip(data: bytes, label: str, passphrase: Passphrase | None = None) -> RawBundle:
    """Decrypt if needed and read every member, checking names, sizes and ratios."""
    if len(data) > MAX_FILE_BYTES:
        raise _bad(label, _("the bundle is too large"))
    encrypted = data.startswith(AGE_HEADER)
    if encrypted:
        data = _decrypt(data, label, passphrase)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            seen: set[str] = set()
            infos = zf.infolist()
            for info in infos:
                _check_member(info, seen, label)
            members = {info.filename: _read_member(zf, info, label) for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, zlib.error):
        raise _bad(label, _("not a Minga bundle, or a damaged or truncated one")) from None
    manifest_bytes = members.pop(MANIFEST, None)
    signature = members.pop(SIGNATURE, None)
    if manifest_bytes is None:
        raise _bad(label, _("the bundle has no manifest"))
    if signature is None:
        raise _bad(label, _("the bundle is not signed"))
    try:
        manifest = orjson.loads(manifest_bytes)
    except orjson.JSONDecodeError:
        raise _bad(label, _("the bundle's manifest is not valid JSON")) from None
    if not isinstance(manifest, dict):
        raise _bad(label, _("the bundle's manifest is not valid JSON"))
    return RawBundle(manifest, manifest_bytes, signature, members, encrypted)


def check_members(raw: RawBundle, label: str) -> None:
    """Every member present and matching its SHA-256 in the (signed) manifest."""
    listed = raw.manifest.get("members")
    if not isinstance(listed, dict) or set(listed) != set(raw.members):
        raise _bad(label, _("the bundle's members do not match its manifest"))
    for name, data in raw.members.items():
        digest = sha256(data)
        misnamed = name.startswith(BLOB_PREFIX) and name != BLOB_PREFIX + digest
        if listed[name] != digest or misnamed:
            raise _bad(label, _("{name} does not match its hash").format(name=name))


def decompress_lines(data: bytes, label: str) -> list[list[Any]]:
    """The change lines, decompressed with a ratio guard and parsed."""
    import zstandard

    limit = min(MAX_MEMBER_BYTES, MAX_RATIO * max(len(data), 1 << 12))
    out = bytearray()
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
        while chunk := reader.read(4 * _CHUNK):
            out += chunk
            if len(out) > limit:
                raise _bad(label, _("the changes decompress to far more than their size"))
    except zstandard.ZstdError:
        raise _bad(label, _("the changes are damaged")) from None
    loads = orjson.loads
    try:
        lines: list[list[Any]] = [loads(text) for text in out.splitlines()]
    except orjson.JSONDecodeError:
        raise _bad(label, _("the changes are not valid JSON lines")) from None
    del out
    size = len(LINE_FIELDS)
    if not all(type(line) is list and len(line) == size for line in lines):
        number = next(
            n for n, line in enumerate(lines, 1) if type(line) is not list or len(line) != size
        )
        raise _bad(label, _("change {n} is not valid").format(n=number))
    return lines
