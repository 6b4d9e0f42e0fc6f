"""The time of first contact (issue 12 item 2; ¶5.1.13, 5.6.27): the New case dialog
confirms a contact more than 24 hours old, and a supervisor corrects the time after
initial contact is complete, with a reason (audited), moving every deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.timescales import LONDON, DeadlineKind
from app.services import cases
from app.services.session import Session
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to
from ui.account_dialogs import LATE_OPENING, NewCaseDialog
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import FormDialog

SHOTS = "/tmp/hl"


def _new_case_dialog(qtbot: QtBot, session: Session, hours_ago: float) -> NewCaseDialog:
    dialog = NewCaseDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_when(qtbot, dialog, session.clock.now() - timedelta(hours=hours_ago))
    return dialog


def _type_when(qtbot: QtBot, dialog: NewCaseDialog, when: datetime) -> None:
    """Type the date and the time into their boxes, as an officer would."""
    local = when.astimezone(LONDON)
    for box, text in ((dialog.date_edit, f"{local:%d/%m/%Y}"),
                      (dialog.time_edit, f"{local:%H:%M}")):
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, text)
    dialog.time_edit.setFocus()


def test_a_contact_over_24_hours_old_is_confirmed_first(qtbot: QtBot, unit: TestUnit,
                                                        officer: Session) -> None:
    dialog = _new_case_dialog(qtbot, officer, hours_ago=30)
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Return)  # Enter: the dialog asks first
    assert dialog.isVisible() and dialog.reference is None
    assert dialog.message.isVisible() and dialog.message.text() == LATE_OPENING
    assert "24-hour check already overdue" in dialog.message.text()
    assert dialog.open_button.text() == "&Open case anyway"
    QApplication.processEvents()
    dialog.grab().save(f"{SHOTS}/new_case_late.png")
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Return)  # Enter again: confirmed
    assert dialog.reference is not None and not dialog.isVisible()
    case = cases.get_case(officer, dialog.reference)
    state = {d.kind: d.state.label for d in case.deadlines}
    assert state[DeadlineKind.STAGE1_24H] == "Overdue"


def test_changing_the_time_after_the_warning_asks_again(qtbot: QtBot,
                                                       officer: Session) -> None:
    dialog = _new_case_dialog(qtbot, officer, hours_ago=30)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    _type_when(qtbot, dialog, officer.clock.now() - timedelta(hours=54))  # a second, older time
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.reference is None  # the new time is asked about


def test_a_recent_contact_opens_without_asking(qtbot: QtBot, officer: Session) -> None:
    dialog = _new_case_dialog(qtbot, officer, hours_ago=23)
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Return)
    assert dialog.reference is not None and not dialog.isVisible()
    assert not dialog.message.isVisible()


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    return window


def _retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type over a filled date or time, as after tabbing into it."""
    widget.window().activateWindow()
    QApplication.processEvents()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    select_all = getattr(widget, "selectAll", None)
    if select_all is not None:  # a typed date or time box: replace what it holds
        select_all()
    qtbot.keyClicks(widget, text)


def test_only_a_supervisor_after_stage_1_sees_the_correction(
        qtbot: QtBot, officer: Session, sam: Session) -> None:
    fresh = open_new(officer).reference
    done = open_new(officer).reference
    walk_to(officer, None, done, Stage.INITIAL_CONTACT)
    assert not _window(qtbot, officer, done).action_bar.contact_time_button.isVisible()
    assert not _window(qtbot, sam, fresh).action_bar.contact_time_button.isVisible()
    window = _window(qtbot, sam, done)
    assert window.action_bar.contact_time_button.isVisible()
    window.grab().save(f"{SHOTS}/supervisor_window.png")


def test_supervisor_corrects_the_contact_time_with_a_reason(
        qtbot: QtBot, unit: TestUnit, officer: Session, sam: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    before = cases.get_case(sam, ref)
    window = _window(qtbot, sam, ref)
    qtbot.mouseClick(window.action_bar.contact_time_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(FormDialog, "dialog_contact_correction")
    assert isinstance(dialog, FormDialog) and dialog.isVisible()
    assert "Recorded now: Mon 03 Mar 2025 09:15" in dialog.page.findChildren(QLabel)[0].text()
    assert not dialog.ok.isEnabled()  # the reason is required
    editor = dialog.page.editor("contact_at")
    _retype(qtbot, editor.date_edit, "02/03/2025")  # type: ignore[attr-defined]
    _retype(qtbot, editor.time_edit, "18:40")  # type: ignore[attr-defined]
    reason = dialog.page.editor("reason").input_widget()
    reason.setFocus()
    qtbot.keyClicks(reason, "The call log shows the first call the evening before.")
    dialog.revalidate()
    assert dialog.ok.isEnabled(), [p.message for p in dialog.missing.problems]
    dialog.grab().save(f"{SHOTS}/contact_correction.png")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    after = cases.get_case(sam, ref)
    assert after.contact_at == datetime(2025, 3, 2, 18, 40, tzinfo=UTC)
    moved = {d.kind: d.due for d in after.deadlines}
    old = {d.kind: d.due for d in before.deadlines}
    assert moved[DeadlineKind.CLOSURE_45D] == old[DeadlineKind.CLOSURE_45D] - timedelta(
        hours=14, minutes=35)
    assert "02 Mar 2025 18:40" in window.header.contact.text()  # compact header line
    assert "Sun 02 Mar 2025 18:40" in window.header.contact.toolTip()
    assert "corrected" in window.statusBar().currentMessage()
    rows = [r for r in audit_repo.iter_rows(sam.conn)
            if "time of first contact corrected" in (r.detail or "")]
    assert rows and rows[-1].justification == ("The call log shows the first call the "
                                               "evening before.")


def test_a_future_time_cannot_be_recorded(qtbot: QtBot, unit: TestUnit, officer: Session,
                                          sam: Session) -> None:
    opened = unit.clock.now() - timedelta(hours=2)  # this morning
    ref = open_new(officer, opened.replace(second=0, microsecond=0)).reference
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    window = _window(qtbot, sam, ref)
    dialog = window.open_contact_correction()
    assert isinstance(dialog, FormDialog)
    editor = dialog.page.editor("contact_at")
    _retype(qtbot, editor.time_edit, "23:50")  # type: ignore[attr-defined]  # later today
    reason = dialog.page.editor("reason").input_widget()
    reason.setFocus()
    qtbot.keyClicks(reason, "Typo check.")
    dialog.revalidate()
    assert not dialog.ok.isEnabled()
    assert any("future" in p.message for p in dialog.missing.problems)
    dialog.accept()  # Enter with the button off does nothing
    assert dialog.isVisible()
    assert cases.get_case(sam, ref).contact_at == opened.replace(second=0, microsecond=0)
