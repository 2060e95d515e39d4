"""Spreadsheets written as a stream: ODS and XLSX for books of any size.

Each row becomes one XML string written straight into the zip member, so
ten years of postings take seconds and little memory. The packages hold only
what spreadsheet programs need (no styles beyond a date format); odfpy and
openpyxl read them back in the tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO


class Num(str):
    """A number written as its decimal text ("1234.50"): a number cell, not a text one."""

    __slots__ = ()


Cell = str | Decimal | dt.date | None
EPOCH = dt.date(1899, 12, 30)  # day 0 of spreadsheet date serials
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 forbids most control characters; they are dropped, the rest escaped.
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}
_ESCAPES.update({c: None for c in range(32) if c not in (9, 10, 13)})  # type: ignore[misc]


_NEEDS_ESCAPING = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f]')


def esc(text: str) -> str:
    """``text`` safe inside XML text and attributes (most texts need nothing: checked first)."""
    if _NEEDS_ESCAPING.search(text) is None:
        return text
    return text.translate(_ESCAPES)


@dataclass(frozen=True, slots=True)
class Sheet:
    """A named table: a header row of texts, then rows of cells."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]


def _xlsx_cell(value: Cell) -> str:  # noqa: PLR0911 - one return per kind of cell
    """One cell; its place follows from its order in the row (empty cells are ``<c/>``)."""
    kind = type(value)
    if kind is str:
        if not value:
            return "<c/>"
        text = esc(value)  # type: ignore[arg-type]
        if text[0] == " " or text[-1] == " ":
            return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
        return f'<c t="inlineStr"><is><t>{text}</t></is></c>'
    if kind is Num:
        return f"<c><v>{value}</v></c>"
    if value is None:
        return "<c/>"
    if isinstance(value, Decimal):
        return f"<c><v>{format(value, 'f')}</v></c>"
    if isinstance(value, dt.date):
        return f'<c s="1"><v>{(value - EPOCH).days}</v></c>'
    return f'<c t="inlineStr"><is><t>{esc(str(value))}</t></is></c>'


def _xlsx_sheet(out: IO[bytes], sheet: Sheet) -> None:
    out.write(
        (
            XML + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>"
        ).encode()
    )
    buffer: list[str] = []
    cell = _xlsx_cell
    for number, row in enumerate(itertools.chain([list(sheet.header)], sheet.rows), start=1):
        buffer.append(f'<row r="{number}">{"".join([cell(value) for value in row])}</row>')
        if len(buffer) >= 4000:
            out.write("".join(buffer).encode())
            buffer.clear()
    out.write(("".join(buffer) + "</sheetData></worksheet>").encode())


def write_xlsx(
    path: Path, sheets: Sequence[Sheet], *, title: str, description: str, custom: dict[str, str]
) -> None:
    """An Office Open XML workbook with ``sheets``, a description and custom text properties."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
            'package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.extended-properties+xml"/>'
            '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.custom-properties+xml"/>' + overrides + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            XML + f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{pkg}/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            f'<Relationship Id="rId4" Type="{rel}/custom-properties" Target="docProps/custom.xml"/>'
            "</Relationships>",
        )
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        z.writestr(
            "docProps/core.xml",
            XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(title)}</dc:title><dc:description>{esc(description)}"
            f'</dc:description><dcterms:created xsi:type="dcterms:W3CDTF">{now}'
            "</dcterms:created></cp:coreProperties>",
        )
        z.writestr(
            "docProps/app.xml",
            XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Minga</Application></Properties>',
        )
        props = "".join(
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            f'pid="{n}" name="{esc(name)}"><vt:lpwstr>{esc(value)}</vt:lpwstr></property>'
            for n, (name, value) in enumerate(custom.items(), start=2)
        )
        z.writestr(
            "docProps/custom.xml",
            XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes">{props}</Properties>',
        )
        entries = "".join(
            f'<sheet name="{esc(s.name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(sheets, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            XML + f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{entries}</sheets></workbook>',
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            XML + f'<Relationships xmlns="{pkg}">{links}'
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/styles.xml",
            XML + f'<styleSheet xmlns="{main}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" '
            'fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" '
            'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
            '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        )
        for n, sheet in enumerate(sheets, start=1):
            with z.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                _xlsx_sheet(out, sheet)


def _ods_cell(value: Cell) -> str:
    kind = type(value)
    if kind is str:
        if not value:
            return "<table:table-cell/>"
        return (
            f'<table:table-cell office:value-type="string"><text:p>{esc(value)}</text:p>'  # type: ignore[arg-type]
            "</table:table-cell>"
        )
    if kind is Num or isinstance(value, Decimal):
        number = value if kind is Num else format(value, "f")
        return (
            f'<table:table-cell office:value-type="float" office:value="{number}">'
            f"<text:p>{number}</text:p></table:table-cell>"
        )
    if value is None:
        return "<table:table-cell/>"
    day = value.isoformat() if isinstance(value, dt.date) else str(value)
    return (
        f'<table:table-cell office:value-type="date" office:date-value="{day}">'
        f"<text:p>{day}</text:p></table:table-cell>"
    )


def write_ods(path: Path, sheets: Sequence[Sheet], *, title: str, meta: dict[str, str]) -> None:
    """An OpenDocument spreadsheet with ``sheets``, a title and user-defined text metadata."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mime, compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/manifest.xml",
            XML + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0" manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
            f'manifest:media-type="{mime}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        fields = "".join(
            f'<meta:user-defined meta:name="{esc(name)}" meta:value-type="string">'
            f"{esc(value)}</meta:user-defined>"
            for name, value in meta.items()
        )
        z.writestr(
            "meta.xml",
            XML + f'<office:document-meta xmlns:office="{office}" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
            f"<meta:generator>Minga</meta:generator><dc:title>{esc(title)}</dc:title>{fields}"
            "</office:meta></office:document-meta>",
        )
        with z.open("content.xml", "w", force_zip64=True) as out:
            out.write(
                (
                    XML + f'<office:document-content xmlns:office="{office}" '
                    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                    'office:version="1.2"><office:body><office:spreadsheet>'
                ).encode()
            )
            for sheet in sheets:
                out.write(f'<table:table table:name="{esc(sheet.name)}">'.encode())
                buffer: list[str] = []
                cell = _ods_cell
                for row in itertools.chain([list(sheet.header)], sheet.rows):
                    cells = "".join([cell(value) for value in row])
                    buffer.append(f"<table:table-row>{cells}</table:table-row>")
                    if len(buffer) >= 4000:
                        out.write("".join(buffer).encode())
                        buffer.clear()
                out.write(("".join(buffer) + "</table:table>").encode())
            out.write(b"</office:spreadsheet></office:body></office:document-content>")
