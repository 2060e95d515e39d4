"""The buttons of the planning and balances tabs and what they do.

Planning: a new commission, a new shift, availability from CSV. Balances:
an exemption or an offsetting adjustment for the selected household, and
fines for last month's missed hours (proposed by the coordinator, posted by
the treasurer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QWidget

from codesign.auth import Action
from codesign.work import editing, fines, obligations, planning, queries
from codesign.work.common import ShiftId
from codesign.work.queries import CommissionRow
from codesign.workspace import Workspace
from i18n import gettext as _
from i18n import ngettext
from ui.context import AppContext
from ui.widgets import needs_text
from ui.work_edit_forms import CommissionEditForm, ShiftEditForm, TaskEditForm, WorkDayForm
from ui.work_forms import (
    CommissionForm,
    ExemptionForm,
    HoursRuleForm,
    MemberForm,
    ShiftForm,
    TaskForm,
    import_availability_file,
)
from ui.work_planning import PlanningTab
from ui.work_tabs import ActionBar, BalancesTab


def last_month(today: dt.date | None = None) -> str:
    """The month before ``today`` as 2026-05."""
    first = (today or dt.date.today()).replace(day=1)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


def plan_hint() -> str:
    """Who may plan work, for tooltips."""
    return needs_text(Action.PLAN_WORK)


def edit_hint() -> str:
    """The edit buttons' tooltip: what is edited, and who may."""
    return _("Edit the selected row (or double-click it).") + " " + plan_hint()


class _Buttons:
    """Buttons added to a tab's row, with their texts kept in the current language."""

    def __init__(self, row: QHBoxLayout, parent: QWidget) -> None:
        self.bar = ActionBar(parent)
        row.addWidget(self.bar)
        self.buttons: list[tuple[QAction, Callable[[], str], Callable[[], str]]] = []

    def add(
        self, text: Callable[[], str], tip: Callable[[], str], act: Callable[[], object]
    ) -> QAction:
        action = self.bar.button(act)
        self.buttons.append((action, text, tip))
        return action

    def retranslate(self) -> None:
        for button, text, tip in self.buttons:
            button.setText(text())
            button.setToolTip(tip())


class PlanningActions(_Buttons):
    """New commission, new shift, import availability."""

    def __init__(self, context: AppContext, tab: PlanningTab) -> None:
        super().__init__(tab.actions_row, tab)
        self.context, self.tab = context, tab
        self.add(lambda: _("New commission…"), plan_hint, self.new_commission)
        self.add(lambda: _("Edit commission…"), edit_hint, self.edit_commission)
        self.add(lambda: _("New shift…"), plan_hint, self.new_shift)
        self.add(lambda: _("Edit shift…"), edit_hint, self.edit_shift)
        self.add(
            lambda: _("Edit work day…"),
            lambda: _("Move the selected shift's day, or rename its place.") + " " + plan_hint(),
            self.edit_work_day,
        )
        self.add(lambda: _("Member…"), plan_hint, self.new_member)
        self.add(lambda: _("Task…"), plan_hint, self.new_task)
        self.add(lambda: _("Edit task…"), edit_hint, self.edit_task)
        for table, edit in (
            (tab.commissions, self.edit_commission),
            (tab.shifts, self.edit_shift),
            (tab.tasks, self.edit_task),
        ):
            table.view.doubleClicked.connect(lambda _index, edit=edit: edit())
        self.add(lambda: _("Remove shift"), plan_hint, self.remove_shift)
        self.add(lambda: _("Hours rule…"), plan_hint, self.new_rule)
        self.add(lambda: _("Import availability…"), plan_hint, self.import_availability)

    def _commissions(self, ws: Workspace) -> tuple[CommissionRow, ...]:
        """The commissions the shift and task forms offer."""
        return self.context.run(self.tab, lambda: queries.commission_rows(ws)) or ()

    def new_commission(self) -> CommissionForm | None:
        if self.context.ws is None:
            return None
        form = CommissionForm(self.context, self.tab)
        form.open()
        return form

    def new_shift(self) -> ShiftForm | None:
        ws = self.context.ws
        if ws is None:
            return None
        form = ShiftForm(self.context, self._commissions(ws), self.tab)
        form.open()
        return form

    def edit_commission(self) -> CommissionEditForm | None:
        """The selected commission's form, with its members to choose coordinators from."""
        ws, row = self.context.ws, self.tab.commissions.selected()
        if ws is None or row is None:
            return None
        members = self.context.run(self.tab, lambda: editing.commission_members(ws, row.id))
        form = CommissionEditForm(self.context, row, members or (), self.tab)
        form.open()
        return form

    def edit_shift(self) -> ShiftEditForm | None:
        ws, row = self.context.ws, self.tab.shifts.selected()
        if ws is None or row is None:
            return None
        commissions = self._commissions(ws)
        form = ShiftEditForm(self.context, row, commissions, self.tab)
        form.open()
        return form

    def edit_work_day(self) -> WorkDayForm | None:
        """The date and place of the selected shift's work day."""
        row = self.tab.shifts.selected()
        if self.context.ws is None or row is None:
            return None
        form = WorkDayForm(self.context, row, self.tab)
        form.open()
        return form

    def edit_task(self) -> TaskEditForm | None:
        ws, row = self.context.ws, self.tab.tasks.selected()
        if ws is None or row is None:
            return None
        commissions = self._commissions(ws)
        shifts = self.tab.shifts.model.records()
        form = TaskEditForm(self.context, row, shifts, commissions, self.tab)
        form.open()
        return form

    def new_member(self) -> MemberForm | None:
        """Add a person to the selected commission."""
        ws, row = self.context.ws, self.tab.commissions.selected()
        if ws is None or row is None:
            return None
        people = self.context.run(self.tab, lambda: queries.people_choices(ws)) or ()
        form = MemberForm(self.context, row, people, self.tab)
        form.open()
        return form

    def new_task(self) -> TaskForm | None:
        """Add a task to the selected shift, or (no shift selected) one due by a date."""
        ws, row = self.context.ws, self.tab.shifts.selected()
        if ws is None:
            return None
        commissions = self._commissions(ws)
        form = TaskForm(self.context, row, commissions, self.tab)
        form.open()
        return form

    def remove_shift(self) -> None:
        """Take the selected shift off the plan (undo brings it back)."""
        row = self.tab.shifts.selected()
        if self.context.ws is None or row is None:
            return
        shift = ShiftId(row.id)
        self.context.push(_("Remove shift"), lambda ws: planning.remove_shift(ws, shift), self.tab)

    def new_rule(self) -> HoursRuleForm | None:
        """Set the hours owed for a phase of the project."""
        if self.context.ws is None:
            return None
        form = HoursRuleForm(self.context, self.tab)
        form.open()
        return form

    def import_availability(self) -> int | None:
        return import_availability_file(self.context, self.tab)


