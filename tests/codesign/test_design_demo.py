"""The demo's co-design part and the design report: a consistent site plan, reviewed proposals."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from codesign.demo import make_demo
from codesign.design.checking import check_proposal
from codesign.design.comments import comments_for_version
from codesign.design.queries import list_proposals, list_versions, status_history
from codesign.reports.design_report import design_report
from codesign.workspace import open_workspace
from models.design import ProposalVersion, ReviewComment


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo cooperative (60 households, 4 years)."""
    path = tmp_path_factory.mktemp("demo") / "demo.minga"
    make_demo(path, households=60, years=4, seed=2)
    return path


def test_demo_site_plan_and_proposals(demo_file: Path) -> None:
    """The site has 200 units (2,000 per 600 households) and is approved; proposals have history."""
    with open_workspace(demo_file) as ws:
        records = list_proposals(ws)
        site = next(r for r in records if r.scope == "site")
        assert site.status == "approved"
        report = check_proposal(ws, site.id)
        assert report.measurements.unit_count == 200
        units = [r for r in records if r.scope == "unit"]
        assert len(units) >= 12
        for record in units:
            versions = list_versions(ws, record.id)
            assert [v.number for v in versions] == list(range(1, len(versions) + 1))
            steps = status_history(ws, record.id)
            if steps:
                assert steps[-1].to_status == record.status
                assert all(a.to_status == b.from_status for a, b in itertools.pairwise(steps))
        with ws.session() as session:
            assert session.scalar(select(func.count()).select_from(ReviewComment)) > 0
            versions_total = session.scalar(select(func.count()).select_from(ProposalVersion))
        assert versions_total >= 2 * len(units)
        commented = next(r for r in units if r.versions > 1 and r.latest_version is not None)
        assert commented.latest_version is not None
        shown = comments_for_version(ws, commented.latest_version)
        assert all(c.version_number <= commented.versions for c in shown)


def test_design_report_pages(demo_file: Path, tmp_path: Path) -> None:
    """The design report prints the site sheet and the register; pdftotext finds both."""
    out = tmp_path / "diseno.pdf"
    with open_workspace(demo_file) as ws:
        pages = design_report(ws, out, locale="es_EC")
    assert pages >= 2
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Plan de sitio" in text and "Escala 1:" in text
    assert "Propuestas de diseño" in text and "aprobada" in text
