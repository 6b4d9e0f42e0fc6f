"""Documents on screen and paper: preview, print, save as PDF, attachments, letterhead.

Everything is shown from memory; the only file ever written is the one a user
chooses with "Save as PDF…", through the audited ``documents.save_pdf``.
"""

from ui.documents.attachments import AttachmentsDialog
from ui.documents.letterhead import LetterheadDialog
from ui.documents.menu import build_documents_menu
from ui.documents.preview import MENU_TITLES, DocumentPreview, open_document

__all__ = ["MENU_TITLES", "AttachmentsDialog", "DocumentPreview", "LetterheadDialog",
           "build_documents_menu", "open_document"]
