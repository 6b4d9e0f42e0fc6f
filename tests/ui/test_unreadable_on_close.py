"""Text that cannot be read as a date is not saved in the draft (issue 12): closing the
window asks first (Go back / Close anyway); a lock keeps it and puts it back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.session import Session
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import WallClock, sign_in, type_over
from tests.unit.case_walk import open_new
from ui.shell import Shell
from ui.wizard import case_window as case_window_module
from ui.wizard.case_window import CaseWindow
from ui.wizard.submit import unreadable_box

DOB = "applicant.dob"


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref, autosave_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _answer(monkeypatch: pytest.MonkeyPatch, close: bool, seen: list[str]) -> None:
    """Answer the question (Close anyway when ``close``), keeping the sentence asked."""
    def ask(parent: QWidget, items: list[tuple[str, str]]) -> bool:
        seen.append(unreadable_box(parent, items).text())
        return close
    monkeypatch.setattr(case_window_module, "close_despite_unreadable", ask)


def _type_bad_dob(qtbot: QtBot, window: CaseWindow) -> QLineEdit:
    box = window.findChild(QLineEdit, DOB)
    assert box is not None
    type_over(qtbot, box, "14/13/1988")
    qtbot.keyClick(box, "\t")
    return box


def test_closing_with_an_unreadable_date_asks_and_go_back_keeps_it(
        qtbot: QtBot, officer: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    box = _type_bad_dob(qtbot, window)
    seen: list[str] = []
    _answer(monkeypatch, False, seen)
    window.close()
    assert window.isVisible() and box.text() == "14/13/1988"
    assert len(seen) == 1
    assert seen[0].startswith("The date of birth (Applicant) ‘14/13/1988’ cannot be read "
                              "and will not be saved.")
    focus = QApplication.focusWidget()
    assert focus is box, focus.objectName() if focus else None  # back at the field
    _answer(monkeypatch, True, seen)
    window.close()
    assert not window.isVisible() and len(seen) == 2
    saved = cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)
    assert "dob" not in saved.get("applicant", {})  # nothing guessed was stored


def test_a_readable_page_closes_without_a_question(qtbot: QtBot, officer: Session,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    box = window.findChild(QLineEdit, DOB)
    assert box is not None
    type_over(qtbot, box, "14/3/88")
    asked: list[object] = []
    monkeypatch.setattr(case_window_module, "close_despite_unreadable",
                        lambda *a: asked.append(a) or True)
    window.close()
    assert not window.isVisible() and asked == []
    saved = cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)
    assert saved["applicant"]["dob"] == "1988-03-14"


def test_the_question_goes_back_by_default(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = unreadable_box(parent, [("Applicant › Date of birth", "14/13/1988"),
                                  ("Date and time of contact", "31/02/2026 09:00")])
    assert box.text().startswith(
        "The date of birth (Applicant) ‘14/13/1988’ and the date and time of contact "
        "‘31/02/2026 09:00’ cannot be read and will not be saved.")
    back = box.findChild(QPushButton, "go_back")
    assert box.defaultButton() is back and box.escapeButton() is back
    assert box.findChild(QPushButton, "close_anyway") is not None


@pytest.fixture
def real_shell(unit: TestUnit, wall: WallClock) -> Shell:
    made = Shell(unit.db, clock=unit.clock, idle_seconds=300, wall_clock=wall, check_ms=60_000)
    made.start()
    return made


def test_the_idle_lock_keeps_the_unreadable_text_and_puts_it_back(
        qtbot: QtBot, unit: TestUnit, real_shell: Shell, wall: WallClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    sign_in(real_shell, "olive", OFFICER_PW)
    main = real_shell.main_window
    assert main is not None and main.open_case(ref)
    window = real_shell.case_windows.window(ref)
    assert isinstance(window, CaseWindow)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _type_bad_dob(qtbot, window)
    wall.advance(301)
    real_shell.idle.check()  # nobody there to ask: the lock happens
    assert real_shell.lock_screen is not None and not window.isVisible()
    real_shell.lock_screen.password.setText(OFFICER_PW)
    real_shell.lock_screen.unlock_button.click()
    again = real_shell.case_windows.window(ref)
    assert isinstance(again, CaseWindow) and again is not window
    box = again.findChild(QLineEdit, DOB)
    assert box is not None and box.text() == "14/13/1988" and box.property("invalid")
    texts = [b.text() for b in main.findChildren(QMessageBox) if b.isVisible()]
    assert any("kept over the lock" in t and ref in t for t in texts)
    seen: list[str] = []
    _answer(monkeypatch, True, seen)
    real_shell.quit()  # quitting asks too
    assert len(seen) == 1 and "14/13/1988" in seen[0]
