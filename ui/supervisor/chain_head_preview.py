"""The audit chain head sheet in the documents preview: look at it, then print it for the
unit's paper log (printing is audited first; the sheet is never saved to disk)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from ui.documents import printing
from ui.documents.pdf_pane import PdfPane
from ui.documents.preview_frame import lay_out, print_button
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
        self.print_button = print_button("Print on paper (Ctrl+P) for the paper log. The "
                                         "print is audited.")
        self.print_button.clicked.connect(self.print_sheet)
        lay_out(self, f"<b>{TITLE}</b>&nbsp;&nbsp;row {self.sheet.row:,}", self.pane,
                [self.print_button])

    def print_sheet(self) -> bool:
        """Ask the print dialog; audit, then print; nothing if cancelled."""
        from app.services.audit_view import record_chain_head_print

        return printing.print_audited(
            self, self.pane.document,
            lambda copies: record_chain_head_print(self.session, self.sheet, copies=copies),
            doc_name=TITLE)
