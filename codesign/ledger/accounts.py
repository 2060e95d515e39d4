"""The chart of accounts: the treasurer extends the template the cooperative started with."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from codesign.auth import Action, require
from codesign.errors import BadInput
from codesign.journal.writer import Writer, WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.ledger import ACCOUNT_TYPES, Account

CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}")


def require_account(w: Writer, code: str) -> uuid.UUID:
    """The live account with ``code``; BadInput naming it when there is none."""
    found = w.session.scalar(
        select(Account.id).where(Account.code == code, Account.deleted.is_(False)).limit(1)
    )
    if found is None:
        raise BadInput(_("no account with code {code}").format(code=code), path=w.ws.label)
    return found


def add_account(ws: Workspace, *, code: str, name: str, type: str) -> tuple[WriteResult, uuid.UUID]:
    """Add an account to the chart; its code must be new and its type one of the five."""
    require(ws, Action.POST_LEDGER)
    code, name = code.strip(), name.strip()
    if not CODE.fullmatch(code):
        raise BadInput(
            _("an account code is up to 20 letters, digits, dots or dashes"), path=ws.label
        )
    if not name:
        raise BadInput(_("an account needs a name"), path=ws.label)
    if type not in ACCOUNT_TYPES:
        raise BadInput(
            _("unknown account type {type}; use {types}").format(
                type=type, types=", ".join(ACCOUNT_TYPES)
            ),
            path=ws.label,
        )
    with ws.write(_("Add an account")) as w:
        taken = w.session.scalar(
            select(Account.id).where(Account.code == code, Account.deleted.is_(False)).limit(1)
        )
        if taken is not None:
            raise BadInput(_("there is already an account {code}").format(code=code), path=ws.label)
        account_id = w.insert("account", {"code": code, "name": name, "type": type})
    return w.result(), account_id
