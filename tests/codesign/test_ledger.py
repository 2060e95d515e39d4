"""The ledger: balanced, append-only postings, balances, fingerprint and the CLI contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from codesign.auth import sign_in
from codesign.cli.main import main
from codesign.cooperative import create_cooperative
from codesign.errors import BadInput, NotPermitted
from codesign.journal.undo import undo_group
from codesign.ledger import queries, service
from codesign.people import service as people
from codesign.workspace import Workspace, open_workspace
from models.ledger import LedgerTransaction, Posting

DAY = dt.date(2026, 5, 4)
DUES = (("1010", 5000), ("4000", -5000))


def txn_count(ws: Workspace) -> int:
    """How many ledger transactions the file holds."""
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(LedgerTransaction)) or 0)


def balance_of(ws: Workspace, code: str, as_of: dt.date | None = None) -> int:
    """The balance of one account in minor units."""
    return {a.code: a.balance for a in queries.balances(ws, as_of)}[code]


def make_secretary(ws: Workspace) -> None:
    """End set-up mode: a secretary with a passphrase."""
    _r, added = people.add_person(ws, name="Dolores Simbaña", roles=["member", "secretary"])
    people.set_passphrase(ws, added.person, "clave-segura")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``minga ARGS`` in-process; return exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_new_cooperative_has_a_chart_of_accounts(coop: Workspace) -> None:
    """Every new file starts with the housing chart, all at zero."""
    accounts = queries.balances(coop)
    assert {"1000", "1010", "4000", "5000"} <= {a.code for a in accounts}
    assert all(a.balance == 0 for a in accounts)
    assert {a.type for a in accounts} == {"asset", "liability", "equity", "income", "expense"}


def test_balanced_posting_moves_balances(coop: Workspace) -> None:
    """A balanced transaction is written and both accounts move by its amounts."""
    result, txn = service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    assert result.touches("ledger_transaction", "posting")
    assert balance_of(coop, "1010") == 5000
    assert balance_of(coop, "4000") == -5000
    assert balance_of(coop, "1010", DAY - dt.timedelta(days=1)) == 0
    assert txn in result.rows


def test_unbalanced_is_refused_and_nothing_written(coop: Workspace) -> None:
    """Postings that do not sum to zero raise BadInput and write no transaction."""
    before = txn_count(coop)
    with pytest.raises(BadInput, match="50"):
        service.post_transaction(
            coop, date=DAY, description="Cuota", postings=[("1010", 5000), ("4000", -4950)]
        )
    assert txn_count(coop) == before


def test_single_posting_is_refused(coop: Workspace) -> None:
    """A transaction with one posting is not a transaction."""
    with pytest.raises(BadInput):
        service.post_transaction(coop, date=DAY, description="Cuota", postings=[("1010", 0)])
    assert txn_count(coop) == 0


def test_unknown_account_is_refused(coop: Workspace) -> None:
    """An account code the chart lacks raises BadInput naming it; nothing is written."""
    with pytest.raises(BadInput, match="9999"):
        service.post_transaction(
            coop, date=DAY, description="Cuota", postings=[("1010", 100), ("9999", -100)]
        )
    assert txn_count(coop) == 0


def test_posting_needs_a_treasurer_after_setup(coop: Workspace) -> None:
    """Out of set-up mode a secretary may not post; a treasurer may."""
    make_secretary(coop)
    sign_in(coop, "Dolores Simbaña", "clave-segura")
    with pytest.raises(NotPermitted):
        service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    _r, treasurer = people.add_person(coop, name="Blanca Anrango", roles=["treasurer"])
    people.set_passphrase(coop, treasurer.person, "tesoro-2026")
    sign_in(coop, "Blanca Anrango", "tesoro-2026")
    service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    assert txn_count(coop) == 1


def test_reversal_nets_to_zero_and_links(coop: Workspace) -> None:
    """A reversal negates every posting and points at the original."""
    _r, txn = service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    _r, back = service.reverse_transaction(coop, txn, DAY + dt.timedelta(days=1))
    assert balance_of(coop, "1010") == 0
    assert balance_of(coop, "1010", DAY) == 5000
    with coop.session() as session:
        reversal = session.get(LedgerTransaction, back)
        assert reversal is not None
        assert reversal.reverses_id == txn
        amounts = sorted(
            session.scalars(select(Posting.amount).where(Posting.transaction_id == back))
        )
    assert amounts == [-5000, 5000]


def test_double_reversal_is_refused(coop: Workspace) -> None:
    """A transaction can be reversed only once."""
    _r, txn = service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    service.reverse_transaction(coop, txn, DAY)
    with pytest.raises(BadInput):
        service.reverse_transaction(coop, txn, DAY)
    assert txn_count(coop) == 2


def test_fingerprint_changes_and_survives_reopen(coop: Workspace) -> None:
    """Adding a transaction changes the fingerprint; reopening the file does not."""
    empty = queries.fingerprint(coop)
    service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    after = queries.fingerprint(coop)
    assert after != empty
    assert len(after) == 64
    path = coop.path
    assert path is not None
    coop.close()
    again = open_workspace(path)
    try:
        assert queries.fingerprint(again) == after
        assert queries.verify(again).ok
    finally:
        again.close()


def test_undo_of_a_posting_is_refused(coop: Workspace) -> None:
    """The ledger is append-only: the generic undo refuses a posting group."""
    result, _txn = service.post_transaction(coop, date=DAY, description="Cuota", postings=DUES)
    with pytest.raises(NotPermitted):
        undo_group(coop, result.group)
    assert balance_of(coop, "1010") == 5000


def test_cli_add_balance_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """add, balance and verify print the JSON shapes DESIGN.md names and exit 0."""
    path = str(tmp_path / "c.minga")
    assert run(capsys, "init", path, "--name", "Coop")[0] == 0
    code, out, err = run(
        capsys, "ledger", "add", path, "--date", "2026-05-04", "--description", "Cuota",
        "--posting", "1010=1234.50", "--posting", "4000=-1234.50", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert "transaction" in json.loads(out)
    code, out, err = run(capsys, "ledger", "balance", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"currency", "accounts", "fingerprint"}
    assert data["currency"] == "USD"
    bank = next(a for a in data["accounts"] if a["code"] == "1010")
    assert set(bank) == {"code", "name", "type", "balance"}
    assert bank["balance"] == "1234.50"
    code, out, err = run(capsys, "ledger", "balance", path, "--as-of", "2026-05-03", "--json")
    assert next(a for a in json.loads(out)["accounts"] if a["code"] == "1010")["balance"] == "0.00"
    code, out, err = run(capsys, "ledger", "verify", path, "--json")
    assert code == 0, err
    assert json.loads(out) == {"ok": True, "transactions": 1, "fingerprint": data["fingerprint"]}


def test_cli_verify_finds_unbalanced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A transaction that does not balance (written behind the services' back) exits 3."""
    ws = create_cooperative(tmp_path / "c.minga", name="Coop")
    service.post_transaction(ws, date=DAY, description="Cuota", postings=DUES)
    with ws.db.engine.begin() as conn:
        conn.execute(Posting.__table__.update().values(amount=1))
    ws.close()
    code, out, _err = run(capsys, "ledger", "verify", str(tmp_path / "c.minga"), "--json")
    assert code == 3
    assert json.loads(out)["ok"] is False


