"""People from a spreadsheet's CSV: read and check first, then import all good rows at once.

Reading never writes: ``read_people_csv`` and ``check_against`` return the
good rows and a reason for each bad one, so the user sees everything before
choosing to import. Row numbers are the ones a spreadsheet shows (header = 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from codesign.auth import Action, may, require, role_label
from codesign.errors import BadInput, UnreadableFile
from codesign.journal.writer import WriteResult
from codesign.people.validate import FieldError, clean_person, search_key
from codesign.workspace import Workspace
from i18n import N_
from i18n import gettext as _
from models.ids import uuid7
from models.tables import ROLE_NAMES, Household, Person

FIELDS = ("name", "household", "phone", "email", "document", "birth_year", "notes", "roles")
REQUIRED = ("name",)
FIELD_LABELS = {
    "name": N_("Name"),
    "household": N_("Household"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "document": N_("Document"),
    "birth_year": N_("Birth year"),
    "notes": N_("Notes"),
    "roles": N_("Roles"),
}
DELIMITERS = (",", ";", "\t")
DEFAULT_ROLES = ("member",)
PERSON_COLUMNS = ("name", "phone", "email", "document", "birth_year", "notes")

# Header words per field (es, pt, en, ca), written as ``_header_key`` makes them.
SYNONYMS: dict[str, tuple[str, ...]] = {
    field_name: tuple(words.split("|"))
    for field_name, words in {
        "name": "nombre|nombres|nombre completo|nombre y apellido|nombres y apellidos|name"
        "|full name|nome|nome completo|nom|nom complet|persona|pessoa",
        "household": "familia|hogar|household|llar|domicilio|nombre de la familia"
        "|nombre del hogar|grupo familiar|nucleo familiar|casa|vivienda|family"
        "|nome da familia|moradia",
        "phone": "telefono|celular|movil|phone|telephone|mobile|cell|telefone|telefon|whatsapp",
        "email": "correo|correo electronico|email|e mail|mail|email address|correu"
        "|correu electronic",
        "document": "cedula|documento|dni|ci|document|cpf|rg|nif|nie|pasaporte|id"
        "|documento de identidad|numero de documento",
        "birth_year": "ano de nacimiento|birth year|year of birth|ano de nascimento"
        "|any de naixement|nacimiento|nascimento|naixement|birthyear|fecha de nacimiento"
        "|data de nascimento|date of birth|born",
        "notes": "notas|nota|notes|observaciones|observacion|comentarios|observacoes"
        "|observacions|comments|remarks",
        "roles": "roles|rol|rols|role|cargo|cargos|papel|papeis|funcion|funciones|funcao|funcio",
    }.items()
}
# Role names as spreadsheets in our languages write them.
ROLE_SYNONYMS: dict[str, str] = {
    word: role
    for role, words in {
        "member": "member|miembro|socio|socia|membro|soci|membre|asociado|asociada",
        "committee": "committee|comite|directiva|directivo|comissao|consejo",
        "treasurer": "treasurer|tesorero|tesorera|tesoureiro|tesoureira|tresorer|tresorera",
        "secretary": "secretary|secretario|secretaria|secretari",
        "architect": "architect|arquitecto|arquitecta|arquiteto|arquiteta|arquitecte",
        "coordinator": "coordinator|coordinador|coordinadora|coordenador|coordenadora",
    }.items()
    for word in words.split("|")
}
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_DATE_YEAR = re.compile(r"^(\d{4})-\d{1,2}-\d{1,2}$|^\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})$")


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One good person row; an empty ``household`` means a household named after the person."""

    row: int
    name: str
    household: str = ""
    phone: str = ""
    email: str = ""
    document: str = ""
    birth_year: int | None = None
    notes: str = ""
    roles: tuple[str, ...] = DEFAULT_ROLES


@dataclass(frozen=True, slots=True)
class RowError:
    """Why row ``row`` (as a spreadsheet numbers it) will not be imported."""

    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class CsvPreview:
    """What a CSV file would import: its columns, the mapping used and the good rows."""

    path: Path
    headers: tuple[str, ...]
    mapping: Mapping[str, str] = field(hash=False)
    rows: tuple[ImportRow, ...]
    delimiter: str = ","
    encoding: str = "utf-8"


