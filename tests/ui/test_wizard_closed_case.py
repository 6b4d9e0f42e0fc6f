"""A closed case in the case window: side actions disabled with a reason, no draft talk."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.enums import Route, Stage
from app.services import case_actions
from app.services.session import Session
from tests.ui.wizard_support import finish_closure
from tests.unit.case_walk import open_new
from ui.wizard.case_window import CaseWindow


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_an_open_case_offers_every_action_and_saves_drafts(
        qtbot: QtBot, officer: Session) -> None:
    window = _window(qtbot, officer, open_new(officer).reference)
    for button in (window.risk_button, window.extend_button, window.close_early_button):
        assert button.isEnabled() and "closed" not in button.toolTip()
    assert window.complete_button.text() == "&Complete stage"
    assert window.statusBar().currentMessage() == "Drafts are saved automatically."


def test_the_closure_page_closes_the_case_and_then_everything_is_read_only(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    case_actions.close_early(officer, ref, Route.WITHDRAWN, "The applicant withdrew.")
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.CLOSURE
    assert window.complete_button.text() == "Close the &case"
    assert not window.close_early_button.isEnabled()
    assert "already closing" in window.close_early_button.toolTip()
    window.show_stage(Stage.INITIAL_CONTACT)
    assert window.complete_button.text() == "&Complete stage"

    window.close()
    window = _window(qtbot, officer, ref)
    window.show_closing("Closing early: withdrawn.")
    finish_closure(window)
    assert not window.case.is_open
    for button in (window.risk_button, window.extend_button, window.close_early_button):
        assert not button.isEnabled()
        assert "The case is closed" in button.toolTip()
    status = window.statusBar().currentMessage()
    assert "saved automatically" not in status and "closed" in status

    window.close()
    again = _window(qtbot, officer, ref)  # opened afresh, on a closed case
    assert not again.case.is_open
    assert "saved automatically" not in again.statusBar().currentMessage()
    assert not again.risk_button.isEnabled() and again.risk_button.toolTip()
    again.show_stage(Stage.CLOSURE)
    assert again.complete_button.text() == "&Complete stage"
    assert not again.complete_button.isEnabled()
    # Red only while it can be used: a disabled button must look disabled.
    assert "QPushButton:enabled" in again.risk_button.styleSheet()
