"""The frame every PDF preview shares: heading, the OFFICIAL-SENSITIVE notice, the
pane, a row of actions with Close, sized to the screen; the PDF is forgotten however
the dialog closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ui.documents.pdf_pane import PdfPane
from ui.geometry import resize_within_screen

NOTICE = ("OFFICIAL-SENSITIVE · Preview only: nothing is written to disk. "
          "Printing and saving are recorded in the audit log.")


def print_button(tooltip: str) -> QPushButton:
    """Print… (Ctrl+P), the preview's first action."""
    button = QPushButton("Print…")
    button.setObjectName("print")
    button.setShortcut(QKeySequence.StandardKey.Print)
    button.setToolTip(tooltip)
    return button


def lay_out(dialog: QDialog, heading_html: str, pane: PdfPane,
            actions: list[QPushButton]) -> None:
    """Heading, notice, pane and ``actions`` then Close; the first action is the default."""
    heading = QLabel(heading_html)
    heading.setTextFormat(Qt.TextFormat.RichText)
    heading.setStyleSheet("font-size: 13pt;")
    notice = QLabel(NOTICE)
    notice.setObjectName("notice")
    notice.setWordWrap(True)
    notice.setStyleSheet("color: #1f3a5f; background: #e8eef7; border: 1px solid #1f3a5f;"
                         " border-radius: 4px; padding: 4px 8px;")
    close = QPushButton("Close")
    close.clicked.connect(dialog.close)
    buttons = QHBoxLayout()
    for action in actions:
        buttons.addWidget(action)
    buttons.addStretch(1)
    buttons.addWidget(close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(heading)
    layout.addWidget(notice)
    layout.addWidget(pane, 1)
    layout.addLayout(buttons)
    resize_within_screen(dialog, 900, 980)
    # Closed by any means (Close, Escape, the window's ×): forget the PDF.
    dialog.finished.connect(lambda _result: pane.clear())
    actions[0].setDefault(True)
    actions[0].setFocus()
