"""``minga plan`` on the command line: JSON shapes, exit codes, broken files refused untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import ezdxf
import pytest

from codesign.cli.main import main
from codesign.cooperative import create_cooperative
from codesign.people import service
from models.backup import list_backups

PASS = "clave-segura"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``minga ARGS`` in-process; return exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> dict[str, object]:
    """Run a --json command expecting ``code``; return its one JSON object."""
    got, out, err = run(capsys, *args, "--json")
    assert got == code, err
    assert len(out.strip().splitlines()) == 1
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def coop_path(tmp_path: Path) -> Path:
    """A closed cooperative with an architect and the Lema household (3 people, unit B01-01)."""
    ws = create_cooperative(tmp_path / "coop.minga", name="Cooperativa Sol")
    _r, arch = service.add_person(ws, name="Ana Quishpe", roles=["member", "architect"])
    _r, rosa = service.add_person(ws, name="Rosa Lema", household="Familia Lema")
    service.add_person(ws, name="Juan Lema", household="Familia Lema")
    service.add_person(ws, name="Nina Lema", household="Familia Lema")
    service.update_household(ws, rosa.household, unit="B01-01")
    service.set_passphrase(ws, rosa.person, PASS)
    service.set_passphrase(ws, arch.person, PASS)
    path = ws.path
    ws.close()
    assert path is not None
    return path


def write_dxf(path: Path, *, unit_width: float = 6.0, closed: bool = True) -> Path:
    """A member's drawing: site, one unit labelled B01-01 (unit_width × 6 m), a path."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    space = doc.modelspace()
    space.add_lwpolyline(
        [(0, 0), (40, 0), (40, 30), (0, 30)], close=True, dxfattribs={"layer": "TERRENO"}
    )
    unit = [(5, 5), (5 + unit_width, 5), (5 + unit_width, 11), (5, 11)]
    space.add_lwpolyline(unit, close=closed, dxfattribs={"layer": "VIVIENDA"})
    space.add_text("B01-01", dxfattribs={"layer": "VIVIENDA", "insert": (6, 7)})
    space.add_lwpolyline(
        [(5, 11), (35, 11), (35, 14), (5, 14)], close=True, dxfattribs={"layer": "CAMINO"}
    )
    space.add_lwpolyline(
        [(5, 15), (35, 15), (35, 25), (5, 25)], close=True, dxfattribs={"layer": "VERDE"}
    )
    doc.saveas(path)
    return path


def fingerprint(path: Path) -> str:
    """The bytes of the cooperative file and its WAL, to prove nothing was written."""
    data = b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )
    return hashlib.sha256(data).hexdigest()


