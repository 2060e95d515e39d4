"""OFX bank statements (1.x SGML and 2.x XML) read into bank lines.

Reading never writes; the lines go to ``bank.import_bank_lines`` like a CSV's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from codesign.errors import BadInput
from codesign.ledger.bank import MAX_DESCRIPTION, MAX_REF, BankLine, RowError, with_refs
from i18n import gettext as _
from i18n.formatting import decimal_to_minor

_OFX_TAG = re.compile(r"<(/?)([A-Za-z0-9.]+)>([^<]*)")
_CHARSET = re.compile(rb"CHARSET:\s*(\w+)")
_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w.\-]+)[\"']")


def _ofx_text(path: Path) -> str:
    """The file's text in the encoding its header names (UTF-8 when it names none)."""
    from codesign.errors import UnreadableFile

    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            _("cannot read the file: {reason}").format(reason=error.strerror or error), path=path
        ) from None
    head = data[:2000]
    encoding = "utf-8"
    found = _XML_ENCODING.search(head)
    charset = _CHARSET.search(head)
    if found:
        encoding = found.group(1).decode("ascii")
    elif charset and charset.group(1).isdigit():
        encoding = f"cp{charset.group(1).decode('ascii')}"
    try:
        return data.decode(encoding)
    except LookupError:
        raise BadInput(_("unknown encoding {name}").format(name=encoding), path=path) from None
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        message = _("not valid {encoding} text; save it as UTF-8 or choose the encoding")
        raise BadInput(message.format(encoding=encoding), path=path, row=row) from None


def _ofx_date(text: str) -> dt.date:
    digits = text.strip()[:8]
    if not re.fullmatch(r"\d{8}", digits):
        raise ValueError(text)
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _ofx_amount(text: str, currency: str) -> int:
    from decimal import Decimal, InvalidOperation

    body = text.strip().replace(" ", "")
    if "," in body and "." not in body:  # some banks write a decimal comma
        body = body.replace(",", ".")
    try:
        return decimal_to_minor(Decimal(body), currency)
    except InvalidOperation:
        raise ValueError(text) from None


def _ofx_records(path: Path, text: str) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """(line number, leaf fields) of each STMTTRN, and the statement's currency (CURDEF)."""
    import html

    start = text.upper().find("<OFX>")
    if start < 0:
        raise BadInput(_("not an OFX file: there is no <OFX> element"), path=path)
    found_currency = ""
    current: dict[str, str] | None = None
    current_row = 0
    last_close = ""
    raw: list[tuple[int, dict[str, str]]] = []
    for match in _OFX_TAG.finditer(text, start):
        closing, tag, value = match.group(1), match.group(2).upper(), match.group(3).strip()
        if closing:
            last_close = tag
            if tag == "STMTTRN" and current is not None:
                raw.append((current_row, current))
                current = None
            continue
        last_close = ""
        if tag == "STMTTRN":
            if current is not None:  # SGML that never closed the previous one
                raw.append((current_row, current))
            current, current_row = {}, text.count("\n", 0, match.start()) + 1
        elif value and current is not None:
            current[tag] = html.unescape(value)
        elif value and tag == "CURDEF":
            found_currency = value.upper()
    if current is not None or last_close != "OFX":
        last_row = text.count("\n", 0, len(text.rstrip())) + 1
        message = _("the OFX file is cut short: it does not end with </OFX>")
        raise BadInput(message, path=path, row=last_row)
    return raw, found_currency


def _ofx_line(row: int, fields: Mapping[str, str], currency: str) -> BankLine | RowError:
    try:
        date = _ofx_date(fields.get("DTPOSTED", ""))
    except ValueError:
        reason = _("DTPOSTED: “{text}” is not a date such as 20261031")
        return RowError(row, reason.format(text=fields.get("DTPOSTED", "")))
    try:
        amount = _ofx_amount(fields.get("TRNAMT", ""), currency)
    except ValueError:
        reason = _("TRNAMT: “{text}” is not an amount such as -1234.50")
        return RowError(row, reason.format(text=fields.get("TRNAMT", "")))
    if amount == 0:
        return RowError(row, _("TRNAMT: the amount is zero"))
    name, memo = fields.get("NAME", ""), fields.get("MEMO", "")
    both = name and memo and memo != name
    description = f"{name} — {memo}" if both else name or memo
    description = " ".join(description.split())[:MAX_DESCRIPTION]
    fitid = fields.get("FITID", "").strip()
    ref = ""
    if fitid:
        ref = fitid if len(fitid) <= MAX_REF else hashlib.sha256(fitid.encode()).hexdigest()
    return BankLine(
        row, date, description or _("Bank statement line"), amount, fitid[:MAX_REF], ref
    )


def read_ofx(
    path: Path, *, currency: str = "USD"
) -> tuple[tuple[BankLine, ...], tuple[RowError, ...]]:
    """The transactions (STMTTRN) of an OFX 1.x (SGML) or 2.x (XML) statement.

    A file that is not OFX, or is cut short, raises BadInput naming it; a
    transaction with a bad date or amount is a RowError at its line number.
    """
    path = Path(path)
    raw, found_currency = _ofx_records(path, _ofx_text(path))
    if found_currency and found_currency != currency.upper():
        message = _("the statement is in {found}, but the books are kept in {currency}")
        raise BadInput(message.format(found=found_currency, currency=currency), path=path)
    good: list[BankLine] = []
    errors: list[RowError] = []
    for row, fields in raw:
        parsed = _ofx_line(row, fields, currency)
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            good.append(parsed)
    return tuple(with_refs(good)), tuple(errors)


# --- Import ----------------------------------------------------------------------------------