def _header_key(text: str) -> str:
    """Lower-case words without accents or punctuation: "C.I." → "ci", "E-mail" → "e mail"."""
    return " ".join(_NOT_WORD.sub(" ", search_key(text).replace(".", "")).split())


def guess_columns(
    headers: Iterable[str], synonyms: Mapping[str, tuple[str, ...]], fields: Sequence[str]
) -> dict[str, str]:
    """Field → header for the headers matching ``synonyms`` (any case or accents).

    An exact name beats a header that only contains a known word, and the
    longest known word wins ("Nombre de la familia" is the household).
    """
    scored: list[tuple[int, int, int, str, str]] = []
    for position, header in enumerate(headers):
        key = _header_key(header)
        if not key:
            continue
        padded = f" {key} "
        for field_name, words in synonyms.items():
            for word in words:
                if key == word:
                    scored.append((2, len(word), -position, field_name, header))
                elif f" {word} " in padded:
                    scored.append((1, len(word), -position, field_name, header))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _exact, _length, _pos, field_name, header in sorted(scored, reverse=True):
        if field_name not in mapping and header not in used:
            mapping[field_name] = header
            used.add(header)
    return {f: mapping[f] for f in fields if f in mapping}


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Field → header for the people headers we recognise (es, pt, en, ca)."""
    return guess_columns(headers, SYNONYMS, FIELDS)


def _read_text(path: Path, encoding: str) -> tuple[str, str]:
    """The file's text and the encoding used; a byte-order mark wins over ``encoding``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            _("cannot read the file: {reason}").format(reason=error.strerror or error), path=path
        ) from None
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif data.startswith(codecs.BOM_UTF8) or codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
        return data.decode(encoding), encoding
    except LookupError:
        raise BadInput(_("unknown encoding {name}").format(name=encoding), path=path) from None
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        message = _("not valid {encoding} text; save it as UTF-8 or choose the encoding")
        shown = "UTF-8" if encoding.startswith("utf-8") else encoding
        raise BadInput(message.format(encoding=shown), path=path, row=row) from None


