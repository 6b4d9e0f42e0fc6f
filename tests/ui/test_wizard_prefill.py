"""Details nobody types twice, in the case window (issue 12 item 6): the stage 4 officer,
the stage 5 recipient when it is the applicant, the stage 6 recipient fixed from stage 5."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QRadioButton
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import case_actions, cases
from app.services.session import Session
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from ui.wizard.case_window import CaseWindow


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    return window


def test_stage_4_starts_with_the_officer_signed_in(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.INFORMATION_PACK)
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.RISK_ASSESSMENT
    line = window.findChild(QLineEdit, "officer")
    assert line is not None and line.text() == officer.user.display_name
    assert not line.isReadOnly()  # a suggestion: someone else may do the assessment
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "DC Imogen Hartley 4471")
    assert window.save_now()
    assert cases.get_case(officer, ref).values(Stage.RISK_ASSESSMENT)["officer"] == \
        "DC Imogen Hartley 4471"


def test_recipient_is_the_applicant_fills_name_and_relationship(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.RISK_ASSESSMENT)
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.DECISION
    decision = window.findChild(QComboBox, "decision")
    assert decision is not None
    decision.setFocus()
    qtbot.keyClick(decision, Qt.Key.Key_Home)
    while decision.currentData() != "disclose":
        qtbot.keyClick(decision, Qt.Key.Key_Down)
    yes = window.findChild(QRadioButton, "recipient.is_applicant:yes")
    assert yes is not None
    qtbot.waitUntil(yes.isVisible)  # the disclosure plan appears for "disclose"
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    name = window.findChild(QLineEdit, "recipient.name")
    assert name is not None
    applicant = cases.get_case(officer, ref).values(Stage.FACE_TO_FACE)["applicant"]
    assert name.text() == f"{applicant['forenames']} {applicant['surname']}"
    relationship = window.findChild(QComboBox, "recipient.relationship")
    assert relationship is not None and relationship.currentData() == "parent"


def test_stage_6_recipient_is_fixed_with_a_note(qtbot: QtBot, unit: TestUnit,
                                                 officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.RISK_ASSESSMENT)
    cases.complete_stage(officer, ref, Stage.DECISION, values(Stage.DECISION))
    with unit.supervisor() as supervisor:
        case_actions.sign_off(supervisor, ref, approve=True)
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.OUTCOME
    line = window.findChild(QLineEdit, "recipient_name")
    assert line is not None and line.isReadOnly()
    authorised = cases.get_case(officer, ref).values(Stage.DECISION)["recipient"]["name"]
    assert line.text() == authorised
    line.setFocus()
    qtbot.keyClicks(line, " and someone else")
    assert line.text() == authorised
    note = window.findChild(QLabel, "recipient_name:fixed")
    assert note is not None
    assert note.text().startswith("From the decision signed off on ")
    assert "the decision must be returned" in note.text()
