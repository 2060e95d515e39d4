"""A DXF drawing's units before import: header unit, size in the chosen unit, size warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesign.cli.plan import UNIT_CHOICES
from codesign.design.drawing_units import (
    UNIT_LABELS,
    header_text,
    read_overview,
    size_text,
    size_warning,
)
from plans import PlanFileError
from plans.dxf_overview import dxf_overview
from plans.units import DRAWING_UNITS
from tests.codesign.drawing_helpers import site_drawing


def test_overview_gives_layers_header_unit_and_size(tmp_path: Path) -> None:
    """A cm drawing ($INSUNITS 5) is 4000 × 3000 drawing units with its three layers."""
    overview = dxf_overview(site_drawing(tmp_path / "cm.dxf", 5, 100))
    assert overview.layers == ("CAMINO", "TERRENO", "VIVIENDA")
    assert overview.insunits == 5 and overview.declared_unit == "cm"
    assert overview.size == pytest.approx((4000, 3000))
    assert header_text(overview) == "La cabecera del dibujo dice que está en centímetros (cm)."


def test_overview_of_a_drawing_without_insunits(tmp_path: Path) -> None:
    """Without $INSUNITS the header declares no unit, and the dialog says so."""
    overview = dxf_overview(site_drawing(tmp_path / "sin.dxf", None, 100))
    assert overview.insunits == 0 and overview.declared_unit is None
    assert header_text(overview) == "La cabecera del dibujo no dice sus unidades."


def test_overview_of_an_unread_unit_code(tmp_path: Path) -> None:
    """$INSUNITS 3 (miles) is named as a code Minga does not read, with no unit declared."""
    overview = dxf_overview(site_drawing(tmp_path / "millas.dxf", 3, 100))
    assert overview.declared_unit is None
    assert "($INSUNITS 3)" in header_text(overview)


def test_overview_of_a_broken_file(tmp_path: Path) -> None:
    """A DXF cut short raises PlanFileError; read_overview gives None and leaves it as it was."""
    whole = site_drawing(tmp_path / "entero.dxf", 5, 100).read_bytes()
    broken = tmp_path / "cortado.dxf"
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(PlanFileError):
        dxf_overview(broken)
    assert read_overview(broken) is None
    assert broken.read_bytes() == whole[: len(whole) // 2]


def test_size_follows_the_chosen_unit() -> None:
    """4000 × 3000 drawing units are 40 m × 30 m in cm, 4 km × 3 km in m, 4 m × 3 m in mm."""
    size = (4000.0, 3000.0)
    assert size_text(size, "cm", "es_EC") == "En centímetros (cm) el dibujo mide 40 m × 30 m."
    assert size_text(size, "m", "es_EC") == "En metros (m) el dibujo mide 4 km × 3 km."
    assert size_text(size, "mm", "es_EC") == "En milímetros (mm) el dibujo mide 4 m × 3 m."
    assert size_text((1250.0, 80.0), "cm", "es_EC").endswith("12,5 m × 0,8 m.")


def test_warning_for_a_site_too_large() -> None:
    """A 40 m site drawn in mm read as metres is 40 km across: the warning names mm, cm, in."""
    size = (40000.0, 30000.0)
    warning = size_warning(size, "m", "es_EC")
    assert warning is not None
    assert warning.startswith("Un terreno de 40 km de lado a lado es más grande")
    assert "En milímetros (mm) mediría 40 m de lado a lado." in warning
    assert "En centímetros (cm) mediría 400 m de lado a lado." in warning
    assert "En pulgadas (in) mediría 1,02 km de lado a lado." in warning
    assert "pies" not in warning  # 12,2 km is no site either
    assert size_warning(size, "mm", "es_EC") is None
    assert size_warning(size, "cm", "es_EC") is None


def test_warning_for_a_site_too_small() -> None:
    """A 40 m site drawn in metres read as mm is 4 cm across: the warning names metres and feet."""
    warning = size_warning((40.0, 30.0), "mm", "es_EC")
    assert warning is not None and "más pequeño que una habitación" in warning
    assert "En metros (m) mediría 40 m de lado a lado." in warning
    assert "En pies (ft) mediría 12,2 m de lado a lado." in warning
    assert size_warning((40.0, 30.0), "m", "es_EC") is None


def test_warning_with_no_unit_that_fits() -> None:
    """A drawing that no common unit makes a site's size points to the CAD program."""
    warning = size_warning((0.0, 0.0), "m", "es_EC")
    assert warning is not None and warning.endswith("en su programa de CAD.")


def test_the_window_offers_the_units_the_command_line_takes() -> None:
    """``plan import --units`` and the dialog offer the same units, each with a label."""
    assert UNIT_CHOICES == DRAWING_UNITS
    assert set(UNIT_LABELS) == set(DRAWING_UNITS)
