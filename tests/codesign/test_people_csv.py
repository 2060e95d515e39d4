"""Importing people from CSV: reading, checking, and the all-or-nothing import."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from sqlalchemy import func, select

from codesign.auth import sign_out
from codesign.cooperative import counts
from codesign.errors import BadInput, NotPermitted, UnreadableFile
from codesign.people.csv_import import (
    ImportRow,
    RowError,
    check_against,
    guess_mapping,
    import_people,
    read_headers,
    read_people_csv,
)
from codesign.people.queries import list_households, list_people
from codesign.people.service import add_person, set_passphrase
from codesign.workspace import Workspace
from i18n import gettext as _
from models.tables import Change


def write(tmp_path: Path, text: str, *, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


GOOD = (
    "Nombre,Familia,Teléfono,Correo,Cédula,Año de nacimiento,Notas,Rol\n"
    "Rosa Peña,Familia Peña,0991234567,rosa@example.org,1712345678,1980,,comité\n"
    "Luis Peña,Familia Peña,,,,1978,,\n"
    "Ana Quispe,Familia Quispe,+593 2 555 1234,,,1990,trae herramientas,socia; tesorera\n"
)


def journal_size(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_good_file_imports_all_rows(coop: Workspace, tmp_path: Path) -> None:
    """Every row of a clean file becomes a person, sharing households by name."""
    preview, errors = read_people_csv(write(tmp_path, GOOD))
    assert errors == ()
    preview, errors = check_against(coop, preview)
    assert errors == ()
    result = import_people(coop, preview.rows)
    assert result.touches("person", "household", "role_assignment")
    people = {p.name: p for p in list_people(coop)}
    assert set(people) == {"Rosa Peña", "Luis Peña", "Ana Quispe"}
    assert people["Rosa Peña"].household == "Familia Peña"
    assert people["Rosa Peña"].birth_year == 1980
    assert people["Ana Quispe"].notes == "trae herramientas"
    assert {h.name: h.members for h in list_households(coop)} == {
        "Familia Peña": 2,
        "Familia Quispe": 1,
    }


def test_roles_column_is_parsed(coop: Workspace, tmp_path: Path) -> None:
    """Role names in our languages, split by commas or semicolons, become roles; empty is member."""
    preview, _errors = read_people_csv(write(tmp_path, GOOD))
    roles = {r.name: r.roles for r in preview.rows}
    assert roles == {
        "Rosa Peña": ("committee",),
        "Luis Peña": ("member",),
        "Ana Quispe": ("member", "treasurer"),
    }
    import_people(coop, preview.rows)
    assert {p.name: p.roles for p in list_people(coop)}["Ana Quispe"] == ("member", "treasurer")


def test_unknown_role_is_a_row_error(tmp_path: Path) -> None:
    """A role we do not know rejects that row only, naming the role."""
    path = write(tmp_path, "name,roles\nRosa,committee\nLuis,alcalde\n")
    preview, errors = read_people_csv(path)
    assert [r.name for r in preview.rows] == ["Rosa"]
    assert [e.row for e in errors] == [3]
    assert "alcalde" in errors[0].reason


def test_missing_name_column_names_file_and_column(tmp_path: Path) -> None:
    """Without a name column the file is refused, naming the file, the column and the headers."""
    path = write(tmp_path, "Familia,Teléfono\nFamilia Peña,0991234567\n")
    with pytest.raises(BadInput) as caught:
        read_people_csv(path)
    message = str(caught.value)
    assert str(path) in message
    assert _("Name") in message
    assert "Familia, Teléfono" in message


def test_mapping_to_absent_header_is_refused(tmp_path: Path) -> None:
    """A mapping naming a column the file lacks is refused, listing the real columns."""
    path = write(tmp_path, "Nombre,Teléfono\nRosa,099\n")
    with pytest.raises(BadInput, match="Celular"):
        read_people_csv(path, {"name": "Nombre", "phone": "Celular"})


def test_bad_encoding_names_the_row(tmp_path: Path) -> None:
    """Windows-1252 bytes read as UTF-8 are refused with the row of the first bad byte."""
    path = tmp_path / "cp1252.csv"
    path.write_bytes(b"name;household\nRosa;Familia Quispe\nLuis;Familia Pe\xf1a\n")
    with pytest.raises(BadInput) as caught:
        read_people_csv(path)
    assert caught.value.row == 3
    assert str(path) in str(caught.value)
    assert "UTF-8" in str(caught.value)
    preview, _errors = read_people_csv(path, encoding="cp1252")
    assert preview.rows[1].household == "Familia Peña"


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    """An empty file is bad input; a missing file is an unreadable file."""
    with pytest.raises(BadInput) as caught:
        read_people_csv(write(tmp_path, "\n  \n"))
    assert caught.value.reason == _("the file is empty")
    with pytest.raises(UnreadableFile):
        read_people_csv(tmp_path / "missing.csv")


def test_first_row_without_column_names_is_no_header(tmp_path: Path) -> None:
    """A first row of data instead of column names is reported as a missing header row."""
    path = write(tmp_path, "Rosa Peña,0991234567\nLuis Peña,0997654321\n")
    with pytest.raises(BadInput) as caught:
        read_people_csv(path)
    assert caught.value.row == 1
    assert "Rosa Peña, 0991234567" in caught.value.reason


def test_semicolon_delimiter(tmp_path: Path) -> None:
    """A `;`-separated file (decimal-comma locales) is read without being told."""
    path = write(tmp_path, "nombre;familia;telefono\nRosa Peña;Familia Peña, Quito;099 123 456\n")
    preview, errors = read_people_csv(path)
    assert errors == ()
    assert preview.delimiter == ";"
    assert preview.rows[0].household == "Familia Peña, Quito"
    assert preview.rows[0].phone == "099 123 456"


def test_tab_delimiter_and_byte_order_mark(tmp_path: Path) -> None:
    """A UTF-8 BOM (as Excel writes it) does not leak into the first header; tabs are sniffed."""
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"Nombre\tCorreo\nRosa\trosa@example.org\n")
    preview, errors = read_people_csv(path)
    assert errors == ()
    assert preview.headers == ("Nombre", "Correo")
    assert preview.mapping == {"name": "Nombre", "email": "Correo"}
    assert preview.rows[0].email == "rosa@example.org"


def test_invalid_phone_row_is_reported_and_others_import(coop: Workspace, tmp_path: Path) -> None:
    """A bad phone rejects its row (spreadsheet numbering) while the other rows import."""
    text = (
        "name,phone,email,birth year\nRosa,0991234567,,\n\nLuis,call me,,\nAna,,ana@,\nEva,,,1850\n"
    )
    preview, errors = read_people_csv(write(tmp_path, text))
    assert [(e.row, "call me" in e.reason) for e in errors[:1]] == [(4, True)]
    assert [e.row for e in errors] == [4, 5, 6]
    assert [r.name for r in preview.rows] == ["Rosa"]
    import_people(coop, preview.rows)
    assert [p.name for p in list_people(coop)] == ["Rosa"]


def test_duplicate_within_file(tmp_path: Path) -> None:
    """The same person twice (ignoring case and accents) keeps the first and reports the second."""
    text = "name,household\nRosa Peña,Familia Peña\nROSA PENA,familia pena\nRosa Peña,Otra\n"
    preview, errors = read_people_csv(write(tmp_path, text))
    assert [r.row for r in preview.rows] == [2, 4]
    assert errors == (RowError(3, _("{name} repeats row {row}").format(name="ROSA PENA", row=2)),)


def test_duplicate_of_existing_person(coop: Workspace, tmp_path: Path) -> None:
    """Rows repeating a live person by name and household, or by document, become errors."""
    add_person(coop, name="Rosa Peña", household="Familia Peña", document="1712345678")
    text = (
        "name,household,document\n"
        "rosa pena,FAMILIA PEÑA,\n"
        "Rosa María,Familia Ruiz,1712345678\n"
        "Luis Peña,Familia Peña,\n"
    )
    preview, _errors = read_people_csv(write(tmp_path, text))
    assert len(preview.rows) == 3
    preview, errors = check_against(coop, preview)
    assert [e.row for e in errors] == [2, 3]
    assert [r.name for r in preview.rows] == ["Luis Peña"]
    import_people(coop, preview.rows)
    assert {h.name: h.members for h in list_households(coop)} == {"Familia Peña": 2}


def test_nothing_written_when_not_permitted(coop: Workspace, tmp_path: Path) -> None:
    """Once a committee member has a passphrase, an import by nobody writes nothing."""
    _result, added = add_person(coop, name="Carmen Ruiz", roles=("member", "committee"))
    set_passphrase(coop, added.person, "secreto")
    sign_out(coop)
    preview, _errors = read_people_csv(write(tmp_path, GOOD))
    before, journal = counts(coop), journal_size(coop)
    with pytest.raises(NotPermitted):
        import_people(coop, preview.rows)
    assert counts(coop) == before
    assert journal_size(coop) == journal


def test_stale_preview_is_all_or_nothing(coop: Workspace, tmp_path: Path) -> None:
    """A row that became a duplicate after the preview refuses the whole import, naming it."""
    preview, _errors = read_people_csv(write(tmp_path, GOOD))
    add_person(coop, name="Ana Quispe", household="Familia Quispe")
    before, journal = counts(coop), journal_size(coop)
    with pytest.raises(BadInput) as caught:
        import_people(coop, preview.rows)
    assert caught.value.row == 4
    assert counts(coop) == before
    assert journal_size(coop) == journal


def test_hand_made_rows_are_checked(coop: Workspace) -> None:
    """Rows not made by the reader are still validated before anything is written."""
    with pytest.raises(BadInput) as caught:
        import_people(coop, [ImportRow(row=9, name="Rosa", phone="none")])
    assert caught.value.row == 9
    assert list_people(coop) == ()


def test_guess_mapping_spanish() -> None:
    """Spanish headers, any case or accents, map to fields; the family name is the household."""
    headers = [
        "NOMBRE COMPLETO",
        "Nombre de la familia",
        "Teléfono",
        "E-mail",
        "C.I.",
        "Año de nacimiento",
        "Observaciones",
        "Cargo",
        "Ciudad",
    ]
    assert guess_mapping(headers) == {
        "name": "NOMBRE COMPLETO",
        "household": "Nombre de la familia",
        "phone": "Teléfono",
        "email": "E-mail",
        "document": "C.I.",
        "birth_year": "Año de nacimiento",
        "notes": "Observaciones",
        "roles": "Cargo",
    }


def test_guess_mapping_portuguese() -> None:
    """Portuguese headers map to fields."""
    headers = ["Nome", "Família", "Telefone", "Email", "CPF", "Ano de nascimento", "Papel"]
    assert guess_mapping(headers) == {
        "name": "Nome",
        "household": "Família",
        "phone": "Telefone",
        "email": "Email",
        "document": "CPF",
        "birth_year": "Ano de nascimento",
        "roles": "Papel",
    }


def test_read_headers(tmp_path: Path) -> None:
    """The headers can be read alone, before a mapping is chosen."""
    assert read_headers(write(tmp_path, "\nA;B;C\n1;2;3\n")) == ("A", "B", "C")


def test_roles_as_the_window_writes_them_are_read_back() -> None:
    """Role labels exported by the window ("tesorero/a") import as the same roles."""
    from codesign.auth import role_label
    from codesign.people.csv_import import parse_roles
    from i18n import gettext as _

    shown = ", ".join(_(role_label(r)) for r in ("member", "treasurer", "secretary"))
    assert "/" in shown
    assert parse_roles(shown) == ("member", "treasurer", "secretary")
