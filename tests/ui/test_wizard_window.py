"""The case window: what's missing, completing by widgets, views, dialogs, refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from app.domain.enums import Route, Stage
from app.services import cases
from app.services.session import Session
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.ui.wizard_support import finish_closure
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.form_examples import (
    valid_extension_values,
    valid_immediate_risk_values,
)
from ui.date_input import DateLine
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import CloseEarlyDialog, FormDialog


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _boxes(window: CaseWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_complete_is_refused_until_stage3_is_filled_in_by_its_widgets(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.INFORMATION_PACK
    assert not window.complete_button.isEnabled()
    assert [p.path for p in window.missing.problems] == ["pack_format", "pack_given_on"]
    # Each item of What's missing takes you to its field.
    window.missing.list.item(1).setSelected(True)
    window.missing.list.itemClicked.emit(window.missing.list.item(1))
    date = window.findChild(DateLine, "pack_given_on")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is date)
    window.missing.list.itemActivated.emit(window.missing.list.item(0))
    combo = window.findChild(QComboBox, "pack_format")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    # Fill the mandatory answers through the widgets themselves.
    combo.setCurrentIndex(combo.findData("paper"))
    assert not window.complete_button.isEnabled()
    qtbot.keyClicks(date, "07/03/2025")
    qtbot.waitUntil(window.complete_button.isEnabled)
    assert window.missing.problems == []
    qtbot.mouseClick(window.complete_button, Qt.MouseButton.LeftButton)
    assert window.current_page_stage() is Stage.RISK_ASSESSMENT
    done = cases.get_case(officer, ref).values(Stage.INFORMATION_PACK)
    assert done == {"pack_format": "paper", "pack_given_on": "2025-03-07"}


def test_mandatory_marks_are_visible_and_spoken(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    combo = window.findChild(QComboBox, "pack_format")
    assert combo.accessibleName() == "How the pack was given, required"
    notes = window.findChild(QPlainTextEdit, "notes")
    assert "required" not in notes.accessibleName()
    assert "¶5.3" in combo.toolTip() or "¶5.3" in combo.parentWidget().toolTip()


def test_service_refusal_lists_the_problems(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    window.complete_stage()  # the button is disabled; the service still refuses
    assert window.current_page_stage() is Stage.INITIAL_CONTACT
    assert "cannot be completed" in window.missing.note.text()
    assert "request_type" in [p.path for p in window.missing.problems]


def test_completed_stages_are_read_only_and_future_ones_unreachable(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    window = _window(qtbot, officer, ref)
    window.show_stage(Stage.DECISION)
    assert window.current_page_stage() is Stage.FACE_TO_FACE
    window.show_stage(Stage.INITIAL_CONTACT)
    assert window.current_page_stage() is Stage.INITIAL_CONTACT
    assert window.findChild(QLineEdit, "officer").isReadOnly()
    assert not window.complete_button.isEnabled() and not window.save_button.isEnabled()
    assert window.findChild(QLabel, "banner_done") is not None
    assert window.save_now()
    window.stage_list.setCurrentRow(1)  # back to the current stage from the list
    assert window.current_page_stage() is Stage.FACE_TO_FACE
    assert not window.findChild(QLineEdit, "meeting_place").isReadOnly()


def test_guardrail_refusal_is_shown_with_its_paragraph(
        qtbot: QtBot, unit: TestUnit, officer: Session) -> None:
    ref = open_new(officer).reference
    with unit.supervisor() as supervisor:
        walk_to(officer, supervisor, ref, Stage.OUTCOME, "no_concerns")
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.CLOSURE
    route = window.findChild(QComboBox, "route")
    route.setCurrentIndex(route.findData(Route.REDIRECTED.value))
    page = window.page
    assert page is not None
    page.editor("intel_report_ref").set_value("INT/1")  # type: ignore[union-attr]
    page.editor("intel_report_date").set_value("2026-03-01")  # type: ignore[union-attr]
    window.revalidate()
    window.complete_button.click()
    boxes = _boxes(window)
    assert len(boxes) == 1
    assert "¶3.7" in boxes[0].informativeText()
    assert cases.get_case(officer, ref).is_open
    assert window.findChild(QComboBox, "route").currentData() == "redirected"  # input kept


def test_immediate_risk_dialog_records_and_flags_the_case(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    dialog = window.open_immediate_risk()
    assert isinstance(dialog, FormDialog) and dialog.isVisible()
    assert not dialog.ok.isEnabled()
    assert dialog.findChild(QPlainTextEdit, "what_seen") is not None
    dialog.page.set_values(valid_immediate_risk_values())
    dialog.revalidate()
    dialog.ok.click()
    assert not dialog.isVisible()
    flag = window.findChild(QLabel, "flag_immediate_risk")
    assert flag is not None and "IMMEDIATE RISK" in flag.text()
    assert cases.get_case(officer, ref).immediate_risk


def test_escape_closes_a_dialog_without_recording(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    dialog = window.open_extension()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not cases.get_case(officer, ref).extended


def test_extension_dialog_extends_a_deadline(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    dialog = window.open_extension()
    assert isinstance(dialog, FormDialog)
    dialog.page.set_values(valid_extension_values())
    dialog.revalidate()
    dialog.ok.click()
    assert window.findChild(QLabel, "flag_extended") is not None
    due = [lab.text() for lab in window.header.deadline_widgets if isinstance(lab, QLabel)]
    assert any("(extended)" in text for text in due)


def test_close_early_then_closure(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    dialog = window.open_close_early()
    assert isinstance(dialog, CloseEarlyDialog)
    assert not dialog.ok.isEnabled()
    dialog.radios[Route.WITHDRAWN].setChecked(True)
    dialog.reason.setPlainText("The applicant phoned to withdraw.")
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    assert window.current_page_stage() is Stage.CLOSURE
    finish_closure(window)
    window.show_stage(Stage.INITIAL_CONTACT)  # the unfinished draft can still be read
    assert window.current_page_stage() is Stage.INITIAL_CONTACT
    assert window.page is not None and window.page.read_only
    case = cases.get_case(officer, ref)
    assert case.status == "closed" and case.route is Route.WITHDRAWN
    assert "withdraw" in case.values(Stage.CLOSURE)["closure_notes"]


def test_repeat_subject_alerts_open_from_the_header_and_are_audited(
        qtbot: QtBot, officer: Session) -> None:
    first = open_new(officer).reference
    cases.complete_stage(officer, first, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
    second = open_new(officer).reference
    cases.complete_stage(officer, second, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
    window = _window(qtbot, officer, second)
    button = window.findChild(QPushButton, "flag_repeat_subject")
    assert button is not None and "Repeat subject" in button.text()
    button.click()
    dialog = window.findChild(object, "dialog_repeat_alerts")
    assert dialog is not None
    tree = dialog.tree  # type: ignore[attr-defined]
    assert tree.topLevelItem(0).text(0) == first
    rows = audit_repo.search(officer.conn, audit_repo.AuditQuery(case_ref=second))
    assert any("repeat-subject" in (r.detail or "") for r in rows)


def test_page_fits_1366_by_768(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    window.resize(1366, 740)
    qtbot.wait(20)
    assert window.page_scroll.horizontalScrollBar().maximum() == 0
    assert window.page_scroll.viewport().height() > 380
