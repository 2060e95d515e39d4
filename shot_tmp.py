import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
import i18n; i18n.set_language("es")
from codesign.workspace import open_workspace
from codesign.auth import sign_in
from ui.context import AppContext
from ui.pages.mingas import MingasPage
ws = open_workspace("/tmp/d1.minga")
import subprocess, json
from sqlalchemy import select
from models.tables import Person, RoleAssignment
with ws.session() as s:
    name = s.scalar(select(Person.name).join(RoleAssignment, RoleAssignment.person_id == Person.id).where(RoleAssignment.role == "coordinator", RoleAssignment.end_on.is_(None)))
sign_in(ws, name, "demo")
ctx = AppContext(); ctx.set_workspace(ws)
page = MingasPage(ctx); page.resize(1400, 850); page.show()
t = time.perf_counter()
dialog = page.plan_dialog(); dialog.limit.setValue(3); dialog.show(); dialog.start_planning()
while dialog.running() or dialog.outcome is None:
    app.processEvents(); time.sleep(0.02)
    if time.perf_counter() - t > 2 and not hasattr(dialog, "_shot"):
        dialog._shot = True; dialog.grab().save("/work/notes/shots/mingas-plan-progress.png")
app.processEvents()
dialog.grab().save("/work/notes/shots/mingas-plan-done.png")
dialog.close()
print("planned in", time.perf_counter() - t, dialog.outcome.status, dialog.outcome.max_deviation)
for i, name in enumerate(("roster", "checkin", "balances", "planning", "charts")):
    page.tabs.setCurrentIndex(i)
    for _ in range(5): app.processEvents()
    page.grab().save(f"/work/notes/shots/mingas-{name}.png")
ws.close()
