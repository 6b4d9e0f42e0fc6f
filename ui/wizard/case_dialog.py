"""What the case window's log dialogs (contacts, chronology, referrals, tasks) share.

Each is a dialog over one case: titled "<title> — case <ref>",
a grey help text at the top, a bold summary line, and rows of buttons with Close at
the right of the last row.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.case_file import CaseFile
from app.services.session import Session
from ui.wizard import style


class CaseDialog(QDialog):
    """A dialog over one case; ``body`` is its layout, the help text already in it."""

    def __init__(self, session: Session, case: CaseFile, *, object_name: str, title: str,
                 help_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(f"{title} — case {case.reference}")
        self.session = session
        self.case = case
        self.body = QVBoxLayout(self)
        self.body.addWidget(style.help_label(help_text, self))

    def summary_label(self, object_name: str) -> QLabel:
        """A bold line saying how many there are (placed by the caller)."""
        label = QLabel(self)
        label.setObjectName(object_name)
        style.bold(label)
        return label

    def add_button_row(self, *buttons: QPushButton, close: bool = True) -> QHBoxLayout:
        """The buttons at the left and, with ``close``, the Close button at the right."""
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        if close:
            box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
            box.rejected.connect(self.reject)
            row.addWidget(box)
        self.body.addLayout(row)
        return row
