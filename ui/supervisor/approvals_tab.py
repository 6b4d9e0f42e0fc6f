"""Accounts awaiting approval: what an administrator prepared, for a second person.

Each row names the account, its role, what was prepared (new account, password
reset, role change), who prepared it and when. Approve seals the database key to
the new slot and enters the countersigned record; Refuse (asked first) removes it. Both are
audited by the services (app.services.approvals). A new account or password
reset asks for the person's own password, typed by them at the supervisor's side
(``TheirPasswordDialog``): the approval makes their keys from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.messages import TITLE, Failed, guarded
from ui.supervisor.common import local_text

if TYPE_CHECKING:
    from app.domain.enums import Role
    from app.services.approvals import PendingAccount
    from app.services.session import Session

APPROVED = "approved: it takes effect now"
COLUMNS = ("User name", "Name", "Role", "Prepared", "Prepared by", "When")


def current_roles(session: Session) -> dict[str, Role]:
    """Each account's role now (for "Officer → Supervisor"); empty if it cannot be read."""
    from app.services.users import list_users

    try:
        return {account.username: account.role for account in list_users(session)}
    except Exception:  # noqa: BLE001 - the Role column then shows the new role only
        return {}


def role_text(item: PendingAccount, now: dict[str, Role]) -> str:
    new = item.role.value.capitalize()
    old = now.get(item.username)
    if item.kind == "role change" and old is not None and old is not item.role:
        return f"{old.value.capitalize()} → {new}"
    return new


class ApprovalsTab(QWidget):
    changed = Signal()  # an account was approved or refused
    counted = Signal(int)  # how many changes await approval (for the tab's title)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvals")
        self.session = session
        self.items: list[PendingAccount] = []
        self.dialog: QDialog | None = None  # the open question or password dialog
        self.last_message = ""
        note = QLabel("Accounts, password resets and role changes an administrator prepared. "
                      "They take effect only when a supervisor approves them; you cannot "
                      "approve a change to your own account. A new account or password is "
                      "approved with the person beside you: they type the password they will "
                      "use, which you must not know.")
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("approvals_table")
        self.table.setAccessibleName("Accounts awaiting approval")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the person's name
        self.table.itemSelectionChanged.connect(self._enable)
        self.approve_button = QPushButton("A&pprove")
        self.approve_button.setObjectName("approve")
        self.approve_button.clicked.connect(self.approve)
        self.refuse_button = QPushButton("Re&fuse")
        self.refuse_button.setObjectName("refuse")
        self.refuse_button.clicked.connect(self.refuse)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._enable()

    def load(self) -> bool:
        from app.services.approvals import pending_accounts

        result = guarded(self, lambda: pending_accounts(self.session))
        if isinstance(result, Failed):
            return False
        self.items = result
        now = current_roles(self.session) if any(
            item.kind == "role change" for item in result) else {}
        self.table.setRowCount(len(result))
        for row, item in enumerate(result):
            for column, text in enumerate((item.username, item.display_name,
                                           role_text(item, now), item.kind.capitalize(),
                                           item.prepared_by, local_text(item.prepared_at))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if result:
            self.table.selectRow(0)
        self._say_unreadable()
        self._enable()
        self.counted.emit(len(result))
        return True

    def count(self) -> int:
        """How many changes await approval (the view shows it in the tab's title)."""
        from app.services.approvals import pending_accounts

        return len(pending_accounts(self.session))

    def _say_unreadable(self) -> None:
        from app.services.approvals import unreadable_pending

        names = guarded(self, lambda: unreadable_pending(self.session))
        if isinstance(names, Failed) or not names:
            return
        self.message.setText(f"What was prepared for {', '.join(names)} cannot be read (the "
                             "key file may have been altered); refuse it with the command "
                             "line ('csods user refuse') or ask the administrator to prepare "
                             "it again.")

    def clear(self) -> None:
        self.items = []
        self.table.setRowCount(0)
        self._enable()

    def selected(self) -> PendingAccount | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.approve_button.setEnabled(chosen)
        self.refuse_button.setEnabled(chosen)

    def approve(self) -> bool:
        """Approve the selected change. A new account or password reset first asks the
        person for their password (a dialog, ``self.dialog``; True when it opened)."""
        from app.services.approvals import approve

        item = self.selected()
        if item is None:
            return False
        if not item.needs_password:
            # Bound to the row shown: refused if it was prepared again since.
            return self._act(lambda s, name: approve(s, name, shown=item), APPROVED)
        from ui.supervisor.their_password import TheirPasswordDialog

        dialog = TheirPasswordDialog(self.session, item, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._done(item, APPROVED))
        dialog.open()
        return True

    def refuse(self) -> bool:
        """Ask first, naming the person and the change (No is the default: Escape leaves it
        pending); True when the question opened (``self.dialog``)."""
        item = self.selected()
        if item is None:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, TITLE,
                          f"Refuse the {item.kind} for {item.display_name} ({item.username})?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm_refuse")
        box.setInformativeText(f"What {item.prepared_by} prepared is removed and no account "
                               "is changed; the administrator can prepare it again.")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("&Refuse")
        yes.setObjectName("confirm")
        box.button(QMessageBox.StandardButton.No).setObjectName("keep")
        box.finished.connect(lambda _result: self._refuse(item)
                             if box.clickedButton() is yes else None)
        self.dialog = box
        box.open()
        return True

    def _refuse(self, item: PendingAccount) -> None:
        from app.services.approvals import refuse

        if not isinstance(guarded(self, lambda: refuse(self.session, item.username)), Failed):
            self._done(item, "refused: nothing was changed")

    def _act(self, call: Callable[[Session, str], None], said: str) -> bool:
        item = self.selected()
        if item is None:
            return False
        result = guarded(self, lambda: call(self.session, item.username))
        if isinstance(result, Failed):
            return False
        self._done(item, said)
        return True

    def _done(self, item: PendingAccount, said: str) -> None:
        self.last_message = f"The {item.kind} for {item.username} was {said}."
        self.message.setText(self.last_message)
        self.load()
        self.changed.emit()
