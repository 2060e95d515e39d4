"""The demo cooperative and ``minga info`` on a PostgreSQL URL, as a federation server runs them."""

from __future__ import annotations

import json

import pytest

from tests.codesign.test_cases_cli import run


def test_demo_then_info_on_a_url(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``minga demo URL`` builds the demo in the database; ``info`` counts the same rows."""
    code, out, err = run(capsys, "demo", pg_url, "--households", "8", "--years", "1", "--json")
    assert code == 0, err
    built = json.loads(out)
    code, out, err = run(capsys, "info", pg_url, "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["households"] == built["households"] == 8
    assert info["cases"] == built["cases"] >= 15
    assert info["ledger_transactions"] == built["ledger_transactions"] > 0
    code, out, _err = run(capsys, "cases", "search", pg_url, "ayuda mutua", "--json")
    assert code == 0 and json.loads(out)["results"][0]["id"] == "fucvam-uruguay"
