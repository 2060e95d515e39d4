"""The names of the work side's journaled tables, apart from their mapped classes.

Permissions (``codesign.auth``) and views need the names at start-up; the
classes in ``models.work`` are imported only when the Mingas section is used.
"""

from __future__ import annotations

# Every journaled table of the work side (permissions for undo, views to refresh).
WORK_TABLES = (
    "commission",
    "commission_member",
    "work_day",
    "shift",
    "task",
    "assignment",
    "availability",
    "hours_rule",
    "exemption",
    "hours_adjustment",
    "work_fine",
)
