"""Sign-in: success, plain failure messages, the user name kept, Escape quits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services import users
from tests.conftest import ADMIN_PW, OFFICER2_PW, OFFICER_PW, TestUnit
from tests.ui.conftest import sign_in
from ui.shell import Shell

WRONG = "The user name or password is not right."


def test_login_success_opens_the_main_window(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None and dialog.isVisible()
    sign_in(shell, "olive", OFFICER_PW)
    assert shell.session is not None and shell.session.user.username == "olive"
    assert shell.main_window is not None and shell.main_window.isVisible()
    assert shell.main_window.cases_view is not None
    assert "PC Olive Ashdown" in shell.main_window.who.text()
    assert shell.idle.armed


def test_enter_submits(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.username, "olive")
    qtbot.keyClicks(dialog.password, OFFICER_PW)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert shell.main_window is not None


def test_wrong_password_and_unknown_user_say_the_same(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    sign_in(shell, "olive", "not-the-password-at-all")
    assert dialog.message.text() == WRONG and dialog.message.isVisibleTo(dialog)
    assert dialog.username.text() == "olive"  # never cleared on failure
    assert dialog.password.text() == ""
    assert shell.main_window is None
    sign_in(shell, "nobody", "not-the-password-at-all")
    assert dialog.message.text() == WRONG


def test_lockout_message_says_until_when(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    for _ in range(5):
        sign_in(shell, "owen", "wrong-password-again")
    assert "locked until" in dialog.message.text()
    # Locked even with the right password now, and the name is still there.
    sign_in(shell, "owen", OFFICER2_PW)
    assert "locked until" in dialog.message.text()
    assert dialog.username.text() == "owen"
    assert shell.main_window is None


def test_disabled_account_message(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    with unit.admin() as admin:
        users.disable_user(admin, "owen")
    dialog = shell.login_dialog
    assert dialog is not None
    sign_in(shell, "owen", OFFICER2_PW)
    assert dialog.message.text() == "This account has been disabled. Ask your administrator."


def test_empty_fields_are_asked_for(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    dialog.sign_in_button.click()
    assert dialog.message.text() == "Enter your user name and password."


def test_escape_quits(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    with qtbot.waitSignal(shell.finished, timeout=1000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [0]


def test_unit_path_is_shown_small(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    label = dialog.findChild(type(dialog.message), "unit")
    assert label is not None and str(unit.db) in label.text()
    # After one sign-in the unit's name is remembered for the next sign-in window.
    sign_in(shell, "admin", ADMIN_PW)
    shell.logout()
    again = shell.login_dialog
    assert again is not None
    label = again.findChild(type(again.message), "unit")
    assert label is not None and "Test Public Protection Unit" in label.text()
    assert again.username.text() == "admin"
