"""Packaging files: the spec's data filter, desktop entry, MIME types, icons, install script.

The frozen build itself is heavy and runs in CI (``make package`` in ``.ci/run``).
"""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel import localedata
from babel.core import get_global

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "ui" / "icons"


def _spec_keep() -> Callable[[tuple[str, str, str]], bool]:
    """The spec's ``keep`` filter, taken out of the spec without running PyInstaller."""
    tree = ast.parse((ROOT / "packaging" / "minga.spec").read_text(encoding="utf-8"))
    wanted = {"QT_LANGUAGES", "BABEL_LANGUAGES", "keep"}
    nodes = [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name in wanted)
        or (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", "") in wanted for t in node.targets)
        )
    ]
    namespace: dict[str, object] = {"Path": Path}
    exec(compile(ast.Module(body=nodes, type_ignores=[]), "minga.spec", "exec"), namespace)
    return namespace["keep"]  # type: ignore[return-value]


def _babel(name: str) -> tuple[str, str, str]:
    return (f"babel/locale-data/{name}.dat", "src", "DATA")


def _babel_chain(name: str) -> list[str]:
    """The locales Babel loads for ``name``: itself, then its parents up to root."""
    exceptions = get_global("parent_exceptions")
    chain = [name]
    while name != "root":
        name = exceptions.get(name) or ("_".join(name.split("_")[:-1]) or "root")
        chain.append(name)
    return chain


def test_spec_keeps_our_languages_and_their_fallbacks() -> None:
    """Every es/pt/en/ca locale a cooperative may use is kept with the parents Babel loads."""
    keep = _spec_keep()
    ours = [
        n for n in localedata.locale_identifiers() if n.split("_")[0] in {"es", "pt", "en", "ca"}
    ]
    assert {"es_EC", "es_UY", "pt_BR", "ca_ES", "en_US"} <= set(ours)
    for name in ours:
        for needed in _babel_chain(name):
            assert keep(_babel(needed)), (name, needed)
    assert "es_419" in _babel_chain("es_EC")
    for other in ("de", "fr_FR", "zh_Hant_TW", "ar"):
        assert not keep(_babel(other))


def test_spec_keeps_only_our_qt_catalogs() -> None:
    """Qt's qt_/qtbase_ catalogs of our four languages stay; other languages and modules go."""
    keep = _spec_keep()

    def qm(name: str) -> tuple[str, str, str]:
        return (f"PySide6/Qt/translations/{name}.qm", "src", "DATA")

    for name in ("qtbase_es", "qtbase_pt_BR", "qtbase_ca", "qtbase_en", "qt_es"):
        assert keep(qm(name)), name
    for name in ("qtbase_de", "qt_fr", "qtmultimedia_es", "qtdeclarative_pt_BR", "qt_help_ca"):
        assert not keep(qm(name)), name
    assert keep(("ui/help/es/people.html", "src", "DATA"))


def test_desktop_entry_opens_both_file_types() -> None:
    """The desktop entry runs Minga on a file and claims cooperatives and sync bundles."""
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / "minga.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].endswith("%f")
    assert section["Icon"] == "minga"
    assert section["MimeType"].split(";")[:2] == [
        "application/x-minga",
        "application/x-minga-bundle",
    ]
    assert section["Comment[es]"]


@pytest.mark.skipif(
    not shutil.which("update-mime-database") and not os.environ.get("CI"),
    reason="shared-mime-info is not installed (CI installs it and runs this test)",
)
def test_mime_types_register_both_extensions(tmp_path: Path) -> None:
    """update-mime-database accepts the XML: *.minga and *.mingabundle get our types."""
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(LINUX / "minga-mime.xml", packages / "minga.xml")
    subprocess.run(["update-mime-database", str(tmp_path / "mime")], check=True)
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert "application/x-minga:*.minga" in globs
    assert "application/x-minga-bundle:*.mingabundle" in globs
    magic = (tmp_path / "mime" / "magic").read_bytes()
    assert b"SQLite format 3" in magic


def test_icons_are_drawn_at_every_size() -> None:
    """The SVG is valid and each committed PNG has the pixel size in its name."""
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(str(ICONS / "minga.svg")).isValid()
    for size in (16, 32, 48, 64, 128, 256):
        image = QImage(str(ICONS / f"minga-{size}.png"))
        assert (image.width(), image.height()) == (size, size)


def test_install_script_puts_everything_under_local_share(tmp_path: Path) -> None:
    """install.sh copies the build, entry, MIME types and icons to ~/.local; --uninstall removes."""
    dist = tmp_path / "dist" / "minga"
    dist.mkdir(parents=True)
    (dist / "minga").write_text("#!/bin/sh\necho minga\n", encoding="utf-8")
    (dist / "minga").chmod(0o755)
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}
    script = str(LINUX / "install.sh")
    subprocess.run(["sh", script, str(dist)], env=env, check=True, capture_output=True)
    share = home / ".local" / "share"
    desktop = (share / "applications" / "minga.desktop").read_text(encoding="utf-8")
    assert f"Exec={share}/minga/app/minga gui %f" in desktop
    assert (share / "mime" / "packages" / "minga.xml").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / "minga.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "minga.svg").is_file()
    assert (home / ".local" / "bin" / "minga").resolve() == share / "minga" / "app" / "minga"
    subprocess.run(["sh", script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not (share / "applications" / "minga.desktop").exists()
    assert not (share / "minga" / "app").exists()


def test_install_script_without_a_build_says_so(tmp_path: Path) -> None:
    """Without dist/minga the script names the missing build and exits 66."""
    env = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run(
        ["sh", str(LINUX / "install.sh"), str(tmp_path / "nothing")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 66
    assert "make package" in result.stderr
