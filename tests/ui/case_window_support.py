"""A case window as the officer sees it in UI tests: 1366×768, shown, laid out."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.session import Session
from ui.wizard.case_window import CaseWindow


def shown_case_window(qtbot: QtBot, session: Session, reference: str) -> CaseWindow:
    window = CaseWindow(session, reference)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    return window
