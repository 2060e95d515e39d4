"""Set-up mode, sign-in with Argon2 passphrases, and refusal without the role."""

from __future__ import annotations

import pytest

from codesign.auth import Action, in_setup_mode, may, sign_in, sign_out
from codesign.errors import NotPermitted, SignInFailed
from codesign.people import queries, service
from codesign.workspace import Workspace
from models.tables import Person


def make_secretary(ws: Workspace) -> str:
    """Add a secretary with passphrase 'clave-segura'; return the name."""
    _r, added = service.add_person(ws, name="Dolores Simbaña", roles=["member", "secretary"])
    service.set_passphrase(ws, added.person, "clave-segura")
    return "Dolores Simbaña"


def test_new_file_is_in_setup_mode(coop: Workspace) -> None:
    """Until a privileged role-holder has a passphrase, everything is allowed."""
    assert in_setup_mode(coop)
    service.add_person(coop, name="Luz Cuzco", roles=["treasurer"])
    assert in_setup_mode(coop)
    assert may(coop, Action.POST_LEDGER)


def test_setup_mode_ends_and_services_refuse(coop: Workspace) -> None:
    """Once a secretary has a passphrase, editing people without signing in is refused."""
    make_secretary(coop)
    assert not in_setup_mode(coop)
    with pytest.raises(NotPermitted) as caught:
        service.add_person(coop, name="Sin Permiso")
    assert caught.value.exit_code == 77
    assert "Sin Permiso" not in {p.name for p in queries.list_people(coop)}


def test_sign_in_allows_and_sign_out_refuses(coop: Workspace) -> None:
    """Signed in as secretary one may edit people; after signing out one may not."""
    name = make_secretary(coop)
    signed = sign_in(coop, name, "clave-segura")
    assert "secretary" in signed.roles
    service.add_person(coop, name="Con Permiso")
    sign_out(coop)
    with pytest.raises(NotPermitted):
        service.add_person(coop, name="Otra Vez")


def test_wrong_passphrase_is_refused(coop: Workspace) -> None:
    """A wrong passphrase raises SignInFailed and leaves nobody signed in."""
    name = make_secretary(coop)
    with pytest.raises(SignInFailed):
        sign_in(coop, name, "incorrecta")
    assert coop.actor is None


def test_role_without_the_right_is_refused(coop: Workspace) -> None:
    """A signed-in treasurer may not edit people: the role must match the action."""
    make_secretary(coop)
    sign_in(coop, "Dolores Simbaña", "clave-segura")
    _r, treasurer = service.add_person(coop, name="Blanca Anrango", roles=["treasurer"])
    service.set_passphrase(coop, treasurer.person, "tesoro-2026")
    sign_in(coop, "Blanca Anrango", "tesoro-2026")
    assert may(coop, Action.POST_LEDGER)
    with pytest.raises(NotPermitted):
        service.update_person(coop, treasurer.person, {"phone": "022111222"})


def test_passphrase_is_stored_as_argon2_hash(coop: Workspace) -> None:
    """The stored passphrase is an Argon2id hash, never the passphrase itself."""
    make_secretary(coop)
    with coop.session() as session:
        stored = session.query(Person.passphrase_hash).filter(Person.passphrase_hash != "").one()
    assert stored[0].startswith("$argon2id$")
    assert "clave-segura" not in stored[0]


def test_contacts_hidden_without_the_role(coop: Workspace) -> None:
    """Phones are blank in lists for readers who may not see them, shown to the secretary."""
    name = make_secretary(coop)
    sign_in(coop, name, "clave-segura")
    _r, added = service.add_person(coop, name="Mayra Naranjo", phone="0998887776")
    sign_out(coop)
    assert next(p for p in queries.list_people(coop) if p.id == added.person).phone == ""
    sign_in(coop, name, "clave-segura")
    assert next(p for p in queries.list_people(coop) if p.id == added.person).phone == (
        "0998887776"
    )
