"""Reports and exports are written whole or not at all, with the permissions of a new file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codesign.errors import BadInput
from codesign.files import replacing, write_atomic


def test_written_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    """A report readable by the group and others when the umask allows it, like any new file."""
    old = os.umask(0o022)
    try:
        out = tmp_path / "tesoreria.pdf"
        write_atomic(out, b"%PDF-1.4\n")
    finally:
        os.umask(old)
    assert out.read_bytes() == b"%PDF-1.4\n"
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["tesoreria.pdf"]


def test_a_failure_keeps_the_old_file_and_leaves_no_part(tmp_path: Path) -> None:
    """An error while writing leaves the earlier file as it was and no temporary file."""
    out = tmp_path / "socios.csv"
    out.write_text("antes\n", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(out) as temporary:
        temporary.write_text("a medias", encoding="utf-8")
        raise RuntimeError("disk full")
    assert out.read_text(encoding="utf-8") == "antes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["socios.csv"]


def test_a_missing_folder_is_bad_input(tmp_path: Path) -> None:
    """Writing into a folder that does not exist names the folder and writes nothing."""
    with pytest.raises(BadInput, match="no existe"):
        write_atomic(tmp_path / "falta" / "acta.pdf", b"x")
    assert list(tmp_path.iterdir()) == []
