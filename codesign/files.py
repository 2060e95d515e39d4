"""Writing the files people take away (reports, exports): whole or not at all.

Every output is written to a temporary file beside its destination, synced,
given the permissions a new file gets here (the umask), and only then
renamed onto the destination; a failure leaves neither half a file nor the
temporary one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from codesign.errors import BadInput, UsageError
from i18n import gettext as _


def _new_file_mode() -> int:
    """What ``open()`` would give a new file: 0o666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_folder(out: str | Path) -> Path:
    """``out`` as a Path, refused before any work when its folder does not exist."""
    out = Path(out)
    if not out.parent.is_dir():
        raise BadInput(_("the folder {folder} does not exist").format(folder=out.parent), path=out)
    return out


def check_suffix(out: str | Path, suffixes: Iterable[str]) -> Path:
    """``out`` as a Path, refused (a usage error) when its suffix names no format we write."""
    out = Path(out)
    known = sorted(suffixes)
    if out.suffix.lower() not in known:
        raise UsageError(
            _("cannot tell the format of {file}; use one of {suffixes}").format(
                file=out, suffixes=", ".join(known)
            )
        )
    return out


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, moved onto it only when the block succeeds."""
    check_folder(path)
    fd, name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=f".part{path.suffix}", dir=path.parent
    )
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        temporary.chmod(_new_file_mode())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` whole, or not at all."""
    with replacing(path) as temporary:
        temporary.write_bytes(content)
