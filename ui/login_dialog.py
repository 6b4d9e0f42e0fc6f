"""Sign-in window: user name and password, with plain messages on failure.

The crypto and database modules are imported only when the user presses
Sign in, so the window appears as fast as a bare Qt window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.clock import Clock
    from app.services.session import Session


def sign_in(db_path: Path, username: str, password: str, clock: Clock | None) -> Session:
    """Open a session (raises CsodsError with a user-safe sentence)."""
    from app.services.unit import login

    return login(db_path, username, password, clock)


def message_label() -> QLabel:
    """The red, screen-reader-visible line that says what went wrong."""
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020; font-weight: 600;")
    label.setAccessibleName("Message")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_on(label: QLabel, text: str) -> None:
    """Show (or hide) the message, growing the window so nothing gets squeezed."""
    label.setText(text)
    label.setVisible(bool(text))
    window = label.window()
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    if needed > window.height():
        window.resize(width, needed)


class LoginDialog(QDialog):
    """Emits ``signed_in(session)``; Escape or Quit rejects (the app then ends)."""

    signed_in = Signal(object)

    def __init__(self, db_path: Path, *, clock: Clock | None = None, unit_name: str = "",
                 username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock
        self.session: Session | None = None
        self.setWindowTitle("Sign in — CSODS Case Manager")
        self.setObjectName("login")

        heading = QLabel("CSODS Case Manager")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        intro = QLabel("Sign in with your own user name and password.")

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setMaxLength(32)
        self.username.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow("&User name:", self.username)
        form.addRow("&Password:", self.password)

        self.message = message_label()

        buttons = QDialogButtonBox(self)  # parented first: its default button is ours
        self.sign_in_button = buttons.addButton("&Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("sign_in")
        self.sign_in_button.setDefault(True)
        quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        where = QLabel(self._where_text(unit_name))
        where.setObjectName("unit")
        where.setWordWrap(True)
        where.setStyleSheet("color: palette(placeholder-text); font-size: 8pt;")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        layout.addSpacing(6)
        layout.addWidget(where)
        self.setMinimumWidth(440)
        (self.password if username else self.username).setFocus()

    def _where_text(self, unit_name: str) -> str:
        unit = f"{unit_name} · " if unit_name else ""
        return f"{unit}{self.db_path}"

    def submit(self) -> None:
        name = self.username.text().strip()
        if not name or not self.password.text():
            show_on(self.message, "Enter your user name and password.")
            (self.password if name else self.username).setFocus()
            return
        self.sign_in_button.setEnabled(False)
        show_on(self.message, "")
        try:
            with busy():
                session = sign_in(self.db_path, name, self.password.text(), self.clock)
        except Exception as error:  # noqa: BLE001 - shown as a sentence
            self.password.clear()
            show_on(self.message, error_text(error))
            self.password.setFocus()
            return
        finally:
            self.sign_in_button.setEnabled(True)
        self.password.clear()
        self.session = session
        self.signed_in.emit(session)
        self.accept()