def sign(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passphrases for --as come from MINGA_SIGNIN."""
    monkeypatch.setenv("MINGA_SIGNIN", PASS)


def test_import_list_check_export(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A member imports a DXF; list shows it; check finds the small unit (exit 3); export writes."""
    sign(monkeypatch)
    drawing = write_dxf(tmp_path / "casa.dxf")
    made = run_json(capsys, "plan", "import", str(coop_path), str(drawing), "--as", "Rosa Lema")
    assert set(made) == {"proposal", "features"} and made["features"] == 4
    listed = run_json(capsys, "plan", "list", str(coop_path))
    [row] = listed["proposals"]  # type: ignore[misc]
    assert row["id"] == made["proposal"] and row["household"] == "Familia Lema"
    assert row["title"] == "casa" and row["status"] == "draft" and row["versions"] == 1
    checked = run_json(capsys, "plan", "check", str(coop_path), str(made["proposal"]), code=3)
    assert set(checked) == {"ok", "violations", "units", "areas"}
    assert checked["ok"] is False
    assert [v["rule"] for v in checked["violations"]] == ["min_unit_area"]  # type: ignore[union-attr]
    assert checked["units"] == [{"label": "B01-01", "area_m2": 36.0}]
    assert checked["areas"]["site_m2"] == 1200.0  # type: ignore[index]
    for suffix in ("svg", "dxf", "geojson", "pdf"):
        out = tmp_path / f"casa.{suffix}"
        code, _out, err = run(capsys, "plan", "export", str(coop_path), "casa", "-o", str(out))
        assert code == 0, err
        assert out.stat().st_size > 100
    assert (tmp_path / "casa.pdf").read_bytes().startswith(b"%PDF")
    assert list_backups(coop_path), "an import backs the cooperative file up first"
    again = run_json(
        capsys, "plan", "import", str(coop_path), str(tmp_path / "casa.dxf"), "--as", "Rosa Lema"
    )
    round_trip = run_json(capsys, "plan", "check", str(coop_path), str(again["proposal"]), code=3)
    assert round_trip["units"] == [{"label": "B01-01", "area_m2": 36.0}]
    assert round_trip["areas"] == checked["areas"]
    code, out, _err = run(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(tmp_path / "casa.geojson"),
        "--as",
        "Rosa Lema",
        "--json",
    )
    assert code == 0 and json.loads(out)["features"] == 4


def test_review_permissions_on_the_command_line(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The member submits; approving as the member exits 77; the architect approves."""
    sign(monkeypatch)
    drawing = write_dxf(tmp_path / "casa.dxf", unit_width=10.0)
    made = run_json(capsys, "plan", "import", str(coop_path), str(drawing), "--as", "Rosa Lema")
    ref = str(made["proposal"])
    submitted = run_json(
        capsys, "plan", "review", str(coop_path), ref, "submit", "--as", "Rosa Lema"
    )
    assert submitted["status"] == "submitted"
    code, out, err = run(
        capsys, "plan", "review", str(coop_path), ref, "approve", "--as", "Rosa Lema"
    )
    assert code == 77 and out == "" and len(err.strip().splitlines()) == 1
    done = run_json(capsys, "plan", "review", str(coop_path), ref, "approve", "--as", "Ana Quishpe")
    assert done["status"] == "approved"
    assert run_json(capsys, "plan", "check", str(coop_path), ref)["ok"] is True


def test_diff_of_two_versions(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """diff of a small and a larger unit names the changed unit and the area difference."""
    sign(monkeypatch)
    a = run_json(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(write_dxf(tmp_path / "a.dxf")),
        "--as",
        "Rosa Lema",
    )
    b = run_json(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(write_dxf(tmp_path / "b.dxf", unit_width=10.0)),
        "--as",
        "Rosa Lema",
    )
    data = run_json(capsys, "plan", "diff", str(coop_path), str(a["proposal"]), str(b["proposal"]))
    assert [c["label"] for c in data["changed"]] == ["B01-01"]  # type: ignore[union-attr]
    units = {i["name"]: i for i in data["indicators"]}  # type: ignore[union-attr]
    assert units["units_m2"]["delta"] == pytest.approx(24.0)
    assert data["violations"] == {"a": 1, "b": 0}


def broken_files(tmp_path: Path) -> dict[str, Path]:
    """One file for each way a plan can be unreadable."""
    files = {
        "open": write_dxf(tmp_path / "abierta.dxf", closed=False),
        "binary": tmp_path / "basura.dxf",
        "truncated": tmp_path / "cortada.dxf",
        "crs": tmp_path / "crs.geojson",
        "bowtie": tmp_path / "lazo.geojson",
    }
    files["binary"].write_bytes(bytes(range(256)) * 8)
    whole = write_dxf(tmp_path / "entera.dxf").read_bytes()
    files["truncated"].write_bytes(whole[: len(whole) // 3])
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    files["crs"].write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32717"}},
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kind": "unit", "label": "A"},
                        "geometry": {"type": "Polygon", "coordinates": [square]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    files["bowtie"].write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kind": "unit", "label": "Lazo"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]],
                        },
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return files


@pytest.mark.parametrize("case", ["open", "binary", "truncated", "crs", "bowtie"])
def test_broken_plan_is_refused_and_nothing_changes(
    case: str,
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each broken file exits 65 with one line naming the file; the cooperative is unchanged."""
    sign(monkeypatch)
    path = broken_files(tmp_path)[case]
    before = fingerprint(coop_path)
    code, out, err = run(capsys, "plan", "import", str(coop_path), str(path), "--as", "Rosa Lema")
    assert code == 65, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and str(path) in err
    assert fingerprint(coop_path) == before
    assert run_json(capsys, "info", str(coop_path))["proposals"] == 0


def test_self_intersecting_shape_imports_with_repair(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--repair splits a bow-tie into valid parts, warns on stderr, and imports them."""
    sign(monkeypatch)
    path = broken_files(tmp_path)["bowtie"]
    code, out, err = run(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(path),
        "--repair",
        "--as",
        "Rosa Lema",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["features"] >= 2
    assert str(path) in err


def test_layer_option_maps_an_unknown_layer(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--layer unit=A-101 reads a layer no default word matches as units; a bad option exits 2."""
    sign(monkeypatch)
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    doc.modelspace().add_lwpolyline(
        [(0, 0), (8, 0), (8, 8), (0, 8)], close=True, dxfattribs={"layer": "A-101"}
    )
    doc.saveas(tmp_path / "capas.dxf")
    made = run_json(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(tmp_path / "capas.dxf"),
        "--layer",
        "unit=A-101",
        "--as",
        "Rosa Lema",
    )
    assert made["features"] == 1
    code, _out, err = run(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(tmp_path / "capas.dxf"),
        "--layer",
        "casa=A-101",
    )
    assert code == 2 and "--layer" in err


def test_wgs84_geojson_with_an_origin(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A WGS84 square of about 11 × 11 m in Quito imports in metres around --origin."""
    sign(monkeypatch)
    lon, lat, d = -78.52, -0.28, 0.0001
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    path = tmp_path / "quito.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kind": "unit", "label": "B01-01"},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    made = run_json(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(path),
        f"--origin={lon},{lat}",
        "--as",
        "Rosa Lema",
    )
    checked = run_json(capsys, "plan", "check", str(coop_path), str(made["proposal"]), code=3)
    assert checked["units"][0]["area_m2"] == pytest.approx(123.6, rel=0.01)  # type: ignore[index]
    code, _out, err = run(capsys, "plan", "import", str(coop_path), str(path), "--origin", "quito")
    assert code == 2 and "--origin" in err


def test_units_option_reads_a_drawing_that_does_not_say_its_units(
    coop_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without $INSUNITS the import is refused; --units cm reads 600 × 600 as a 36 m² unit."""
    sign(monkeypatch)
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 0  # "unitless", as many exported drawings are
    doc.modelspace().add_lwpolyline(
        [(0, 0), (600, 0), (600, 600), (0, 600)], close=True, dxfattribs={"layer": "VIVIENDA"}
    )
    path = tmp_path / "sin-unidades.dxf"
    doc.saveas(path)
    before = fingerprint(coop_path)
    code, _out, err = run(capsys, "plan", "import", str(coop_path), str(path), "--as", "Rosa Lema")
    assert code == 65 and "$INSUNITS" in err
    assert fingerprint(coop_path) == before
    data = run_json(
        capsys,
        "plan",
        "import",
        str(coop_path),
        str(path),
        "--units",
        "cm",
        "--as",
        "Rosa Lema",
        "--json",
    )
    _code, out, _err = run(capsys, "plan", "check", str(coop_path), str(data["proposal"]), "--json")
    assert [u["area_m2"] for u in json.loads(out)["units"]] == [36.0]  # 6 m × 6 m
