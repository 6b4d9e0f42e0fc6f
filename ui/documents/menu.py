"""The Documents menu for a case window or the main window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QWidget

from app.documents.model import DocumentKind
from ui.documents.preview import MENU_TITLES, open_document
from ui.messages import show_error, show_message

if TYPE_CHECKING:
    from app.services.session import Session

NO_CASE = "Open or select a case first: this document is produced from a case record."


def build_documents_menu(parent: QWidget, session: Session,
                         reference_getter: Callable[[], str | None], *,
                         include_attachments: bool = True) -> QMenu:
    """Every document for the current case, a "Blank forms" submenu, and attachments.

    The reference getter is called when an item is chosen, so the menu can be built
    once and follow the selected case (the session is the one of the sign-in: locking
    suspends and unlocking resumes it). Case items are greyed while no case is selected.
    """
    menu = QMenu("&Documents", parent)
    menu.setObjectName("documentsMenu")
    case_actions = []
    for kind in DocumentKind:
        action = menu.addAction(MENU_TITLES[kind] + "…")
        action.setObjectName(f"document-{kind.value}")
        action.setData(kind.value)
        action.triggered.connect(lambda _=False, k=kind: _open_for_case(k))
        case_actions.append(action)

    blanks = menu.addMenu("Blank forms")
    blanks.setObjectName("blankFormsMenu")
    for kind in DocumentKind:
        if kind.blank_allowed:
            action = blanks.addAction(f"{MENU_TITLES[kind]} — blank…")
            action.setObjectName(f"blank-{kind.value}")
            action.setData(kind.value)
            action.triggered.connect(lambda _=False, k=kind: _open_blank(k))

    if include_attachments:
        menu.addSeparator()
        attachments = menu.addAction("Scanned forms attached to the case…")
        attachments.setObjectName("attachments")
        attachments.triggered.connect(lambda: _open_attachments())
        case_actions.append(attachments)

    def _reference() -> str | None:
        try:
            return reference_getter()
        except Exception:  # noqa: BLE001 - no case to hand is the same as none selected
            return None

    def _refresh() -> None:
        has_case = bool(_reference())
        for action in case_actions:
            action.setEnabled(has_case)

    def _open_for_case(kind: DocumentKind) -> None:
        reference = _reference()
        if not reference:
            show_message(parent, NO_CASE)
            return
        open_document(parent, session, reference, kind)

    def _open_blank(kind: DocumentKind) -> None:
        open_document(parent, session, None, kind, blank=True)

    def _open_attachments() -> None:
        from ui.documents.attachments import AttachmentsDialog

        reference = _reference()
        if not reference:
            show_message(parent, NO_CASE)
            return
        try:
            dialog = AttachmentsDialog(session, reference, parent)
        except Exception as error:  # noqa: BLE001 - shown as a sentence
            show_error(parent, error)
            return
        dialog.show()

    menu.aboutToShow.connect(_refresh)
    _refresh()
    return menu
