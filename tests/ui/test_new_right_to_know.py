"""New case → "Right to know (police-initiated)": the opening form instead of a first
contact, then the case window at the decision stage (¶5, 2.6; issue 11 item 14)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.case_list import list_cases
from app.services.session import Session
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import FakeCaseWindow, sign_in
from tests.unit.test_right_to_know import opening
from ui.account_dialogs import NewCaseDialog
from ui.shell import Shell
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import FormDialog

REASON = "He has moved in with the mother of a young girl and not told probation."


def _shots(tmp_path: Path) -> str:
    return os.environ.get("CSODS_SHOTS", str(tmp_path))


def _click_radio(qtbot: QtBot, radio: QRadioButton) -> None:
    """On the button's circle (a click past the end of its words does nothing)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def _choose_right_to_know(qtbot: QtBot, dialog: NewCaseDialog) -> FormDialog:
    _click_radio(qtbot, dialog.right_to_know)
    assert dialog.right_to_know.isChecked()
    assert not dialog.date_edit.isVisible()  # no applicant, so no "first contact"
    assert "no applicant" in dialog.explain.text()
    assert dialog.open_button.text() == "&Continue…"
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    form = dialog.findChild(FormDialog, "dialog_right_to_know")
    assert isinstance(form, FormDialog) and form.isVisible()
    return form


def _fill(qtbot: QtBot, form: FormDialog) -> None:
    """Everything but the reason set directly; the reason typed, as an officer would."""
    form.page.set_values({k: v for k, v in opening().items() if k != "rtk_reason"})
    form.revalidate()
    assert not form.ok.isEnabled()  # the reason is still missing
    editor = form.page.editor("rtk_reason")
    assert editor is not None
    box = editor.input_widget()
    box.setFocus()
    qtbot.keyClicks(box, REASON)
    form.revalidate()
    assert form.ok.isEnabled(), [p.message for p in form.missing.problems]


def test_new_case_opens_a_right_to_know_case_at_the_decision(
        qtbot: QtBot, unit: TestUnit, shell: Shell, tmp_path: Path) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None
    window.new_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, NewCaseDialog) and dialog.application.isChecked()
    form = _choose_right_to_know(qtbot, dialog)
    dialog.grab().save(f"{_shots(tmp_path)}/rtk_new_case_dialog.png")
    form.resize(1366, 768)
    _fill(qtbot, form)
    qtbot.wait(100)  # let the nested person forms settle their layout
    form.grab().save(f"{_shots(tmp_path)}/rtk_opening_form.png")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and not dialog.isVisible()
    reference = dialog.reference
    assert reference is not None
    opened = FakeCaseWindow.instances[-1]
    assert opened.reference == reference and opened.stage is Stage.DECISION
    assert window.cases_view is not None
    assert window.cases_view.model.references() == [reference]
    with unit.officer() as olive:
        case = cases.get_case(olive, reference)
    assert case.right_to_know and case.current_stage is Stage.DECISION
    assert case.values(Stage.RISK_ASSESSMENT)["rtk_reason"] == REASON


def test_cancelling_the_form_keeps_the_new_case_dialog_and_opens_nothing(
        qtbot: QtBot, officer: Session) -> None:
    dialog = NewCaseDialog(officer)
    qtbot.addWidget(dialog)
    dialog.show()
    form = _choose_right_to_know(qtbot, dialog)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and dialog.isVisible() and dialog.reference is None
    assert list_cases(officer) == []
    _click_radio(qtbot, dialog.application)  # back to an application
    assert dialog.date_edit.isVisible() and dialog.open_button.text() == "&Open case"


def test_the_case_window_does_not_speak_of_an_applicant(
        qtbot: QtBot, officer: Session, tmp_path: Path) -> None:
    from app.services.right_to_know import open_right_to_know

    reference = open_right_to_know(officer, opening()).reference
    window = CaseWindow(officer, reference)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    window.grab().save(f"{_shots(tmp_path)}/rtk_case_window.png")
    assert window.current_page_stage() is Stage.DECISION
    contact = window.header.contact.text()
    assert contact.startswith("Police began considering disclosure 20 Feb 2026 10:00")
    assert window.header.contact.toolTip().startswith(
        "Police began considering disclosure Fri 20 Feb 2026 10:00")
    assert "first contact" not in contact.lower() and "applicant" not in contact.lower()
