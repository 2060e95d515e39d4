"""Signing in and out, and the status-bar text saying who acts.

A wrong passphrase is shown inside the dialog, so the person can try again
without losing what they typed.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from codesign.auth import in_setup_mode, role_label, signed_in
from codesign.auth import sign_in as auth_sign_in
from codesign.auth import sign_out as auth_sign_out
from codesign.errors import MingaError
from codesign.workspace import Workspace
from i18n import gettext as _
from ui.context import AppContext


def status_text(ws: Workspace) -> tuple[str, bool]:
    """Who acts on ``ws`` as the status bar says it, and whether someone is signed in."""
    person = signed_in(ws)
    if person is not None:
        if person.roles:
            roles = ", ".join(_(role_label(role)) for role in person.roles)
            return _("Signed in: {name} ({roles})").format(name=person.name, roles=roles), True
        return _("Signed in: {name}").format(name=person.name), True
    if in_setup_mode(ws):
        return (
            _(
                "Set-up mode: everything is allowed until someone holds a privileged role "
                "with a passphrase"
            ),
            False,
        )
    return _("Not signed in"), False


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" to fit (long Spanish texts, deep paths);
    the full text stays in ``full_text`` and the tooltip."""

    def __init__(
        self, mode: Qt.TextElideMode, parent: QWidget | None = None, *, widest: int = 0
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self._widest = widest  # 0: take whatever the layout gives
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        """The text before shortening."""
        return self._full

    def set_full_text(self, text: str) -> None:
        """Show ``text``, shortened to the width the label has."""
        self._full = text
        self.setToolTip(text)
        self._elide()
        self.updateGeometry()

    @override
    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self._full) + 8
        return QSize(min(width, self._widest) if self._widest else width, hint.height())

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, self._mode, max(self.width(), 1)))


def sign_out(context: AppContext) -> None:
    """Nobody acts any more; the status bar and the pages update."""
    if context.ws is not None:
        auth_sign_out(context.ws)
        context.workspace_changed.emit()


class SignInDialog(QDialog):
    """Choose a person, type the passphrase; on success the workspace acts as them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(_("Sign in"))
        self.context = context
        self.person = QComboBox(self)
        self.person.setObjectName("personCombo")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setPlaceholderText(_("Type a name"))
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphraseEdit")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("&Person:"), self.person)
        form.addRow(_("P&assphrase:"), self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._load_people()

    def _load_people(self) -> None:
        """People who can sign in (they have a passphrase), with a completer over their names."""
        from codesign.people.queries import list_people

        ws = self.context.ws
        people = self.context.run(self, lambda: list_people(ws)) if ws is not None else None
        names: list[str] = []
        for record in people or ():
            if record.has_passphrase:
                self.person.addItem(record.name, str(record.id))
                names.append(record.name)
        self.person.setCurrentIndex(-1)
        completer = QCompleter(names, self.person)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.person.setCompleter(completer)
        if not names:
            self._say(_("Nobody has a passphrase yet. Give one under People → Roles."))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def person_ref(self) -> str:
        """The chosen person's id when the name matches a listed person, else the typed text."""
        text = self.person.currentText().strip()
        index = self.person.currentIndex()
        if index < 0 or self.person.itemText(index) != text:
            index = self.person.findText(text, Qt.MatchFlag.MatchExactly)
        return str(self.person.itemData(index)) if index >= 0 else text

    def accept(self) -> None:
        """Try the passphrase; stay open with the reason when it is refused."""
        ws = self.context.ws
        ref = self.person_ref()
        if ws is None:
            self.reject()
            return
        if not ref:
            self._say(_("Choose who is signing in."))
            return
        try:
            auth_sign_in(ws, ref, self.passphrase.text())
        except MingaError as error:
            self._say(error.reason)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.context.workspace_changed.emit()
        super().accept()