def _sniff(text: str) -> str:
    """The delimiter that splits the first line into the most columns (`,` when equal)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([first], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _records(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for each record; blank rows count, as in a spreadsheet."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for cells in reader:
            number += 1
            yield number, [c.strip() for c in cells]
    except csv.Error as error:
        raise BadInput(
            _("not a readable CSV row: {reason}").format(reason=error), path=path, row=number + 1
        ) from None


def read_headers(path: Path, *, encoding: str = "utf-8") -> tuple[str, ...]:
    """The column names of a CSV file, for choosing a mapping before reading rows."""
    text, _used = _read_text(path, encoding)
    _row, headers = _header(path, _records(path, text, _sniff(text)))
    return headers


def _header(path: Path, records: Iterator[tuple[int, list[str]]]) -> tuple[int, tuple[str, ...]]:
    for number, cells in records:
        if any(cells):
            return number, tuple(cells)
    raise BadInput(_("the file is empty"), path=path)


def check_mapping(
    path: Path,
    headers: tuple[str, ...],
    mapping: Mapping[str, str],
    header_row: int,
    *,
    fields: Sequence[str],
    required: Sequence[tuple[str, ...]],
    labels: Mapping[str, str],
) -> dict[str, str]:
    """The used field → header pairs; BadInput for unknown fields, absent headers or a
    required group with no column (each group lists alternatives, e.g. amount or credit)."""
    found = ", ".join(h for h in headers if h)
    used = {f: h for f, h in mapping.items() if h}
    for field_name, header in used.items():
        if field_name not in fields:
            message = _("unknown field {field}; use one of {fields}")
            raise BadInput(message.format(field=field_name, fields=", ".join(fields)), path=path)
        if header not in headers:
            message = _("there is no column {column}; the columns are: {found}")
            raise BadInput(message.format(column=header, found=found), path=path, row=header_row)
    for group in required:
        if not any(field_name in used for field_name in group):
            message = _("no column for {field}; the columns are: {found}")
            label = _(labels[group[0]])
            raise BadInput(message.format(field=label, found=found), path=path, row=header_row)
    return used


def read_people_csv(
    path: Path, mapping: Mapping[str, str] | None = None, *, encoding: str = "utf-8"
) -> tuple[CsvPreview, tuple[RowError, ...]]:
    """The good rows of a people CSV and why each other row is bad; nothing is written.

    ``mapping`` is field → header (guessed from the headers when None).
    """
    text, used_encoding = _read_text(path, encoding)
    delimiter = _sniff(text)
    records = _records(path, text, delimiter)
    header_row, headers = _header(path, records)
    if mapping is None:
        mapping = guess_mapping(headers)
        if not mapping:
            message = _(
                "no header row: the first row must name the columns (such as {example}); "
                "it holds: {found}"
            )
            example = ", ".join(_(FIELD_LABELS[f]) for f in FIELDS[:3])
            found = ", ".join(h for h in headers if h)
            raise BadInput(message.format(example=example, found=found), path=path, row=header_row)
    used = check_mapping(
        path,
        headers,
        mapping,
        header_row,
        fields=FIELDS,
        required=[(field_name,) for field_name in REQUIRED],
        labels=FIELD_LABELS,
    )
    columns = {f: headers.index(h) for f, h in used.items()}
    good: list[ImportRow] = []
    errors: list[RowError] = []
    seen: dict[object, int] = {}
    for number, cells in records:
        if not any(cells):
            continue
        values = {f: cells[i] if i < len(cells) else "" for f, i in columns.items()}
        try:
            row = _parse_row(number, values)
        except FieldError as error:
            errors.append(RowError(number, str(error)))
            continue
        keys = [_person_key(row), *([("document", row.document)] if row.document else [])]
        repeated = next((seen[k] for k in keys if k in seen), None)
        if repeated is not None:
            errors.append(
                RowError(number, _("{name} repeats row {row}").format(name=row.name, row=repeated))
            )
            continue
        seen.update(dict.fromkeys(keys, number))
        good.append(row)
    preview = CsvPreview(
        path, headers, MappingProxyType(dict(used)), tuple(good), delimiter, used_encoding
    )
    return preview, tuple(errors)


def _parse_row(number: int, values: Mapping[str, str]) -> ImportRow:
    person = {f: v for f, v in values.items() if f not in ("roles", "household")}
    year = person.get("birth_year", "")
    found = _DATE_YEAR.match(year)
    if found:
        person["birth_year"] = found.group(1) or found.group(2)
    clean = clean_person({"name": "", **person})
    roles = parse_roles(values.get("roles", ""))
    return ImportRow(
        row=number,
        name=clean["name"],
        household=" ".join(values.get("household", "").split()),
        phone=clean.get("phone", ""),
        email=clean.get("email", ""),
        document=clean.get("document", ""),
        birth_year=clean.get("birth_year"),
        notes=clean.get("notes", ""),
        roles=roles,
    )


def parse_roles(text: str) -> tuple[str, ...]:
    """Role names separated by commas, semicolons or bars, in any of our languages.

    A slash is not a separator: the window writes roles as "tesorero/a". Empty → member.
    """
    roles: list[str] = []
    for part in re.split(r"[,;|]", text) if text.strip() else ():
        key = _header_key(part)
        if not key:
            continue
        role = ROLE_SYNONYMS.get(key) or _shown_roles().get(key)
        if role is None:
            message = _("unknown role {role}; use one of {roles}")
            names = ", ".join(_(role_label(r)) for r in ROLE_NAMES)
            raise FieldError("roles", message.format(role=part.strip(), roles=names))
        if role not in roles:
            roles.append(role)
    return tuple(roles) or DEFAULT_ROLES


def _shown_roles() -> dict[str, str]:
    """Role names as the window shows them in the current language."""
    return {_header_key(_(role_label(r))): r for r in ROLE_NAMES}


def _household_name(row: ImportRow) -> str:
    return row.household or row.name


# Many rows share a household: its key is worth remembering.
_household_key = functools.lru_cache(maxsize=4096)(search_key)


def _person_key(row: ImportRow) -> tuple[str, str]:
    return search_key(row.name), _household_key(_household_name(row))


def _problems(ws: Workspace, session: Session, rows: Iterable[ImportRow]) -> dict[int, str]:
    """Row → reason for rows that repeat a live person or name an ambiguous household."""
    people = session.execute(
        select(Person.name, Person.document, Household.name)
        .outerjoin(Household, Household.id == Person.household_id)
        .where(Person.deleted.is_(False))
    ).all()
    by_name = {(search_key(n), search_key(h or "")) for n, _d, h in people}
    # Documents are private: only those who may read them are told about a match.
    by_document = (
        {d.strip() for _n, d, _h in people if d} if may(ws, Action.READ_CONTACTS) else set()
    )
    households = _household_index(session)
    out: dict[int, str] = {}
    for row in rows:
        if _person_key(row) in by_name:
            out[row.row] = _("{name} is already in household {household}").format(
                name=row.name, household=_household_name(row)
            )
        elif row.document and row.document in by_document:
            out[row.row] = _(
                "a person with document {document} is already in the cooperative"
            ).format(document=row.document)
        elif _pick_household(households, _household_name(row)) is _AMBIGUOUS:
            out[row.row] = _("more than one household is called {name}").format(
                name=_household_name(row)
            )
    return out


_AMBIGUOUS = object()


def _pick_household(index: Mapping[str, list[tuple[object, str]]], name: str) -> object | None:
    """The live household called ``name`` (exactly, else ignoring case and accents)."""
    found = index.get(_household_key(name), [])
    exact = [i for i, n in found if n == name]
    if len(exact) == 1 or (len(found) == 1 and not exact):
        return exact[0] if exact else found[0][0]
    return _AMBIGUOUS if found else None


def _household_index(session: Session) -> dict[str, list[tuple[object, str]]]:
    index: dict[str, list[tuple[object, str]]] = {}
    for household_id, name in session.execute(
        select(Household.id, Household.name).where(Household.deleted.is_(False))
    ):
        index.setdefault(search_key(name), []).append((household_id, name))
    return index


def check_against(ws: Workspace, preview: CsvPreview) -> tuple[CsvPreview, tuple[RowError, ...]]:
    """Move rows repeating a live person (same name and household, or document) to errors."""
    with ws.session() as session:
        problems = _problems(ws, session, preview.rows)
    good = tuple(r for r in preview.rows if r.row not in problems)
    errors = tuple(RowError(row, reason) for row, reason in sorted(problems.items()))
    return replace(preview, rows=good), errors


def import_people(ws: Workspace, rows: Iterable[ImportRow]) -> WriteResult:
    """Add every row's person, household (found by name or made) and roles: all or nothing."""
    require(ws, Action.EDIT_PEOPLE)
    rows = tuple(rows)
    if not rows:
        raise BadInput(_("there are no rows to import"), path=ws.label)
    for row in rows:  # rows may be made by hand, not only by read_people_csv
        try:
            clean_person({f: getattr(row, f) for f in PERSON_COLUMNS})
            if not set(row.roles) <= set(ROLE_NAMES):
                parse_roles(",".join(row.roles))  # raises, naming the unknown role
        except FieldError as error:
            raise BadInput(str(error), path=ws.label, row=row.row) from None
    today = dt.date.today()
    with ws.write(_("Import people")) as w:
        problems = _problems(ws, w.session, rows)
        if problems:
            first = min(problems)
            raise BadInput(problems[first], path=ws.label, row=first)
        households = _household_index(w.session)
        chosen: dict[str, object] = {}
        new_households: list[dict[str, object]] = []
        people: list[dict[str, object]] = []
        roles: list[dict[str, object]] = []
        for row in rows:
            name = _household_name(row)
            key = _household_key(name)
            if key not in chosen:
                existing = _pick_household(households, name)
                if existing is None:
                    existing = uuid7()
                    new_households.append({"id": existing, "name": name})
                chosen[key] = existing
            person_id = uuid7()
            values = {f: getattr(row, f) for f in PERSON_COLUMNS}
            people.append({"id": person_id, "household_id": chosen[key], **values})
            roles.extend({"person_id": person_id, "role": r, "start_on": today} for r in row.roles)
        w.insert_many("household", new_households)
        w.insert_many("person", people)
        w.insert_many("role_assignment", roles)
    return w.result()
