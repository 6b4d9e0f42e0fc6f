"""Preview a document from memory, print it (audited) or save it as a PDF (warned, audited).

``open_document`` is what callers use: it produces the PDF through the
service and either opens the preview or says, ¶ by ¶, why it may not be made.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.documents.model import DocumentKind, DocumentRefused
from app.services import documents
from ui.documents import printing, prompts
from ui.documents.pdf_pane import PdfPane
from ui.documents.preview_frame import lay_out, print_button
from ui.messages import busy, error_text, show_error, show_message

if TYPE_CHECKING:
    from app.services.session import Session

#: How each kind is named on menus and window titles (the scheme's appendix, where one).
MENU_TITLES: dict[DocumentKind, str] = {
    DocumentKind.DISCLOSURE_FORM: "Disclosure form (Appendix F)",
    DocumentKind.NON_DISCLOSURE_LETTER: "Non-disclosure letter (Appendix E)",
    DocumentKind.INITIAL_CONTACT_RECORD: "Initial contact record (Appendix B)",
    DocumentKind.FACE_TO_FACE_RECORD: "Face-to-face record (Appendix C)",
    DocumentKind.DECISION_RECORD: "Risk assessment and decision record (Appendix D)",
    DocumentKind.INFORMATION_PACK: "Information pack for parents and carers",
    DocumentKind.CLOSURE_REPORT: "Closure report",
    DocumentKind.CHRONOLOGY: "Case chronology",
}

def document_label(kind: DocumentKind, reference: str | None, blank: bool) -> str:
    where = "blank form" if blank or reference is None else reference
    return f"{MENU_TITLES[kind]} — {where}"


def suggested_filename(kind: DocumentKind, reference: str | None, blank: bool) -> str:
    name = f"{reference or 'Blank'} {kind.title}{' (blank)' if blank else ''}.pdf"
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "-", name)


class DocumentPreview(QDialog):
    """The PDF from ``documents.produce`` in a QPdfView, with Print… and Save as PDF….

    Raises ``DocumentRefused`` (or another ``CsodsError``) when the document may
    not be produced; :func:`open_document` turns that into a message.
    """

    def __init__(self, session: Session, reference: str | None, kind: DocumentKind,
                 blank: bool = False, parent: QWidget | None = None) -> None:
        kind = DocumentKind(kind)
        with busy():  # before the dialog exists: a refusal leaves nothing behind
            pdf = documents.produce(session, reference, kind, blank=blank)
        super().__init__(parent)
        self.session = session
        self.reference = reference
        self.kind = kind
        self.blank = blank
        self.setObjectName("documentPreview")
        self.setWindowTitle(document_label(self.kind, reference, blank))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.pane = PdfPane(pdf, self)
        del pdf

        self.print_button = print_button("Print on paper (Ctrl+P). The print is audited.")
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.setObjectName("savePdf")
        self.save_button.setToolTip("Write an unencrypted PDF file. You will be warned first; "
                                    "the save is audited.")
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as_pdf)
        lay_out(self, f"<b>{MENU_TITLES[self.kind]}</b>"
                f"&nbsp;&nbsp;{'Blank form' if blank or not reference else reference}",
                self.pane, [self.print_button, self.save_button])

    # Printing -------------------------------------------------------------
    def print_document(self) -> bool:
        """Ask the print dialog; print and audit, or do nothing if cancelled."""
        # Audited before anything reaches paper; a failed audit stops the print.
        return printing.print_audited(
            self, self.pane.document,
            lambda copies: documents.record_print(self.session, self.reference, self.kind,
                                                  copies=copies, blank=self.blank))

    # Saving ---------------------------------------------------------------
    def save_as_pdf(self) -> bool:
        """Warn, ask where, and write the one audited file; say where it went."""
        if not prompts.confirm_unencrypted_save(self):
            return False
        path = prompts.choose_save_path(
            self, suggested_filename(self.kind, self.reference, self.blank))
        if path is None:
            return False
        try:
            with busy():
                saved = documents.save_pdf(self.session, self.reference, self.kind, path,
                                           blank=self.blank)
        except Exception as error:  # noqa: BLE001 - shown as a sentence
            show_error(self, error)
            return False
        show_message(self, f"Saved to {saved}", title="Saved as PDF",
                     icon=QMessageBox.Icon.Information,
                     details="The file is not encrypted. Keep it only in an approved place "
                             "and delete it when you no longer need it.")
        return True



#: Windows opened without a parent, kept alive until they are closed.
_KEEP: set[QWidget] = set()


def keep_open(window: QDialog) -> QDialog:
    """Hold a parentless dialog or message so Python does not delete it while shown."""
    if window.parent() is None:
        _KEEP.add(window)
        window.finished.connect(lambda _result: _KEEP.discard(window))
    return window


def refusal_text(error: DocumentRefused) -> str:
    return "\n".join(f"•  {reason}" for reason in error.reasons) or str(error)


def show_refusal(parent: QWidget | None, kind: DocumentKind, error: DocumentRefused) -> None:
    box = show_message(parent, f"The {kind.title.lower()} cannot be produced yet.",
                       title=MENU_TITLES[kind], details=refusal_text(error))
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 440px; }")
    keep_open(box)


def open_document(parent: QWidget | None, session: Session, reference: str | None,
                  kind: DocumentKind, blank: bool = False) -> QDialog | None:
    """Open the preview (shown, not modal), or explain why the document may not be made."""
    kind = DocumentKind(kind)
    try:
        dialog = DocumentPreview(session, reference, kind, blank=blank, parent=parent)
    except DocumentRefused as refused:
        show_refusal(parent, kind, refused)
        return None
    except Exception as error:  # noqa: BLE001 - shown as a sentence
        keep_open(show_message(parent, error_text(error), title=MENU_TITLES[kind]))
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    keep_open(dialog)
    dialog.show()
    dialog.raise_()
    return dialog
