"""The audit chain head sheet in the documents preview: look at it, then print it for the
unit's paper log (printing is audited first; the sheet is never saved to disk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.documents import printing
from ui.documents.pdf_pane import PdfPane
from ui.documents.preview import NOTICE
from ui.geometry import resize_within_screen
from ui.messages import busy

if TYPE_CHECKING:
    from app.domain.chain_head import ChainHeadSheet
    from app.services.session import Session

TITLE = "Audit chain head for the paper log"


class ChainHeadPreview(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        from app.services.audit_view import chain_head_pdf, chain_head_sheet

        with busy():  # before the dialog exists: a refusal leaves nothing behind
            self.sheet: ChainHeadSheet = chain_head_sheet(session)
            pdf = chain_head_pdf(session, self.sheet)
        super().__init__(parent)
        self.session = session
        self.setObjectName("chainHeadPreview")
        self.setWindowTitle(f"{TITLE} — row {self.sheet.row:,}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.pane = PdfPane(pdf, self)
        del pdf
        heading = QLabel(f"<b>{TITLE}</b>&nbsp;&nbsp;row {self.sheet.row:,}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setStyleSheet("font-size: 13pt;")
        notice = QLabel(NOTICE)
        notice.setObjectName("notice")
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #1f3a5f; background: #e8eef7; border: 1px solid #1f3a5f;"
                             " border-radius: 4px; padding: 4px 8px;")
        self.print_button = QPushButton("Print…")
        self.print_button.setObjectName("print")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("Print on paper (Ctrl+P) for the paper log. The print "
                                     "is audited.")
        self.print_button.clicked.connect(self.print_sheet)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(notice)
        layout.addWidget(self.pane, 1)
        layout.addLayout(buttons)
        resize_within_screen(self, 900, 980)
        self.finished.connect(lambda _result: self.pane.clear())
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def print_sheet(self) -> bool:
        """Ask the print dialog; audit, then print; nothing if cancelled."""
        from app.services.audit_view import record_chain_head_print

        return printing.print_audited(
            self, self.pane.document,
            lambda copies: record_chain_head_print(self.session, self.sheet, copies=copies),
            doc_name=TITLE)
