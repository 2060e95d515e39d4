"""Review comments pinned on the drawing: threads, resolving, and carrying them forward.

A comment belongs to the version it was pinned on and shows on every later
version of the same proposal (``carried``), so a remark on version 1 is
still there, resolved or not, when version 3 arrives.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from codesign.design.access import is_architect, load_proposal, require_open, require_signed_in
from codesign.design.records import CommentId, CommentRecord, ProposalId, VersionId, now_utc
from codesign.errors import BadInput, NotFound, NotPermitted
from codesign.journal.writer import WriteResult
from codesign.workspace import Workspace
from i18n import gettext as _
from models.design import ProposalVersion, ReviewComment
from models.ids import PersonId
from models.tables import Person

MAX_TEXT = 4000


def _clean_text(ws: Workspace, text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise BadInput(_("a comment needs some text"), path=ws.label)
    if len(cleaned) > MAX_TEXT:
        raise BadInput(_("a comment is at most {n} characters").format(n=MAX_TEXT), path=ws.label)
    return cleaned


def add_comment(
    ws: Workspace,
    version: VersionId,
    *,
    x: float,
    y: float,
    text: str,
    parent: CommentId | None = None,
) -> tuple[WriteResult, CommentId]:
    """Pin a comment at (x, y) on ``version``; with ``parent`` it replies in that thread."""
    require_signed_in(ws)
    cleaned = _clean_text(ws, text)
    with ws.write(_("Comment on a proposal")) as w:
        row = w.session.get(ProposalVersion, version)
        if row is None:
            raise NotFound(_("no proposal version {ref}").format(ref=version), path=ws.label)
        require_open(ws, load_proposal(w.session, ws, row.proposal_id))
        if parent is not None:
            thread = w.session.get(ReviewComment, parent)
            if thread is None or thread.deleted or thread.proposal_id != row.proposal_id:
                raise NotFound(_("no comment {ref}").format(ref=parent), path=ws.label)
            x, y = thread.x, thread.y  # a reply sits where its thread is pinned
        comment = CommentId(
            w.insert(
                "review_comment",
                {
                    "proposal_id": row.proposal_id,
                    "version_id": version,
                    "parent_id": parent,
                    "x": float(x),
                    "y": float(y),
                    "text": cleaned,
                    "author_id": ws.actor,
                    "created_at": now_utc(),
                },
            )
        )
    return w.result(), comment


def reply(
    ws: Workspace, version: VersionId, parent: CommentId, text: str
) -> tuple[WriteResult, CommentId]:
    """Answer a comment in its thread."""
    return add_comment(ws, version, x=0.0, y=0.0, text=text, parent=parent)


def set_resolved(ws: Workspace, comment: CommentId, resolved: bool = True) -> WriteResult:
    """Mark a thread resolved (or open it again); its author or the architect may."""
    require_signed_in(ws)
    with ws.write(_("Resolve comment") if resolved else _("Reopen comment")) as w:
        row = w.session.get(ReviewComment, comment)
        if row is None or row.deleted:
            raise NotFound(_("no comment {ref}").format(ref=comment), path=ws.label)
        if row.parent_id is not None:
            raise BadInput(_("resolve the thread's first comment, not a reply"), path=ws.label)
        require_open(ws, load_proposal(w.session, ws, row.proposal_id))
        if ws.actor != row.author_id and not is_architect(ws):
            raise NotPermitted(
                _("only the comment's author or the architect may resolve it"), path=ws.label
            )
        if row.resolved != resolved:
            w.update(
                "review_comment",
                comment,
                {
                    "resolved": resolved,
                    "resolved_by": ws.actor if resolved else None,
                    "resolved_at": now_utc() if resolved else None,
                },
            )
    return w.result()


def comments_for_version(ws: Workspace, version: VersionId) -> tuple[CommentRecord, ...]:
    """The comments shown on ``version``: its own and those carried from earlier versions.

    Threads come in order: each first comment followed by its replies.
    """
    author = aliased(Person)
    resolver = aliased(Person)
    with ws.session() as session:
        row = session.get(ProposalVersion, version)
        if row is None:
            raise NotFound(_("no proposal version {ref}").format(ref=version), path=ws.label)
        rows = session.execute(
            select(
                ReviewComment,
                ProposalVersion.number,
                author.name,
                resolver.name,
            )
            .join(ProposalVersion, ProposalVersion.id == ReviewComment.version_id)
            .outerjoin(author, author.id == ReviewComment.author_id)
            .outerjoin(resolver, resolver.id == ReviewComment.resolved_by)
            .where(
                ReviewComment.proposal_id == row.proposal_id,
                ReviewComment.deleted.is_(False),
                ProposalVersion.number <= row.number,
            )
            .order_by(ReviewComment.created_at, ReviewComment.id)
        ).all()
        number = row.number
    records = [
        CommentRecord(
            id=CommentId(c.id),
            proposal_id=ProposalId(c.proposal_id),
            version_id=VersionId(c.version_id),
            version_number=int(n),
            parent_id=CommentId(c.parent_id) if c.parent_id else None,
            x=float(c.x),
            y=float(c.y),
            text=c.text,
            author_id=PersonId(c.author_id) if c.author_id else None,
            author=name or "",
            created_at=c.created_at,
            resolved=bool(c.resolved),
            resolved_by=resolved_name or "",
            carried=int(n) < number,
        )
        for c, n, name, resolved_name in rows
    ]
    return _threaded(records)


def _threaded(records: list[CommentRecord]) -> tuple[CommentRecord, ...]:
    replies: dict[CommentId, list[CommentRecord]] = {}
    for record in records:
        if record.parent_id is not None:
            replies.setdefault(record.parent_id, []).append(record)
    out: list[CommentRecord] = []

    def visit(record: CommentRecord) -> None:
        out.append(record)
        for child in replies.get(record.id, ()):
            visit(child)

    for record in records:
        if record.parent_id is None:
            visit(record)
    return tuple(out)
