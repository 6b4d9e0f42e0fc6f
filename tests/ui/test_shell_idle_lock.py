"""Idle lock: wall-clock timeout, drafts saved, cases closed and reopened, audit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.storage import audit_repo
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import FakeCaseWindow, WallClock, message_texts, sign_in
from tests.unit.case_walk import open_new
from ui.shell import Shell


def _plant(unit: TestUnit, count: int = 2) -> list[str]:
    with unit.officer() as olive:
        return [open_new(olive).reference for _ in range(count)]


def _signed_in_with_a_case(unit: TestUnit, shell: Shell) -> tuple[list[str], FakeCaseWindow]:
    refs = _plant(unit)
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None and window.cases_view is not None
    assert window.cases_view.model.rowCount() == 2
    assert window.open_case(refs[0])
    case_window = FakeCaseWindow.instances[-1]
    case_window.show_stage(Stage.FACE_TO_FACE)
    return refs, case_window


def _actions(unit: TestUnit) -> list[tuple[str | None, str]]:
    with unit.supervisor() as sam:  # administrators hold no database key
        rows = [(row.actor, row.action) for row in audit_repo.iter_rows(sam.conn)]
    return rows[:-1]  # not sam's own sign-in


def test_idle_lock_clears_saves_closes_and_unlock_restores(
        qtbot: QtBot, unit: TestUnit, shell: Shell, wall: WallClock) -> None:
    refs, case_window = _signed_in_with_a_case(unit, shell)
    window = shell.main_window
    assert window is not None and window.cases_view is not None
    session = shell.session
    assert session is not None

    wall.advance(299)
    shell.idle.check()
    assert shell.lock_screen is None  # not yet

    wall.advance(2)
    shell.idle.check()
    screen = shell.lock_screen
    assert screen is not None and screen.isVisible()
    assert case_window.saves == 1 and not case_window.isVisible()
    assert shell.case_windows.references() == []
    assert window.cases_view.model.rowCount() == 0
    assert not window.isVisible()
    assert not session.is_open and session.is_suspended
    assert ("olive", "lock") in _actions(unit)
    assert "PC Olive Ashdown" in screen.findChild(type(screen.message), "heading").text()
    reason = screen.findChild(type(screen.message), "lock_reason").text()
    assert "nobody used it for a while" in reason and "You locked" not in reason

    # Wrong password: refused, still locked.
    screen.password.setText("not-my-password-sorry")
    screen.unlock_button.click()
    assert screen.message.text() == "The user name or password is not right."
    assert shell.lock_screen is screen and window.cases_view.model.rowCount() == 0

    screen.password.setText(OFFICER_PW)
    screen.unlock_button.click()
    assert shell.lock_screen is None
    assert shell.session is session and session.is_open  # the same session, resumed
    assert window.session is session and window.cases_view.session is session
    assert window.isVisible() and window.cases_view.model.rowCount() == 2
    reopened = FakeCaseWindow.instances[-1]
    assert reopened is not case_window and reopened.reference == refs[0]
    assert reopened.stage is Stage.FACE_TO_FACE and reopened.isVisible()
    assert shell.case_windows.references() == [refs[0]]
    assert shell.idle.armed
    assert ("olive", "unlock") in _actions(unit)


def test_keyboard_and_mouse_reset_the_idle_time(
        qtbot: QtBot, unit: TestUnit, shell: Shell, wall: WallClock) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None and window.cases_view is not None
    wall.advance(200)
    qtbot.keyClick(window.cases_view.search, Qt.Key.Key_A)
    wall.advance(200)
    qtbot.mouseClick(window.cases_view.search, Qt.MouseButton.LeftButton)
    wall.advance(200)
    shell.idle.check()
    assert shell.lock_screen is None
    wall.advance(100)
    shell.idle.check()
    assert shell.lock_screen is not None


def test_resume_after_suspend_locks_even_if_the_mouse_moves_first(
        qtbot: QtBot, unit: TestUnit, shell: Shell, wall: WallClock) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None and window.cases_view is not None
    wall.advance(8 * 3600)  # the lid was shut overnight; no timer tick happened
    qtbot.keyClick(window.cases_view.search, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: shell.lock_screen is not None, timeout=1000)


def test_ctrl_l_locks_and_escape_does_not_unlock(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None
    window.lock_action.trigger()
    screen = shell.lock_screen
    assert screen is not None
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in screen.findChildren(QLabel))
    assert "Unlock to carry on" in texts and "open cases were saved" not in texts  # none open
    assert "You locked the screen." in texts  # the user's own Lock, not the idle timeout
    assert "nobody used it" not in texts
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.isVisible() and shell.lock_screen is screen


def test_log_out_from_the_lock_screen(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    _signed_in_with_a_case(unit, shell)
    assert shell.main_window is not None
    shell.main_window.lock_action.trigger()
    screen = shell.lock_screen
    assert screen is not None
    screen.logout_button.click()
    assert shell.lock_screen is None and shell.main_window is None
    assert shell.login_dialog is not None and shell.login_dialog.isVisible()
    assert shell.login_dialog.username.text() == "olive"
    # The case is not reopened for whoever signs in next.
    sign_in(shell, "olive", OFFICER_PW)
    assert shell.case_windows.references() == []


def test_a_draft_that_cannot_be_saved_is_reported_after_unlock(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    refs, case_window = _signed_in_with_a_case(unit, shell)
    case_window.save_result = False
    assert shell.main_window is not None
    shell.main_window.lock_action.trigger()
    assert not case_window.isVisible()  # locking wins over an unsaved draft
    screen = shell.lock_screen
    assert screen is not None
    screen.password.setText(OFFICER_PW)
    screen.unlock_button.click()
    assert any(refs[0] in text and "could not be saved" in text
               for text in message_texts(shell.main_window))


def test_log_out_keeps_a_window_whose_draft_cannot_be_saved(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    refs, case_window = _signed_in_with_a_case(unit, shell)
    case_window.save_result = False
    shell.logout()
    assert shell.main_window is not None and case_window.isVisible()
    assert shell.session is not None and shell.session.is_open
    case_window.save_result = True
    shell.logout()
    assert shell.main_window is None and not case_window.isVisible()
    assert ("olive", "logout") in _actions(unit)
