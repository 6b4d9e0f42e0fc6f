"""Approving a new account or password reset: the person types their own password.

The person stands at the supervisor's side and types, twice, the password they will
use; the supervisor must not know it. The approval makes the account's keys from it
(app.services.approvals). A refusal (the two differ, the policy, the service) is
said in the dialog, which stays open with what was typed, the entry to type again
focused and selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui.account_dialogs import POLICY_SENTENCE, ok_cancel, password_field
from ui.login_dialog import message_label, show_on
from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.services.approvals import PendingAccount
    from app.services.session import Session


class TheirPasswordDialog(QDialog):
    def __init__(self, session: Session, item: PendingAccount,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("their_password_dialog")
        self.session, self.item = session, item
        name = item.display_name or item.username
        self.setWindowTitle(f"Approve {item.kind} — {item.username}")
        self.setMinimumWidth(480)
        ask = QLabel(f"Ask {name} to type the password they will use; you must not know "
                     "it. Look away while they type.")
        ask.setObjectName("ask")
        ask.setWordWrap(True)
        self.password = password_field("password", f"{name}'s new password")
        self.confirm = password_field("confirm", f"{name}'s new password again")
        form = QFormLayout()
        form.addRow("User:", QLabel(f"{name} ({item.username}), {item.role.value}"))
        form.addRow("&Password:", self.password)
        form.addRow("Password &again:", self.confirm)
        policy = QLabel(POLICY_SENTENCE.replace("your", "their"))
        policy.setWordWrap(True)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(ask)
        layout.addLayout(form)
        layout.addWidget(policy)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "A&pprove"))
        self.password.setFocus()

    def accept(self) -> None:
        from app.errors import InvalidInput
        from app.services.approvals import approve

        # Where to type again: the second entry when the two differ, else the first
        # (the policy judges the password itself); kept but selected, so typing replaces.
        retype = self.confirm
        try:
            if self.password.text() != self.confirm.text():
                raise InvalidInput("The two passwords are not the same; ask them to type "
                                   "it again.")
            retype = self.password
            with busy():
                approve(self.session, self.item.username, self.password.text(),
                        shown=self.item)
        except Exception as error:  # noqa: BLE001 - shown as a sentence; dialog stays
            show_on(self.message, error_text(error))
            retype.setFocus()
            retype.selectAll()
            return
        super().accept()