class BalanceActions(_Buttons):
    """Exemption, offsetting adjustment, propose and post fines."""

    def __init__(self, context: AppContext, tab: BalancesTab, status: QLabel) -> None:
        super().__init__(tab.actions_row, tab)
        self.context, self.tab, self.status = context, tab, status
        self.add(lambda: _("Exemption…"), plan_hint, self.exemption)
        self.add(
            lambda: _("Offset balance…"),
            lambda: (
                _("An adjustment that brings the selected household's balance to zero.")
                + " "
                + plan_hint()
            ),
            self.offset,
        )
        self.add(
            lambda: _("Hours bank"),
            lambda: (
                _("Close last month: extra hours, up to the statutes' limit, carry forward.")
                + " "
                + plan_hint()
            ),
            self.bank,
        )
        self.add(
            lambda: _("Propose fines"),
            lambda: (
                _("Fines for last month's missed hours, at the statutes' rate.") + " " + plan_hint()
            ),
            self.propose,
        )
        self.add(
            lambda: _("Post fines"),
            lambda: (
                _("Post the proposed fines to the ledger, each once.")
                + " "
                + needs_text(Action.POST_LEDGER)
            ),
            self.post,
        )

    def exemption(self) -> ExemptionForm | None:
        line = self.tab.table.selected()
        if line is None or self.context.ws is None:
            return None
        form = ExemptionForm(self.context, line.household, line.name, self.tab)
        form.open()
        return form

    def offset(self, reason: str | None = None) -> None:
        line = self.tab.table.selected()
        if line is None or self.context.ws is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(
                self.tab, _("Offset balance"), _("Reason (for example, the assembly's decision):")
            )
            if not ok or not reason.strip():
                return
        household, today = line.household, dt.date.today()
        self.context.push(
            _("Adjust hours"),
            lambda ws: obligations.offset_balance(ws, household, on_date=today, reason=reason)[0],
            self.tab,
        )

    def bank(self) -> int | None:
        """Carry last month's extra hours into the hours bank."""
        ws = self.context.ws
        if ws is None:
            return None
        end = dt.date.today().replace(day=1) - dt.timedelta(days=1)
        start = end.replace(day=1)
        done = self.context.run(
            self.tab, lambda: obligations.carry_forward(ws, start=start, end=end)
        )
        if done is None:
            return None
        result, count = done
        self.context.notify(result)
        self.status.setText(
            ngettext(
                "{n} household carries extra hours forward.",
                "{n} households carry extra hours forward.",
                count,
            ).format(n=count)
        )
        return count

    def propose(self) -> int | None:
        ws, period = self.context.ws, last_month()
        if ws is None:
            return None
        done = self.context.run(self.tab, lambda: fines.propose_fines(ws, period))
        if done is None:
            return None
        result, count = done
        self.context.notify(result)
        self.status.setText(
            ngettext(
                "{n} fine proposed for {period}.", "{n} fines proposed for {period}.", count
            ).format(n=count, period=period)
        )
        return count

    def post(self) -> int | None:
        ws = self.context.ws
        if ws is None:
            return None
        done = self.context.run(self.tab, lambda: fines.post_fines(ws))
        if done is None:
            return None
        self.status.setText(
            ngettext(
                "{n} fine posted to the ledger.", "{n} fines posted to the ledger.", done.posted
            ).format(n=done.posted)
        )
        return done.posted
