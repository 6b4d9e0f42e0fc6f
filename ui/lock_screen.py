"""The lock screen: the same user unlocks with their password, or logs out.

Escape and the window's close button do nothing here: a locked screen must
not be dismissed by a passer-by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.login_dialog import heading, message_label, show_on
from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.services.session import Session


class LockScreen(QDialog):
    unlocked = Signal()  # the suspended session has been resumed
    logout_requested = Signal()

    def __init__(self, session: Session, *, open_cases: int = 0, idle: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        username, display_name = session.user.username, session.user.display_name
        self.username = username
        self.setObjectName("lock_screen")
        self.setWindowTitle("Locked — CSODS Case Manager")

        title = heading(f"Locked — {display_name}")
        title.setWordWrap(True)
        after = ("Your open cases were saved and will reopen when you unlock." if open_cases
                 else "Unlock to carry on where you left off.")
        why = ("The screen locked because nobody used it for a while." if idle
               else "You locked the screen.")
        explain = QLabel(f"{why} {after}")
        explain.setObjectName("lock_reason")
        explain.setWordWrap(True)

        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form = QFormLayout()
        user = QLabel(username)
        user.setObjectName("username")
        form.addRow("User name:", user)
        form.addRow("&Password:", self.password)

        self.message = message_label()

        buttons = QDialogButtonBox(self)  # parented first: its default button is ours
        self.unlock_button = buttons.addButton("&Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.logout_button = buttons.addButton("&Log out",
                                               QDialogButtonBox.ButtonRole.DestructiveRole)
        self.logout_button.setObjectName("logout")
        self.unlock_button.clicked.connect(self.submit)
        self.logout_button.clicked.connect(self._logout)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.password.setFocus()

    def submit(self) -> None:
        if not self.password.text():
            show_on(self.message, "Enter your password to unlock.")
            self.password.setFocus()
            return
        show_on(self.message, "")
        self.unlock_button.setEnabled(False)
        try:
            from app.services.unit import resume

            with busy():
                resume(self.session, self.password.text())
        except Exception as error:  # noqa: BLE001 - shown as a sentence
            show_on(self.message, error_text(error))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            self.unlock_button.setEnabled(True)
        self.password.clear()
        self.unlocked.emit()
        self.accept()

    def _logout(self) -> None:
        self.password.clear()
        self.logout_requested.emit()
        self.accept()

    def reject(self) -> None:
        """Escape does not dismiss the lock."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Nor does the window's close button: unlock or log out."""
        event.ignore()
