"""The sign-in window on a shared workstation: the last user's name is offered but the
next person types over it, never into the previous person's password (a new user's
name typed there counted as the previous user's failed sign-in)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.conftest import OFFICER_PW, TestUnit
from ui.login_dialog import LoginDialog


def _shown(qtbot: QtBot, unit: TestUnit, last: str) -> LoginDialog:
    dialog = LoginDialog(unit.db, clock=unit.clock, username=last)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_the_next_person_types_over_the_last_users_name(qtbot: QtBot, unit: TestUnit) -> None:
    dialog = _shown(qtbot, unit, "sam")
    assert dialog.focusWidget() is dialog.username
    assert dialog.username.selectedText() == "sam"
    QTest.keyClicks(dialog.username, "olive")
    assert dialog.username.text() == "olive" and dialog.password.text() == ""
    QTest.keyClick(dialog.username, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.password, OFFICER_PW)
    with qtbot.waitSignal(dialog.signed_in, timeout=30_000):
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.session is not None and dialog.session.user.username == "olive"
    dialog.session.close()


def test_the_same_person_presses_tab_then_types_their_password(
        qtbot: QtBot, unit: TestUnit) -> None:
    dialog = _shown(qtbot, unit, "olive")
    QTest.keyClick(dialog.username, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.password
    QTest.keyClicks(dialog.password, OFFICER_PW)
    assert dialog.username.text() == "olive"
