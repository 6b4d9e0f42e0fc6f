"""Sign-in window: user name and password, with plain messages on failure.

The crypto and database modules are imported only when the user presses
Sign in, and nothing here touches the ``Qt`` namespace (whose first use
costs ~15 ms), so the window appears almost as fast as a bare Qt window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.clock import Clock
    from app.services.session import Session


def sign_in(db_path: Path, username: str, password: str, clock: Clock | None) -> Session:
    """Open a session (raises CsodsError with a user-safe sentence)."""
    from app.services.unit import login

    return login(db_path, username, password, clock)


def styled(label: QLabel, *, points: float | None = None, bold: bool = False,
           colour: str | QPalette.ColorRole | None = None) -> QLabel:
    """Font and colour by QFont/QPalette: no style sheet on the start-up path (it is slow)."""
    font = QFont(label.font())
    if points is not None:
        font.setPointSizeF(points)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    if colour is not None:
        palette = label.palette()
        value = palette.color(colour) if isinstance(colour, QPalette.ColorRole) else QColor(colour)
        palette.setColor(QPalette.ColorRole.WindowText, value)
        label.setPalette(palette)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    return styled(label, points=16, bold=True)


def message_label() -> QLabel:
    """The red, screen-reader-visible line that says what went wrong."""
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    styled(label, bold=True, colour="#b00020")
    label.setAccessibleName("Message")
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

        title = heading("CSODS Case Manager")
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

        # Plain buttons, not a QDialogButtonBox: that costs ~17 ms to build at start-up.
        self.sign_in_button = QPushButton("&Sign in", self)
        self.sign_in_button.setObjectName("sign_in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        quit_button = QPushButton("&Quit", self)
        quit_button.setObjectName("quit")
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(quit_button)

        where = QLabel(self._where_text(unit_name))
        where.setObjectName("unit")
        where.setWordWrap(True)
        styled(where, points=max(7.0, where.font().pointSizeF() - 1),
               colour=QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addSpacing(6)
        layout.addWidget(where)
        self.setMinimumWidth(440)
        # The last user's name is offered, selected, in the name box: on a shared
        # workstation the next person types over it; the same person presses Tab. (With
        # the cursor in the password box, the next person's name went into the previous
        # person's password and counted as their failed sign-in.)
        self.username.setFocus()
        self.username.selectAll()

    def _where_text(self, unit_name: str) -> str:
        unit = f"{unit_name} · " if unit_name else ""
        return f"{unit}{self.db_path}"

    def submit(self) -> None:
        name = self.username.text().strip()
        if not name or not self.password.text():
            show_on(self.message, "Enter your user name and password.")
            (self.password if name else self.username).setFocus()
            return
        from ui.messages import busy, error_text

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
