"""Fines travel between laptops: the treasurer's cancellation and posting are accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sync_laptops import Laptop

from codesign.auth import sign_in
from codesign.people.service import add_household, add_person, set_passphrase
from codesign.work.fines import cancel_fine, fine_rows, post_fines, propose_fines
from codesign.work.obligations import add_hours_rule


def _fined_cooperative(a: Laptop) -> None:
    """Two households owing March 2026's hours; a chair, a coordinator and a treasurer sign in."""
    with a.open() as ws:
        add_hours_rule(ws, hours=5, period="week", from_date=dt.date(2026, 3, 2), phase="Obra")
        for name in ("Familia Lema", "Familia Peña"):
            add_household(ws, name=name, joined_on=dt.date(2026, 3, 2))
        _r, chair = add_person(ws, name="Presidenta", roles=("member", "committee"))
        set_passphrase(ws, chair.person, "clave")  # set-up mode ends here
        ws.actor = chair.person
        for name, role in (("Coordinadora", "coordinator"), ("Tesorero", "treasurer")):
            _r, added = add_person(ws, name=name, roles=("member", role))
            set_passphrase(ws, added.person, "clave")
    with a.open() as ws:
        sign_in(ws, "Coordinadora", "clave")
        propose_fines(ws, "2026-03")


def test_treasurers_cancellation_and_posting_are_accepted_by_another_laptop(
    laptops, tmp_path: Path
) -> None:
    """A fine the treasurer cancelled (with its reason) and one posted arrive as they were."""
    a, b = laptops(2)
    b.join(a, tmp_path / "j.zip")
    _fined_cooperative(a)
    with a.open() as ws:
        sign_in(ws, "Tesorero", "clave")
        lema = next(r for r in fine_rows(ws) if r.household_name == "Familia Lema")
        cancel_fine(ws, lema.id, "Apelación aceptada")
        post_fines(ws)
    a.export(tmp_path / "a.zip")
    assert b.receive(tmp_path / "a.zip").status == "imported"
    with b.open() as ws:
        shown = {r.household_name: (r.status, r.reason) for r in fine_rows(ws)}
    assert shown["Familia Lema"] == ("cancelled", "Apelación aceptada")
    assert shown["Familia Peña"] == ("posted", "")
