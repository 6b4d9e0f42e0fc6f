"""The supervisor's "Accounts awaiting approval" tab: approve or refuse what an
administrator prepared, seeing who prepared it and when."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.enums import Role
from app.errors import AccountPending, AuthenticationFailed
from app.services import users
from app.services.session import Session
from tests.conftest import OFFICER2_PW, TestUnit
from tests.ui.conftest import make_view
from ui.supervisor.view import APPROVALS


def _prepare(unit: TestUnit) -> None:
    with unit.admin() as admin:  # no passwords: each person types theirs at approval
        users.add_user(admin, "pat", "PC Pat Linley", Role.OFFICER)
        users.reset_password(admin, "owen")


def _type_their_password(qtbot: QtBot, tab: object, first: str, second: str) -> object:
    """The person at the supervisor's side types the password twice (real key presses)."""
    from PySide6.QtTest import QTest

    from ui.supervisor.their_password import TheirPasswordDialog

    dialog = tab.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, TheirPasswordDialog) and dialog.isVisible()
    QTest.keyClicks(dialog.password, first)
    QTest.keyClicks(dialog.confirm, second)
    ok = dialog.findChild(QPushButton, "ok")
    assert ok is not None
    ok.click()
    return dialog


def test_the_tab_lists_what_was_prepared_and_approves_it(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _prepare(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(APPROVALS)
    tab = view.approvals
    rows = [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())]
    assert [r[0] for r in rows] == ["owen", "pat"]
    pat = rows[1]
    assert pat[2:5] == ["Officer", "New account", "admin"] and "2026" in pat[5]
    assert rows[0][3] == "Password reset"
    with pytest.raises(AccountPending):
        unit.login("pat", "linley-long-password-1")
    tab.table.selectRow(1)
    assert tab.approve()  # asks for Pat's own password
    dialog = tab.dialog
    assert dialog is not None and "Ask PC Pat Linley to type the password they will use; " \
        "you must not know it" in dialog.findChild(QLabel, "ask").text()
    # Typed differently twice: refused, the dialog stays with both entries kept.
    _type_their_password(qtbot, tab, "linley-long-password-1", "linley-long-passwrod-1")
    assert dialog.isVisible() and "not the same" in dialog.message.text()
    assert dialog.password.text() == "linley-long-password-1"
    assert dialog.confirm.text() == "linley-long-passwrod-1"
    with pytest.raises(AccountPending):  # nothing was approved
        unit.login("pat", "linley-long-password-1")
    dialog.confirm.clear()
    QTest.keyClicks(dialog.confirm, "linley-long-password-1")
    dialog.findChild(QPushButton, "ok").click()
    assert not dialog.isVisible()
    assert "pat was approved" in tab.message.text()
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == ["owen"]
    unit.login("pat", "linley-long-password-1").close()


def test_their_password_must_meet_the_policy(qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _prepare(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(APPROVALS)
    tab = view.approvals
    tab.table.selectRow(0)  # owen's password reset
    assert tab.approve()
    dialog = _type_their_password(qtbot, tab, "short", "short")
    assert dialog.isVisible() and "at least 12" in dialog.message.text()  # type: ignore[attr-defined]
    unit.login("owen", OFFICER2_PW).close()  # the old password still works
    dialog.password.clear()  # type: ignore[attr-defined]
    dialog.confirm.clear()  # type: ignore[attr-defined]
    _type_their_password(qtbot, tab, "pryce-fresh-password-2", "pryce-fresh-password-2")
    assert "password reset for owen was approved" in tab.message.text()
    unit.login("owen", "pryce-fresh-password-2").close()
    with pytest.raises(AuthenticationFailed):
        unit.login("owen", OFFICER2_PW)


def test_a_role_change_asks_for_no_password(qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    with unit.admin() as admin:
        users.set_role(admin, "owen", Role.SUPERVISOR)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(APPROVALS)
    tab = view.approvals
    tab.table.selectRow(0)
    assert tab.approve() and tab.dialog is None
    assert "role change for owen was approved" in tab.message.text()


def test_refusing_changes_nothing(qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _prepare(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(APPROVALS)
    tab = view.approvals
    tab.table.selectRow(0)
    assert tab.selected() is not None and tab.selected().username == "owen"  # type: ignore[union-attr]
    assert tab.refuse()  # asks first (see test_refusing_asks_first)
    box = tab.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert "refused" in tab.message.text()
    unit.login("owen", OFFICER2_PW).close()  # the old password still works
    with pytest.raises(AuthenticationFailed):
        unit.login("owen", "pryce-fresh-password-2")


def test_an_officer_cannot_see_the_tab_s_content(qtbot: QtBot, unit: TestUnit) -> None:
    _prepare(unit)
    with unit.officer() as olive:
        view = make_view(qtbot, olive)
        assert not view.isTabEnabled(APPROVALS)
        assert view.approvals.table.rowCount() == 0


def test_the_tenth_tab_is_reached_with_ctrl_0(qtbot: QtBot, sam: Session) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QMainWindow

    from ui.supervisor.view import TITLES, add_supervisor_menu

    view = make_view(qtbot, sam)
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = add_supervisor_menu(window, view)
    tabs = [a for a in menu.actions() if a.objectName().startswith("supervisor_tab_")]
    assert len(tabs) == len(TITLES) == 10 and APPROVALS == 9
    shortcuts = [a.shortcut().toString() for a in tabs]
    assert shortcuts == [QKeySequence(f"Ctrl+{n % 10}").toString() for n in range(1, 11)]
    assert len(set(shortcuts)) == 10
    tabs[APPROVALS].trigger()
    assert view.currentIndex() == APPROVALS and view.tabText(APPROVALS) == \
        "Accounts awaiting approval"


def test_a_refused_password_leaves_the_entry_to_retype_selected(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    """Typed differently: the second entry is focused, its text kept but selected, so
    typing it again replaces it. Too short: the first entry, likewise."""
    _prepare(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(APPROVALS)
    tab = view.approvals
    tab.table.selectRow(1)  # pat's new account
    assert tab.approve()
    dialog = _type_their_password(qtbot, tab, "linley-long-password-1", "linley-long-passwrod-1")
    assert "not the same" in dialog.message.text()  # type: ignore[attr-defined]
    confirm = dialog.confirm  # type: ignore[attr-defined]
    assert dialog.focusWidget() is confirm  # type: ignore[attr-defined]
    assert confirm.text() == "linley-long-passwrod-1"
    assert confirm.selectionLength() == len(confirm.text())
    QTest.keyClicks(confirm, "linley-long-password-1")  # replaces the selection
    assert confirm.text() == "linley-long-password-1"
    dialog.password.clear()  # type: ignore[attr-defined]
    confirm.clear()
    _type_their_password(qtbot, tab, "short-pat", "short-pat")
    password = dialog.password  # type: ignore[attr-defined]
    assert dialog.isVisible() and "at least 12" in dialog.message.text()  # type: ignore[attr-defined]
    assert dialog.focusWidget() is password  # type: ignore[attr-defined]
    assert password.text() == "short-pat" and confirm.text() == "short-pat"
    assert password.selectionLength() == len("short-pat")


def test_a_role_change_shows_the_current_and_the_new_role(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    """The Role column reads "Officer → Supervisor"; the tab's title counts what waits, like
    the sign-off queue's; the columns fill the table's width."""
    from PySide6.QtCore import Qt

    from ui.supervisor.view import SIGNOFF

    with unit.admin() as admin:
        users.set_role(admin, "owen", Role.SUPERVISOR)
        users.add_user(admin, "pat", "PC Pat Linley", Role.OFFICER)
    view = make_view(qtbot, sam)
    view.resize(1366, 700)
    view.count_queue()
    assert view.tabText(APPROVALS) == "Accounts awaiting approval (2)"
    assert view.tabText(SIGNOFF).startswith("Sign-off queue")
    qtbot.mouseClick(view.tabBar(), Qt.MouseButton.LeftButton,
                     pos=view.tabBar().tabRect(APPROVALS).center())
    assert view.currentIndex() == APPROVALS
    tab = view.approvals
    rows = {tab.table.item(r, 0).text(): tab.table.item(r, 2).text()
            for r in range(tab.table.rowCount())}
    assert rows == {"owen": "Officer → Supervisor", "pat": "Officer"}
    header = tab.table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()))
    assert used == tab.table.viewport().width()
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)  # owen's role change
    assert "role change for owen was approved" in tab.message.text()
    assert view.tabText(APPROVALS) == "Accounts awaiting approval (1)"


def test_refusing_asks_first_and_escape_leaves_it_pending(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    """Refuse names the person and the change and defaults to No: Escape or No keep it."""
    from PySide6.QtCore import Qt

    _prepare(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(APPROVALS)
    tab = view.approvals
    tab.table.selectRow(1)  # pat's new account
    qtbot.mouseClick(tab.refuse_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "Refuse the new account for PC Pat Linley (pat)?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible()
    names = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert names == ["owen", "pat"] and tab.message.text() == ""
    qtbot.mouseClick(tab.refuse_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox)
    QTest.keyClick(box, Qt.Key.Key_Return)  # the default: No
    assert not box.isVisible()
    assert tab.table.rowCount() == 2
    qtbot.mouseClick(tab.refuse_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert tab.message.text() == "The new account for pat was refused: nothing was changed."
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == ["owen"]
    assert view.tabText(APPROVALS) == "Accounts awaiting approval (1)"
