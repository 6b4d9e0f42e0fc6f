"""Close early on a right-to-know case: the dialog offers only "intelligence only", in
words that fit a police-initiated case (no applicant to withdraw), already chosen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.domain.enums import Route, Stage
from app.services import cases
from app.services.right_to_know import open_right_to_know
from app.services.session import Session
from tests.unit.case_walk import open_new
from tests.unit.test_right_to_know import opening
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import CloseEarlyDialog


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_right_to_know_offers_only_intelligence_only(qtbot: QtBot, officer: Session) -> None:
    ref = open_right_to_know(officer, opening()).reference
    window = _window(qtbot, officer, ref)
    dialog = window.open_close_early()
    assert isinstance(dialog, CloseEarlyDialog)
    assert list(dialog.radios) == [Route.INTELLIGENCE_ONLY]
    words = dialog.radios[Route.INTELLIGENCE_ONLY].text()
    assert "applicant" not in words.lower() and "police" in words
    assert dialog.radios[Route.INTELLIGENCE_ONLY].isChecked()
    assert not dialog.ok.isEnabled()  # the reason is still needed
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "The subject has moved away; no disclosure is needed.")
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    case = cases.get_case(officer, ref)
    assert case.current_stage is Stage.CLOSURE and case.route is Route.INTELLIGENCE_ONLY


def test_an_ordinary_case_still_offers_withdrawn(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    dialog = window.open_close_early()
    assert isinstance(dialog, CloseEarlyDialog)
    assert list(dialog.radios) == [Route.WITHDRAWN, Route.INTELLIGENCE_ONLY]
    assert "applicant no longer wants" in dialog.radios[Route.WITHDRAWN].text()
    assert not any(r.isChecked() for r in dialog.radios.values())
    radio = dialog.radios[Route.WITHDRAWN]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
