"""My cases follows a draft (issue 12, reported bug): after saving a new case's stage 1
draft with the applicant's surname, the Applicant column shows it, with the case window
still open — not "—" until the window is closed or a stage is completed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.case_list import list_cases
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import WallClock, sign_in
from tests.unit.case_walk import open_new
from ui.case_table_model import APPLICANT, SUBJECT
from ui.shell import Shell

case_window = pytest.importorskip("ui.wizard.case_window")


@pytest.fixture
def real_shell(unit: TestUnit, wall: WallClock) -> Shell:
    made = Shell(unit.db, clock=unit.clock, idle_seconds=300, wall_clock=wall, check_ms=60_000)
    made.start()
    return made


def test_a_saved_draft_updates_the_list_projection(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
        draft = cases.get_case(olive, ref).values(Stage.INITIAL_CONTACT)
        draft["applicant"] = {"surname": "Quenby", "forenames": "Ada"}
        cases.save_draft(olive, ref, Stage.INITIAL_CONTACT, draft)
        row = next(r for r in list_cases(olive) if r.reference == ref)
        assert row.applicant_surname == "Quenby"


def test_my_cases_shows_the_surname_once_the_draft_is_saved(
        qtbot: QtBot, unit: TestUnit, real_shell: Shell) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    sign_in(real_shell, "olive", OFFICER_PW)
    main = real_shell.main_window
    assert main is not None and main.cases_view is not None
    view = main.cases_view
    row = view.model.references().index(ref)
    assert view.model.index(row, APPLICANT).data() == "—"
    assert main.open_case(ref)
    window = real_shell.case_windows.window(ref)
    assert isinstance(window, case_window.CaseWindow)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for path, typed in (("applicant.surname", "Quenby"), ("subject.surname", "Harrowgate")):
        box = window.findChild(QLineEdit, path)
        assert box is not None
        box.setFocus()
        qtbot.keyClicks(box, typed)
    qtbot.keyClick(window.findChild(QLineEdit, "subject.surname"), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)  # Save draft
    assert window.isVisible() and real_shell.case_windows.references() == [ref]
    qtbot.waitUntil(lambda: view.model.index(
        view.model.references().index(ref), APPLICANT).data() == "Quenby", timeout=3000)
    row = view.model.references().index(ref)
    assert view.model.index(row, SUBJECT).data() == "Harrowgate"
    real_shell.quit()
