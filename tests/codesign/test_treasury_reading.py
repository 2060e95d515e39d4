"""Reading the books for the treasury report: the fast paths give what the plain ones give."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from codesign.cli.main import main
from codesign.demo import make_demo
from codesign.ledger import members_accounts, queries, service
from codesign.reports.data import arrears_of, parse_period, treasury_data
from codesign.reports.figures import monthly_figures
from codesign.reports.treasury_charts import extra_figures
from codesign.workspace import Workspace, open_workspace

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo cooperative over two years, made once for the module."""
    path = tmp_path_factory.mktemp("reading") / "demo.minga"
    make_demo(path, households=12, years=2, seed=3)
    return path


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Workspace]:
    """The demo file, open."""
    ws = open_workspace(demo_file)
    try:
        yield ws
    finally:
        ws.close()


def _plain_fingerprint(ws: Workspace) -> str:
    """The fingerprint as orjson writes every row of the canonical query, row by row."""
    sql = queries._fingerprint_sql(ws)
    assert sql is not None
    digest = hashlib.sha256()
    with ws.session() as session:
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        for row in cursor.execute(sql[0]).fetchall():
            digest.update(orjson.dumps(row) + b"\n")
    return digest.hexdigest()


def test_fingerprint_from_json_lines_equals_orjson_rows(coop: Workspace) -> None:
    """Lines built by SQLite hash to the same fingerprint as orjson rows, even for odd texts."""
    odd = 'Cuota "ñandú" \\ tab\t nl\n cr\r nul\x00 \x1f \x7f € 😀 \u2028 </script>'
    service.post_transaction(
        coop, date=dt.date(2026, 5, 4), description=odd, postings=(("1010", 5), ("4000", -5))
    )
    service.post_transaction(
        coop, date=dt.date(2026, 5, 4), description="x", postings=(("1010", -7), ("4000", 7))
    )
    assert queries.fingerprint(coop) == _plain_fingerprint(coop)


def test_child_process_fingerprint_matches_verify(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fingerprint worked out by a child process is the one `minga ledger verify` prints."""
    ws = open_workspace(demo_file)
    try:
        from_child = queries.start_fingerprint(ws)()
        assert from_child == queries.fingerprint(ws) == _plain_fingerprint(ws)
        sql = queries._fingerprint_sql(ws)
        assert sql is not None
        request = orjson.dumps({"path": str(demo_file), "sql": sql[0], "lines": sql[1]})
        done = subprocess.run(
            [sys.executable, "-m", "codesign.ledger.fingerprint_worker"],
            input=request,
            capture_output=True,
            check=True,
        )
        assert done.stdout.decode().strip() == from_child
    finally:
        ws.close()
    assert main(["ledger", "verify", str(demo_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fingerprint"] == from_child


def test_fingerprint_worker_fails_on_a_missing_file(tmp_path: Path) -> None:
    """The worker exits non-zero for a file that is not there (the report then hashes itself)."""
    request = orjson.dumps({"path": str(tmp_path / "none.minga"), "sql": "x", "lines": "x"})
    done = subprocess.run(
        [sys.executable, "-m", "codesign.ledger.fingerprint_worker"],
        input=request,
        capture_output=True,
        check=False,
    )
    assert done.returncode != 0
    assert not (tmp_path / "none.minga").exists()


@pytest.mark.parametrize("days_back", [0, 40, 75, 200, 400])
def test_member_ageing_matches_walking_every_line(demo: Workspace, days_back: int) -> None:
    """At past dates too, the summed ageing equals walking every line of each account."""
    day = TODAY - dt.timedelta(days=days_back)
    accounts = members_accounts.member_accounts(demo, day)
    lines = members_accounts.entries(demo, day)
    assert any(a.arrears for a in accounts)
    for account in accounts:
        mine = lines.get(account.household, [])
        assert account.ageing == members_accounts.ageing(mine, day)
        assert account.expected == sum(e.charge for e in mine)
        assert account.paid == sum(e.payment for e in mine)


def test_report_arrears_from_the_member_pass_equal_the_query(demo: Workspace) -> None:
    """Arrears read with the member accounts equal the treasury report's own query."""
    for text in (str(TODAY.year - 1), f"{TODAY:%Y-%m}"):
        period = parse_period(text)
        plain = treasury_data(demo, period)
        extra = extra_figures(demo, period)
        got = arrears_of(demo, dict(extra.receivable))
        assert got == (plain.arrears, plain.arrears_total, plain.arrears_households)
        assert plain.arrears_households > 0


def test_monthly_balances_start_from_the_balances_before(demo: Workspace) -> None:
    """Cash and loan at each month end agree with the balances read at that date."""
    period = parse_period(str(TODAY.year - 1))
    months = monthly_figures(demo, period)
    for figures in (months[0], months[5], months[-1]):
        nxt = (figures.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        at = {b.code: b.balance for b in queries.balances(demo, nxt - dt.timedelta(days=1))}
        assert figures.cash == sum(v for code, v in at.items() if code.startswith("10"))
        assert figures.loan == -at.get("2100", 0)