def test_cli_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Unbalanced postings, bad amounts and bad dates exit 65 and name the problem."""
    path = str(tmp_path / "c.minga")
    run(capsys, "init", path, "--name", "Coop")
    base = ("ledger", "add", path, "--description", "Cuota")
    code, _out, err = run(
        capsys, *base, "--date", "2026-05-04", "--posting", "1010=10", "--posting", "4000=-9"
    )
    assert code == 65, err
    code, _out, err = run(
        capsys, *base, "--date", "2026-05-04", "--posting", "1010=diez", "--posting", "4000=-10"
    )
    assert code == 65
    assert "1010=diez" in err
    code, _out, err = run(
        capsys, *base, "--date", "ayer", "--posting", "1010=10", "--posting", "4000=-10"
    )
    assert code == 65
    assert "ayer" in err
    ws = open_workspace(path)
    assert txn_count(ws) == 0
    ws.close()


def test_cli_needs_a_role_out_of_setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Out of set-up mode, ledger add without --as a treasurer exits 77."""
    ws = create_cooperative(tmp_path / "c.minga", name="Coop")
    make_secretary(ws)
    ws.close()
    code, _out, err = run(
        capsys, "ledger", "add", str(tmp_path / "c.minga"), "--date", "2026-05-04",
        "--description", "Cuota", "--posting", "1010=10", "--posting", "4000=-10",
    )  # fmt: skip
    assert code == 77, err
