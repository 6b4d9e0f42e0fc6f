"""The case window follows a supervisor's sign-off by itself (issue 12): no F5 after the
decision is approved or returned; while nothing changes, looking is not audited."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction, Stage
from app.services import case_actions
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.unit.case_walk import open_new, walk_to
from ui.wizard.case_window import CaseWindow
from ui.wizard.choice_editors import YesNoEditor


def _waiting_window(qtbot: QtBot, officer: Session) -> CaseWindow:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.DECISION)  # the decision awaits sign-off
    window = CaseWindow(officer, ref)
    qtbot.addWidget(window)
    window.resize(1346, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
    assert window.current_page_stage() is Stage.DECISION
    assert window.signoff_watch.waiting
    return window


def _consultations(session: Session, ref: str) -> int:
    return len(audit_repo.search(session.conn, AuditQuery(case_ref=ref,
                                                          action=AuditAction.CONSULT)))


def test_an_approval_opens_the_outcome_page_without_f5(qtbot: QtBot, officer: Session,
                                                       sam: Session) -> None:
    window = _waiting_window(qtbot, officer)
    before = _consultations(officer, window.reference)
    window.signoff_watch.check()  # the timer, while nothing has changed
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    qtbot.wait(10)
    assert window.current_page_stage() is Stage.DECISION
    assert _consultations(officer, window.reference) == before  # looking is not a consult

    case_actions.sign_off(sam, window.reference, approve=True)
    window.signoff_watch.check()  # the timer's next tick
    assert window.current_page_stage() is Stage.OUTCOME and window.editable
    assert not window.signoff_watch.waiting
    assert "approved the decision" in window.statusBar().currentMessage()
    # the keyboard is on the outcome page: the first question takes a typed answer
    made = window.page.editor("disclosure_made") if window.page else None
    assert isinstance(made, YesNoEditor)
    focus = QApplication.focusWidget()
    assert focus is made.yes
    qtbot.keyClick(focus, Qt.Key.Key_Y)
    assert made.value() is True


def test_coming_back_to_the_window_shows_a_returned_decision(qtbot: QtBot, officer: Session,
                                                             sam: Session) -> None:
    window = _waiting_window(qtbot, officer)
    case_actions.sign_off(sam, window.reference, approve=False, comment="Say who attended.")
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    qtbot.waitUntil(lambda: not window.signoff_watch.waiting, timeout=2000)
    assert window.current_page_stage() is Stage.DECISION and window.editable
    assert window.case.signoff == "returned"
    assert "returned the decision" in window.statusBar().currentMessage()


def test_reading_another_stage_is_not_interrupted(qtbot: QtBot, officer: Session,
                                                  sam: Session) -> None:
    window = _waiting_window(qtbot, officer)
    window.show_stage(Stage.FACE_TO_FACE)
    case_actions.sign_off(sam, window.reference, approve=True)
    window.signoff_watch.check()
    assert window.current_page_stage() is Stage.FACE_TO_FACE
    assert window.case.current_stage is Stage.OUTCOME  # the header and stages know
    assert "approved the decision" in window.statusBar().currentMessage()
